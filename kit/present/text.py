"""What users read, in Dutch (default) and English: labels, headings, notices.

One dictionary per language; :func:`t` looks a key up and formats it. A missing key in English
falls back to Dutch; a key missing in both is a bug (``KeyError``).

Examples
--------
>>> t("habit_score", "en")
'Habit score'
>>> t("suppressed_team", "nl", threshold=5)
'Te weinig respondenten (minder dan 5): om de privacy te beschermen tonen we geen scores.'
>>> t("privacy_rule", "en", threshold=5, pupils=10).split(":")[0]
'Privacy'
"""

from __future__ import annotations

from kit.present import words_en, words_nl, words_survey

__all__ = ["LANGS", "t"]

LANGS = ("nl", "en")

_TEXT: dict[str, dict[str, str]] = {"nl": {**words_nl.TEXT, **words_survey.NL},
                                     "en": {**words_en.TEXT, **words_survey.EN}}


def t(key: str, lang: str = "nl", **values: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    text = _TEXT[lang].get(key) or _TEXT["nl"][key]
    if "{pupils}" in text and "pupils" not in values:
        from kit.analysis.privacy import PUPIL_THRESHOLD
        values = {**values, "pupils": PUPIL_THRESHOLD}
    return text.format(**values) if values else text
