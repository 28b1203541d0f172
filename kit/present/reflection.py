"""Reflection questions for the study day, generated from a team's own data.

In the spirit of the article's reflective questions ("Waar hebben deze ouders een punt?",
"wat zou er dan anders gaan?"): open questions about the team's lowest aspects, the aspects the
team disagrees on most, and the aspects that changed most since the previous wave. The questions
name the aspect and the number they come from, never a person.

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
"""

from __future__ import annotations

import pandas as pd

__all__ = ["reflection_questions"]

_Q = {
    "nl": {
        "lowest": "Het team scoort het laagst op ‘{text}’ (gemiddeld {mean:.1f}). Wat maakt dat "
                  "dit aspect nog niet vanzelf gaat, en wat zou een eerste kleine stap zijn?",
        "disagreement": "Over ‘{text}’ lopen de antwoorden het verst uiteen (spreiding "
                        "{sd:.1f}). Welke ervaringen liggen achter de verschillende antwoorden?",
        "change_up": "‘{text}’ steeg het meest sinds het vorige meetmoment ({change:+.1f}). Wat "
                     "hebben we gedaan dat hieraan bijdroeg, en hoe houden we dat vast?",
        "change_down": "‘{text}’ daalde het meest sinds het vorige meetmoment ({change:+.1f}). "
                       "Wat is er veranderd, en wat hebben we daarin van elkaar nodig?",
        "lowest+": "Ook op ‘{text}’ scoort het team laag (gemiddeld {mean:.1f}). Wat zou hier "
                   "helpen?",
        "disagreement+": "Ook over ‘{text}’ lopen de antwoorden ver uiteen (spreiding {sd:.1f}). "
                         "Wat verstaan we er ieder onder?",
        "change_up+": "Ook ‘{text}’ steeg sterk ({change:+.1f}). Wat zit erachter?",
        "change_down+": "Ook ‘{text}’ daalde sterk ({change:+.1f}). Wat zit erachter?",
    },
    "en": {
        "lowest": "The team scores lowest on ‘{text}’ (mean {mean:.1f}). What makes this aspect "
                  "not yet come naturally, and what would be a small first step?",
        "disagreement": "The answers differ most on ‘{text}’ (spread {sd:.1f}). Which "
                        "experiences lie behind the different answers?",
        "change_up": "‘{text}’ rose most since the previous wave ({change:+.1f}). What did we do "
                     "that contributed to this, and how do we keep it?",
        "change_down": "‘{text}’ fell most since the previous wave ({change:+.1f}). What has "
                       "changed, and what do we need from each other?",
        "lowest+": "The team also scores low on ‘{text}’ (mean {mean:.1f}). What would help here?",
        "disagreement+": "The answers also differ widely on ‘{text}’ (spread {sd:.1f}). What does "
                         "each of us understand by it?",
        "change_up+": "‘{text}’ also rose strongly ({change:+.1f}). What lies behind it?",
        "change_down+": "‘{text}’ also fell strongly ({change:+.1f}). What lies behind it?",
    },
}


def _texts() -> dict:
    from kit import instrument
    inst = instrument.load()
    return {(i.id, lang): i.text(lang) for i in inst.items for lang in ("nl", "en")}


def reflection_questions(items: pd.DataFrame, previous: pd.DataFrame | None, texts: dict, *,
                         lang: str = "nl", per_kind: int = 2) -> list[dict]:
    """Questions about the lowest, most disagreed-on and most changed aspects.

    Parameters
    ----------
    items : DataFrame
        The team's item aggregates of this wave (:func:`kit.analysis.teams.item_distribution`):
        ``item``, ``mean``, ``sd``, ``n``, ``suppressed``.
    previous : DataFrame or None
        The same for the previous wave (for the change questions).
    texts : dict
        ``(item, lang) -> statement``.
    per_kind : int
        Questions per kind.

    Returns
    -------
    list of dict
        ``kind`` (lowest, disagreement, change), ``item``, ``question``. Empty when the team's
        data is suppressed.
    """
    shown = items[~items["suppressed"].astype(bool)].dropna(subset=["mean"])
    if shown.empty:
        return []
    q = _Q[lang]
    out: list[dict] = []
    used: set[str] = set()

    def add(kind: str, key: str, row: pd.Series, **extra: float) -> None:
        if any(o["kind"] == kind for o in out):       # "most" only for the first of a kind
            key += "+"
        used.add(row["item"])
        out.append({"kind": kind, "item": row["item"],
                    "question": q[key].format(text=texts[(row["item"], lang)], **extra)})

    for _, row in shown.sort_values(["mean", "item"]).head(per_kind).iterrows():
        add("lowest", "lowest", row, mean=row["mean"])
    rest = shown[~shown["item"].isin(used)].dropna(subset=["sd"])
    spread = rest.sort_values(["sd", "item"], ascending=[False, True]).head(per_kind)
    for _, row in spread.iterrows():
        add("disagreement", "disagreement", row, sd=row["sd"])
    if previous is not None and not previous.empty:
        prev = previous[~previous["suppressed"].astype(bool)][["item", "mean"]]
        d = shown.merge(prev, on="item", suffixes=("", "_prev"))
        d["change"] = d["mean"] - d["mean_prev"]
        d = d[~d["item"].isin(used)].dropna(subset=["change"])
        d = d.reindex(d["change"].abs().sort_values(ascending=False).index)
        for _, row in d.head(per_kind).iterrows():
            add("change", "change_up" if row["change"] >= 0 else "change_down", row,
                change=row["change"])
    return out
