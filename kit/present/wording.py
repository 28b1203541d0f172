"""Words for numbers: how a relation across teams is described, in each language.

The analysis returns numbers (:func:`kit.analysis.relations.team_relations`); the sentences a
reader sees are made here, from the words in :mod:`kit.present.words_nl` and
:mod:`kit.present.words_en`. Every sentence describes an association, never a cause, and says
when its interval includes zero.

Examples
--------
>>> relation_sentence(0.62, 0.1, 0.88, 12, "data", "betrokkenheid", "en")  # doctest: +ELLIPSIS
'Across 12 teams, teams scoring higher on ‘data’ tend to score higher on ‘betrokkenheid’: a
strong association (r = 0.62, 95% interval 0.10 to 0.88). This is an association, not proof
of cause...'
>>> relation_short(0.62, 0.1, 0.88, "nl"), relation_short(-0.2, -0.6, 0.3, "en")
('sterk positief verband', 'weak negative association; may be chance')
>>> relation_short(0.05, -0.5, 0.6, "nl")
'nauwelijks een verband; kan toeval zijn'
"""

from __future__ import annotations

import math

from kit.present.text import t

__all__ = ["relation_sentence", "relation_short", "strength"]


def strength(r: float, lang: str) -> str:
    """The strength of a correlation in words, with its article ("a weak", "een matig")."""
    a = abs(r)
    return t(f"rel_strength_{0 if a < 0.1 else 1 if a < 0.3 else 2 if a < 0.5 else 3}", lang)


def relation_sentence(r: float, lo: float, hi: float, n: int, habit: str, indicator: str,
                      lang: str = "nl") -> str:
    """A sentence describing an association across ``n`` teams (never a cause), with the
    interval; empty when ``r`` is missing."""
    if not math.isfinite(r):
        return ""
    sure = lo > 0 or hi < 0
    text = t("rel_sentence", lang, n=n, habit=habit, indicator=indicator,
             direction=t("rel_higher" if r >= 0 else "rel_lower", lang),
             strength=strength(r, lang), r=f"{r:.2f}", lo=f"{lo:.2f}", hi=f"{hi:.2f}")
    return text + t("rel_no_cause" if sure else "rel_no_cause_chance", lang)


def relation_short(r: float, lo: float, hi: float, lang: str = "nl") -> str:
    """A few words on an association's strength and sign, for a table row whose columns show
    habit, indicator, n and interval (the table's note says once that it is no cause)."""
    if not math.isfinite(r):
        return ""
    sure = lo > 0 or hi < 0
    if abs(r) < 0.1:
        text = t("rel_short_none", lang)
    else:
        words = strength(r, lang).split(" ", 1)[-1]          # without the article
        text = t("rel_short", lang, strength=words,
                 sign=t("rel_positive" if r >= 0 else "rel_negative", lang))
    return text + ("" if sure else t("rel_chance", lang))
