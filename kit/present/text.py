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

__all__ = ["LANGS", "t"]

LANGS = ("nl", "en")

#: the privacy rule, stated once for every report's method section and the README
_RULE = {
    "nl": ("Privacy: van een team, een school of een stelling met minder dan {threshold} "
           "respondenten tonen we geen scores en geen precies aantal respondenten, alleen "
           "'minder dan {threshold}'. Als de cijfers van de hele school wel getoond worden en "
           "precies één team verborgen is, verbergen we ook het kleinste andere team: anders "
           "kan iedereen de scores van het kleine team terugrekenen door de andere teams van de "
           "school af te trekken. Van zo'n team noemen we ook het aantal respondenten niet. "
           "Een gewoonte met minder dan {threshold} antwoorden in een team verbergen we op "
           "dezelfde manier, samen met haar stellingen en de OECD-dimensies en "
           "Senge-disciplines waar ze in meetelt. Leerlinggegevens tonen we pas vanaf "
           "{pupils} leerlingen, volgens dezelfde regel."),
    "en": ("Privacy: a team, school or statement with fewer than {threshold} respondents "
           "shows no scores and no exact number of respondents, only 'fewer than "
           "{threshold}'. When the figures of the whole school are shown and exactly one team "
           "is hidden, the smallest other team is hidden too: otherwise anyone could work out "
           "the small team's scores by subtracting the school's other teams. Such a team's "
           "number of respondents is not given either. A habit with fewer than {threshold} "
           "answers in a team is hidden in the same way, together with its statements and the "
           "OECD dimensions and Senge disciplines it is part of. Pupil data is shown only from "
           "{pupils} pupils, by the same rule."),
}

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
        "suppressed_team": "Te weinig respondenten (minder dan {threshold}): om de privacy "
                           "te beschermen tonen we geen scores.",
        "suppressed_complementary": "Dit team heeft genoeg respondenten, maar een ander team "
                                    "van de school heeft er te weinig. De cijfers van de school "
                                    "als geheel worden wel getoond; als we ook die van dit team "
                                    "lieten zien, kon iedereen de scores van het kleine team "
                                    "terugrekenen. Daarom tonen we van dit team geen scores en "
                                    "geen aantal respondenten. Het schoolrapport laat zien hoe "
                                    "de teams samen scoren.",
        "suppressed_school": "De school als geheel is verborgen: met minder dan {threshold} "
                             "respondenten, of omdat anders de scores van een te klein team "
                             "terug te rekenen zijn.",
        "no_answers_team": "Van dit team zijn er op dit meetmoment geen antwoorden.",
        "all_habits_hidden": "Elke gewoonte heeft in dit team te weinig antwoorden (minder dan "
                             "{threshold}) of is verborgen naast een te klein team: om de "
                             "privacy te beschermen tonen we geen scores.",
        "n_fewer": "minder dan {threshold}",
        "n_hidden": "verborgen",
        "habit_hidden_note": "Een streepje bij een gewoonte: te weinig antwoorden op die "
                             "gewoonte (minder dan {threshold}), of verborgen naast een te "
                             "kleine groep. Haar stellingen en de OECD-dimensies en "
                             "Senge-disciplines waar ze in meetelt tonen we dan ook niet.",
        "privacy_rule": _RULE["nl"],
        "hidden_together": "Verborgen teams samen ({n})",
        "together_note": "samen getoond: de school min de getoonde teams, dus niets nieuws over "
                         "één team",
        "habit_hidden_here": "Deze gewoonte heeft in dit team te weinig antwoorden (minder dan "
                             "{threshold}), of is verborgen naast een te kleine groep: om de "
                             "privacy te beschermen tonen we haar stellingen niet.",
        "items_hidden": "{n} stelling(en) niet getoond: minder dan {threshold} antwoorden, of "
                        "verborgen naast een te kleine groep.",
        "scale_note": "Schaal 1 (helemaal mee oneens) tot 5 (helemaal mee eens).",
        "too_few_teams": "Te weinig teams ({n}, minimaal {min}) om een verband te tonen.",
        "too_few_teams_short": "te weinig teams (minimaal {min})",
        "relations_note": "Elke rij vergelijkt de teams van het bestuur: r is de correlatie "
                          "(Pearson) tussen de teamscore op de gewoonte en de waarde van de "
                          "indicator, over het aantal teams in de kolom Teams, met een "
                          "95%-interval. Dit zijn samenhangen, geen bewijs van oorzaak en "
                          "gevolg. Bevat het interval nul, dan kan het verband toeval zijn. "
                          "Onder de {min} teams berekenen we geen verband.",
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
        "prov_date": "datum",
        "prov_store": "gegevensmap (store)",
        "no_aspiration": "Er is geen bestand met het gezamenlijk verlangen opgegeven.",
        "no_indicator_data": "Het gezamenlijk verlangen noemt {n} indicator(en), maar de "
                             "gegevens bevatten geen leerlinggegevens (observaties of toetsen) "
                             "die erbij horen. Lees de observatie- en toetsexports mee in "
                             "(kit ingest) om te zien of we op koers zijn.",
        "no_unit_indicators": "Voor meetmoment {wave} zijn er hier geen leerlinggegevens bij de "
                              "indicatoren van het gezamenlijk verlangen.",
        "no_relations": "Voor meetmoment {wave} zijn er geen teams met zowel scores als "
                        "leerlinggegevens; verbanden zijn dus niet te berekenen.",
        "indicator_hidden": "Een streepje als waarde: geen leerlinggegevens, of minder dan "
                            "{min} leerlingen; om de privacy te beschermen tonen we dan geen "
                            "waarde.",
        "no_previous": "Er is geen vorig meetmoment met scores om mee te vergelijken.",
        "method": "Scores zijn het gemiddelde van de beantwoorde stellingen van een gewoonte "
                  "(minstens twee derde beantwoord), per team met een 95%-interval en de "
                  "overeenstemming rwg(j) (uniforme nulverdeling). Verbanden tussen teams zijn "
                  "samenhangen, geen oorzaken. " + _RULE["nl"],
        "data_quality": "Gegevenskwaliteit: elke ingelezen rij is geaccepteerd of met een reden "
                        "afgewezen.",
        "provenance": "Herkomst",
        "reliability": "Betrouwbaarheid van de gewoonten over alle respondenten van dit "
                       "meetmoment (Cronbachs alfa met 95%-interval, McDonalds omega):",
        # study-day dashboard (kit.dashboard)
        "dash_title": "Studiedag: de vijf lerende gewoonten",
        "dash_language": "Taal",
        "dash_habit": "Gewoonte",
        "dash_view_overview": "De vijf gewoonten",
        "dash_view_aspects": "Aspecten",
        "dash_view_aspiration": "Gezamenlijk verlangen",
        "dash_view_relations": "Verbanden",
        "dash_view_reflection": "Reflectie",
        "dash_h_overview": "{team}: de vijf gewoonten naast school en bestuur ({wave})",
        "dash_h_aspects": "{team}: de aspecten van ‘{habit}’ ({wave})",
        "dash_h_aspiration": "{team}: het gezamenlijk verlangen, doelen en trend ({wave})",
        "dash_h_relations": "‘{habit}’ en het gezamenlijk verlangen over de teams ({wave})",
        "dash_h_reflection": "{team}: vragen om samen over door te praten ({wave})",
        "dash_data": "Cijfers bij de figuur",
        "dash_col_unit": "Eenheid",
        "dash_col_habit": "Gewoonte",
        "dash_col_low": "Ondergrens",
        "dash_col_high": "Bovengrens",
        "dash_col_aspect": "Aspect",
        "dash_col_spread": "Spreiding (sd)",
        "dash_col_agree": "Eens",
        "dash_col_disagree": "Oneens",
        "dash_col_indicator": "Indicator",
        "dash_value": "waarde",
        "dash_target": "doel",
        "dash_other_team": "ander team",
        "dash_highlight": "{team} is oranje gemarkeerd; de grijze punten zijn de andere teams "
                          "van het bestuur; de stippellijn is het doel.",
        "dash_no_relation": "Op dit meetmoment is er voor deze gewoonte geen verband te tonen.",
        "dash_no_questions": "Er zijn geen reflectievragen voor dit meetmoment.",
        "dash_save": "Bewaar deze weergave",
        "dash_saved": "Bewaard: {png} en {html}",
        "dash_save_failed": "Bewaren is niet gelukt: {error}",
        "dash_bad_store": "Het dashboard kan deze gegevens niet tonen.",
        "dash_failed": "Deze weergave kon niet worden gemaakt ({error}).",
        # school and board reports
        "school_report_title": "Schoolrapport {school}",
        "board_report_title": "Bestuursrapport {board}",
        "overview_subtitle": "Lerende gewoonten · meetmoment {wave} · alle teams naast elkaar",
        "ov_summary": "1. Samenvatting",
        "ov_teams": "2. De teams naast elkaar",
        "ov_schools": "2. De scholen naast elkaar",
        "ov_board_teams": "3. Alle teams naast elkaar",
        "ov_school_board": "3. De school naast het bestuur",
        "ov_icc": "4. Hoeveel verschillen de teams?",
        "ov_aspiration": "5. Gezamenlijk verlangen: zijn we op koers?",
        "ov_aspiration_school": "4. Gezamenlijk verlangen: zijn we op koers?",
        "ov_relations": "6. Verbanden tussen gewoonten en het gezamenlijk verlangen",
        "ml_heading": "Meerniveaumodel: leerlingen in teams",
        "ml_note": "Per gewoonte en indicator (gemiddelden van leerlingen) een meerniveaumodel "
                   "met een random intercept: de waarde van elke leerling tegen de score van "
                   "zijn of haar team op de gewoonte, leerlingen in teams (en in scholen vanaf "
                   "5 scholen). De helling is het verschil in leerlingwaarde per punt hogere "
                   "teamscore, met een 95%-interval. Een samenhang, geen bewijs van oorzaak "
                   "en gevolg; teams zonder scores doen niet mee.",
        "ml_levels_3": "Drie niveaus: leerlingen in teams in {n} scholen.",
        "ml_levels_2": "Twee niveaus: met {n} scholen (minder dan 5) zitten de verschillen "
                       "tussen scholen in de verschillen tussen teams.",
        "ml_levels_mixed": "Drie niveaus (leerlingen in teams in {n} scholen); waar de "
                           "verschillen tussen scholen op nul geschat worden, twee niveaus.",
        "ml_levels_zero": "Twee niveaus: de verschillen tussen de {n} scholen worden op nul "
                          "geschat.",
        "ml_sure": "{sign} verband",
        "ml_chance": "{sign} verband; kan toeval zijn",
        "ml_too_few_teams": "te weinig teams (minimaal {min})",
        "ml_too_few_schools": "te weinig scholen voor drie niveaus",
        "ml_not_converged": "het model convergeerde niet; geen uitkomst",
        "ml_boundary": "een variantie is nul geschat; geen uitkomst",
        "ml_none": "Er is geen indicator met gemiddelden van leerlingen (observaties) in dit "
                   "meetmoment, dus geen meerniveaumodel.",
        "ov_relations_school": "5. Verbanden tussen gewoonten en het gezamenlijk verlangen",
        "ov_accountability": "7. Verantwoording",
        "ov_accountability_school": "6. Verantwoording",
        "heatmap_note": "Gemiddelde score per team en gewoonte (1-5). Een grijs vak met een "
                        "streepje: "
                        "dit team heeft te weinig respondenten, of is verborgen om terugrekenen te "
                        "voorkomen; van zo'n team tonen we geen cijfers.",
        "hidden_list": "Zonder scores dit meetmoment: {teams}.",
        "hidden_small": "te weinig respondenten (minder dan {threshold})",
        "hidden_complementary": "verborgen om terugrekenen te voorkomen",
        "no_responses": "geen respondenten",
        "n_schools": "Scholen",
        "n_teams_all": "Teams",
        "n_teams_scored": "Teams met scores",
        "icc_note": "ICC(1): het deel van de verschillen tussen personen dat bij het team hoort; "
                    "ICC(2): hoe betrouwbaar de teamgemiddelden teams van elkaar onderscheiden.",
        "per_team": "Per team",
        "per_school": "Per school",
        "own_school": "De school als geheel",
        "own_board": "Het bestuur als geheel",
        "other_teams": "andere teams van het bestuur",
        "free_text_title": "Toelichtingen van het team",
        "free_text_intro": "Antwoorden op de open vragen, in alfabetische volgorde (niet in de "
                           "volgorde van invullen). E-mailadressen, telefoonnummers en namen uit "
                           "de export zijn vervangen door [verwijderd]; lees ze voor je ze deelt.",
        "free_text_none": "Er zijn geen open antwoorden bewaard (inlezen met --free-text of "
                          "'free_text: true' in het koppelbestand).",
        "free_text_none_team": "Dit team heeft dit meetmoment geen open antwoorden gegeven.",
        "free_text_small": "{n} open vraag/vragen niet getoond: minder dan {threshold} "
                           "teamleden gaven een antwoord.",
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
        "suppressed_team": "Too few respondents (fewer than {threshold}): to protect privacy "
                           "no scores are shown.",
        "suppressed_complementary": "This team has enough respondents, but another team of "
                                    "the school has too few. The figures of the school as a "
                                    "whole are shown; if this team's were shown as well, "
                                    "anyone could work out the small team's scores. So this "
                                    "team shows no scores and no number of respondents. The "
                                    "school report shows how the teams score together.",
        "suppressed_school": "The school as a whole is hidden: fewer than {threshold} "
                             "respondents, or otherwise a team that is too small could be "
                             "worked out.",
        "no_answers_team": "This team has no answers in this wave.",
        "all_habits_hidden": "Every habit has too few answers in this team (fewer than "
                             "{threshold}) or is hidden beside a team that is too small: to "
                             "protect privacy no scores are shown.",
        "n_fewer": "fewer than {threshold}",
        "n_hidden": "hidden",
        "habit_hidden_note": "A dash for a habit: too few answers to that habit (fewer than "
                             "{threshold}), or hidden beside a group that is too small. Its "
                             "statements and the OECD dimensions and Senge disciplines it is "
                             "part of are then not shown either.",
        "privacy_rule": _RULE["en"],
        "hidden_together": "Hidden teams together ({n})",
        "together_note": "shown together: the school minus the teams shown, so nothing new "
                         "about any one team",
        "habit_hidden_here": "This habit has too few answers in this team (fewer than "
                             "{threshold}), or is hidden beside a group that is too small: to "
                             "protect privacy its statements are not shown.",
        "items_hidden": "{n} statement(s) not shown: fewer than {threshold} answers, or hidden "
                        "beside a group that is too small.",
        "scale_note": "Scale 1 (strongly disagree) to 5 (strongly agree).",
        "too_few_teams": "Too few teams ({n}, at least {min}) to show a relation.",
        "too_few_teams_short": "too few teams (at least {min})",
        "relations_note": "Each row compares the board's teams: r is the (Pearson) correlation "
                          "between the teams' scores on the habit and their values of the "
                          "indicator, over the number of teams in the Teams column, with a 95% "
                          "interval. These are associations, not proof of cause and effect. "
                          "When the interval includes zero, the association may be chance. "
                          "Below {min} teams no relation is computed.",
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
        "prov_date": "date",
        "prov_store": "store",
        "no_aspiration": "No shared-aspiration file was given.",
        "no_indicator_data": "The shared aspiration names {n} indicator(s), but the data hold "
                             "no pupil data (observations or tests) for them. Ingest the "
                             "observation and test exports too (kit ingest) to see whether "
                             "we are on course.",
        "no_unit_indicators": "In wave {wave} there is no pupil data here for the indicators "
                              "of the shared aspiration.",
        "no_relations": "In wave {wave} no team has both scores and pupil data, so relations "
                        "cannot be computed.",
        "indicator_hidden": "A dash as the value: no pupil data, or fewer than {min} pupils; "
                            "to protect privacy no value is shown then.",
        "no_previous": "There is no previous wave with scores to compare with.",
        "method": "Scores are the mean of the answered statements of a habit (at least two "
                  "thirds answered), per team with a 95% interval and the agreement rwg(j) "
                  "(uniform null). Relations across teams are associations, not causes. "
                  + _RULE["en"],
        "data_quality": "Data quality: every row read was accepted or rejected with a reason.",
        "provenance": "Provenance",
        "reliability": "Reliability of the habits over all respondents of this wave (Cronbach's "
                       "alpha with 95% interval, McDonald's omega):",
        # study-day dashboard (kit.dashboard)
        "dash_title": "Study day: the five learning habits",
        "dash_language": "Language",
        "dash_habit": "Habit",
        "dash_view_overview": "The five habits",
        "dash_view_aspects": "Aspects",
        "dash_view_aspiration": "Shared aspiration",
        "dash_view_relations": "Relations",
        "dash_view_reflection": "Reflection",
        "dash_h_overview": "{team}: the five habits beside school and board ({wave})",
        "dash_h_aspects": "{team}: the aspects of ‘{habit}’ ({wave})",
        "dash_h_aspiration": "{team}: the shared aspiration, targets and trend ({wave})",
        "dash_h_relations": "‘{habit}’ and the shared aspiration across the teams ({wave})",
        "dash_h_reflection": "{team}: questions to talk through together ({wave})",
        "dash_data": "Numbers behind the figure",
        "dash_col_unit": "Unit",
        "dash_col_habit": "Habit",
        "dash_col_low": "Lower bound",
        "dash_col_high": "Upper bound",
        "dash_col_aspect": "Aspect",
        "dash_col_spread": "Spread (sd)",
        "dash_col_agree": "Agree",
        "dash_col_disagree": "Disagree",
        "dash_col_indicator": "Indicator",
        "dash_value": "value",
        "dash_target": "target",
        "dash_other_team": "other team",
        "dash_highlight": "{team} is highlighted in orange; the grey points are the board's "
                          "other teams; the dotted line is the target.",
        "dash_no_relation": "There is no relation to show for this habit in this wave.",
        "dash_no_questions": "There are no reflection questions for this wave.",
        "dash_save": "Save this view",
        "dash_saved": "Saved: {png} and {html}",
        "dash_save_failed": "Saving failed: {error}",
        "dash_bad_store": "The dashboard cannot show this data.",
        "dash_failed": "This view could not be made ({error}).",
        # school and board reports
        "school_report_title": "School report {school}",
        "board_report_title": "Board report {board}",
        "overview_subtitle": "Learning habits · wave {wave} · all teams side by side",
        "ov_summary": "1. Summary",
        "ov_teams": "2. The teams side by side",
        "ov_schools": "2. The schools side by side",
        "ov_board_teams": "3. All teams side by side",
        "ov_school_board": "3. The school beside the board",
        "ov_icc": "4. How much do teams differ?",
        "ov_aspiration": "5. Shared aspiration: are we on course?",
        "ov_aspiration_school": "4. Shared aspiration: are we on course?",
        "ov_relations": "6. Relations between habits and the shared aspiration",
        "ml_heading": "Multilevel model: pupils in teams",
        "ml_note": "Per habit and indicator (pupil means) a random-intercept model: each "
                   "pupil's value against their team's score on the habit, pupils in teams "
                   "(and in schools from 5 schools up). The slope is the difference in the "
                   "pupils' value per point of team score, with a 95% interval. An "
                   "association, not proof of cause and effect; teams without scores take no "
                   "part.",
        "ml_levels_3": "Three levels: pupils in teams in {n} schools.",
        "ml_levels_2": "Two levels: with {n} schools (fewer than 5) the differences between "
                       "schools are part of the differences between teams.",
        "ml_levels_mixed": "Three levels (pupils in teams in {n} schools); where the "
                           "differences between schools are estimated at zero, two levels.",
        "ml_levels_zero": "Two levels: the differences between the {n} schools are estimated "
                          "at zero.",
        "ml_sure": "{sign} association",
        "ml_chance": "{sign} association; may be chance",
        "ml_too_few_teams": "too few teams (at least {min})",
        "ml_too_few_schools": "too few schools for three levels",
        "ml_not_converged": "the model did not converge; no result",
        "ml_boundary": "a variance was estimated at zero; no result",
        "ml_none": "No indicator with pupil means (observations) in this wave, so no "
                   "multilevel model.",
        "ov_relations_school": "5. Relations between habits and the shared aspiration",
        "ov_accountability": "7. Method and sources",
        "ov_accountability_school": "6. Method and sources",
        "heatmap_note": "Mean score per team and habit (1-5). A grey cell with a dash: the team "
                        "has too few respondents, or is hidden to prevent recovery by "
                        "subtraction; such a team shows no numbers.",
        "hidden_list": "Without scores this wave: {teams}.",
        "hidden_small": "too few respondents (fewer than {threshold})",
        "hidden_complementary": "hidden to prevent recovery by subtraction",
        "no_responses": "no respondents",
        "n_schools": "Schools",
        "n_teams_all": "Teams",
        "n_teams_scored": "Teams with scores",
        "icc_note": "ICC(1): the share of the differences between people that belongs to the "
                    "team; ICC(2): how reliably the team means tell teams apart.",
        "per_team": "Per team",
        "per_school": "Per school",
        "own_school": "The school as a whole",
        "own_board": "The board as a whole",
        "other_teams": "the board's other teams",
        "free_text_title": "The team's comments",
        "free_text_intro": "Answers to the open questions, in alphabetical order (not in the "
                           "order they were given). E-mail addresses, phone numbers and names "
                           "from the export were replaced by [verwijderd]; read them before "
                           "sharing.",
        "free_text_none": "No open answers were stored (ingest with --free-text or "
                          "'free_text: true' in the mapping file).",
        "free_text_none_team": "This team gave no open answers in this wave.",
        "free_text_small": "{n} open question(s) not shown: fewer than {threshold} team members "
                           "answered.",
    },
}


def t(key: str, lang: str = "nl", **values: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``values``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    text = _TEXT[lang].get(key) or _TEXT["nl"][key]
    if "{pupils}" in text and "pupils" not in values:
        from kit.analysis.privacy import PUPIL_THRESHOLD
        values = {**values, "pupils": PUPIL_THRESHOLD}
    return text.format(**values) if values else text
