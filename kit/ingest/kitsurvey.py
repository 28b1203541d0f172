"""The codes of a survey the kit made itself (``kit instrument export``), and their recognition
in a response export, so that such an export needs no mapping file.

One set of functions serves both directions: :mod:`kit.instrument.export` writes the survey
with them, :func:`recognise` reads the answers back with them.

* Statements: in LimeSurvey an array question per habit whose code is the habit id and whose
  subquestion codes are the item ids without the underscore (``H1[H101]``, or ``H1_H101`` with
  the export option 'ExpressionScript code'); in Qualtrics a matrix per habit with the export tag
  ``kit_H1`` and the item number as choice id (``kit_H1_1``). Forms give the statement text.
* Team and role: the questions ``team`` and ``role``. Their answer codes are derived from the
  team id (role name) alone, not from the order of the organisation file, so that a team added
  to ``org.yml`` after the survey was made never moves another team's code: a number from a
  SHA-256 of the id (46,656 to 1,679,615; Qualtrics recode values), written for LimeSurvey
  (whose answer codes are at most five letters or digits) as ``T`` or ``R`` and four base-36
  digits. Should two ids of a board get the same number, the id that sorts later takes the
  next free one. Forms export the labels: a team as ``School - Team`` (:func:`team_labels`).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import replace

from ..textnorm import normalise
from .base import SurveyExport
from .mapping import SourceMapping
from .surveycols import role_columns
from .surveyvalues import ROLES

__all__ = ["QSF_TAG_PREFIX", "letter_code", "lss_item_code", "qsf_item_tag", "recognise",
           "role_codes", "team_codes", "team_labels"]

#: the export tag of a habit's matrix in a Qualtrics survey the kit made: ``kit_H1``
QSF_TAG_PREFIX = "kit_"
_B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOW, _HIGH = 36 ** 3, 36 ** 4          # four base-36 digits, never a small number
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _number(kind: str, name: str, salt: int) -> int:
    digest = hashlib.sha256(f"kit-survey:{kind}:{salt}:{name}".encode()).digest()
    return _LOW + int.from_bytes(digest[:8], "big") % (_HIGH - _LOW)


def _codes(kind: str, names) -> dict[str, int]:
    out: dict[str, int] = {}
    used: set[int] = set()
    for name in sorted(set(names)):
        salt = 0
        while (n := _number(kind, name, salt)) in used:
            salt += 1
        used.add(n)
        out[name] = n
    return out


def team_codes(org) -> dict[str, int]:
    """Team id -> the team's answer code (a number) in a survey the kit made.

    >>> from kit.ingest.org import load_org
    >>> codes = team_codes(load_org("templates/org.example.yml"))
    >>> all(46656 <= n < 1679616 for n in codes.values()), len(set(codes.values())) == len(codes)
    (True, True)
    """
    return _codes("team", (t.id for t in org.teams))


def role_codes() -> dict[str, int]:
    """Role (a key of :data:`~kit.ingest.surveyvalues.ROLES`) -> its answer code (a number)."""
    return _codes("role", ROLES)


def letter_code(prefix: str, number: int) -> str:
    """A code number as a LimeSurvey answer code: ``prefix`` and four base-36 digits.

    >>> letter_code("T", 46656)
    'T1000'
    """
    digits = ""
    while number:
        number, r = divmod(number, 36)
        digits = _B36[r] + digits
    return prefix + digits.rjust(4, "0")


def lss_item_code(item) -> tuple[str, str]:
    """LimeSurvey (question code, subquestion code) of an item: ``('H1', 'H101')``."""
    return re.sub(r"[^A-Za-z0-9]", "", item.habit), re.sub(r"[^A-Za-z0-9]", "", item.id)


def qsf_item_tag(item) -> tuple[str, str]:
    """Qualtrics (export tag of the habit's matrix, choice id of the item): ``('kit_H1', '1')``."""
    number = int(item.id.rsplit("_", 1)[1])
    return f"{QSF_TAG_PREFIX}{item.habit}", str(number)


def team_labels(org) -> dict[str, str]:
    """Team id -> the label of its answer in the team question: ``School - Team`` (with the
    team id in brackets where two teams would otherwise read the same; control characters,
    which neither XML nor a workbook can hold, as U+FFFD)."""
    schools = {s.id: s for s in org.schools}
    labels = {t.id: _CONTROL.sub("\ufffd", f"{schools[t.school].name} - {t.name}")
              for t in org.teams}
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[normalise(label)] = seen.get(normalise(label), 0) + 1
    return {tid: (f"{lb} ({tid})" if seen[normalise(lb)] > 1 else lb)
            for tid, lb in labels.items()}


def _item_codes(instrument) -> dict[str, str]:
    """Normalised column code -> item id, for every spelling the tools write."""
    out = {}
    for item in instrument.all_items:
        q, sq = lss_item_code(item)
        tag, choice = qsf_item_tag(item)
        for code in (f"{q}[{sq}]", f"{q}_{sq}", f"{tag}_{choice}"):
            out[normalise(code)] = item.id
    return out


def _answer_key(value: object) -> str:
    """A cell as a lookup key: ``52345.0`` -> ``52345``; HTML entities undone."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise(html.unescape(str(value)))
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def recognise(export: SurveyExport, instrument, org, mapping: SourceMapping) -> SourceMapping:
    """Read a survey the kit made without a mapping file.

    The statement columns named by the kit's codes are added to the mapping's ``items`` (an
    entry of the mapping file wins); the answers to the team and role questions that are the
    kit's own codes or team labels are replaced, in ``export``'s records, by the team id and
    the role. Any other export is left as it is. Returns the mapping to use.
    """
    codes = _item_codes(instrument)
    found = {}
    for col in export.columns:
        name = col.code or col.key
        if name and normalise(name) in codes:
            found[name] = codes[normalise(name)]
    cols = role_columns(export, mapping)
    if "team" in cols and not mapping.team:
        known = {str(n): tid for tid, n in team_codes(org).items()}
        known.update({normalise(letter_code("T", int(n))): tid for n, tid in known.items()})
        known.update({normalise(lb): tid for tid, lb in team_labels(org).items()})
        _decode(export, cols["team"].key, known)
    if "role" in cols:
        known = {str(n): role for role, n in role_codes().items()}
        known.update({normalise(letter_code("R", int(n))): r for n, r in known.items()})
        _decode(export, cols["role"].key, known)
    if not found:
        return mapping
    return replace(mapping, items={**found, **mapping.items})


def _decode(export: SurveyExport, key: str, known: dict[str, str]) -> None:
    if hasattr(export, "decode_column"):      # an export held by columns: per distinct cell
        export.decode_column(key, lambda raw: _decoded(raw, known))
        return
    for rec in export.records:
        raw = rec.answers.get(key)
        if raw is not None and not isinstance(raw, bool):
            hit = known.get(_answer_key(raw))
            if hit is not None:
                rec.answers[key] = hit


def _decoded(raw: object, known: dict[str, str]) -> object:
    """The team id or role a cell codes (the kit's own codes and labels), else the cell."""
    if raw is not None and not isinstance(raw, bool):
        hit = known.get(_answer_key(raw))
        if hit is not None:
            return hit
    return raw
