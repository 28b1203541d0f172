"""Every word of a survey the kit makes (``kit instrument export``), in Dutch and English: the
texts respondents read in the survey tool and the guidance a survey author reads in the sheet
for Microsoft Forms and Google Forms. :func:`kit.present.text.t` looks them up like any other.

The team and role questions are worded as the ingest recognises them by their header
(:mod:`kit.ingest.surveycols`), and every role label names its role
(:func:`kit.ingest.surveyvalues.role_value`).
"""

from __future__ import annotations

__all__ = ["EN", "NL"]

NL: dict[str, str] = {
    "survey_title": "{instrument} - {wave}",
    "survey_intro": "Deze vragenlijst gaat over de lerende gewoonten van jullie team. Geef bij "
                    "elke uitspraak aan in hoeverre je het ermee eens bent; er zijn geen goede "
                    "of foute antwoorden. We vragen niet naar je naam of e-mailadres, en van "
                    "een kleine groep tonen we geen scores.",
    "survey_intro_email": "Deze vragenlijst gaat over de lerende gewoonten van jullie team. Geef "
                          "bij elke uitspraak aan in hoeverre je het ermee eens bent; er zijn "
                          "geen goede of foute antwoorden. Je e-mailadres gebruiken we alleen "
                          "om je antwoorden aan je team te koppelen; daarna wordt het "
                          "verwijderd. Van een kleine groep tonen we geen scores.",
    "survey_team_q": "In welk team werk je?",
    "survey_role_q": "Wat is je functie?",
    "survey_habit_q": "{habit}: in hoeverre ben je het eens met deze uitspraken?",
    "survey_end": "Dank je wel voor het invullen!",
    "survey_about": "Over jou",
    "survey_role_leerkracht": "Leerkracht",
    "survey_role_intern begeleider": "Intern begeleider",
    "survey_role_bouwcoördinator": "Bouwcoördinator",
    "survey_role_onderwijsassistent": "Onderwijsassistent",
    "survey_role_directeur": "Directeur",
    "survey_role_vakleerkracht": "Vakleerkracht",
    "survey_role_specialist": "Specialist",
    "survey_role_stagiair": "Stagiair",
    "survey_role_ondersteunend personeel": "Ondersteunend personeel",
    "survey_role_anders": "Anders",
    # the sheet for Microsoft Forms and Google Forms
    "sheet_questions": "Vragen",
    "sheet_settings": "Instellingen",
    "sheet_nr": "Nr",
    "sheet_kind": "Soort",
    "sheet_text": "Tekst",
    "sheet_required": "Verplicht",
    "sheet_tool": "Programma",
    "sheet_setting": "Instelling",
    "sheet_value": "Waarde",
    "sheet_title": "Titel",
    "sheet_intro": "Beschrijving",
    "sheet_question": "Vraag",
    "sheet_choice": "Keuze",
    "sheet_statement": "Stelling",
    "sheet_scale_point": "Schaalpunt",
    "sheet_yes": "Ja",
    "sheet_no": "Nee",
    "sheet_all_tools": "Beide",
    "sheet_ms_choice": "Keuze",
    "sheet_ms_likert": "Likert",
    "sheet_g_choice": "Meerkeuze",
    "sheet_g_grid": "Meerkeuzeraster",
    "set_ms_name": "Naam vastleggen",
    "set_g_email": "E-mailadressen verzamelen",
    "set_on": "Aan",
    "set_off": "Uit",
    "set_g_email_off": "Niet verzamelen",
    "set_g_email_on": "Geverifieerd",
    "set_one_response": "Eén antwoord per persoon",
    "set_shuffle": "Vragen in willekeurige volgorde",
    "set_start": "Begindatum",
    "set_end": "Einddatum",
    "set_paste": "Plakken",
    "set_paste_how": "Kopieer de keuzes, stellingen of schaalpunten van een vraag samen (de "
                     "cellen onder elkaar) en plak ze in het eerste antwoordveld: elke regel "
                     "wordt een eigen keuze.",
    "set_export": "Antwoorden exporteren",
    "set_ms_export": "Antwoorden > Openen in Excel; lees het bestand in met kit ingest (geen "
                     "mappingbestand nodig)",
    "set_g_export": "Antwoorden > Antwoorden downloaden (.csv); lees het bestand in met kit "
                    "ingest (geen mappingbestand nodig)",
    "set_texts": "Wijzig de teksten van de vragen, keuzes en stellingen niet: de kit herkent "
                 "de antwoorden eraan.",
}

EN: dict[str, str] = {
    "survey_title": "{instrument} - {wave}",
    "survey_intro": "This questionnaire is about the learning habits of your team. For each "
                    "statement, say how far you agree with it; there are no right or wrong "
                    "answers. We do not ask for your name or e-mail address, and we show no "
                    "scores of a small group.",
    "survey_intro_email": "This questionnaire is about the learning habits of your team. For "
                          "each statement, say how far you agree with it; there are no right "
                          "or wrong answers. Your e-mail address is only used to link your "
                          "answers to your team and is deleted afterwards. We show no scores "
                          "of a small group.",
    "survey_team_q": "Which team do you work in?",
    "survey_role_q": "What is your role?",
    "survey_habit_q": "{habit}: how far do you agree with these statements?",
    "survey_end": "Thank you for taking part!",
    "survey_about": "About you",
    "survey_role_leerkracht": "Teacher",
    "survey_role_intern begeleider": "Internal supervisor",
    "survey_role_bouwcoördinator": "Team leader",
    "survey_role_onderwijsassistent": "Teaching assistant",
    "survey_role_directeur": "School leader",
    "survey_role_vakleerkracht": "Specialist teacher",
    "survey_role_specialist": "Specialist",
    "survey_role_stagiair": "Trainee",
    "survey_role_ondersteunend personeel": "Support staff",
    "survey_role_anders": "Other",
    "sheet_questions": "Questions",
    "sheet_settings": "Settings",
    "sheet_nr": "No",
    "sheet_kind": "Kind",
    "sheet_text": "Text",
    "sheet_required": "Required",
    "sheet_tool": "Tool",
    "sheet_setting": "Setting",
    "sheet_value": "Value",
    "sheet_title": "Title",
    "sheet_intro": "Description",
    "sheet_question": "Question",
    "sheet_choice": "Choice",
    "sheet_statement": "Statement",
    "sheet_scale_point": "Scale point",
    "sheet_yes": "Yes",
    "sheet_no": "No",
    "sheet_all_tools": "Both",
    "sheet_ms_choice": "Choice",
    "sheet_ms_likert": "Likert",
    "sheet_g_choice": "Multiple choice",
    "sheet_g_grid": "Multiple choice grid",
    "set_ms_name": "Record name",
    "set_g_email": "Collect email addresses",
    "set_on": "On",
    "set_off": "Off",
    "set_g_email_off": "Do not collect",
    "set_g_email_on": "Verified",
    "set_one_response": "One response per person",
    "set_shuffle": "Shuffle questions",
    "set_start": "Start date",
    "set_end": "End date",
    "set_paste": "Pasting",
    "set_paste_how": "Copy the choices, statements or scale points of one question together "
                     "(the cells below each other) and paste them into the first answer field: "
                     "each line becomes a choice of its own.",
    "set_export": "Exporting the responses",
    "set_ms_export": "Responses > Open in Excel; read the file with kit ingest (no mapping "
                     "file needed)",
    "set_g_export": "Responses > Download responses (.csv); read the file with kit ingest (no "
                    "mapping file needed)",
    "set_texts": "Do not change the texts of the questions, choices and statements: the kit "
                 "recognises the answers by them.",
}
