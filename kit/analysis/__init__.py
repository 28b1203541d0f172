"""The analysis: from the store's tables to the numbers every report shows.

* :mod:`kit.analysis.scoring` - habit and dimension scores per respondent
* :mod:`kit.analysis.stats` - the statistics, checked against R (alpha, omega, rwg(j), ICC,
  intervals)
* :mod:`kit.analysis.teams` - team, school and board aggregates, change, agreement, free text
* :mod:`kit.analysis.privacy` - the one disclosure gate: what of a unit may be shown
* :mod:`kit.analysis.aspiration` - the shared aspiration's indicators from pupil data
* :mod:`kit.analysis.relations` - habits against indicators across teams, multilevel models
* :mod:`kit.analysis.board` - :class:`BoardAnalysis`, every table computed once per board

``BoardAnalysis``, ``board_analysis`` and ``clear_cache`` are available here (imported on
first use, so that importing one analysis module stays light).
"""

from __future__ import annotations

__all__ = ["BoardAnalysis", "board_analysis", "clear_cache"]


def __getattr__(name: str):
    if name in __all__:
        from kit.analysis import board
        return getattr(board, name)
    raise AttributeError(f"module 'kit.analysis' has no attribute {name!r}")
