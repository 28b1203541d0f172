"""A Qualtrics survey file (``.qsf``): the JSON that Qualtrics imports under *Create a new
project > Survey > Import a QSF file*.

The shape is the one Qualtrics writes when it exports a survey: ``SurveyEntry`` (the survey's
id, name, language, status) and ``SurveyElements``, a list of elements each with ``SurveyID``,
``Element``, ``PrimaryAttribute``, ``SecondaryAttribute``, ``TertiaryAttribute`` and
``Payload``: the blocks (``BL``), the flow (``FL``), the survey options (``SO``), the question
count (``QC``), the response set (``RS``) and one ``SQ`` per question. Questions: a descriptive
text (``DB``/``TB``) with the introduction; team and role as multiple choice (``MC``, a
drop-down ``DL`` for more than ten teams) whose recode values are the kit's codes; a matrix
(``Matrix``/``Likert``/``SingleAnswer``) per habit with the export tag ``kit_H1``, the item
numbers as choice ids (columns ``kit_H1_1`` ...) and the scale values as answer ids and recode
values, so that the numeric export gives 1 to 5. Responses are anonymised (``AnonymizeResponse``)
unless ``collect_email``.

Question texts and choices are HTML in Qualtrics: texts from the instrument or ``org.yml`` are
HTML-escaped; JSON escaping does the rest.
"""

from __future__ import annotations

import hashlib
import html
import json

from .content import Choice, Survey

__all__ = ["survey_json", "write_qsf"]

_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _qid(prefix: str, seed: str) -> str:
    """A Qualtrics-style id (``SV_`` and 15 letters or digits), stable for one survey."""
    n = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    chars = []
    for _ in range(15):
        n, r = divmod(n, len(_ALNUM))
        chars.append(_ALNUM[r])
    return prefix + "".join(chars)


def _text(text: str) -> str:
    return html.escape(str(text), quote=False)


def _question(sid: str, qid: str, tag: str, text: str, payload: dict) -> dict:
    body = {"QuestionText": _text(text), "DataExportTag": tag, "QuestionID": qid,
            "QuestionDescription": str(text)[:100], "Configuration":
            {"QuestionDescriptionOption": "UseText"}, "Language": [], "DefaultChoices": False,
            **payload}
    return {"SurveyID": sid, "Element": "SQ", "PrimaryAttribute": qid,
            "SecondaryAttribute": str(text)[:100], "TertiaryAttribute": None, "Payload": body}


def _choice_question(choices: tuple[Choice, ...], *, force: bool) -> dict:
    keys = [str(n) for n in range(1, len(choices) + 1)]
    dropdown = len(choices) > 10
    return {
        "QuestionType": "MC", "Selector": "DL" if dropdown else "SAVR",
        **({} if dropdown else {"SubSelector": "TX"}),
        "Choices": {k: {"Display": _text(c.label)} for k, c in zip(keys, choices, strict=True)},
        "ChoiceOrder": keys,
        "RecodeValues": {k: str(c.qsf) for k, c in zip(keys, choices, strict=True)},
        "Validation": {"Settings": {"ForceResponse": "ON" if force else "OFF",
                                    "ForceResponseType": "ON", "Type": "None"}},
        "NextChoiceId": len(keys) + 1, "NextAnswerId": 1,
    }


def survey_json(survey: Survey) -> dict:
    """The ``.qsf`` document of ``survey`` as a dict."""
    seed = f"{survey.title}|{survey.wave}|{survey.lang}"
    sid = _qid("SV_", seed)
    elements = []
    questions = [_question(sid, "QID1", "intro", survey.intro,
                           {"QuestionType": "DB", "Selector": "TB", "ChoiceOrder": [],
                            "Validation": {"Settings": {"Type": "None"}}}),
                 _question(sid, "QID2", "team", survey.team_question,
                           _choice_question(survey.teams, force=True)),
                 _question(sid, "QID3", "role", survey.role_question,
                           _choice_question(survey.roles, force=True))]
    scale_keys = [c.value for c in survey.scale]
    for n, g in enumerate(survey.grids, start=4):
        keys = [s.qsf for s in g.statements]
        questions.append(_question(sid, f"QID{n}", g.qsf, g.question, {
            "QuestionType": "Matrix", "Selector": "Likert", "SubSelector": "SingleAnswer",
            "Choices": {s.qsf: {"Display": _text(s.text)} for s in g.statements},
            "ChoiceOrder": keys,
            "Answers": {c.value: {"Display": _text(c.label)} for c in survey.scale},
            "AnswerOrder": scale_keys,
            "RecodeValues": {c.value: str(c.qsf) for c in survey.scale},
            "ChoiceDataExportTags": False,
            "Validation": {"Settings": {"ForceResponse": "OFF", "ForceResponseType": "ON",
                                        "Type": "None"}},
            "NextChoiceId": max(int(k) for k in keys) + 1, "NextAnswerId": len(scale_keys) + 1,
        }))
    block, trash = _qid("BL_", seed + "|block"), _qid("BL_", seed + "|trash")
    elements.append({"SurveyID": sid, "Element": "BL", "PrimaryAttribute": "Survey Blocks",
                     "SecondaryAttribute": None, "TertiaryAttribute": None, "Payload": [
                         {"Type": "Default", "Description": survey.title[:100], "ID": block,
                          "BlockElements": [{"Type": "Question",
                                             "QuestionID": q["PrimaryAttribute"]}
                                            for q in questions]},
                         {"Type": "Trash", "Description": "Trash / Unused Questions",
                          "ID": trash, "BlockElements": []}]})
    elements.append({"SurveyID": sid, "Element": "FL", "PrimaryAttribute": "Survey Flow",
                     "SecondaryAttribute": None, "TertiaryAttribute": None,
                     "Payload": {"Flow": [{"ID": block, "Type": "Block", "FlowID": "FL_2"}],
                                 "Properties": {"Count": 2}, "FlowID": "FL_1",
                                 "Type": "Root"}})
    elements.append({"SurveyID": sid, "Element": "SO", "PrimaryAttribute": "Survey Options",
                     "SecondaryAttribute": None, "TertiaryAttribute": None, "Payload": {
                         "BackButton": "true", "SaveAndContinue": "true",
                         "SurveyProtection": "PublicSurvey",
                         "BallotBoxStuffingPrevention": "false", "NoIndex": "Yes",
                         "SecureResponseFiles": "true", "SurveyExpiration": "None",
                         "SurveyTermination": "DefaultMessage", "Header": "", "Footer": "",
                         "ProgressBarDisplay": "None", "PartialData": "+1 week",
                         "ValidationMessage": "", "SurveyTitle": _text(survey.title),
                         "AnonymizeResponse": "No" if survey.collect_email else "Yes"}})
    elements.append({"SurveyID": sid, "Element": "QC", "PrimaryAttribute":
                     "Survey Question Count", "SecondaryAttribute": str(len(questions)),
                     "TertiaryAttribute": None, "Payload": None})
    rs = _qid("RS_", seed + "|responses")
    elements.append({"SurveyID": sid, "Element": "RS", "PrimaryAttribute": rs,
                     "SecondaryAttribute": "Default Response Set", "TertiaryAttribute": None,
                     "Payload": None})
    elements.extend(questions)
    entry = {"SurveyID": sid, "SurveyName": survey.title, "SurveyDescription": None,
             "SurveyOwnerID": "", "SurveyBrandID": "", "DivisionID": None,
             "SurveyLanguage": survey.lang.upper(), "SurveyActiveResponseSet": rs,
             "SurveyStatus": "Inactive",
             "SurveyStartDate": "0000-00-00 00:00:00",
             "SurveyExpirationDate": "0000-00-00 00:00:00",
             "SurveyCreationDate": "0000-00-00 00:00:00", "CreatorID": "",
             "LastModified": "0000-00-00 00:00:00", "LastAccessed": "0000-00-00 00:00:00",
             "LastActivated": "0000-00-00 00:00:00", "Deleted": None}
    return {"SurveyEntry": entry, "SurveyElements": elements}


def write_qsf(survey: Survey, path) -> None:
    """Write ``survey`` as a Qualtrics ``.qsf`` file at ``path`` (UTF-8 JSON)."""
    text = json.dumps(survey_json(survey), ensure_ascii=False, indent=1)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
