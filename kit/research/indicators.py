"""The shared-aspiration indicators per team over every pooled board.

An indicator that is a mean of observations (``source: observations``, ``statistic: mean``,
e.g. ZIEN! engagement) is computed in DuckDB: a pupil's value is the mean of the pupil's
observations in the wave, the team's value the mean over its pupils, as
:func:`kit.analysis.aspiration.evaluate` does (rounded to 12 decimals, so that equal teams tie
exactly). Any other indicator (test levels, growth, group
filters) is computed by :func:`~kit.analysis.aspiration.evaluate` itself on each board's rows,
fetched from DuckDB one board at a time. Either way the kit's gate with the pupils' threshold
(10 by default) decides per board which teams are shown, with complementary hiding; periods
are the waves (a measurement belongs to the wave whose dates hold it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.analysis.aspiration import DEFAULT_MIN_PUPILS, RESULT_COLUMNS, Aspiration, evaluate
from kit.analysis.privacy import gate
from kit.research.data import Pooled, open_pooled
from kit.research.distribute import by_board
from kit.research.layout import NO_WAVE

__all__ = ["INDICATOR_COLUMNS", "team_indicators"]

#: columns of :func:`team_indicators`
INDICATOR_COLUMNS = ["board", *RESULT_COLUMNS]

_OBS = """
WITH pv AS (
    SELECT s.id, o.board, o.wave AS period, o.school, o.team, o.pupil_id, avg(o.value) AS v
    FROM observations o JOIN specs s ON o.indicator = s.code
    WHERE o.wave <> '{none}'
      AND (s.jaargroep = '' OR contains(s.jaargroep, ',' || CAST(o.jaargroep AS VARCHAR) || ','))
    GROUP BY ALL
)
SELECT id, board, period, school, team, avg(v) AS value, count(DISTINCT pupil_id) AS n
FROM pv GROUP BY ALL
"""


def _in_sql(ind) -> bool:
    return ind.source == "observations" and ind.statistic == "mean" and not ind.groups


def _sql_indicators(con, indicators: list, min_pupils: int) -> pd.DataFrame:
    """The observation means of ``indicators`` in one scan of the observations."""
    specs = pd.DataFrame({"id": [i.id for i in indicators],
                          "code": [i.indicator for i in indicators],
                          "jaargroep": ["," + ",".join(str(int(j)) for j in i.jaargroep) + ","
                                        if i.jaargroep else "" for i in indicators]})
    con.register("specs", specs)
    t = con.execute(_OBS.format(none=NO_WAVE)).df()
    if t.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    t = t.astype({c: object for c in ("id", "board", "period", "team")})
    counts = t.assign(school=t["school"].astype("object").fillna("?"))
    dec = gate(counts[["id", "board", "period", "school", "team", "n"]], threshold=min_pupils,
               slice_by=["id", "board", "period"])
    dec = dec[dec["level"] == "team"]
    shown = dict(zip(zip(dec["id"], dec["board"], dec["period"], dec["unit"], strict=True),
                     dec["shown"], strict=True))
    hide = ~np.array([shown.get(k, False) for k in
                      zip(t["id"], t["board"], t["period"], t["team"].astype(str),
                          strict=True)], dtype=bool)
    n = pd.array(t["n"], dtype="Int64")
    n[hide] = pd.NA
    zero = pd.array(np.zeros(len(t), dtype="int64"), dtype="Int64")
    zero[hide] = pd.NA
    spec = {i.id: i for i in indicators}
    return pd.DataFrame({
        "board": t["board"], "indicator": t["id"], "unit_level": "team", "unit": t["team"],
        "school": t["school"], "period": t["period"],
        # rounded to 12 decimals: equal teams tie exactly (Spearman's ranks), whatever order
        # DuckDB summed them in
        "value": np.where(hide, np.nan, t["value"].astype(float).round(12)), "n_pupils": n,
        "n_not_comparable": zero, "target": t["id"].map(lambda k: spec[k].target),
        "direction": t["id"].map(lambda k: spec[k].direction), "suppressed": hide})


def _board_rows(con, table: str, board: str) -> pd.DataFrame:
    drop = "board" if table == "waves" else "board, wave"
    t = con.execute(f"SELECT * EXCLUDE ({drop}) FROM {table} WHERE board = $b",
                    {"b": board}).df()
    for c in ("jaargroep", "moment_jaargroep"):
        if c in t:
            t[c] = pd.array(t[c], dtype="Int64")
    return t


def _kit_indicators(con, asp: Aspiration, board: str, min_pupils: int) -> pd.DataFrame:
    waves = _board_rows(con, "waves", board).sort_values("order")
    out = evaluate(asp, _board_rows(con, "observations", board),
                   _board_rows(con, "tests", board), unit_level="team", board=board,
                   min_pupils=min_pupils, periods=waves)
    out = out[out["period"].notna()]
    return out.assign(board=board)[INDICATOR_COLUMNS]


def team_indicators_of(path, boards: list[str], *, aspiration: Aspiration,
                       min_pupils: int = DEFAULT_MIN_PUPILS) -> pd.DataFrame:
    """:func:`team_indicators` of ``boards`` of the pooled folder ``path`` (one chunk)."""
    ds = path if isinstance(path, Pooled) else open_pooled(path)
    con = ds.connect(boards)
    try:
        sql = [ind for ind in aspiration.indicators if _in_sql(ind)]
        parts = [_sql_indicators(con, sql, min_pupils)] if sql else []
        rest = tuple(ind for ind in aspiration.indicators if not _in_sql(ind))
        if rest:
            sub = Aspiration(statement=aspiration.statement, indicators=rest)
            parts += [_kit_indicators(con, sub, b, min_pupils) for b in boards]
        order = con.sql("SELECT board, wave AS period, \"order\" FROM waves").df()
    finally:
        con.close()
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out = out.merge(order, on=["board", "period"], how="left") \
        .sort_values(["board", "indicator", "unit", "order"], kind="stable")
    sign = np.where(out["direction"] == "lower", -1.0, 1.0)
    on = (out["value"] - out["target"].astype(float)) * sign >= 0
    out["on_course"] = pd.array(np.where(out["value"].isna() | out["target"].isna(), None, on),
                                dtype="boolean")
    out["trend"] = out.groupby(["board", "indicator", "unit"])["value"].diff()
    out = out[INDICATOR_COLUMNS].sort_values(["board", "indicator", "period", "unit"])
    return out.reset_index(drop=True)


def team_indicators(pooled: Pooled, aspiration: Aspiration, *,
                    min_pupils: int = DEFAULT_MIN_PUPILS, boards: list[str] | None = None,
                    scheduler=None) -> pd.DataFrame:
    """Every indicator of ``aspiration`` per team and wave, over all pooled boards.

    Parameters
    ----------
    pooled : Pooled
        :func:`kit.research.open_pooled`.
    aspiration : kit.analysis.aspiration.Aspiration
        :func:`kit.load_aspiration`; one aspiration for every board.
    min_pupils : int
        The pupils' threshold of the gate (default 10, at least 3).
    boards : list of str, optional
        Only these boards.
    scheduler : str or distributed.Client, optional
        Run per chunk of boards on this Dask cluster.

    Returns
    -------
    DataFrame
        ``board``, then the columns of :func:`kit.analysis.aspiration.evaluate` at team level:
        ``indicator``, ``unit_level``, ``unit``, ``school``, ``period`` (the wave), ``value``,
        ``n_pupils``, ``n_not_comparable``, ``target``, ``direction``, ``on_course``,
        ``trend`` (since the board's previous wave), ``suppressed``. Measurements outside
        every wave are left out.
    """
    return by_board(team_indicators_of, pooled.path, boards or pooled.boards,
                    sort_by=["board", "indicator", "period", "unit"], scheduler=scheduler,
                    aspiration=aspiration, min_pupils=min_pupils)
