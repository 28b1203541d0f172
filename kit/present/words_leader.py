"""The words of the leader report (issue 15), Dutch and English; merged into
:mod:`kit.present.words_nl` and :mod:`kit.present.words_en` (kept apart so those stay under the
kit's module size)."""

from __future__ import annotations

__all__ = ["EN", "NL"]

NL: dict[str, str] = {
    "leader_report_title": "Leiderschap: eigen beeld en het beeld van het team, {school}",
    "leader_subtitle": "{wave}. Alleen voor de leider zelf.",
    "index_leader": "Leiderschap (leider)",
    "ld_intro": "Dit rapport zet de eigen antwoorden van de leider op de stellingen van "
                "‘{habit}’ (‘Ik ben rolmodel …’) naast het beeld dat {scope} van de leider "
                "hebben (‘Onze schoolleider is rolmodel …’), per stelling en voor de gewoonte "
                "als geheel. De eigen antwoorden van de leider staan in geen ander rapport: niet "
                "in dat van een team, de school of het bestuur.",
    "ld_scope_school": "de teamleden van {school}",
    "ld_scope_team": "de teamleden van team {team}",
    "ld_one_person": "De leider is één persoon: een eigen antwoord heeft geen interval en zegt "
                     "niets over anderen. Het interval van het verschil is het 95%-interval "
                     "van het gemiddelde van het team, verschoven met het antwoord van de "
                     "leider: het zegt alleen hoe nauwkeurig het beeld van het team bekend is. "
                     "Een verschil is een vertrekpunt voor een gesprek, geen oordeel.",
    "ld_figure_note": "Ruit: het eigen antwoord van de leider. Bolletje met streep: het "
                      "gemiddelde van het team met het 95%-interval. De lijn ertussen is het "
                      "verschil. Rechts van het team: de leider ziet het eigen gedrag "
                      "positiever dan het team.",
    "ld_no_answers": "Er zijn geen eigen antwoorden van een leider van {school} in {wave}. "
                     "Dit rapport vergelijkt daarom niets: het toont pas iets als de leider de "
                     "vragenlijst in de eigen versie (‘Ik ben …’) heeft ingevuld.",
    "ld_no_perspectives": "Het instrument van deze gegevens heeft nog geen teamversie van de "
                          "leiderschapsstellingen: de teamleden beantwoordden ‘Ik ben "
                          "rolmodel …’ als over henzelf, en hun antwoorden tellen als hun eigen. "
                          "Een vergelijking met het beeld van het team is daarom niet mogelijk.",
    "ld_team_hidden": "Waar te weinig teamleden een stelling beantwoordden (minder dan "
                      "{threshold}), tonen we het beeld van het team en het verschil niet.",
    "ld_team_hidden_short": "(beeld van het team verborgen)",
    "ld_habit_row": "{habit} (de gewoonte)",
    "ld_legend_team": "Beeld van het team (gemiddelde, 95%-interval)",
    "ld_legend_leader": "Eigen antwoord van de leider",
    "ld_col_statement": "Stelling",
    "ld_col_own": "Eigen antwoord",
    "ld_col_n": "n (team)",
    "ld_col_team": "Beeld van het team",
    "ld_col_ci": "95%-interval",
    "ld_col_gap": "Verschil (leider − team)",
    "ld_col_gap_ci": "95%-interval van het verschil",
    "ld_sec_table": "Per stelling",
    "ld_sec_figure": "Eigen beeld en beeld van het team",
    "ld_sec_method": "Verantwoording",
}

EN: dict[str, str] = {
    "leader_report_title": "Leadership: own view and the team's view, {school}",
    "leader_subtitle": "{wave}. For the leader only.",
    "index_leader": "Leadership (leader)",
    "ld_intro": "This report sets the leader's own answers to the statements of ‘{habit}’ "
                "(‘I am a role model …’) beside the view {scope} have of their leader (‘Our "
                "school leader is a role model …’), per statement and for the habit as a "
                "whole. The leader's own answers appear in no other report: not in a team's, "
                "the school's or the board's.",
    "ld_scope_school": "the team members of {school}",
    "ld_scope_team": "the team members of team {team}",
    "ld_one_person": "The leader is one person: an own answer has no interval and says nothing "
                     "about others. The gap's interval is the 95% interval of the team's mean, "
                     "moved by the leader's answer: it only says how precisely the team's view "
                     "is known. A gap is a starting point for a conversation, not a verdict.",
    "ld_figure_note": "Diamond: the leader's own answer. Dot with bar: the team's mean with its "
                      "95% interval. The line between them is the gap. Right of the team: the "
                      "leader sees their own behaviour more positively than the team does.",
    "ld_no_answers": "There are no own answers of a leader of {school} in {wave}. This report "
                     "therefore compares nothing: it shows something once the leader has "
                     "answered the survey in the leader's version (‘I am …’).",
    "ld_no_perspectives": "The instrument of this data has no team version of the leadership "
                          "statements yet: team members answered ‘I am a role model …’ as "
                          "about themselves, and their answers count as their own. A "
                          "comparison with the team's view is therefore not possible.",
    "ld_team_hidden": "Where too few team members answered a statement (fewer than "
                      "{threshold}), the team's view and the gap are not shown.",
    "ld_team_hidden_short": "(team's view hidden)",
    "ld_habit_row": "{habit} (the habit)",
    "ld_legend_team": "The team's view (mean, 95% interval)",
    "ld_legend_leader": "The leader's own answer",
    "ld_col_statement": "Statement",
    "ld_col_own": "Own answer",
    "ld_col_n": "n (team)",
    "ld_col_team": "The team's view",
    "ld_col_ci": "95% interval",
    "ld_col_gap": "Gap (leader − team)",
    "ld_col_gap_ci": "95% interval of the gap",
    "ld_sec_table": "Per statement",
    "ld_sec_figure": "Own view and the team's view",
    "ld_sec_method": "Accountability",
}
