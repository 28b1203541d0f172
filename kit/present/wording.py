"""Words for numbers: when a change or a relation is called clear, and how it is said.

One function decides it, :func:`direction`: a change is called up or down, a relation
positive or negative, only when its 95% interval excludes zero (an interval touching zero, or a
missing one, is no clear change). The words are made here from :mod:`kit.present.words_nl` and
:mod:`kit.present.words_en`: "gestegen" / "gedaald" / "geen duidelijke verandering" for a change,
"positief verband" / "negatief verband" / "geen duidelijk verband" for a relation. Every
sentence on a relation describes an association, never a cause.

Numbers are written as the reader's language writes them
(:func:`kit.present.formats.number`): a decimal comma in Dutch, a point in English.

Examples
--------
>>> direction(0.4, 0.1, 0.7), direction(-0.4, -0.7, 0.0), direction(0.4, float("nan"), 1.0)
('up', 'none', 'none')
>>> change_words(0.4, 0.1, 0.7, "nl"), change_words(-1.2, -2.9, 0.5, "nl")
('gestegen', 'geen duidelijke verandering')
>>> slope_words(0.0, -0.3, 0.3, "nl"), slope_words(-0.03, -0.05, -0.01, "en")
('geen duidelijk verband', 'negative association')
>>> relation_short(0.62, 0.1, 0.88, "nl"), relation_short(0.05, -0.5, 0.6, "nl")
('sterk positief verband', 'geen duidelijk verband')
>>> relation_sentence(0.62, 0.1, 0.88, 12, "data", "betrokkenheid", "nl")  # doctest: +ELLIPSIS
'Over 12 teams: teams die hoger scoren op ‘data’ scoren gemiddeld hoger op ‘betrokkenheid’;
een sterk verband (r = 0,62, 95%-interval 0,10 tot 0,88). Dit is een samenhang, geen bewijs
van oorzaak en gevolg.'
>>> relation_sentence(-0.2, -0.6, 0.3, 9, "data", "lezen", "en")  # doctest: +ELLIPSIS
'Across 9 teams there is no clear association between ‘data’ and ‘lezen’ (r = -0.20, ...'
"""

from __future__ import annotations

import math

from kit.present.formats import number
from kit.present.text import t

__all__ = ["DIRECTIONS", "change_words", "direction", "relation_sentence", "relation_short",
           "slope_words", "strength"]

#: what :func:`direction` returns
DIRECTIONS = ("up", "down", "none")


def _float(v: object) -> float:
    """``v`` as a float; NaN for None, ``pd.NA`` and anything that is no number."""
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def direction(estimate: object, ci_low: object, ci_high: object) -> str:
    """Whether a change or relation is clear: ``"up"``, ``"down"`` or ``"none"``.

    The one place that decides it. ``"up"`` when the 95% interval lies above zero
    (``ci_low > 0``), ``"down"`` when it lies below (``ci_high < 0``), ``"none"`` otherwise:
    when the interval includes or touches zero, or when the estimate or an end of the interval
    is missing (None, NaN, ``pd.NA``). For a relation read ``"up"`` as positive and ``"down"``
    as negative.

    Parameters
    ----------
    estimate : float
        The change, correlation or slope.
    ci_low, ci_high : float
        Its 95% interval.

    Returns
    -------
    str
        One of :data:`DIRECTIONS`.

    Raises
    ------
    ValueError
        When ``ci_low > ci_high`` (an interval the wrong way round is a bug upstream).

    Examples
    --------
    >>> direction(0.3, 0.0, 0.6), direction(-0.3, -0.6, -0.01), direction(None, 0.1, 0.2)
    ('none', 'down', 'none')
    """
    est, lo, hi = _float(estimate), _float(ci_low), _float(ci_high)
    if math.isnan(est) or math.isnan(lo) or math.isnan(hi):
        return "none"
    if lo > hi:
        raise ValueError(f"interval ({lo}, {hi}) has its lower end above its upper end; "
                         "expected ci_low <= ci_high")
    return "up" if lo > 0 else "down" if hi < 0 else "none"


def change_words(change: object, lo: object, hi: object, lang: str = "nl") -> str:
    """A change since the previous wave in words: up, down, or no clear change.

    "gestegen" / "gedaald" (risen / fallen) only when the interval excludes zero
    (:func:`direction`), otherwise "geen duidelijke verandering" (no clear change); empty
    when the change itself is missing.

    >>> change_words(-0.3, -0.5, -0.1, "nl"), change_words(0.3, 0.0, 0.6, "en")
    ('gedaald', 'no clear change')
    """
    if math.isnan(_float(change)):
        return ""
    return t(f"wd_change_{direction(change, lo, hi)}", lang)


def slope_words(slope: object, lo: object, hi: object, lang: str = "nl") -> str:
    """A slope (the multilevel models) in words: a positive or negative association only when
    its interval excludes zero, otherwise "geen duidelijk verband"; empty when missing.

    >>> slope_words(0.0, -0.02, 0.02, "nl"), slope_words(0.12, 0.05, 0.2, "nl")
    ('geen duidelijk verband', 'positief verband')
    """
    if math.isnan(_float(slope)):
        return ""
    d = direction(slope, lo, hi)
    if d == "none":
        return t("wd_relation_none", lang)
    return t("wd_relation", lang, sign=t("rel_positive" if d == "up" else "rel_negative", lang))


def strength(r: float, lang: str) -> str:
    """The strength of a correlation in words, with its article ("a weak", "een matig")."""
    a = abs(r)
    return t(f"rel_strength_{0 if a < 0.1 else 1 if a < 0.3 else 2 if a < 0.5 else 3}", lang)


def relation_sentence(r: float, lo: float, hi: float, n: int, habit: str, indicator: str,
                      lang: str = "nl") -> str:
    """A sentence describing an association across ``n`` teams (never a cause), with the
    interval; "no clear association" when the interval includes zero; empty when ``r`` is
    missing. ``habit`` and ``indicator`` are inserted as text (never formatted again)."""
    if math.isnan(_float(r)):
        return ""
    d = direction(r, lo, hi)
    values = {"n": n, "habit": habit, "indicator": indicator, "r": number(r, lang),
              "lo": number(lo, lang), "hi": number(hi, lang)}
    if d == "none":
        return t("wd_sentence_none", lang, **values) + t("wd_no_cause_none", lang)
    text = t("rel_sentence", lang, direction=t("rel_higher" if d == "up" else "rel_lower", lang),
             strength=strength(r, lang), **values)
    return text + t("rel_no_cause", lang)


def relation_short(r: float, lo: float, hi: float, lang: str = "nl") -> str:
    """A few words on an association, for a table row whose columns show habit, indicator, n
    and interval (the table's note says once that it is no cause): its strength and sign when
    the interval excludes zero, otherwise "geen duidelijk verband"; empty when missing."""
    if math.isnan(_float(r)):
        return ""
    d = direction(r, lo, hi)
    if d == "none":
        return t("wd_relation_none", lang)
    a = abs(float(r))
    words = t(f"wd_strength_{0 if a < 0.1 else 1 if a < 0.3 else 2 if a < 0.5 else 3}", lang)
    return t("rel_short", lang, strength=words,
             sign=t("rel_positive" if d == "up" else "rel_negative", lang))
