"""``kit ingest``: from a set of export files to a validated store, every row accounted for.

:func:`ingest` reads each file, lets the reader registry (:mod:`kit.ingest.registry`) choose
its reader (survey format, observations or tests: from the mapping file's ``kind`` and ``tool``
or from the header), has the reader turn it into rows of the store's tables, removes cross-file
duplicates, and returns an :class:`IngestResult`; :meth:`IngestResult.write` writes the
store. A file named on the command line that cannot be read stops the whole ingest with one
:class:`~kit.errors.KitError` before anything is written, and so does any file whose reader is
known but whose content is damaged. A folder is taken as a board has it
(:mod:`kit.ingest.sources`): a file in it that the kit does not read (a readme, a picture, a
table no reader recognises, a participants list whose survey is not in the ingest) is listed in
:attr:`IngestResult.skipped` with its reason, and ``strict=True`` (``kit ingest --strict``) makes
that an error. LimeSurvey participants lists link the access tokens of the responses to teams
(:mod:`kit.ingest.participants`); they are read before the surveys.

Free text (open questions) is stored only when asked for: ``free_text: true`` for a source in
the mapping file, or ``free_text=True`` (``kit ingest --free-text``) for every survey whose
mapping entry does not say ``free_text: false``. See :mod:`kit.ingest.freetext`.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from .. import instrument as instrument_mod
from ..errors import InputError, KitError, Location
from ..pseudonym import Pseudonymizer, is_sample, load_key
from ..store.schemas import TABLES
from ..store.vocabulary import FILE_KINDS
from .accounting import FileAccount
from .mapping import Mapping, load_mapping
from .org import Organisation, load_org
from .participants import StaffLookup, is_participants_list, load_participants
from .registry import FileResult, IngestContext, UnrecognisedFileError, choose_reader, links_staff
from .schoolyear import link_school_years
from .sources import SkippedFile, Source, gather_sources
from .table import read_table

__all__ = ["IngestResult", "SkippedFile", "collect_sources", "ingest"]

#: why an unrecognised table found in a folder is skipped (no cell text: it may be personal)
UNRECOGNISED = ("not an export the kit recognises by its header (no survey tool, participants "
                "list, observations or test results); a survey export that no known tool made "
                "can be described in the mapping file with 'tool: generic'")
UNUSED_LIST = ("a LimeSurvey participants list whose survey is not in this ingest: no response "
               "read has one of its {n} access tokens")

def collect_sources(sources: list[str | Path], *, exclude: list[Path] = ()) -> list[Path]:
    """The candidate export files of ``sources`` (files, and folders one level deep, sorted);
    see :func:`kit.ingest.sources.gather_sources` for the files a folder holds besides."""
    return [s.path for s in gather_sources(sources, exclude=exclude)[0]]


@dataclass
class IngestResult:
    """Everything an ingest produced, before or after writing the store."""

    tables: dict[str, pd.DataFrame]
    accounts: list[FileAccount]
    org: Organisation
    sample: bool
    instrument_file: Path
    instrument_id: str = ""
    #: whether free text was asked for (for at least one survey file)
    free_text: bool = False
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    seconds: float = 0.0
    #: files of the folders given that were not read, with the reason
    skipped: list[SkippedFile] = field(default_factory=list)
    #: the instrument file with its optional modules inline (issue 15), stored instead of
    #: ``instrument_file`` so that a store reads its module answers on its own
    instrument_text: str | None = None
    #: the tables as the ingest validated them (written without validating them again)
    validated: dict = field(default_factory=dict, repr=False)

    def report(self) -> dict:
        """The ``--json`` report: per file the format, rows read/accepted/rejected by reason."""
        return {
            "board": self.org.board_id,
            "sample_data": self.sample,
            "seconds": round(self.seconds, 3),
            "files": [a.as_dict() for a in self.accounts],
            "totals": {
                "rows_read": sum(a.rows_read for a in self.accounts),
                "accepted": sum(a.accepted for a in self.accounts),
                "rejected": sum(sum(a.rejected.values()) for a in self.accounts),
            },
            "tables": {k: int(len(v)) for k, v in self.tables.items()},
            "skipped": [s.as_dict() for s in self.skipped],
        }

    def summary(self) -> str:
        """A readable summary of :meth:`report` for the terminal."""
        lines = []
        for a in self.accounts:
            rej = ", ".join(f"{k} {v}" for k, v in a.rejected.items()) or "none"
            lines.append(f"{a.file}  [{a.kind}: {a.format}]")
            lines.append(f"    rows read {a.rows_read}, accepted {a.accepted}, "
                         f"rejected {sum(a.rejected.values())} ({rej})")
            if a.kept:
                lines.append("    kept with a reason: "
                             + ", ".join(f"{k} {v}" for k, v in sorted(a.kept.items())))
            if a.respondents_per_team:
                teams = ", ".join(f"{t} {n}" for t, n in a.respondents_per_team.items())
                lines.append(f"    respondents per team: {teams}")
        t = self.report()["totals"]
        lines.append(f"Total: {len(self.accounts)} files, rows read {t['rows_read']}, "
                     f"accepted {t['accepted']}, rejected {t['rejected']}")
        tabs = ", ".join(f"{k} {v}" for k, v in self.report()["tables"].items()
                         if k in ("respondents", "answers", "pupils", "observations", "tests"))
        lines.append(f"Tables: {tabs}")
        if self.skipped:
            lines.append(f"Skipped (not read, --strict makes this an error): "
                         f"{len(self.skipped)} file(s)")
            lines.extend(f"    {s.file}: {s.reason}" for s in self.skipped)
        if self.free_text:
            lines.append(f"Free text (asked for; e-mail, phone numbers and known names "
                         f"scrubbed): {len(self.tables.get('free_text', ()))} answers")
        return "\n".join(lines)

    def write(self, path: str | Path) -> Path:
        """Write the store (atomically) with a manifest describing this ingest."""
        from .. import store
        extra = {
            "board": self.org.board_id,
            "board_name": self.org.board_name,
            "sample": self.sample,
            "sources": [{"file": a.file, "sha256": a.sha256, "kind": a.kind, "format": a.format}
                        for a in self.accounts],
            "instrument": self.instrument_id,
            "free_text": self.free_text,
            "leader_roles": list(self.org.leader_roles),     # issue 15: leaders' answers
        }
        trusted = {k for k, v in self.tables.items() if self.validated.get(k) is v}
        if self.instrument_text is None:
            return store.write(path, self.tables, manifest_extra=extra,
                               instrument_file=self.instrument_file, trusted=trusted)
        import tempfile
        with tempfile.TemporaryDirectory(prefix="kit-instrument-") as tmp:
            f = Path(tmp) / "instrument.yml"
            f.write_text(self.instrument_text, encoding="utf-8")
            return store.write(path, self.tables, manifest_extra=extra, instrument_file=f,
                               trusted=trusted)


def _files_frame(accounts: list[FileAccount]) -> pd.DataFrame:
    return pd.DataFrame([{
        "file": a.file, "sha256": a.sha256, "kind": a.kind, "format": a.format,
        "rows_read": a.rows_read, "accepted": a.accepted,
        "rejected": sum(a.rejected.values()),
        "rejected_by_reason": json.dumps(a.rejected, sort_keys=True),
        "kept_by_reason": json.dumps(a.kept, sort_keys=True),
    } for a in accounts], columns=["file", "sha256", "kind", "format", "rows_read", "accepted",
                                   "rejected", "rejected_by_reason", "kept_by_reason"])


def _waves_frame(org: Organisation) -> pd.DataFrame:
    return pd.DataFrame([{
        "wave": w.id,
        "start": pd.Timestamp(w.start) if w.start else pd.NaT,
        "end": pd.Timestamp(w.end) if w.end else pd.NaT,
        "label_nl": w.label.get("nl", w.id), "label_en": w.label.get("en", w.id), "order": n,
    } for n, w in enumerate(org.waves)], columns=["wave", "start", "end", "label_nl", "label_en",
                                                 "order"])


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    frames = [f for f in frames if f is not None]
    if not frames:
        return None
    non_empty = [f for f in frames if len(f)]
    return pd.concat(non_empty or frames[:1], ignore_index=True)


def _name_file(err: Exception, path: Path) -> None:
    """Mark an unexpected error with the file being read (``err.kit_file``, and a note for the
    traceback), so that the command line's internal-error message can name it."""
    try:
        err.kit_file = str(path)
    except AttributeError:          # an exception type without attributes: the note only
        pass
    err.add_note(f"while reading {path}")


def ingest(sources: list[str | Path], *, org: str | Path, roster: str | Path | None = None,
           mapping: str | Path | None = None, wave: str | None = None,
           key_file: str | Path | None = None,
           instrument: str | Path | None = None, free_text: bool = False, modules=(),
           strict: bool = False) -> IngestResult:
    """Read export files into tidy, validated tables.

    Parameters
    ----------
    sources : list of paths
        Export files or folders holding them.
    org : path
        The organisation file (schools, teams, groups, sizes, waves).
    roster : path, optional
        Staff roster (e-mail/token -> school, team, role) for surveys that do not ask the team.
    mapping : path, optional
        Mapping file with per-file facts (see ``templates/mapping.example.yml``).
    wave : str, optional
        The wave of every survey response (else from the mapping or the submission dates).
    key_file : path, optional
        The pseudonym key file (else ``KIT_PSEUDONYM_KEY``; sample data needs none).
    instrument : path, optional
        An instrument file (default: the five habits).
    modules : iterable of str or Path, optional
        Optional instrument modules to read besides those the instrument file and the
        organisation file name (``modules:``): module ids of the kit or module files.
    free_text : bool
        Store the (scrubbed) answers to open questions of every survey whose mapping entry does
        not say ``free_text: false`` (default: free text is dropped, except for entries that
        say ``free_text: true``).
    strict : bool
        Stop with an :class:`~kit.errors.InputError` when a file of a folder is not read
        (default: such files are listed in :attr:`IngestResult.skipped` with their reason).

    Returns
    -------
    IngestResult
    """
    import time

    from .roster import load_roster
    from .survey import deduplicate_across

    if not isinstance(free_text, bool):
        from ..errors import ArgumentError
        raise ArgumentError(f"free_text must be True or False, got {free_text!r}",
                            expected="a bool")
    t0 = time.perf_counter()
    organisation = load_org(org)
    named = organisation.modules + tuple(modules or ())
    inst = instrument_mod.load(instrument, modules=named)
    mp: Mapping = load_mapping(mapping)
    skip = [Path(p) for p in (org, roster, mapping) if p]
    candidates, skipped = gather_sources(sources, exclude=skip)
    if not candidates:
        _check_skipped(skipped, [], strict)
    files = [c.path for c in candidates]
    sample = all(is_sample(f) for f in files)
    pseudo = Pseudonymizer(load_key(key_file, sources=files))
    _check_wave(wave, organisation)
    staff = load_roster(roster, organisation) if roster else None
    context = IngestContext(org=organisation, pseudonymizer=pseudo, instrument=inst,
                            roster=staff, wave=wave, free_text=free_text)
    results = _read_files(candidates, mp, context, skipped)
    skipped.sort(key=lambda s: s.file)
    _check_skipped(skipped, results, strict)
    # surveys first, then observations, then tests (each in file order): the tables' row order
    results.sort(key=lambda r: FILE_KINDS.index(r.account.kind))
    results = link_school_years(deduplicate_across(results))   # tests' groups at the test date
    order = {f.name: n for n, f in enumerate(files)}
    accounts = sorted((r.account for r in results), key=lambda a: order.get(a.file, len(order)))
    tables = _tables(results, accounts, organisation, inst)
    res = IngestResult(tables, accounts, organisation, sample,
                       inst.source or instrument_mod.DEFAULT_PATH, inst.id,
                       free_text=any(r.free_text_asked for r in results), skipped=skipped,
                       instrument_text=instrument_mod.bundled_yaml(inst), validated=dict(tables))
    res.seconds = time.perf_counter() - t0
    return res


def _check_wave(wave: str | None, organisation: Organisation) -> None:
    """A wave given for every response must be one of the organisation file's."""
    if wave is not None and organisation.waves and wave not in {w.id for w in organisation.waves}:
        raise InputError(f"unknown wave {wave!r}",
                         expected=f"one of {[w.id for w in organisation.waves]}",
                         fix="use a wave id from the organisation file")


def _read_files(candidates: list[Source], mp: Mapping, context: IngestContext,
                skipped: list[SkippedFile]) -> list[FileResult]:
    """Every candidate file's result. Pupil data is read at once; the surveys after the
    participants lists, whose tokens they may need (with the roster, :class:`StaffLookup`)."""
    results: list[FileResult] = []
    surveys, lists = [], []
    for src in candidates:
        sm = mp.for_file(src.path)
        with _naming(src.path):
            opened = _open(src, sm, skipped)
            if opened is None:
                continue
            table, reader = opened
            if reader is None:
                lists.append((src, load_participants(table, sm, context.org)))
            elif links_staff(reader):
                surveys.append((src, table, sm, reader))
            else:
                results.append(reader.ingest(table, sm, context))
    if lists:
        context = replace(context, roster=StaffLookup(context.roster, [p for _, p in lists]))
    for src, table, sm, reader in surveys:
        with _naming(src.path):
            results.append(reader.ingest(table, sm, context))
    results.extend(_used_lists(lists, skipped))
    return results


@contextmanager
def _naming(path: Path):
    """Let the kit's own errors pass; mark any other (a bug) with the file being read."""
    try:
        yield
    except KitError:
        raise
    except Exception as err:
        _name_file(err, path)
        raise


def _open(src: Source, sm, skipped: list[SkippedFile]):
    """``(table, reader)`` of a candidate file (reader ``None``: a participants list), or
    ``None`` when a file found in a folder is not one the kit reads (added to ``skipped``).

    A file named on the command line, or one whose mapping entry says its ``kind`` or ``tool``,
    stops the ingest instead; so does a table that cannot be opened, and any error once the
    reader is known (damaged content).
    """
    declared = src.named or sm.kind is not None or sm.tool is not None
    # a table that cannot be opened at all (a download cut short, a damaged workbook) stops the
    # ingest wherever it is: it is most likely an export, and its rows could not be accounted for
    table = read_table(src.path, sheet=sm.sheet)
    if sm.kind in (None, "roster") and sm.tool is None and is_participants_list(table):
        return table, None
    try:
        return table, choose_reader(table, kind=sm.kind, tool=sm.tool)
    except UnrecognisedFileError:
        if declared:
            raise
        skipped.append(SkippedFile(src.path.name, UNRECOGNISED))
        return None


def _used_lists(lists: list, skipped: list[SkippedFile]) -> list:
    """The participants lists that linked a response; the others are skipped (found in a
    folder) or stop the ingest (named on the command line)."""
    used = []
    for src, plist in lists:
        if plist.hits:
            used.append(plist)
            continue
        reason = UNUSED_LIST.format(n=len(plist))
        if src.named:
            raise InputError(reason, where=Location(file=plist.file),
                             fix="ingest it together with the LimeSurvey responses of its "
                                 "survey, or leave it out")
        skipped.append(SkippedFile(plist.file, reason))
    return used


def _check_skipped(skipped: list[SkippedFile], results: list, strict: bool) -> None:
    """``strict``: any skipped file stops the ingest; nothing read at all always does."""
    if not skipped or (results and not strict):
        return
    first = skipped[0]
    more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
    if not results:
        raise InputError(f"no export the kit reads: {len(skipped)} file(s) skipped, e.g. "
                         f"{first.file}: {first.reason}", where=Location(file=first.file),
                         expected="CSV, TSV or .xlsx exports of a survey tool or pupil-data "
                                  "system", fix="name the export files or their folder")
    raise InputError(f"--strict: {len(skipped)} file(s) in the folder not read{more}: "
                     f"{first.reason}", where=Location(file=first.file),
                     fix="remove the files the kit does not read from the folder, or ingest "
                         "without --strict (they are then listed as skipped)")


def _tables(results: list[FileResult], accounts: list[FileAccount], org: Organisation,
            inst) -> dict[str, pd.DataFrame]:
    """The store's tables from the files' contributions and the organisation and instrument."""
    from .. import store
    parts: dict[str, list[pd.DataFrame]] = {}
    for r in results:
        for name, frame in r.tables().items():
            parts.setdefault(name, []).append(frame)
    tables = {name: _concat(frames) for name, frames in parts.items()}
    if tables.get("pupils") is not None:
        tables["pupils"] = tables["pupils"].drop_duplicates(ignore_index=True)
    tables.update({
        "files": _files_frame(accounts),
        "rejections": _concat([r.ledger.frame() for r in results]),
        "teams": org.teams_frame(),
        "waves": _waves_frame(org),
        "items": inst.items_frame(),
    })
    tables = {k: (tables[k] if tables.get(k) is not None else store.empty(k))
              for k in TABLES}
    return {k: store.validate(k, v) for k, v in tables.items()}
