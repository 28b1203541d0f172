"""``kit ingest``: from a set of export files to a validated store, every row accounted for.

:func:`ingest` reads each file, lets the reader registry (:mod:`kit.ingest.registry`) choose
its reader (survey format, observations or tests: from the mapping file's ``kind`` and ``tool``
or from the header), has the reader turn it into rows of the store's tables, removes cross-file
duplicates, and returns an :class:`IngestResult`; :meth:`IngestResult.write` writes the
store. A file that cannot be read stops the whole ingest with one :class:`~kit.errors.KitError`
before anything is written.

Free text (open questions) is stored only when asked for: ``free_text: true`` for a source in
the mapping file, or ``free_text=True`` (``kit ingest --free-text``) for every survey whose
mapping entry does not say ``free_text: false``. See :mod:`kit.ingest.freetext`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
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
from .registry import FileResult, IngestContext, choose_reader
from .schoolyear import link_school_years
from .table import read_table

__all__ = ["IngestResult", "collect_sources", "ingest"]

_DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}


def collect_sources(sources: list[str | Path], *, exclude: list[Path] = ()) -> list[Path]:
    """Expand files and folders (one level deep, sorted) into the export files to read."""
    skip = {Path(p).resolve() for p in exclude if p}
    out: list[Path] = []
    for s in sources:
        p = Path(s)
        if p.is_dir():
            files = sorted(f for f in p.iterdir()
                           if f.is_file() and f.suffix.lower() in _DATA_SUFFIXES
                           and not f.name.startswith((".", "~$")))
        elif p.exists():
            files = [p]
        else:
            raise InputError("the file or folder does not exist", where=Location(file=str(p)),
                             fix="check the path")
        out.extend(f for f in files if f.resolve() not in skip and f not in out)
    if not out:
        raise InputError("no export files found", where=Location(file=", ".join(map(str, sources))),
                         expected="CSV, TSV or .xlsx files",
                         fix="name the export files or their folder")
    return out


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
        return store.write(path, self.tables, manifest_extra=extra,
                           instrument_file=self.instrument_file)


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
           instrument: str | Path | None = None, free_text: bool = False) -> IngestResult:
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
    free_text : bool
        Store the (scrubbed) answers to open questions of every survey whose mapping entry does
        not say ``free_text: false`` (default: free text is dropped, except for entries that
        say ``free_text: true``).

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
    inst = instrument_mod.load(instrument)
    organisation = load_org(org)
    mp: Mapping = load_mapping(mapping)
    skip = [Path(p) for p in (org, roster, mapping) if p]
    files = collect_sources(sources, exclude=skip)
    sample = all(is_sample(f) for f in files)
    pseudo = Pseudonymizer(load_key(key_file, sources=files))
    if wave is not None and organisation.waves and wave not in {w.id for w in organisation.waves}:
        raise InputError(f"unknown wave {wave!r}",
                         expected=f"one of {[w.id for w in organisation.waves]}",
                         fix="use a wave id from the organisation file")
    context = IngestContext(org=organisation, pseudonymizer=pseudo, instrument=inst,
                            roster=load_roster(roster, organisation) if roster else None,
                            wave=wave, free_text=free_text)
    results: list[FileResult] = []
    for f in files:
        sm = mp.for_file(f)
        try:
            table = read_table(f, sheet=sm.sheet)
            reader = choose_reader(table, kind=sm.kind, tool=sm.tool)
            results.append(reader.ingest(table, sm, context))
        except KitError:
            raise
        except Exception as err:    # a bug: the command line names the file it was reading
            _name_file(err, f)
            raise
    # surveys first, then observations, then tests (each in file order): the tables' row order
    results.sort(key=lambda r: FILE_KINDS.index(r.account.kind))
    results = link_school_years(deduplicate_across(results))   # tests' groups at the test date
    order = {f.name: n for n, f in enumerate(files)}
    accounts = sorted((r.account for r in results), key=lambda a: order.get(a.file, len(order)))
    tables = _tables(results, accounts, organisation, inst)
    res = IngestResult(tables, accounts, organisation, sample,
                       inst.source or instrument_mod.DEFAULT_PATH, inst.id,
                       free_text=any(r.free_text_asked for r in results))
    res.seconds = time.perf_counter() - t0
    return res


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
