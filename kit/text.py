"""What users read, in Dutch (default) and English: labels, headings, notices.

One dictionary per language; :func:`t` looks a key up and formats it. A missing key in English
falls back to Dutch; a key missing in both is a bug (``KeyError``).

Examples
--------
>>> t("habit_score", "en")
'Habit score'
>>> t("suppressed_team", "nl", n=3, threshold=5)
'Te weinig respondenten (3, minimaal 5): om de privacy te beschermen tonen we geen scores.'
"""

from __future__ import annotations

__all__ = ["LANGS", "t"]

LANGS = ("nl", "en")

_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "habit_score": "Score op de gewoonte",
        "team": "Team",
        "school": "School",
        "board": "Bestuur",
        "wave": "Meetmoment",
        "n": "Aantal respondenten",
        "mean": "Gemiddelde",
        "interval": "95%-interval",
        "agreement": "Overeenstemming in het team (rwg)",
        "response_rate": "Respons",
        "suppressed_team": "Te weinig respondenten ({n}, minimaal {threshold}): om de privacy "
                           "te beschermen tonen we geen scores.",
        "suppressed_complementary": "Verborgen omdat anders de scores van een te klein team "
                                    "terug te rekenen zijn.",
        "scale_note": "Schaal 1 (helemaal mee oneens) tot 5 (helemaal mee eens).",
        "too_few_teams": "Te weinig teams ({n}, minimaal {min}) om een verband te tonen.",
    },
    "en": {
        "habit_score": "Habit score",
        "team": "Team",
        "school": "School",
        "board": "Board",
        "wave": "Wave",
        "n": "Respondents",
        "mean": "Mean",
        "interval": "95% interval",
        "agreement": "Agreement within the team (rwg)",
        "response_rate": "Response rate",
        "suppressed_team": "Too few respondents ({n}, at least {threshold}): to protect privacy "
                           "no scores are shown.",
        "suppressed_complementary": "Hidden because otherwise the scores of a team that is too "
                                    "small could be worked out.",
        "scale_note": "Scale 1 (strongly disagree) to 5 (strongly agree).",
        "too_few_teams": "Too few teams ({n}, at least {min}) to show a relation.",
    },
}


def t(key: str, lang: str = "nl", **values: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    text = _TEXT[lang].get(key) or _TEXT["nl"][key]
    return text.format(**values) if values else text
