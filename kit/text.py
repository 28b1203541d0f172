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
        "report_title": "Teamrapport {team}, {school}",
        "report_subtitle": "Lerende gewoonten · meetmoment {wave}",
        "sec_summary": "1. Samenvatting",
        "sec_habits": "2. De vijf lerende gewoonten",
        "sec_change": "Verandering sinds het vorige meetmoment",
        "sec_aspiration": "4. Gezamenlijk verlangen: zijn we op koers?",
        "sec_relations": "5. Verbanden tussen gewoonten en het gezamenlijk verlangen",
        "sec_accountability": "7. Verantwoording",
        "sec_reflection": "6. Reflectievragen voor de studiedag",
        "sec_aspects": "3. Aspecten",
        "strongest": "Sterkste aspecten",
        "growth": "Groeiaspecten",
        "dimensions": "Naar de zeven OECD-dimensies van de lerende school en de vijf disciplines "
                      "van Senge (gemiddelde van de gewoonten die bij een discipline horen):",
        "reflection_intro": "Vragen bij de gegevens van dit team, om samen over door te praten:",
        "no_aspiration": "Er is geen bestand met het gezamenlijk verlangen opgegeven.",
        "no_previous": "Er is geen vorig meetmoment met scores om mee te vergelijken.",
        "method": "Scores zijn het gemiddelde van de beantwoorde stellingen van een gewoonte "
                  "(minstens twee derde beantwoord), per team met een 95%-interval en de "
                  "overeenstemming rwg(j) (uniforme nulverdeling). Teams met minder dan {threshold} "
                  "respondenten krijgen geen scores; om terugrekenen te voorkomen wordt dan ook het "
                  "op één na kleinste team van de school verborgen. Verbanden tussen teams zijn "
                  "samenhangen, geen oorzaken.",
        "data_quality": "Gegevenskwaliteit: elke ingelezen rij is geaccepteerd of met een reden "
                        "afgewezen.",
        "provenance": "Herkomst",
        "reliability": "Betrouwbaarheid van de gewoonten over alle respondenten van dit "
                       "meetmoment (Cronbachs alfa met 95%-interval, McDonalds omega):",
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
        "report_title": "Team report {team}, {school}",
        "report_subtitle": "Learning habits · wave {wave}",
        "sec_summary": "1. Summary",
        "sec_habits": "2. The five learning habits",
        "sec_change": "Change since the previous wave",
        "sec_aspiration": "4. Shared aspiration: are we on course?",
        "sec_relations": "5. Relations between habits and the shared aspiration",
        "sec_accountability": "7. Method and sources",
        "sec_reflection": "6. Reflection questions for the study day",
        "sec_aspects": "3. Aspects",
        "strongest": "Strongest aspects",
        "growth": "Growth aspects",
        "dimensions": "By the seven OECD dimensions of the learning school and Senge's five "
                      "disciplines (mean of the habits linked to a discipline):",
        "reflection_intro": "Questions about this team's data, to talk through together:",
        "no_aspiration": "No shared-aspiration file was given.",
        "no_previous": "There is no previous wave with scores to compare with.",
        "method": "Scores are the mean of the answered statements of a habit (at least two "
                  "thirds answered), per team with a 95% interval and the agreement rwg(j) "
                  "(uniform null). Teams with fewer than {threshold} respondents get no scores; to "
                  "prevent recovery by subtraction the next smallest team of the school is hidden "
                  "too. Relations across teams are associations, not causes.",
        "data_quality": "Data quality: every row read was accepted or rejected with a reason.",
        "provenance": "Provenance",
        "reliability": "Reliability of the habits over all respondents of this wave (Cronbach's "
                       "alpha with 95% interval, McDonald's omega):",
    },
}


def t(key: str, lang: str = "nl", **values: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    text = _TEXT[lang].get(key) or _TEXT["nl"][key]
    return text.format(**values) if values else text
