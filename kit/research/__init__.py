"""Research on many boards pooled: ``kit pool`` and analyses through DuckDB (or Dask).

``kit pool STORE... --out POOLED`` (:func:`pool`) combines the stores of many boards into one
dataset of Parquet files partitioned by board and wave (:mod:`kit.research.layout`), with
pseudonyms hashed again per board so that nobody can be linked across boards. The functions
below read it lazily through DuckDB and give per-team tables with the kit's own statistics and
its one privacy gate, per board as in the board's own reports:

* :func:`team_habits`: habit means with intervals and agreement rwg(j) per team;
* :func:`team_indicators`: the shared-aspiration indicators per team;
* :func:`relations`: habits against indicators across all teams, with intervals;
* :func:`team_model`: the multilevel model (teams in schools in boards, on team means);
* :func:`analyse`: the first three at once; ``scheduler=`` runs the per-board parts on a
  Dask cluster.

:func:`kit.research.synthetic.generate` writes a national-scale synthetic set with planted
relations. Aggregates of groups below the thresholds are never returned; the pooled rows
themselves are pseudonymous personal data, for researchers under a data agreement only.

Examples
--------
>>> import tempfile, pathlib, kit
>>> from kit.research import synthetic
>>> tmp = pathlib.Path(tempfile.mkdtemp()) / "pooled"
>>> _ = synthetic.generate(tmp, scale=0.002, seed=1)
>>> ds = open_pooled(tmp)
>>> res = analyse(ds, kit.load_aspiration(tmp / "aspiration.yml"))
>>> sorted(res.habits["habit"].unique())
['H1', 'H2', 'H3', 'H4', 'H5']
>>> bool(res.habits.loc[res.habits["suppressed"], "mean"].isna().all())
True
"""

from __future__ import annotations

from kit.research.analysis import Research, analyse, relations, team_model
from kit.research.data import Pooled, open_pooled
from kit.research.indicators import team_indicators
from kit.research.pool import pool
from kit.research.teams import team_habits

__all__ = [
    # pooling and reading
    "Pooled",
    "open_pooled",
    "pool",
    # per team
    "team_habits",
    "team_indicators",
    # across teams
    "Research",
    "analyse",
    "relations",
    "team_model",
]
