"""The mapping file: per-file facts the kit cannot see in an export itself.

See ``templates/mapping.example.yml``. Entries under ``sources`` match files by a glob on the
file name (first match wins); ``defaults`` apply to every file and are overridden per entry.
:func:`load_mapping` validates the file; :meth:`Mapping.for_file` gives the merged
:class:`SourceMapping` for one input file.

Examples
--------
>>> m = load_mapping("templates/mapping.example.yml")
>>> sm = m.for_file("exports/linde_2025.csv")
>>> sm.tool, sm.school, sm.codes["A3"], sm.date_order
('limesurvey', 'S01', 3, 'dmy')
>>> Mapping().for_file("x.csv").timezone
'Europe/Amsterdam'
"""

from __future__ import annotations

import fnmatch
import zoneinfo
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..store.vocabulary import FILE_KINDS
from ..yamlio import YamlDoc, load_yaml

__all__ = ["KINDS", "Mapping", "SourceMapping", "load_mapping"]

#: what a source file holds (the store's ``files.kind`` vocabulary)
KINDS = FILE_KINDS


@dataclass(frozen=True)
class SourceMapping:
    """Options for one input file (all optional).

    Attributes
    ----------
    file : str
        Glob on the file name this entry applies to.
    kind : str or None
        survey | observations | tests | roster; ``None``: detect from the header.
    tool : str or None
        Reader name (survey formats qualtrics, limesurvey, surveymonkey, msforms, googleforms,
        generic; pupil data observations, tests); ``None``: detect.
    school, team, wave : str or None
        Fixed school id, team id or wave id for every row of the file.
    team_column, school_column, role_column : str or None
        Header or code of the survey question naming the team / school / role.
    items : dict
        Column code or header -> item id.
    codes : dict
        Answer code -> scale value (``None`` = missing).
    team_codes : dict
        Answer code of the team question (LimeSurvey ``T1``, Qualtrics ``1``) or a team
        attribute of a participants list -> team id, name or alias of the organisation file
        (``None``: the answer names no team, the row is rejected as ``no_team``).
    role_codes : dict
        Answer code of the role question (LimeSurvey ``F1``, Qualtrics ``1``) or a role
        attribute of a participants list -> one of the kit's roles
        (:data:`kit.ingest.surveyvalues.ROLES`, or an answer that names one, such as ``IB``);
        ``None``: no role.
    date_order : str or None
        ``dmy`` or ``mdy`` for ambiguous dates.
    timezone : str
        IANA zone for naive timestamps.
    columns : dict
        Standard column name -> header in the file (generic surveys and pupil data), e.g.
        ``response_id``, ``submitted_at``, ``email``, ``team``, ``pupil``, ``group``,
        ``jaargroep``, ``date``, ``moment``, ``domain``, ``score``, ``level``,
        ``referentieniveau``.
    header_row : int or None
        1-based row of the header (report-style workbooks); ``None``: find it.
    sheet : str or None
        Worksheet to read.
    indicators : dict
        Pupil data: header or label -> indicator code (e.g. ``Betrokkenheid: BT``).
    domains : dict
        Test data: test name -> domain code (e.g. ``Begrijpend lezen: begrijpend_lezen``).
    supplier : str or None
        Test supplier (cito, boom, ...) when the file does not say.
    free_text : bool or None
        Surveys: store the answers to open questions (columns that are neither statements nor
        metadata nor the team/school/role question), scrubbed of e-mail addresses, phone numbers
        and names the export holds, in the store's ``free_text`` table. ``None`` (not said):
        follow ``kit ingest --free-text`` (default off); ``false`` here wins over the flag.
    """

    file: str = "*"
    kind: str | None = None
    tool: str | None = None
    school: str | None = None
    team: str | None = None
    wave: str | None = None
    team_column: str | None = None
    school_column: str | None = None
    role_column: str | None = None
    items: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)
    team_codes: dict = field(default_factory=dict)
    role_codes: dict = field(default_factory=dict)
    date_order: str | None = None
    timezone: str = "Europe/Amsterdam"
    columns: dict = field(default_factory=dict)
    header_row: int | None = None
    sheet: str | None = None
    indicators: dict = field(default_factory=dict)
    domains: dict = field(default_factory=dict)
    supplier: str | None = None
    free_text: bool | None = None

    def matches(self, path: str | Path) -> bool:
        """Whether this entry applies to ``path`` (glob on the file name, case-insensitive)."""
        name = Path(path).name
        return fnmatch.fnmatch(name.casefold(), self.file.casefold())


_DICT_KEYS = {"items", "codes", "columns", "indicators", "domains", "team_codes", "role_codes"}
_STR_KEYS = {"file", "kind", "tool", "school", "team", "wave", "team_column", "school_column",
             "role_column", "date_order", "timezone", "sheet", "supplier"}
_KNOWN = {f.name for f in fields(SourceMapping)}


@dataclass(frozen=True)
class Mapping:
    """A validated mapping file: defaults and per-file entries."""

    defaults: SourceMapping = field(default_factory=SourceMapping)
    sources: tuple[SourceMapping, ...] = ()
    source: Path | None = None

    def for_file(self, path: str | Path) -> SourceMapping:
        """The defaults overlaid with the first entry that matches ``path``."""
        for entry in self.sources:
            if entry.matches(path):
                return _merge(self.defaults, entry)
        return replace(self.defaults, file=Path(path).name)


def _merge(base: SourceMapping, entry: SourceMapping) -> SourceMapping:
    default = SourceMapping()
    values = {}
    for f in fields(SourceMapping):
        mine, theirs = getattr(entry, f.name), getattr(base, f.name)
        if f.name in _DICT_KEYS:
            values[f.name] = {**theirs, **mine}
        else:
            values[f.name] = mine if mine != getattr(default, f.name) else theirs
    values["file"] = entry.file
    return SourceMapping(**values)


def _entry(doc: YamlDoc, node: object, path: tuple) -> SourceMapping:
    if not isinstance(node, dict):
        raise doc.error(path, "must be a mapping of options", expected="file: ..., school: ...")
    values: dict = {}
    for key, value in node.items():
        kp = path + (key,)
        if key not in _KNOWN:
            raise doc.error(kp, "is not a mapping option", expected=f"one of {sorted(_KNOWN)}")
        if key in _DICT_KEYS:
            if value is None:
                value = {}
            if not isinstance(value, dict):
                raise doc.error(kp, "must be a mapping", expected="key: value pairs")
            value = {_code_key(k): v for k, v in value.items()}
            if key in {"columns", "items", "indicators", "domains"}:
                for k, v in value.items():
                    if not isinstance(v, (str, int)):
                        raise doc.error(kp + (k,), f"must be a text, got {v!r}")
                value = {k: str(v) for k, v in value.items()}
            if key == "codes":
                for k, v in value.items():
                    if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool)):
                        raise doc.error(kp + (k,), f"must be a number or null, got {v!r}")
            if key in {"team_codes", "role_codes"}:
                value = _answer_codes(doc, kp, key, value)
        elif key == "header_row":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise doc.error(kp, f"must be a row number (1 or more), got {value!r}")
        elif key == "free_text":
            if value is not None and not isinstance(value, bool):
                raise doc.error(kp, f"must be true or false, got {value!r}",
                                expected="free_text: true (store open answers) or false")
        elif key in _STR_KEYS:
            if value is None:
                continue
            if not isinstance(value, (str, int)):
                raise doc.error(kp, f"must be a text, got {value!r}")
            value = str(value)
        values[key] = value
    if values.get("kind") is not None and values["kind"] not in KINDS:
        raise doc.error(path + ("kind",), f"unknown kind {values['kind']!r}",
                        expected=f"one of {list(KINDS)}")
    if values.get("date_order") not in (None, "dmy", "mdy", "ymd"):
        raise doc.error(path + ("date_order",), f"unknown date order {values['date_order']!r}",
                        expected="dmy, mdy or ymd")
    tz = values.get("timezone")
    if tz is not None:
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise doc.error(path + ("timezone",), f"unknown time zone {tz!r}",
                            expected="an IANA zone such as Europe/Amsterdam") from None
    return SourceMapping(**values)


def _code_key(key: object) -> str:
    """A mapping key as text (``1`` and ``1.0`` from YAML are both ``"1"``)."""
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key)


def _answer_codes(doc: YamlDoc, kp: tuple, key: str, value: dict) -> dict:
    """Validate ``team_codes`` / ``role_codes``: code -> a text (role: one the kit knows)."""
    from .surveyvalues import ROLES, UNKNOWN_ROLE, role_value  # imports this module
    out = {}
    for k, v in value.items():
        if v is None:
            out[k] = None
            continue
        if not isinstance(v, (str, int)) or isinstance(v, bool) or not str(v).strip():
            raise doc.error(kp + (k,), f"must be a text or null, got {v!r}",
                            expected="a team id or name" if key == "team_codes" else "a role")
        v = str(v).strip()
        if key == "role_codes":
            role = role_value(v)
            if role in (None, UNKNOWN_ROLE):
                raise doc.error(kp + (k,), f"{v!r} names no role the kit knows",
                                expected="one of " + ", ".join(ROLES) + " (or null)")
            v = role
        out[k] = v
    return out


def load_mapping(path: str | Path | None) -> Mapping:
    """Load and validate a mapping file; ``None`` gives an empty mapping.

    Raises
    ------
    kit.errors.ConfigError
        Naming the key and line of an unknown option or a malformed value.
    """
    if path is None:
        return Mapping()
    doc = load_yaml(path, what="mapping file")
    d = doc.data if doc.data is not None else {}
    if not isinstance(d, dict):
        raise doc.error((), "must be a mapping with 'defaults' and/or 'sources'")
    unknown = set(d) - {"defaults", "sources"}
    if unknown:
        key = sorted(unknown)[0]
        raise doc.error((key,), "is not a top-level key of a mapping file",
                        expected="defaults, sources")
    defaults = _entry(doc, d.get("defaults") or {}, ("defaults",))
    sources_node = d.get("sources") or []
    if not isinstance(sources_node, list):
        raise doc.error(("sources",), "must be a list of entries, each with 'file'")
    sources = []
    for n, node in enumerate(sources_node):
        if isinstance(node, dict) and "file" not in node:
            raise doc.error(("sources", n), "has no 'file' pattern",
                            expected="file: a glob such as 'linde_*.csv'")
        sources.append(_entry(doc, node, ("sources", n)))
    return Mapping(defaults, tuple(sources), doc.path)
