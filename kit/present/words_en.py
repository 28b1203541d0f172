"""Every word a user reads, in English (keys shared with the other language; see
:mod:`kit.present.text`)."""

from __future__ import annotations

__all__ = ["RULE", "TEXT"]

#: the privacy rule, stated once for every report's method section and the README
RULE = ("Privacy: a team, school or statement with fewer than {threshold} respondents "
        "shows no scores and no exact number of respondents, only 'fewer than "
        "{threshold}'. When the figures of the whole school are shown and exactly one team "
        "is hidden, the smallest other team is hidden too: otherwise anyone could work out "
        "the small team's scores by subtracting the school's other teams. Such a team's "
        "number of respondents is not given either. A habit with fewer than {threshold} "
        "answers in a team is hidden in the same way, together with its statements and the "
        "OECD dimensions and Senge disciplines it is part of. Pupil data is shown only from "
        "{pupils} pupils, by the same rule.")

TEXT: dict[str, str] = {
    # relations across teams (kit.present.wording)
    "rel_strength_0": "a very weak",
    "rel_strength_1": "a weak",
    "rel_strength_2": "a moderate",
    "rel_strength_3": "a strong",
    "rel_higher": "higher",
    "rel_lower": "lower",
    "rel_sentence": "Across {n} teams, teams scoring higher on ‘{habit}’ tend to score "
                    "{direction} on ‘{indicator}’: {strength} association (r = {r}, 95% "
                    "interval {lo} to {hi}).",
    "rel_no_cause": " This is an association, not proof of cause and effect.",
    "rel_short": "{strength} {sign} association",
    "rel_positive": "positive",
    "rel_negative": "negative",
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
    "n_at_least": "at least {threshold}",
    "habit_hidden_note": "A dash for a habit: too few answers to that habit (fewer than "
                         "{threshold}), or hidden beside a group that is too small. Its "
                         "statements and the OECD dimensions and Senge disciplines it is "
                         "part of are then not shown either.",
    "privacy_rule": RULE,
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
    "reflection_intro_hidden": "This team's scores are not shown. These questions from the "
                               "article help to have the conversation all the same:",
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
    "indicator_hidden": "A dash as the value: no pupil data, fewer than {min} pupils, or "
                        "hidden beside a team with too few pupils (otherwise its value could "
                        "be worked out from the school's); to protect privacy no value is "
                        "shown then.",
    "no_previous": "There is no previous wave with scores to compare with.",
    "method": "Scores are the mean of the answered statements of a habit (at least two "
              "thirds answered), per team with a 95% interval and the agreement rwg(j) "
              "(uniform null). Relations across teams are associations, not causes. "
              + RULE,
    "data_quality": "Data quality: every row read was accepted or rejected with a reason.",
    "provenance": "Provenance",
    "reliability": "Reliability of the habits over all respondents of this wave (Cronbach's "
                   "alpha with 95% interval, McDonald's omega):",
    # study-day dashboard (kit.dashboard)
    "dash_title": "Study day: the five learning habits",
    "dash_language": "Language",
    "dash_view": "View",
    "dash_loading": "One moment: the controls are loading.",
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
    "index_title": "Reports",
    "index_report": "report",
    "index_board": "Board report",
    "index_school": "School report",
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
    # a team report's relations: only those computed, with the team's own place
    "rel_own_score": "Your score",
    "rel_own_value": "Your value",
    "rel_not_computed": "{n} of the {total} relations could not be computed: {reason}.",
    "rel_not_computed_one": "1 of the {total} relations could not be computed: {reason}.",
    "rel_none_computed": "None of the {total} relations could be computed: {reason}.",
    "rel_reason_few": "too few teams with both scores and pupil data (at least {min})",
    "rel_reason_flat": "too few teams with both scores and pupil data (at least {min}), or too "
                       "little difference between the teams",
    "rel_missing_indicators": "No relation at all could be computed with {names}.",
    "rel_own_note": "The last two columns give your team's place: your score on the habit and "
                    "your value of the indicator (the coloured dot in the figure).",
    "rel_own_dash": "A dash for your team: no pupil data, or not shown to protect privacy; "
                    "your team is then not in that panel of the figure.",
    "rel_own_hidden": "Your team's scores are not shown (see the summary), so neither is its "
                      "place in these relations: the table and the figure are about the "
                      "board's teams whose scores are shown.",
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
    # clear-change wording, reflection after the article's cycle, glossary (issue 13;
    # kit.present.wording, kit.present.reflection, kit.present.glossary)
    "wd_change_up": "risen",
    "wd_change_down": "fallen",
    "wd_change_none": "no clear change",
    "wd_relation": "{sign} association",
    "wd_relation_none": "no clear association",
    "wd_strength_0": "very weak",
    "wd_strength_1": "weak",
    "wd_strength_2": "moderate",
    "wd_strength_3": "strong",
    "wd_sentence_none": "Across {n} teams there is no clear association between ‘{habit}’ and "
                        "‘{indicator}’ (r = {r}, 95% interval {lo} to {hi}): the interval "
                        "includes zero, so what we see may be chance.",
    "wd_no_cause_none": " Even a clear association would be an association, not proof of "
                        "cause and effect.",
    "refl_off_course": "Are we on course? ‘{indicator}’ is {value} against a target of "
                       "{target}. What does this say about our impact on the pupils' "
                       "learning, and what do we want to do differently?",
    "refl_lowest": "The team scores lowest on ‘{text}’ (mean {mean}). What makes this aspect "
                   "not yet come naturally, and what would be a small first step?",
    "refl_lowest_more": "The team also scores low on ‘{text}’ (mean {mean}). What would help "
                        "here?",
    "refl_disagreement": "The answers differ most on ‘{text}’ (spread {sd}). Which "
                         "experiences lie behind the different answers?",
    "refl_disagreement_more": "The answers also differ widely on ‘{text}’ (spread {sd}). What "
                              "does each of us understand by it?",
    "refl_change_up": "‘{text}’ has clearly risen since the previous wave ({change}; 95% "
                      "interval {lo} to {hi}). What did we do that contributed to this, and "
                      "how do we keep it?",
    "refl_change_up_more": "‘{text}’ has also clearly risen ({change}; 95% interval {lo} to "
                           "{hi}). What lies behind it?",
    "refl_change_down": "‘{text}’ has clearly fallen since the previous wave ({change}; 95% "
                        "interval {lo} to {hi}). What has changed, and what do we need from "
                        "each other?",
    "refl_change_down_more": "‘{text}’ has also clearly fallen ({change}; 95% interval {lo} to "
                             "{hi}). What lies behind it?",
    "refl_general_aspiration": "What do we want our pupils to show at the end of their school "
                               "years in knowledge, attitude and skills?",
    "refl_general_course": "Are we on course? Which data show us whether we are coming closer "
                           "to our shared aspiration?",
    "refl_general_impact": "What does this information say about our impact on the pupils' "
                           "learning, and about our own learning as teachers?",
    "refl_general_works": "What works to reach our shared aspiration, and how do we know?",
    "refl_general_film": "If a difficult situation of the past weeks were a film: at which "
                         "moment would we press ‘Stop’ and write a different ending? What "
                         "would then go differently?",
    "refl_general_leadership": "How do we as a team experience the leadership in our school: "
                               "where does it help us learn from and with each other, and "
                               "what do we still need?",
    "refl_general_grow": "What do we need to grow, each of us and as a team?",
    "gl_title": "Glossary",
    "gl_rwg_term": "Agreement (rwg)",
    "gl_rwg": "How much the team agrees in its answers, from 0 to 1. From about 0.7: you "
              "largely agree with each other. Lower: the answers differ, and the mean says "
              "less about the whole team.",
    "gl_interval_term": "95% interval",
    "gl_interval": "The margin around a number. In a small team a mean can turn out a little "
                   "higher or lower by chance; the interval shows where the number almost "
                   "certainly lies. When zero lies inside the interval of a change or an "
                   "association, we do not call it clear.",
    "gl_icc_term": "ICC",
    "gl_icc": "How much the teams differ from each other. An ICC of 0.10 means that a tenth "
              "of the differences between teachers goes with the team they work in; the "
              "rest are differences between people within a team.",
    "gl_slope_term": "Slope",
    "gl_slope": "How much higher or lower pupils score on average in a team that scores one "
                "point higher on a habit. An association, not proof that one causes the "
                "other.",
    "gl_trend_term": "Trend",
    "gl_trend": "The difference from the previous measurement: a plus is higher than then, a "
                "minus lower.",
    "gl_spread_term": "Spread",
    "gl_spread": "How far apart the answers are. At 0 everyone gave the same answer; from "
                 "about 1 the answers differ widely.",
    "gl_response_term": "Response",
    "gl_response": "The share of the team that filled in the questionnaire. Below 75% the "
                   "figures may not give a good picture of the whole team.",
    "gl_on_course_term": "On course",
    "gl_on_course": "An indicator of the shared aspiration reaches the target the school set "
                    "itself.",
    "gl_n_term": "n",
    "gl_n": "The number of people (or pupils) a number rests on. The smaller n, the larger "
            "the margin.",
    # figures a teacher can read (colour legends, scale ends, difference heat map)
    "plot_scale_ends": "{scale}: {lo} … {hi}",
    "plot_diff_board": "Difference from the board: the team's mean minus the board's (in "
                       "points on the scale)",
    "plot_hidden_cell": "Grey cell with a dash: no figures (too few answers, or hidden so that "
                        "they cannot be worked out).",
    # dashboard: a view without numbers to draw (issue 13, point 8)
    "dash_nothing_to_draw": "There are no numbers to draw for this choice.",
    # "Where to look?": the first page of the school and board reports (issue 13, point 1)
    "at_title": "Where to look?",
    "at_intro": "This page lists where the conversation about {wave} can start. Each list "
                "points to the section with the numbers.",
    "at_see": "See",
    "at_more": "and {n} more",
    "at_units_school": "schools",
    "at_units_team": "teams",
    "at_course_head": "Shared aspiration: on course?",
    "at_course_summary": "{k} of the {n} {units} with measurements are on course on every "
                         "indicator measured.",
    "at_whole": "{name} (as a whole)",
    "at_on_line": "On course for {indicator}: {units}",
    "at_course_col": "{indicator} (target {target})",
    "at_yes": "yes, {value}",
    "at_no": "no, {value}",
    "at_course_note": "yes: the target is met; no: not yet; –: not measured or too few pupils.",
    "at_changes_head": "Clear changes since the previous wave",
    "at_change_line": "{unit}: {habit} {words} ({change})",
    "at_no_changes": "No clear changes since {wave}: every change's interval includes zero.",
    "at_low_head": "Habits lowest against the board",
    "at_low_line": "{unit}: {habit} {mean} against {board} on the board",
    "at_clearly_lower": "(clearly lower)",
    "at_no_low": "No habit is below the board's mean.",
    "at_high_line": "{unit}: {habit} clearly above the board ({mean} against {board})",
    "at_response_head": "Response under 75%",
    "at_no_low_response": "All {units} with scores have a response of 75% or more.",
    "at_well_head": "What went well",
    "at_no_well": "Nothing is clearly above its target or the board yet, and nothing has "
                  "clearly risen.",
    # the school report's statements against the board (issue 13, point 5)
    "sec_statements_board": "The statements: each team beside the board",
    "diff_note": "Per statement the team's mean less the board's as a whole, in points on the "
                 "five-point scale. Blue: the team agrees more than the board; red: less. In a "
                 "small team a difference under half a point says little.",
    # a change of a share, in percentage points
    "pct_points": "{v} pp",
    "dash_share_axis": "Share of pupils",
    # the leadership habit's statements are the leader's own (issue 13; issue 15 rewrites them)
    "leader_note": "The statements of ‘{habit}’ are written as the school leader's own (‘I am a "
                   "role model …’). Team members answer them too: read their scores as how the "
                   "team sees leadership in the school, not as their own duty.",
    "sec_trend": "Every wave so far",
}

# the leader report (issue 15): its words live in words_leader
from kit.present.words_leader import EN as _LEADER  # noqa: E402

TEXT.update(_LEADER)

# the optional modules (issue 15): their words live in words_modules
from kit.present.words_modules import EN as _MODULES  # noqa: E402

TEXT.update(_MODULES)
