"""Lerende gewoonten kit: team data of Dutch primary schools, from survey exports to reports.

The package follows the data flow, one folder a stage:

* :mod:`kit.instrument` - the five learning habits instrument (items, scales) as data
* :mod:`kit.ingest` - reading survey and pupil-data exports into a store
* :mod:`kit.store` - the validated Parquet store, the floor everything reads from
* :mod:`kit.analysis` - scores, statistics, team aggregates, the privacy gate, the shared
  aspiration, relations across teams
* :mod:`kit.present` - words, number formats and figures: what a person reads
* :mod:`kit.reports` - the report kinds, their content, rendering and batches
* :mod:`kit.dashboard` - the study-day dashboard (Voilà)
* :mod:`kit.errors` - ``KitError`` and its kinds

The names most used from JupyterLab are available here and imported on first use, so that
``import kit`` stays light:

>>> import kit
>>> st = kit.open_store(kit.sample_store())
>>> teams = kit.aggregate(st.respondents, st.answers, st.instrument, teams=st.teams)
>>> sorted(teams["level"].unique())
['team']
>>> "S04-PK" in set(teams.loc[teams["suppressed"], "unit"])     # fewer than 5 respondents
True
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> (module, attribute)
_PUBLIC = {
    # data in
    "ingest": ("kit.ingest.run", "ingest"),
    "open_store": ("kit.store", "open"),
    "sample_store": ("kit.sample", "sample_store"),
    "load_instrument": ("kit.instrument", "load"),
    # analysis
    "export": ("kit.analysis.export", "export"),
    "present": ("kit.present.formats", "present"),
    "habit_scores": ("kit.analysis.scoring", "habit_scores"),
    "aggregate": ("kit.analysis.teams", "aggregate"),
    "item_distribution": ("kit.analysis.teams", "item_distribution"),
    "change": ("kit.analysis.teams", "change"),
    "icc_by_habit": ("kit.analysis.teams", "icc_by_habit"),
    "reliability_by_habit": ("kit.analysis.teams", "reliability_by_habit"),
    "free_text": ("kit.analysis.freetext", "free_text"),
    "disclosure": ("kit.analysis.privacy", "disclosure"),
    "gate": ("kit.analysis.privacy", "gate"),
    "load_aspiration": ("kit.analysis.aspiration", "load_aspiration"),
    "evaluate": ("kit.analysis.aspiration", "evaluate"),
    "team_relations": ("kit.analysis.relations", "team_relations"),
    "mixed_model": ("kit.analysis.multilevel", "mixed_model"),
    "board_analysis": ("kit.analysis.board", "board_analysis"),
    "BoardAnalysis": ("kit.analysis.board", "BoardAnalysis"),
    # reports
    "TeamReport": ("kit.reports.team", "TeamReport"),
    "SchoolReport": ("kit.reports.school", "SchoolReport"),
    "BoardReport": ("kit.reports.board", "BoardReport"),
    "ReportParameters": ("kit.reports.registry", "ReportParameters"),
    "render": ("kit.reports.render", "render"),
    "BatchConfig": ("kit.reports.batch", "BatchConfig"),
    "run_batch": ("kit.reports.batch", "run_batch"),
    # dashboard
    "dashboard": ("kit.dashboard", "dashboard"),
    # errors
    "KitError": ("kit.errors", "KitError"),
}

__all__ = ["__version__", *sorted(_PUBLIC)]


def __getattr__(name: str):
    if name in _PUBLIC:
        module, attr = _PUBLIC[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    try:                                     # kit.store, kit.analysis, ... as attributes
        return importlib.import_module(f"kit.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module 'kit' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
