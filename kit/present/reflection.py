"""Reflection questions for the study day, after the article's cycle.

The article's cycle runs from the shared aspiration through data back to the team's own work:
"Zijn we op koers?", "wat zegt deze informatie over mijn impact op het leren van de
leerlingen?", then reflection and a change in approach. The questions follow it:

1. for each indicator of the shared aspiration that is off course: are we on course, and what
   does this say about our impact?
2. the team's lowest aspects and the aspects the team disagrees on most;
3. aspects that changed clearly since the previous wave: only when the change's 95% interval
   (Welch, from the two waves' n, mean and sd) excludes zero
   (:func:`kit.present.wording.direction`), never a change that may be noise.

The questions name the aspect and the number they come from, never a person; numbers are
written as the reader's language writes them (a decimal comma in Dutch). The statements of
the leadership habit (:data:`LEADER_HABITS`) are written as the school leader's own ("Ik ben
rolmodel ..."). Where the instrument has the team's-view wording (issue 15, "Onze schoolleider
is rolmodel ..."), the team's answers are its view of its leader and may be asked about like
any aspect (the caller passes ``leader_habits=()``); an instrument without it keeps them out,
and :func:`general_questions` asks how the team experiences the leadership. A team whose
data is hidden gets :func:`general_questions`: the article's questions, without any number.

Examples
--------
>>> import pandas as pd
>>> items = pd.DataFrame({"item": ["H1_01", "H4_01", "H5_05"], "mean": [2.4, 4.5, 3.1],
...                       "sd": [0.5, 0.4, 1.3], "n": [8, 8, 8], "suppressed": False})
>>> qs = reflection_questions(items, None, _texts(), lang="en", per_kind=1)
>>> [q["kind"] for q in qs]
['lowest', 'disagreement']
>>> qs[0]["question"].startswith("The team scores lowest on")
True
>>> ind = pd.DataFrame({"indicator": ["lezen"], "label": ["Lezen 2F"], "value": [0.5],
...                     "target": [0.75], "on_course": [False], "suppressed": [False],
...                     "statistic": ["share_at_or_above"]})
>>> reflection_questions(items, None, _texts(), indicators=ind)[0]["question"][:58]
'Zijn we op koers? ‘Lezen 2F’ is 50% tegen een doel van 75%'
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kit.present.formats import number
from kit.present.text import t
from kit.present.wording import direction

__all__ = ["LEADER_HABITS", "general_questions", "leader_note", "reflection_questions",
           "welch_interval"]

#: habits whose statements are the school leader's own ("Ik ben rolmodel ..."): the
#: instrument's H2, "Op leren gericht leiderschap"
LEADER_HABITS: tuple[str, ...] = ("H2",)

#: the article's questions, in the order of its cycle (keys of :mod:`kit.present.text`)
_GENERAL = ("refl_general_aspiration", "refl_general_course", "refl_general_impact",
            "refl_general_works", "refl_general_film", "refl_general_leadership",
            "refl_general_grow")


def _texts() -> dict:
    from kit import instrument
    inst = instrument.load()
    return {(i.id, lang): i.text(lang, "team") for i in inst.items for lang in ("nl", "en")}


def general_questions(lang: str = "nl") -> list[str]:
    """The article's reflective questions, without any number: for a team whose data is
    hidden, or beside the questions from the data.

    Returns
    -------
    list of str
        From the shared aspiration ("Wat willen wij aan het einde van de schoolloopbaan ...
        zien?") through "Zijn we op koers?" and the team's impact to what the team needs to
        grow; one asks how the team experiences the leadership.

    Examples
    --------
    >>> general_questions("nl")[1].split("?")[0]
    'Zijn we op koers'
    """
    return [t(k, lang) for k in _GENERAL]


def welch_interval(mean: float, sd: float, n: float, mean_prev: float, sd_prev: float,
                   n_prev: float, level: float = 0.95) -> tuple[float, float, float]:
    """The change ``mean - mean_prev`` with its Welch interval (two independent groups).

    The same interval as :func:`kit.analysis.teams.change` gives a habit's change: standard
    error ``sqrt(sd**2/n + sd_prev**2/n_prev)``, a t quantile with the Welch-Satterthwaite
    degrees of freedom.

    Returns
    -------
    (change, low, high)
        NaN ends when an n is below 2 or a number is missing; when both sd are 0, the
        interval is the change itself.

    Examples
    --------
    >>> [round(v, 3) for v in welch_interval(3.9, 0.5, 7, 3.0, 0.5, 7)]
    [0.9, 0.318, 1.482]
    """
    from scipy import stats
    vals = [float(v) if v is not None and not pd.isna(v) else math.nan
            for v in (mean, sd, n, mean_prev, sd_prev, n_prev)]
    m1, s1, n1, m0, s0, n0 = vals
    d = m1 - m0
    if any(math.isnan(v) for v in vals) or n1 < 2 or n0 < 2:
        return d, math.nan, math.nan
    v1, v0 = s1 ** 2 / n1, s0 ** 2 / n0
    se = math.sqrt(v1 + v0)
    if se == 0:
        return d, d, d
    df = (v1 + v0) ** 2 / (v1 ** 2 / (n1 - 1) + v0 ** 2 / (n0 - 1))
    q = float(stats.t.ppf(0.5 + level / 2, df))
    return d, d - q * se, d + q * se


def _value(v: object, statistic: object, lang: str) -> str:
    """An indicator's value or target: a share as a percentage, else two decimals."""
    if statistic == "share_at_or_above":
        return "–" if pd.isna(v) else f"{float(v) * 100:.0f}%"
    return number(v, lang, 2)


def _off_course(indicators: pd.DataFrame | None, lang: str) -> list[dict]:
    """One question for each shown indicator that is off course, in the frame's order."""
    if indicators is None or indicators.empty:
        return []
    out = []
    for _, r in indicators.iterrows():
        on = r.get("on_course")
        hidden = bool(r.get("suppressed")) if pd.notna(r.get("suppressed")) else False
        if hidden or on is None or pd.isna(on) or bool(on) or pd.isna(r.get("value")):
            continue
        label = r.get("label")
        label = label if isinstance(label, str) and label else str(r["indicator"])
        stat = r.get("statistic")
        out.append({"kind": "on_course", "item": str(r["indicator"]),
                    "question": t("refl_off_course", lang, indicator=label,
                                  value=_value(r["value"], stat, lang),
                                  target=_value(r["target"], stat, lang))})
    return out


def _habit_of(items: pd.DataFrame) -> pd.Series:
    """Each row's habit: the ``habit`` column, else the item id's prefix (``H2_04`` -> H2)."""
    if "habit" in items:
        return items["habit"].astype(str)
    return items["item"].astype(str).str.split("_").str[0]


def leader_note(instrument, lang: str = "nl",
                leader_habits: tuple[str, ...] = LEADER_HABITS) -> str | None:
    """What a report says of the leadership habit when the instrument has no team's-view
    wording (an instrument or store from before issue 15): its statements are written as the
    school leader's own, and a team's answers count as its own, read as how the team sees
    leadership in the school. None when the instrument has the team's-view wording (the
    statements then say it themselves) or no such habit.

    >>> from kit import instrument
    >>> leader_note(instrument.load(), "en") is None
    True
    """
    if getattr(instrument, "has_perspectives", False):
        return None
    habits = [h for h in instrument.habits if h.id in leader_habits]
    if not habits:
        return None
    return t("leader_note", lang, habit=habits[0].label(lang))


def reflection_questions(items: pd.DataFrame, previous: pd.DataFrame | None, texts: dict, *,
                         lang: str = "nl", per_kind: int = 2,
                         indicators: pd.DataFrame | None = None,
                         leader_habits: tuple[str, ...] = LEADER_HABITS) -> list[dict]:
    """Questions after the article's cycle: off-course indicators first, then the lowest and
    most disagreed-on aspects, then clear changes.

    Parameters
    ----------
    items : DataFrame
        The team's item aggregates of this wave (:func:`kit.analysis.teams.item_distribution`):
        ``item``, ``mean``, ``sd``, ``n``, ``suppressed``; ``habit`` if present (otherwise
        the item id's prefix).
    previous : DataFrame or None
        The same for the previous wave (for the change questions).
    texts : dict
        ``(item, lang) -> statement``; inserted as text, never formatted again.
    lang : {"nl", "en"}
    per_kind : int
        Questions per kind for the lowest, disagreement and change questions.
    indicators : DataFrame, optional
        The team's shared-aspiration indicators this wave, rows like
        :data:`kit.analysis.aspiration.RESULT_COLUMNS`: ``indicator``, ``value``, ``target``,
        ``on_course`` (bool or NA), ``suppressed``, and ``label`` (the name in ``lang``);
        ``statistic`` if present (``share_at_or_above`` is written as a percentage). Pupil
        data has its own privacy gate, so these questions are asked also when the team's
        survey data is hidden.
    leader_habits : tuple of str
        Habits whose statements are the school leader's own: none of their statements gets a
        question (the team's view on leadership is asked in :func:`general_questions`).

    Returns
    -------
    list of dict
        ``kind`` (on_course, lowest, disagreement, change), ``item`` (the indicator id for
        on_course), ``question``. Only the on_course questions when the team's survey data
        is hidden; empty when there are none either.
    """
    out = _off_course(indicators, lang)
    shown = items[~items["suppressed"].astype(bool)].dropna(subset=["mean"])
    shown = shown[~_habit_of(shown).isin(leader_habits)] if len(shown) else shown
    if shown.empty:
        return out
    used: set[str] = set()

    def add(kind: str, key: str, row: pd.Series, **values: str) -> None:
        if any(o["kind"] == kind for o in out):       # "most" only for the first of a kind
            key += "_more"
        used.add(row["item"])
        out.append({"kind": kind, "item": row["item"],
                    "question": t(key, lang, text=texts[(row["item"], lang)], **values)})

    for _, row in shown.sort_values(["mean", "item"]).head(per_kind).iterrows():
        add("lowest", "refl_lowest", row, mean=number(row["mean"], lang, 1))
    rest = shown[~shown["item"].isin(used)].dropna(subset=["sd"])
    spread = rest.sort_values(["sd", "item"], ascending=[False, True]).head(per_kind)
    for _, row in spread.iterrows():
        add("disagreement", "refl_disagreement", row, sd=number(row["sd"], lang, 1))
    if previous is None or previous.empty:
        return out
    prev = previous[~previous["suppressed"].astype(bool)][["item", "mean", "sd", "n"]]
    d = shown[~shown["item"].isin(used)].merge(prev, on="item", suffixes=("", "_prev"))
    if d.empty:
        return out
    ci = [welch_interval(r.mean, r.sd, r.n, r.mean_prev, r.sd_prev, r.n_prev)
          for r in d[["mean", "sd", "n", "mean_prev", "sd_prev", "n_prev"]].itertuples()]
    d = d.assign(change=[c[0] for c in ci], lo=[c[1] for c in ci], hi=[c[2] for c in ci])
    d["dir"] = [direction(c, lo, hi) for c, lo, hi in ci]
    d = d[d["dir"] != "none"]
    order = np.lexsort((d["item"].to_numpy(), -d["change"].abs().to_numpy()))
    for _, row in d.iloc[order].head(per_kind).iterrows():
        add("change", "refl_change_up" if row["dir"] == "up" else "refl_change_down", row,
            change=number(row["change"], lang, 2, signed=True),
            lo=number(row["lo"], lang, 2, signed=True), hi=number(row["hi"], lang, 2, signed=True))
    return out
