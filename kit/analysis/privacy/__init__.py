"""The disclosure gate: what of a team, a school or the board may be shown.

Every number per team, per habit of a team and per statement of a team is decided here, from
the counts alone (never from the answers), by :func:`gate`; :func:`disclosure` applies it to a
board's survey data in one pass, for the team as a whole, each habit, each statement and each
OECD dimension. The aggregating functions (:func:`kit.analysis.teams.aggregate`,
:func:`kit.analysis.teams.item_distribution`) take their decisions from it, pupil indicators
(:func:`kit.analysis.aspiration.evaluate`) use the same gate with the pupils' threshold, and
the reports, the dashboard and the reflection questions take what those return.

The rule, in a teacher's words (:data:`RULE`): a team, school or statement with fewer than 5
respondents shows no scores and no exact number of respondents. When a school's total is shown
and exactly one of its teams is hidden, the next smallest team is hidden too, so that nobody can
work out the small team's scores by subtracting the other teams from the school. A habit with
fewer than 5 answers is hidden in the same way, and with it its statements and the OECD
dimensions and Senge disciplines it is part of.

Formally, each published aggregate (a shown school, the shown board) is a sum over teams; a
hidden team can be recovered exactly when its own contribution is the only unknown left after
subtracting everything shown. :func:`gate` hides more units until, in every published
aggregate, the hidden remainder consists of no team or of at least two teams:

1. a team (or school, or board) with ``n`` below the threshold is hidden (``below_threshold``);
2. in a shown school with exactly one hidden team, its smallest shown team is hidden too
   (``complementary``); a school whose only team with data is hidden is hidden itself;
3. for the shown board, the hidden teams of hidden schools must again be none or at least two:
   otherwise a shown team of a hidden school is hidden, or else the smallest shown school;
4. repeated until nothing changes. Choices depend on counts only (smallest ``n``, then id), so
   changing what hidden respondents answered never changes what is shown.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"school": "S1", "team": ["A", "B", "C"], "n": [3, 6, 9],
...                   "mean": [3.1, 3.8, 4.0]})
>>> out = suppress(t, parent=["school"], unit="team")
>>> out["mean"].tolist(), out["suppressed"].tolist()
([nan, nan, 4.0], [True, True, False])
>>> out["suppression"].fillna("-").tolist()
['below_threshold', 'complementary', '-']
>>> g = gate(t[["school", "team", "n"]], threshold=5)
>>> g[["level", "unit", "shown", "reason"]].fillna("-").values.tolist()
[['team', 'A', False, 'below_threshold'], ['team', 'B', False, 'complementary'], \
['team', 'C', True, '-'], ['school', 'S1', True, '-'], ['board', 'board', True, '-']]
"""

from __future__ import annotations

from kit.analysis.privacy._disclosure import Disclosure, disclosure
from kit.analysis.privacy._gate import gate, suppress
from kit.analysis.privacy._rules import (
    DEFAULT_THRESHOLD,
    FREE_TEXT_THRESHOLD,
    GATE_COLUMNS,
    MIN_THRESHOLD,
    PUPIL_THRESHOLD,
    REASONS,
    check_threshold,
)

__all__ = ["DEFAULT_THRESHOLD", "Disclosure", "FREE_TEXT_THRESHOLD", "GATE_COLUMNS",
           "MIN_THRESHOLD", "PUPIL_THRESHOLD", "REASONS", "check_threshold", "disclosure",
           "gate", "suppress"]
