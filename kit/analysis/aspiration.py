"""The shared aspiration ("gezamenlijk verlangen") as indicators, evaluated on pupil data.

A school or board describes what pupils should show at the end of school as indicators in YAML
(``templates/aspiration.example.yml``). :func:`load_aspiration` validates the file and
:func:`evaluate` computes each indicator per team, school or board and period, with the number of
pupils, the target, whether the unit is on course, and the trend since the previous period.

Statistics
----------
``mean``
    Mean over pupils of each pupil's mean value in the period.
``share_at_or_above``
    Share of pupils whose latest result in the period is at or above ``level``: a
    referentieniveau (``<1F`` < ``1F`` < ``2F``/``1S``) or a level (I..V with I best, A..E with A
    best). Results in the other level system are compared through their percentile when the
    export gives one and left out otherwise (counted in ``n_not_comparable``): A-E and I-V bands
    do not nest, and raw ability scores of different suppliers are never pooled.
``growth``
    Mean over pupils of score(``to``) - score(``from``) within one school year and one supplier.

What may be shown is decided by the kit's one gate (:func:`kit.analysis.privacy.gate`) with
the pupils' threshold: a team, school or board with fewer than ``min_pupils`` (default 10)
pupils with a value gets no value and no number of pupils, and where a school's value is shown
and exactly one of its teams is hidden, the next smallest team is hidden too.

Examples
--------
>>> asp = load_aspiration("templates/aspiration.example.yml")
>>> [i.id for i in asp.indicators]
['lezen_2f', 'rekenen_1s', 'betrokkenheid', 'sociale_autonomie']
>>> asp.indicator("lezen_2f").label("en")
'Reading comprehension at target level 2F'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kit.analysis.privacy import PUPIL_THRESHOLD, gate
from kit.errors import ArgumentError
from kit.yamlio import YamlDoc, load_yaml

__all__ = ["Aspiration", "DEFAULT_MIN_PUPILS", "Indicator", "RESULT_COLUMNS", "evaluate",
           "load_aspiration", "meets_level", "pupil_values"]

#: groups with fewer pupils get no indicator value (suppressed like small staff groups)
DEFAULT_MIN_PUPILS = PUPIL_THRESHOLD

PARTS = ("knowledge", "attitude", "skills")
STATISTICS = ("mean", "share_at_or_above", "growth")
_REF_ORDER = {"<1F": 0, "1F": 1, "2F": 2, "1S": 2}
_IV = {"I+": 5, "I": 5, "II": 4, "III": 3, "IV": 2, "V": 1, "V-": 1}
_AE = {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}
# lowest percentile of each level band (Cito): I-V 20 % each; A-E 25/25/25/15/10 %
_IV_PCT = {"I": 81, "II": 61, "III": 41, "IV": 21, "V": 0}
_AE_PCT = {"A": 76, "B": 51, "C": 26, "D": 11, "E": 0}

#: columns of :func:`evaluate`
RESULT_COLUMNS = ["indicator", "unit_level", "unit", "school", "period", "value", "n_pupils",
                  "n_not_comparable", "target", "direction", "on_course", "trend", "suppressed"]


@dataclass(frozen=True)
class Indicator:
    """One indicator of the shared aspiration."""

    id: str
    name: dict
    part: str
    source: str
    statistic: str
    target: float | None = None
    direction: str = "higher"
    domain: str | None = None
    indicator: str | None = None
    jaargroep: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()
    moment: str | None = None
    level: str | None = None
    from_moment: str | None = None
    to_moment: str | None = None
    #: the value scale's ends and name, when the aspiration file gives them (for axes)
    scale: tuple[float, float] | None = None
    scale_name: dict | None = None

    def label(self, lang: str = "nl") -> str:
        """The indicator's name in ``lang``."""
        return self.name.get(lang) or self.name.get("nl") or self.id


@dataclass(frozen=True)
class Aspiration:
    """A validated aspiration file."""

    statement: dict
    indicators: tuple[Indicator, ...]
    source: Path | None = None
    extra: dict = field(default_factory=dict)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with id ``indicator_id``; ``KeyError`` otherwise."""
        for i in self.indicators:
            if i.id == indicator_id:
                return i
        raise KeyError(indicator_id)


def _valid_level(level: str) -> bool:
    return level in _REF_ORDER or level in _IV or level in _AE


def _indicator(doc: YamlDoc, node: object, path: tuple) -> Indicator:
    if not isinstance(node, dict):
        raise doc.error(path, "must be a mapping describing one indicator")
    for key in ("id", "name", "part", "source", "statistic"):
        if node.get(key) in (None, ""):
            raise doc.error(path + (key,), "is missing")
    name = node["name"] if isinstance(node["name"], dict) else {"nl": str(node["name"])}
    part, source, stat = node["part"], node["source"], node["statistic"]
    if part not in PARTS:
        raise doc.error(path + ("part",), f"unknown part {part!r}", expected=f"one of {PARTS}")
    if source not in ("tests", "observations"):
        raise doc.error(path + ("source",), f"unknown source {source!r}",
                        expected="tests or observations")
    if stat not in STATISTICS:
        raise doc.error(path + ("statistic",), f"unknown statistic {stat!r}",
                        expected=f"one of {STATISTICS}")
    if source == "tests" and not node.get("domain"):
        raise doc.error(path + ("domain",), "is missing", expected="the test domain, e.g. rekenen")
    if source == "observations" and not node.get("indicator"):
        raise doc.error(path + ("indicator",), "is missing", expected="e.g. BT for Betrokkenheid")
    if stat == "share_at_or_above":
        if source != "tests":
            raise doc.error(path + ("statistic",), "share_at_or_above needs test data")
        if not node.get("level") or not _valid_level(str(node["level"])):
            raise doc.error(path + ("level",), f"invalid level {node.get('level')!r}",
                            expected="1F, 2F, 1S, I..V or A..E")
    if stat == "growth" and not (node.get("from") and node.get("to")):
        raise doc.error(path, "growth needs 'from' and 'to' moments", expected="from: M, to: E")
    direction = node.get("direction", "higher")
    if direction not in ("higher", "lower"):
        raise doc.error(path + ("direction",), f"must be higher or lower, got {direction!r}")
    target = node.get("target")
    if target is not None and (not isinstance(target, (int, float)) or isinstance(target, bool)):
        raise doc.error(path + ("target",), f"must be a number, got {target!r}")
    if stat == "share_at_or_above" and target is not None and not 0 <= target <= 1:
        raise doc.error(path + ("target",), f"a share must lie between 0 and 1, got {target}")
    pupils = node.get("pupils") or {}
    if not isinstance(pupils, dict):
        raise doc.error(path + ("pupils",), "must be a mapping", expected="{jaargroep: [8]}")
    jg = pupils.get("jaargroep") or []
    jg = [jg] if isinstance(jg, int) else jg
    if not isinstance(jg, list) or not all(isinstance(j, int) and 1 <= j <= 8 for j in jg):
        raise doc.error(path + ("pupils", "jaargroep"), f"invalid jaargroep list {jg!r}",
                        expected="whole numbers 1..8")
    scale = node.get("scale")
    ends = scale and (scale.get("min"), scale.get("max")) if isinstance(scale, dict) else None
    if scale is not None and not (ends and all(isinstance(v, (int, float)) for v in ends)
                                  and ends[0] < ends[1]):
        raise doc.error(path + ("scale",), f"invalid scale {scale!r}",
                        expected="{min: 1, max: 4, name: {nl: ..., en: ...}}, min below max")
    moment = node.get("moment")
    for key in ("moment", "from", "to"):
        if node.get(key) is not None and str(node[key]).upper() not in ("B", "M", "E"):
            raise doc.error(path + (key,), f"invalid moment {node[key]!r}", expected="B, M or E")
    return Indicator(
        id=str(node["id"]), name=name, part=part, source=source, statistic=stat,
        target=float(target) if target is not None else None, direction=direction,
        domain=node.get("domain"), indicator=node.get("indicator"), jaargroep=tuple(jg),
        groups=tuple(str(g) for g in pupils.get("groups") or ()),
        moment=str(moment).upper() if moment else None, level=node.get("level"),
        from_moment=str(node["from"]).upper() if node.get("from") else None,
        to_moment=str(node["to"]).upper() if node.get("to") else None,
        scale=(float(ends[0]), float(ends[1])) if scale is not None else None,
        scale_name=(scale.get("name") if isinstance(scale.get("name"), dict) else
                    {"nl": str(scale["name"])}) if scale and scale.get("name") else None)


def load_aspiration(path: str | Path) -> Aspiration:
    """Load and validate an aspiration file into an :class:`Aspiration`; anything missing or
    malformed is a :class:`kit.errors.ConfigError` naming its key and line."""
    doc = load_yaml(path, what="aspiration file")
    d = doc.data
    if not isinstance(d, dict) or not isinstance(d.get("indicators"), list) or not d["indicators"]:
        raise doc.error(("indicators",), "must be a non-empty list of indicators")
    inds = [_indicator(doc, n, ("indicators", k)) for k, n in enumerate(d["indicators"])]
    ids = [i.id for i in inds]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise doc.error(("indicators",), f"indicator id(s) {sorted(dup)} used twice")
    statement = (d.get("aspiration") or {}).get("statement") or {}
    return Aspiration(statement, tuple(inds), doc.path)


def meets_level(level: object, system: object, percentile: object, target: str) -> float:
    """1.0 if a result is at or above ``target`` level, 0.0 if below, NaN if not comparable.

    Examples
    --------
    >>> meets_level("2F", None, None, "2F"), meets_level("1F", None, None, "2F")
    (1.0, 0.0)
    >>> meets_level("II", "I-V", None, "III"), meets_level("B", "A-E", None, "III")
    (1.0, nan)
    >>> meets_level("B", "A-E", 58.0, "III")
    1.0
    """
    if target in _REF_ORDER:
        if level not in _REF_ORDER:
            return np.nan
        return float(_REF_ORDER[level] >= _REF_ORDER[target])
    table, pct = (_IV, _IV_PCT) if target in _IV else (_AE, _AE_PCT)
    if level in table:
        return float(table[level] >= table[target])
    if percentile is not None and not pd.isna(percentile):
        return float(float(percentile) >= pct[target.rstrip("+-")])
    return np.nan


def _select(df: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    if ind.jaargroep:
        df = df[df["jaargroep"].isin(ind.jaargroep)]
    if ind.groups:
        from kit.store.vocabulary import normalise_group
        wanted = {normalise_group(g) for g in ind.groups}
        df = df[df["group"].map(normalise_group).isin(wanted)]
    return df


def _taken(tests: pd.DataFrame) -> pd.DataFrame:
    """The results that count: tests taken (a test not taken is kept in the store with its
    reason, never a score) and linked to a team (a result whose group at the test date is
    unknown belongs to no team)."""
    keep = tests["team"].notna()
    if "not_taken" in tests.columns:        # a store written before the column existed
        keep &= tests["not_taken"].isna()
    return tests[keep]


def _pupil_values(ind: Indicator, observations: pd.DataFrame, tests: pd.DataFrame,
                  period: pd.Series | None) -> pd.DataFrame:
    """One row per pupil x unit x period: the pupil's value (NaN = not comparable)."""
    keys = ["pupil_id", "team", "school", "period"]
    if ind.source == "observations":
        df = _select(observations[observations["indicator"] == ind.indicator], ind)
        df = df.assign(period=period.loc[df.index] if period is not None else df["school_year"])
        return df.groupby(keys, dropna=False)["value"].mean().reset_index()
    df = _select(_taken(tests[tests["domain"] == ind.domain]), ind)
    df = df.assign(period=period.loc[df.index] if period is not None else df["school_year"])
    if ind.statistic == "growth":
        a = df[df["moment"] == ind.from_moment]
        b = df[df["moment"] == ind.to_moment]
        k = ["pupil_id", "school_year", "supplier"]
        a = a.sort_values("date").groupby(k, dropna=False).last().reset_index()
        b = b.sort_values("date").groupby(k, dropna=False).last().reset_index()
        m = b.merge(a[k + ["score"]], on=k, suffixes=("", "_from"))
        m["value"] = m["score"] - m["score_from"]
        return m.groupby(keys, dropna=False)["value"].mean().reset_index()
    if ind.moment:
        df = df[df["moment"] == ind.moment]
    latest = df.sort_values(["date", "source_row"]).groupby(keys, dropna=False).last().reset_index()
    if ind.statistic == "mean":
        latest["value"] = latest["score"]
    else:
        levels = latest["referentieniveau"] if ind.level in _REF_ORDER else latest["level"]
        latest["value"] = [meets_level(lv, sy, pc, ind.level) for lv, sy, pc in
                           zip(levels, latest["level_system"], latest["percentile"], strict=True)]
    return latest[keys + ["value"]]


def evaluate(aspiration: Aspiration, observations: pd.DataFrame, tests: pd.DataFrame, *,
             unit_level: str = "team", board: str = "board",
             min_pupils: int = DEFAULT_MIN_PUPILS,
             periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """Evaluate every indicator per unit (team, school or board) and period.

    Parameters
    ----------
    aspiration : Aspiration
    observations, tests : DataFrame
        The store's tables.
    unit_level : {"team", "school", "board"}
    board : str
        The board id (the unit name at board level).
    min_pupils : int
        The gate's threshold for pupils (at least 3): hidden units get no value, no
        ``n_pupils`` and no ``n_not_comparable`` (``suppressed``).
    periods : DataFrame, optional
        The store's ``waves`` table: when given, a measurement's period is the wave whose
        ``start``..``end`` holds its date; otherwise the school year.

    Returns
    -------
    DataFrame
        ``indicator``, ``unit_level``, ``unit``, ``school`` (NaN at board level), ``period``,
        ``value``, ``n_pupils``, ``n_not_comparable``, ``target``, ``direction``, ``on_course``
        (bool, NaN when no value), ``trend`` (value minus the previous period's),
        ``suppressed``.
    """
    if unit_level not in ("team", "school", "board"):
        raise ArgumentError(f"unit_level must be team, school or board, got {unit_level!r}")
    if isinstance(min_pupils, bool) or not isinstance(min_pupils, int) or min_pupils < 3:
        raise ArgumentError(f"min_pupils must be a whole number >= 3, got {min_pupils!r}")
    for name, df, cols in (("observations", observations, ("pupil_id", "indicator", "value")),
                           ("tests", tests, ("pupil_id", "domain", "score"))):
        if not isinstance(df, pd.DataFrame) or any(c not in df.columns for c in cols):
            raise ArgumentError(f"{name} must be the store's {name} table",
                                expected=f"a DataFrame with columns including {list(cols)}")
    rows = []
    for ind in aspiration.indicators:
        src = observations if ind.source == "observations" else tests
        period = _periods(src, periods) if periods is not None else None
        pv = _pupil_values(ind, observations, tests, period)
        unit_cols = {"team": ["team", "school"], "school": ["school"], "board": []}[unit_level]
        pv = pv.assign(board=board)
        ok = pv[pv["value"].notna()]
        counts = (ok.assign(school=ok["school"].astype("object").fillna("?"))
                  .groupby(["period", "school", "team"], dropna=False, sort=True)["pupil_id"]
                  .nunique().rename("n").reset_index())
        decided = gate(counts, threshold=min_pupils, slice_by=["period"], board=board)
        shown = {(p, lv, str(u)): s for p, lv, u, s in
                 zip(decided["period"], decided["level"], decided["unit"], decided["shown"],
                     strict=True)}
        gcols = (unit_cols or ["board"]) + ["period"]
        for key, g in pv.groupby(gcols, dropna=False, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            comparable = g["value"].dropna()
            n = int(g["pupil_id"].nunique())
            n_ok = int(g.loc[g["value"].notna(), "pupil_id"].nunique())
            value = float(comparable.mean()) if len(comparable) else np.nan
            unit = key[0]
            suppressed = pd.isna(unit) or not shown.get(
                (key[-1], unit_level, "" if pd.isna(unit) else str(unit)), False)
            if suppressed:
                value, n_ok, n = np.nan, pd.NA, pd.NA
            rows.append({
                "indicator": ind.id, "unit_level": unit_level,
                "unit": unit, "school": key[1] if unit_level == "team" else
                (key[0] if unit_level == "school" else np.nan),
                "period": key[-1], "value": value, "n_pupils": n_ok,
                "n_not_comparable": n - n_ok if not suppressed else pd.NA,
                "target": ind.target, "direction": ind.direction,
                "suppressed": suppressed})
    out = pd.DataFrame(rows, columns=[c for c in RESULT_COLUMNS if c not in ("on_course", "trend")])
    if out.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    for c in ("n_pupils", "n_not_comparable"):
        out[c] = pd.array(out[c], dtype="Int64")
    sign = np.where(out["direction"] == "lower", -1.0, 1.0)
    on = (out["value"] - out["target"]) * sign >= 0
    out["on_course"] = pd.array(np.where(out["value"].isna() | out["target"].isna(), None, on),
                                dtype="boolean")
    # periods in time order: the waves' own order (ids such as 'voorjaar-2025' do not sort
    # by date as text), school years as text
    rank = (dict(zip(periods["wave"], periods["order"], strict=True))
            if periods is not None and "order" in periods else {})
    out["_k"] = out["period"].map(lambda p: (rank.get(p, len(rank)), str(p)))
    out = out.sort_values(["indicator", "unit", "_k"]).reset_index(drop=True)
    out["trend"] = out.groupby(["indicator", "unit"])["value"].diff()
    return out[RESULT_COLUMNS]


def pupil_values(ind: Indicator, observations: pd.DataFrame, tests: pd.DataFrame, *,
                 periods: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each pupil's value of one indicator: the pupil-level data behind :func:`evaluate`, for
    multilevel models (:func:`kit.analysis.multilevel.mixed_model`).

    Parameters
    ----------
    ind : Indicator
    observations, tests : DataFrame
        The store's tables.
    periods : DataFrame, optional
        The store's ``waves`` table: a measurement's period is the wave whose ``start``..``end``
        holds its date; without it, the school year.

    Returns
    -------
    DataFrame
        One row per pupil, unit and period: ``pupil_id``, ``team``, ``school``, ``period``,
        ``value`` (observations: the pupil's mean; tests: the latest score, 1.0/0.0 for a
        share, the score difference for growth; NaN when not comparable). No privacy gate is
        applied: data for models, not for showing.
    """
    src = observations if ind.source == "observations" else tests
    period = _periods(src, periods) if periods is not None else None
    return _pupil_values(ind, observations, tests, period)


def _periods(src: pd.DataFrame, waves: pd.DataFrame) -> pd.Series:
    date = pd.to_datetime(src["date"])
    out = pd.Series(pd.NA, index=src.index, dtype="object")
    for w in waves.itertuples():
        inside = (date >= w.start) & (date <= w.end) if pd.notna(w.start) else date.notna()
        out[inside & out.isna()] = w.wave
    return out
