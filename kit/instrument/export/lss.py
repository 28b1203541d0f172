"""A LimeSurvey survey structure file (``.lss``): the XML that LimeSurvey imports under
*Create survey > Import*.

The document follows what LimeSurvey's own importer reads (``XMLImportSurvey`` in
``application/helpers/admin/import_helper.php``, LimeSurvey 4 and later): a ``document`` with
``LimeSurveyDocType`` *Survey*, ``DBVersion``, ``languages`` and the tables ``surveys``,
``surveys_languagesettings``, ``groups`` + ``group_l10ns``, ``questions``, ``subquestions`` +
``question_l10ns``, ``answers`` + ``answer_l10ns``, each as ``fields/fieldname`` and
``rows/row``. Questions: a list (``L``, a drop-down ``!`` for more than ten teams) for team and
role, an array with flexible labels (``F``) per habit whose answer codes are the scale values.
Date stamps are on (the wave is found from the submission date), IP addresses and referrers
off, responses anonymous unless ``collect_email`` (then linked to the participant's access
code, for a roster).

Texts are HTML in LimeSurvey: every text from the instrument or ``org.yml`` is HTML-escaped, and
the XML writer escapes the result again, so a team named ``<b>`` shows as ``<b>``.
"""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET

from ...errors import ConfigError
from .content import Survey

__all__ = ["DB_VERSION", "check_codes", "write_lss"]

#: the structure version written (LimeSurvey 6; 4.x files from 400 on have the same tables)
DB_VERSION = 600
_QCODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")         # Question::rules(), title of a question
_SQCODE = re.compile(r"^[A-Za-z0-9]*$")                 # ... of a subquestion
_ACODE = re.compile(r"^[A-Za-z0-9]{1,5}$")              # Answer::rules()
_RESERVED = {"LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this"}
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _plain(text: str) -> str:
    """Text an XML 1.0 document can hold (control characters become U+FFFD)."""
    return _ILLEGAL.sub("\ufffd", str(text))


def _html(text: str) -> str:
    return html.escape(_plain(text), quote=False)


def check_codes(survey: Survey) -> None:
    """Stop with a :class:`~kit.errors.ConfigError` when a code breaks LimeSurvey's rules
    (question codes: a letter, then letters and digits, at most 20; answer codes: 1 to 5
    letters or digits; unique within their question)."""
    qcodes = ["team", "role", *(g.lss for g in survey.grids)]
    for code in qcodes:
        if not _QCODE.match(code) or len(code) > 20 or code in _RESERVED:
            raise ConfigError(f"the habit id {code!r} cannot be a LimeSurvey question code",
                              expected="a letter followed by letters and digits, at most 20",
                              fix="give the habits of the instrument file ids such as H1")
    if len(set(qcodes)) != len(qcodes):
        raise ConfigError(f"two questions would share a LimeSurvey code: {qcodes}",
                          fix="give every habit of the instrument file its own id")
    for g in survey.grids:
        sq = [s.lss for s in g.statements]
        bad = [c for c in sq if not _SQCODE.match(c) or not c or len(c) > 20 or c == "time"]
        if bad or len(set(sq)) != len(sq):
            raise ConfigError(f"items of habit {g.habit} cannot be LimeSurvey subquestion codes "
                              f"({bad or sq})", fix="give the items ids such as H2_04")
    for choices in (survey.teams, survey.roles, survey.scale):
        codes = [c.lss for c in choices]
        if any(not _ACODE.match(c) for c in codes) or len(set(codes)) != len(codes):
            raise ConfigError(f"answer codes {codes[:5]} break LimeSurvey's rules",
                              expected="1 to 5 letters or digits, unique in a question")


class _Tables:
    """The document's tables, filled row by row, in LimeSurvey's layout."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[list[str], list[dict]]] = {}

    def add(self, table: str, fields: list[str], **row: object) -> None:
        self.tables.setdefault(table, (fields, []))[1].append(row)

    def element(self, root: ET.Element, table: str) -> None:
        fields, rows = self.tables[table]
        node = ET.SubElement(root, table)
        f = ET.SubElement(node, "fields")
        for name in fields:
            ET.SubElement(f, "fieldname").text = name
        r = ET.SubElement(node, "rows")
        for row in rows:
            el = ET.SubElement(r, "row")
            for name in fields:
                ET.SubElement(el, name).text = _plain("" if row.get(name) is None
                                                      else row[name])


_Q_FIELDS = ["qid", "parent_qid", "sid", "gid", "type", "title", "preg", "other", "mandatory",
             "encrypted", "question_order", "scale_id", "same_default", "question_theme_name",
             "modulename", "same_script", "relevance"]
_THEMES = {"L": "listradio", "!": "list_dropdown", "F": "arrays/array", "T": ""}


def _survey_id(survey: Survey) -> int:
    seed = f"{survey.title}|{survey.wave}|{survey.lang}".encode()
    return 100000 + int.from_bytes(hashlib.sha256(seed).digest()[:4], "big") % 900000


def _survey_rows(tb: _Tables, survey: Survey, sid: int, lang: str) -> None:
    """The survey's own settings and its texts in ``lang``."""
    tb.add("surveys", ["sid", "gsid", "admin", "adminemail", "anonymized", "format", "language",
                       "additional_languages", "datestamp", "ipaddr", "ipanonymize", "refurl",
                       "startdate", "expires", "savetimings", "allowsave", "allowprev",
                       "showwelcome", "showprogress", "questionindex", "shownoanswer",
                       "usecookie", "tokenanswerspersistence", "alloweditaftercompletion",
                       "active"],
           sid=sid, gsid=1, admin="", adminemail="",
           anonymized="N" if survey.collect_email else "Y", format="G", language=lang,
           additional_languages="", datestamp="Y", ipaddr="N", ipanonymize="Y", refurl="N",
           startdate=f"{survey.start} 00:00:00" if survey.start else "",
           expires=f"{survey.end_date} 23:59:59" if survey.end_date else "",
           savetimings="N", allowsave="N", allowprev="Y", showwelcome="Y", showprogress="Y",
           questionindex=0, shownoanswer="N", usecookie="N", tokenanswerspersistence="N",
           alloweditaftercompletion="N", active="N")
    tb.add("surveys_languagesettings",
           ["surveyls_survey_id", "surveyls_language", "surveyls_title", "surveyls_description",
            "surveyls_welcometext", "surveyls_endtext", "surveyls_dateformat",
            "surveyls_numberformat"],
           surveyls_survey_id=sid, surveyls_language=lang, surveyls_title=_html(survey.title),
           surveyls_description="", surveyls_welcometext=_html(survey.intro),
           surveyls_endtext=_html(survey.end), surveyls_dateformat=5 if lang == "nl" else 9,
           surveyls_numberformat=1 if lang == "nl" else 0)


def write_lss(survey: Survey, path) -> None:
    """Write ``survey`` as a LimeSurvey ``.lss`` file at ``path``."""
    check_codes(survey)
    sid, lang = _survey_id(survey), survey.lang
    tb = _Tables()
    _survey_rows(tb, survey, sid, lang)
    ids = {"qid": 0, "aid": 0, "l10n": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def group(gid: int, order: int, name: str) -> None:
        tb.add("groups", ["gid", "sid", "group_order", "randomization_group", "grelevance"],
               gid=gid, sid=sid, group_order=order, randomization_group="", grelevance="1")
        tb.add("group_l10ns", ["id", "gid", "group_name", "description", "language"],
               id=gid, gid=gid, group_name=_html(name), description="", language=lang)

    def question(table: str, gid: int, qtype: str, code: str, text: str, order: int,
                 parent: int = 0, mandatory: str = "N") -> int:
        qid = next_id("qid")
        tb.add(table, _Q_FIELDS, qid=qid, parent_qid=parent, sid=sid, gid=gid, type=qtype,
               title=code, preg="", other="N", mandatory=mandatory, encrypted="N",
               question_order=order, scale_id=0, same_default=0,
               question_theme_name=_THEMES.get(qtype, ""), modulename="", same_script=0,
               relevance="1")
        tb.add("question_l10ns", ["id", "qid", "question", "help", "script", "language"],
               id=next_id("l10n"), qid=qid, question=_html(text), help="", script="",
               language=lang)
        return qid

    def answers(qid: int, choices) -> None:
        for n, c in enumerate(choices, start=1):
            aid = next_id("aid")
            tb.add("answers", ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"],
                   aid=aid, qid=qid, code=c.lss, sortorder=n, assessment_value=0, scale_id=0)
            tb.add("answer_l10ns", ["id", "aid", "answer", "language"],
                   id=aid, aid=aid, answer=_html(c.label), language=lang)

    group(1, 0, survey.words("survey_about"))
    team_type = "!" if len(survey.teams) > 10 else "L"
    answers(question("questions", 1, team_type, "team", survey.team_question, 1,
                     mandatory="Y"), survey.teams)
    answers(question("questions", 1, "L", "role", survey.role_question, 2, mandatory="Y"),
            survey.roles)
    for n, g in enumerate(survey.grids, start=2):
        group(n, n - 1, g.name)
        qid = question("questions", n, "F", g.lss, g.question, 1)
        for k, s in enumerate(g.statements, start=1):
            question("subquestions", n, "T", s.lss, s.text, k, parent=qid)
        answers(qid, survey.scale)
    root = ET.Element("document")
    ET.SubElement(root, "LimeSurveyDocType").text = "Survey"
    ET.SubElement(root, "DBVersion").text = str(DB_VERSION)
    ET.SubElement(ET.SubElement(root, "languages"), "language").text = lang
    for table in ("answers", "answer_l10ns", "groups", "group_l10ns", "questions",
                  "subquestions", "question_l10ns", "surveys", "surveys_languagesettings"):
        tb.element(root, table)
    ET.indent(root, space=" ")
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
