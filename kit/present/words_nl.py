"""Every word a user reads, in Dutch (keys shared with the other language; see
:mod:`kit.present.text`)."""

from __future__ import annotations

__all__ = ["RULE", "TEXT"]

#: the privacy rule, stated once for every report's method section and the README
RULE = ("Privacy: van een team, een school of een stelling met minder dan {threshold} "
        "respondenten tonen we geen scores en geen precies aantal respondenten, alleen "
        "'minder dan {threshold}'. Als de cijfers van de hele school wel getoond worden en "
        "precies één team verborgen is, verbergen we ook het kleinste andere team: anders "
        "kan iedereen de scores van het kleine team terugrekenen door de andere teams van de "
        "school af te trekken. Van zo'n team noemen we ook het aantal respondenten niet. "
        "Een gewoonte met minder dan {threshold} antwoorden in een team verbergen we op "
        "dezelfde manier, samen met haar stellingen en de OECD-dimensies en "
        "Senge-disciplines waar ze in meetelt. Leerlinggegevens tonen we pas vanaf "
        "{pupils} leerlingen, volgens dezelfde regel.")

TEXT: dict[str, str] = {
    # relations across teams (kit.present.wording)
    "rel_strength_0": "een zeer zwak",
    "rel_strength_1": "een zwak",
    "rel_strength_2": "een matig",
    "rel_strength_3": "een sterk",
    "rel_higher": "hoger",
    "rel_lower": "lager",
    "rel_sentence": "Over {n} teams: teams die hoger scoren op ‘{habit}’ scoren gemiddeld "
                    "{direction} op ‘{indicator}’; {strength} verband (r = {r}, 95%-interval "
                    "{lo} tot {hi}).",
    "rel_no_cause": " Dit is een samenhang, geen bewijs van oorzaak en gevolg.",
    "rel_short": "{strength} {sign} verband",
    "rel_positive": "positief",
    "rel_negative": "negatief",
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
    "n_at_least": "minstens {threshold}",
    "habit_hidden_note": "Een streepje bij een gewoonte: te weinig antwoorden op die "
                         "gewoonte (minder dan {threshold}), of verborgen naast een te "
                         "kleine groep. Haar stellingen en de OECD-dimensies en "
                         "Senge-disciplines waar ze in meetelt tonen we dan ook niet.",
    "privacy_rule": RULE,
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
    "reflection_intro_hidden": "Van dit team tonen we geen scores. Deze vragen uit het "
                               "artikel helpen om toch samen het gesprek te voeren:",
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
    "indicator_hidden": "Een streepje als waarde: geen leerlinggegevens, minder dan {min} "
                        "leerlingen, of verborgen naast een team met te weinig leerlingen "
                        "(anders is de waarde van dat kleine team uit die van de school terug "
                        "te rekenen); om de privacy te beschermen tonen we dan geen waarde.",
    "no_previous": "Er is geen vorig meetmoment met scores om mee te vergelijken.",
    "method": "Scores zijn het gemiddelde van de beantwoorde stellingen van een gewoonte "
              "(minstens twee derde beantwoord), per team met een 95%-interval en de "
              "overeenstemming rwg(j) (uniforme nulverdeling). Verbanden tussen teams zijn "
              "samenhangen, geen oorzaken. " + RULE,
    "data_quality": "Gegevenskwaliteit: elke ingelezen rij is geaccepteerd of met een reden "
                    "afgewezen.",
    "provenance": "Herkomst",
    "reliability": "Betrouwbaarheid van de gewoonten over alle respondenten van dit "
                   "meetmoment (Cronbachs alfa met 95%-interval, McDonalds omega):",
    # study-day dashboard (kit.dashboard)
    "dash_title": "Studiedag: de vijf lerende gewoonten",
    "dash_language": "Taal",
    "dash_view": "Weergave",
    "dash_loading": "Een ogenblik: de knoppen om te kiezen worden geladen.",
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
    "index_title": "Rapporten",
    "index_report": "rapport",
    "index_board": "Bestuursrapport",
    "index_school": "Schoolrapport",
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
    # a team report's relations: only those computed, with the team's own place
    "rel_own_score": "Jullie score",
    "rel_own_value": "Jullie waarde",
    "rel_not_computed": "{n} van de {total} verbanden konden niet berekend worden: {reason}.",
    "rel_not_computed_one": "1 van de {total} verbanden kon niet berekend worden: {reason}.",
    "rel_none_computed": "Geen van de {total} verbanden kon berekend worden: {reason}.",
    "rel_reason_few": "te weinig teams met zowel scores als leerlinggegevens (minimaal {min})",
    "rel_reason_flat": "te weinig teams met zowel scores als leerlinggegevens (minimaal {min}), "
                       "of te weinig verschil tussen de teams",
    "rel_missing_indicators": "Met {names} kon geen enkel verband berekend worden.",
    "rel_own_note": "De laatste twee kolommen geven de plek van jullie team: jullie score op de "
                    "gewoonte en jullie waarde van de indicator (in de figuur de gekleurde stip).",
    "rel_own_dash": "Een streepje bij jullie team: geen leerlinggegevens, of niet getoond om de "
                    "privacy te beschermen; jullie team staat dan niet in die deelfiguur.",
    "rel_own_hidden": "Van jullie team tonen we geen scores (zie de samenvatting), dus ook "
                      "geen plek in deze verbanden: de tabel en de figuur gaan over de teams "
                      "van het bestuur waarvan de scores getoond worden.",
    "free_text_title": "Toelichtingen van het team",
    "free_text_intro": "Antwoorden op de open vragen, in alfabetische volgorde (niet in de "
                       "volgorde van invullen). E-mailadressen, telefoonnummers en namen uit "
                       "de export zijn vervangen door [verwijderd]; lees ze voor je ze deelt.",
    "free_text_none": "Er zijn geen open antwoorden bewaard (inlezen met --free-text of "
                      "'free_text: true' in het koppelbestand).",
    "free_text_none_team": "Dit team heeft dit meetmoment geen open antwoorden gegeven.",
    "free_text_small": "{n} open vraag/vragen niet getoond: minder dan {threshold} "
                       "teamleden gaven een antwoord.",
    # clear-change wording, reflection after the article's cycle, glossary (issue 13;
    # kit.present.wording, kit.present.reflection, kit.present.glossary)
    "wd_change_up": "gestegen",
    "wd_change_down": "gedaald",
    "wd_change_none": "geen duidelijke verandering",
    "wd_relation": "{sign} verband",
    "wd_relation_none": "geen duidelijk verband",
    "wd_strength_0": "zeer zwak",
    "wd_strength_1": "zwak",
    "wd_strength_2": "matig",
    "wd_strength_3": "sterk",
    "wd_sentence_none": "Over {n} teams is er geen duidelijk verband tussen ‘{habit}’ en "
                        "‘{indicator}’ (r = {r}, 95%-interval {lo} tot {hi}): het interval "
                        "bevat nul, dus wat we zien kan toeval zijn.",
    "wd_no_cause_none": " Ook een duidelijk verband zou een samenhang zijn, geen bewijs van "
                        "oorzaak en gevolg.",
    "refl_off_course": "Zijn we op koers? ‘{indicator}’ is {value} tegen een doel van "
                       "{target}. Wat zegt dit over onze impact op het leren van de "
                       "leerlingen, en wat willen we anders doen?",
    "refl_lowest": "Het team scoort het laagst op ‘{text}’ (gemiddeld {mean}). Wat maakt dat "
                   "dit aspect nog niet vanzelf gaat, en wat zou een eerste kleine stap zijn?",
    "refl_lowest_more": "Ook op ‘{text}’ scoort het team laag (gemiddeld {mean}). Wat zou "
                        "hier helpen?",
    "refl_disagreement": "Over ‘{text}’ lopen de antwoorden het verst uiteen (spreiding "
                         "{sd}). Welke ervaringen liggen achter de verschillende antwoorden?",
    "refl_disagreement_more": "Ook over ‘{text}’ lopen de antwoorden ver uiteen (spreiding "
                              "{sd}). Wat verstaan we er ieder onder?",
    "refl_change_up": "‘{text}’ is sinds het vorige meetmoment duidelijk gestegen ({change}; "
                      "95%-interval {lo} tot {hi}). Wat hebben we gedaan dat hieraan "
                      "bijdroeg, en hoe houden we dat vast?",
    "refl_change_up_more": "Ook ‘{text}’ is duidelijk gestegen ({change}; 95%-interval {lo} "
                           "tot {hi}). Wat zit erachter?",
    "refl_change_down": "‘{text}’ is sinds het vorige meetmoment duidelijk gedaald ({change}; "
                        "95%-interval {lo} tot {hi}). Wat is er veranderd, en wat hebben we "
                        "daarin van elkaar nodig?",
    "refl_change_down_more": "Ook ‘{text}’ is duidelijk gedaald ({change}; 95%-interval {lo} "
                             "tot {hi}). Wat zit erachter?",
    "refl_general_aspiration": "Wat willen wij aan het einde van de schoolloopbaan bij onze "
                               "leerlingen zien aan kennis, houding en vaardigheden?",
    "refl_general_course": "Zijn we op koers? Aan welke gegevens zien we of we dichter bij "
                           "ons gezamenlijk verlangen komen?",
    "refl_general_impact": "Wat zegt deze informatie over onze impact op het leren van de "
                           "leerlingen, en over ons eigen leren als leraar?",
    "refl_general_works": "Wat werkt om ons gezamenlijk verlangen te bereiken, en hoe weten "
                          "we dat?",
    "refl_general_film": "Als een lastige situatie van de afgelopen tijd een film was: op welk "
                         "moment zouden we op ‘Stop’ drukken en een andere afloop schrijven? "
                         "Wat zou er dan anders gaan?",
    "refl_general_leadership": "Hoe ervaren we als team het leiderschap in onze school: waar "
                               "helpt het ons om van en met elkaar te leren, en wat hebben we "
                               "nog nodig?",
    "refl_general_grow": "Wat hebben we nodig om te groeien, ieder voor zich en als team?",
    "gl_title": "Woordenlijst",
    "gl_rwg_term": "Overeenstemming (rwg)",
    "gl_rwg": "Hoe eensgezind het team antwoordt, van 0 tot 1. Vanaf ongeveer 0,7: jullie "
              "zijn het grotendeels met elkaar eens. Lager: de antwoorden lopen uiteen, en "
              "het gemiddelde zegt minder over het hele team.",
    "gl_interval_term": "95%-interval",
    "gl_interval": "De marge rond een getal. Met een klein team kan een gemiddelde toevallig "
                   "wat hoger of lager uitvallen; het interval geeft aan waar het getal "
                   "vrijwel zeker ligt. Ligt nul binnen het interval van een verandering of "
                   "verband, dan noemen we het niet duidelijk.",
    "gl_icc_term": "ICC",
    "gl_icc": "Hoeveel de teams van elkaar verschillen. Een ICC van 0,10 betekent dat een "
              "tiende van de verschillen tussen leraren samenhangt met het team waarin ze "
              "werken; de rest zijn verschillen tussen mensen binnen een team.",
    "gl_slope_term": "Helling",
    "gl_slope": "Hoeveel hoger of lager de leerlingen gemiddeld scoren bij een team dat één "
                "punt hoger scoort op een gewoonte. Een samenhang, geen bewijs dat het een "
                "het ander veroorzaakt.",
    "gl_trend_term": "Trend",
    "gl_trend": "Het verschil met het vorige meetmoment: een plus is hoger dan toen, een min "
                "lager.",
    "gl_spread_term": "Spreiding",
    "gl_spread": "Hoe ver de antwoorden uit elkaar liggen. Bij 0 gaf iedereen hetzelfde "
                 "antwoord; vanaf ongeveer 1 lopen de antwoorden flink uiteen.",
    "gl_response_term": "Respons",
    "gl_response": "Het deel van het team dat de vragenlijst heeft ingevuld. Onder de 75% "
                   "geven de cijfers misschien geen goed beeld van het hele team.",
    "gl_on_course_term": "Op koers",
    "gl_on_course": "Een indicator van het gezamenlijk verlangen haalt het doel dat de school "
                    "zelf heeft gesteld.",
    "gl_n_term": "n",
    "gl_n": "Het aantal mensen (of leerlingen) waarop een getal berust. Hoe kleiner n, hoe "
            "groter de marge.",
    # figures a teacher can read (colour legends, scale ends, difference heat map)
    "plot_scale_ends": "{scale}: {lo} … {hi}",
    "plot_diff_board": "Verschil met het bestuur: gemiddelde van het team min dat van het "
                       "bestuur (in punten op de schaal)",
    "plot_hidden_cell": "Grijs vak met een streepje: geen cijfers (te weinig antwoorden, of "
                        "verborgen om terugrekenen te voorkomen).",
    # dashboard: a view without numbers to draw (issue 13, point 8)
    "dash_nothing_to_draw": "Voor deze keuze zijn er geen cijfers om te tekenen.",
    # "Waar kijken?": the first page of the school and board reports (issue 13, point 1)
    "at_title": "Waar kijken?",
    "at_intro": "Deze pagina zet op een rij waar het gesprek over {wave} kan beginnen. Elke "
                "lijst verwijst naar het hoofdstuk met de cijfers.",
    "at_see": "Zie",
    "at_more": "en nog {n}",
    "at_units_school": "scholen",
    "at_units_team": "teams",
    "at_course_head": "Gezamenlijk verlangen: op koers?",
    "at_course_summary": "{k} van de {n} {units} met metingen zijn op alle gemeten indicatoren "
                         "op koers.",
    "at_whole": "{name} (geheel)",
    "at_on_line": "Op koers voor {indicator}: {units}",
    "at_course_col": "{indicator} (doel {target})",
    "at_yes": "ja, {value}",
    "at_no": "nee, {value}",
    "at_course_note": "ja: het doel is gehaald; nee: nog niet; –: niet gemeten of te weinig "
                      "leerlingen.",
    "at_changes_head": "Duidelijke veranderingen sinds het vorige meetmoment",
    "at_change_line": "{unit}: {habit} {words} ({change})",
    "at_no_changes": "Geen duidelijke veranderingen sinds {wave}: bij elke verandering ligt nul "
                     "binnen het interval.",
    "at_low_head": "Gewoonten het laagst ten opzichte van het bestuur",
    "at_low_line": "{unit}: {habit} {mean} tegen {board} in het bestuur",
    "at_clearly_lower": "(duidelijk lager)",
    "at_no_low": "Geen gewoonte ligt onder het gemiddelde van het bestuur.",
    "at_high_line": "{unit}: {habit} duidelijk hoger dan het bestuur ({mean} tegen {board})",
    "at_response_head": "Respons onder 75%",
    "at_no_low_response": "Alle {units} met scores hebben een respons van 75% of meer.",
    "at_well_head": "Wat goed gaat",
    "at_no_well": "Nog niets ligt duidelijk boven het doel of het bestuur, en niets is duidelijk "
                  "gestegen.",
    # the school report's statements against the board (issue 13, point 5)
    "sec_statements_board": "De stellingen: elk team naast het bestuur",
    "diff_note": "Per stelling het gemiddelde van het team min dat van het bestuur als geheel, "
                 "in punten op de vijfpuntsschaal. Blauw: het team is het er meer mee eens dan "
                 "het bestuur; rood: minder. Bij een klein team zegt een verschil onder een "
                 "halve punt weinig.",
    # a change of a share, in percentage points
    "pct_points": "{v} %-punt",
    "dash_share_axis": "Aandeel leerlingen",
    # the leadership habit's statements are the leader's own (issue 13; issue 15 rewrites them)
    "leader_note": "De stellingen van ‘{habit}’ zijn geschreven vanuit de schoolleider (‘Ik ben "
                   "rolmodel …’). Teamleden beantwoorden ze ook: lees hun scores als hoe het team "
                   "het leiderschap in de school ziet, niet als hun eigen taak.",
    "sec_trend": "Alle meetmomenten tot nu toe",
}

# the leader report (issue 15): its words live in words_leader
from kit.present.words_leader import NL as _LEADER  # noqa: E402

TEXT.update(_LEADER)

# the optional modules (issue 15): their words live in words_modules
from kit.present.words_modules import NL as _MODULES  # noqa: E402

TEXT.update(_MODULES)
