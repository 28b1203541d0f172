"""One registry of readers: every kind of export file the kit ingests, surveys and pupil data.

A *reader* knows one layout of export file. It says whether a table looks like its layout
(:meth:`Reader.detect`, from the header, never the file name) and turns the table into a
:class:`FileResult`: the rows it contributes to the store's tables, with the file's row
accounting (:meth:`Reader.ingest`). Survey formats (:class:`~kit.ingest.base.SurveyReader`,
``kit/ingest/formats/``) parse the tool's layout and hand the export to the common survey
pipeline; the pupil-data readers (observations, tests) read their files in one step.

``@register`` adds a reader class; :func:`get_reader` finds one by name (an unknown name lists
the known ones); :func:`detect_reader` asks each reader, in priority order, whether it
recognises a table; :func:`choose_reader` applies a mapping entry's ``kind`` and ``tool``.
:func:`kit.ingest.run.ingest` only ever talks to readers through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from ..errors import ConfigError, InputError, Location

if TYPE_CHECKING:
    import pandas as pd

    from ..instrument import Instrument
    from ..pseudonym import Pseudonymizer
    from .accounting import FileAccount, Ledger
    from .mapping import SourceMapping
    from .org import Organisation
    from .roster import Roster
    from .table import RawTable

__all__ = ["FileResult", "IngestContext", "Reader", "UnrecognisedFileError", "choose_reader",
           "detect_reader", "get_reader", "links_staff", "readers", "register"]


class UnrecognisedFileError(InputError):
    """No reader recognises the file's header: not an export the kit knows (in a folder, such
    a file is skipped and listed; named on the command line, it stops the ingest)."""


@dataclass(frozen=True)
class IngestContext:
    """What readers need besides the file and its mapping entry (the same for every file)."""

    org: Organisation
    pseudonymizer: Pseudonymizer
    #: the instrument survey answers are read with
    instrument: Instrument | None = None
    #: the staff roster (``--roster``), if given
    roster: Roster | None = None
    #: the wave of every survey response (``--wave``), if given
    wave: str | None = None
    #: keep the open answers of surveys whose mapping entry does not say (``--free-text``)
    free_text: bool = False


class FileResult(Protocol):
    """What a reader makes of one file."""

    account: FileAccount
    ledger: Ledger
    #: whether the file's open answers were asked for (surveys; always False for pupil data)
    free_text_asked: bool

    def tables(self) -> dict[str, pd.DataFrame]:
        """Store table name -> the rows this file contributes to it."""
        ...


class Reader:
    """Base class of readers. Subclasses set ``name``, ``label``, ``kind`` and ``priority``."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    #: what the files hold: one of :data:`kit.store.vocabulary.FILE_KINDS`
    kind: ClassVar[str] = "survey"
    #: detection order: lower runs first (more specific layouts first)
    priority: ClassVar[int] = 50

    def detect(self, table: RawTable) -> bool:
        """Whether ``table`` looks like this reader's layout (header-based, never file name)."""
        raise NotImplementedError

    def ingest(self, table: RawTable, mapping: SourceMapping,
               context: IngestContext) -> FileResult:
        """Read ``table`` into a :class:`FileResult`; every row accepted or rejected."""
        raise NotImplementedError


_REGISTRY: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    """Class decorator adding a reader to the registry."""
    if not cls.name:
        raise TypeError(f"{cls.__name__} has no name")
    _REGISTRY[cls.name] = cls
    return cls


def _load_builtin() -> None:
    from . import formats  # noqa: F401  (registers the built-in readers)


def readers(kind: str | None = None) -> list[type[Reader]]:
    """Registered reader classes (of ``kind``, if given) in detection order."""
    _load_builtin()
    return sorted((c for c in _REGISTRY.values() if kind is None or c.kind == kind),
                  key=lambda c: (c.priority, c.name))


def get_reader(name: str) -> Reader:
    """The reader called ``name``; a :class:`ConfigError` lists the known names otherwise."""
    _load_builtin()
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise ConfigError(
            f"unknown reader (survey format or pupil-data layout) {name!r}",
            expected=f"one of {sorted(_REGISTRY)}",
            fix="use one of those names for 'tool' in the mapping file",
        ) from None


def detect_reader(table: RawTable, kind: str | None = None) -> Reader:
    """The first reader (by priority, of ``kind`` if given) that recognises ``table``."""
    for cls in readers(kind):
        reader = cls()
        if reader.name != "generic" and reader.detect(table):
            return reader
    head = [str(c)[:40] for c in table.rows[0][:6]] if table.rows else []
    raise UnrecognisedFileError(
        "the survey tool or pupil-data system that made this file is not recognised",
        where=Location(file=table.path.name, row=table.lines[0] if table.lines else None),
        expected="a Microsoft Forms, Google Forms, Qualtrics, LimeSurvey or SurveyMonkey export, "
        "a LimeSurvey participants list, or observations or test results (the header starts "
        f"with {head})",
        fix="leave the file out if it is not an export; a survey export that no known tool "
        "made can be described in the mapping file with 'tool: generic' and its columns",
    )


def links_staff(reader: Reader) -> bool:
    """Whether ``reader`` links rows to staff through the roster and the participants lists
    (survey readers): the ingest reads the participants lists before it runs such readers."""
    return reader.kind == "survey"


def choose_reader(table: RawTable, *, kind: str | None = None,
                  tool: str | None = None) -> Reader:
    """The reader for a file, from its mapping entry's ``kind`` and ``tool`` or its header.

    ``tool`` names the reader (its kind must agree with ``kind`` when both are given; a
    ``kind`` of another reader wins, as the mapping says what the file holds). A ``kind``
    with one reader uses it; otherwise the header decides among the readers of ``kind``
    (all readers when no kind is given).
    """
    if tool is not None:
        reader = get_reader(tool)
        if kind is None or reader.kind == kind:
            return reader
    candidates = readers(kind)
    if kind is not None and not candidates:
        raise InputError(f"files of kind {kind!r} are not ingested as data",
                         where=Location(file=table.path.name),
                         fix="pass the roster with --roster, not as a source")
    if tool is not None and kind == "survey":
        raise ConfigError(f"'tool: {tool}' reads {get_reader(tool).kind}, not a survey",
                          where=Location(file=table.path.name),
                          expected=f"one of {[c.name for c in candidates]}",
                          fix="correct 'tool' or 'kind' in the mapping file")
    if kind is not None and len(candidates) == 1:
        return candidates[0]()
    return detect_reader(table, kind)
