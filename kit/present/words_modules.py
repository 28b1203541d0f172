"""The words of the optional modules' report section (issue 15), Dutch and English; merged into
:mod:`kit.present.words_nl` and :mod:`kit.present.words_en` (kept apart so those stay under the
kit's module size)."""

from __future__ import annotations

__all__ = ["EN", "NL"]

NL: dict[str, str] = {
    "dash_view_modules": "Aanvullende schalen",
    "dash_h_modules": "{team}: aanvullende schalen naast school en bestuur ({wave})",
    "dash_no_modules": "Op dit meetmoment zijn er geen antwoorden op de aanvullende schalen.",
    "sec_modules": "Voorwaarden: aanvullende schalen",
    "mod_intro": "Naast de vijf gewoonten beantwoordden de teamleden de schaal ‘{module}’ (bron: "
                 "{source}). Scores op dezelfde schaal van 1 tot 5; stellingen die negatief "
                 "geformuleerd zijn, tellen omgekeerd mee. Groepen onder {threshold} "
                 "respondenten worden niet getoond.",
    "mod_col_scale": "Schaal",
    "mod_col_unit": "Groep",
    "mod_col_n": "n",
    "mod_col_mean": "Gemiddelde",
    "mod_col_ci": "95%-interval",
    "mod_col_rwg": "Eensgezindheid rwg(j)",
    "mod_col_alpha": "Cronbachs alfa",
    "mod_col_alpha_ci": "95%-interval alfa",
    "mod_col_k": "Stellingen",
    "mod_reliability": "Betrouwbaarheid van de schalen (alle teamleden van het bestuur):",
    "mod_relations": "Samenhang van de schalen met de indicatoren over de teams (een samenhang, "
                     "geen oorzaak):",
    "mod_col_indicator": "Indicator",
    "mod_col_teams": "Teams",
    "mod_col_r": "Pearson r",
    "mod_too_few": "te weinig teams",
}

EN: dict[str, str] = {
    "dash_view_modules": "Additional scales",
    "dash_h_modules": "{team}: additional scales beside school and board ({wave})",
    "dash_no_modules": "There are no answers to the additional scales in this wave.",
    "sec_modules": "Conditions: additional scales",
    "mod_intro": "Besides the five habits the team members answered the scale ‘{module}’ (source: "
                 "{source}). Scores on the same 1 to 5 scale; negatively worded statements "
                 "count reversed. Groups under {threshold} respondents are not shown.",
    "mod_col_scale": "Scale",
    "mod_col_unit": "Group",
    "mod_col_n": "n",
    "mod_col_mean": "Mean",
    "mod_col_ci": "95% interval",
    "mod_col_rwg": "Agreement rwg(j)",
    "mod_col_alpha": "Cronbach's alpha",
    "mod_col_alpha_ci": "95% interval alpha",
    "mod_col_k": "Statements",
    "mod_reliability": "Reliability of the scales (all team members of the board):",
    "mod_relations": "Relation of the scales with the indicators across teams (an association, "
                     "not a cause):",
    "mod_col_indicator": "Indicator",
    "mod_col_teams": "Teams",
    "mod_col_r": "Pearson r",
    "mod_too_few": "too few teams",
}
