"""The files of one ingest: what the command line names, and what a board's folder holds.

A folder is taken as it is: its files (one level deep, sorted) are the candidates, and a file
the kit does not read is listed as a :class:`SkippedFile` with its reason instead of stopping
the ingest: another kind of file (a readme, a picture), a lock file of an open workbook, a
subfolder. Files whose name starts with ``.`` (hidden files such as ``.DS_Store``) are left out
without a word. A file named on the command line is always a candidate (:attr:`Source.named`):
if it cannot be read, the ingest stops. :mod:`kit.ingest.run` adds the files it opens but does
not use (an unrecognised table, a participants list whose survey is not in the ingest).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location

__all__ = ["DATA_SUFFIXES", "SkippedFile", "Source", "gather_sources"]

#: file name endings the kit opens as tables (the content decides the format)
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class Source:
    """A candidate file: ``named`` when the command line named it (not found in a folder)."""

    path: Path
    named: bool


@dataclass(frozen=True)
class SkippedFile:
    """A file in a folder that the ingest did not read, and why (the kit's own words)."""

    file: str
    reason: str

    def as_dict(self) -> dict:
        """``{"file": ..., "reason": ...}`` for the ``--json`` report."""
        return {"file": self.file, "reason": self.reason}


def _skip_reason(f: Path) -> str | None:
    """Why a file found in a folder is not opened at all; ``None``: open it."""
    if f.is_dir():
        return "a folder: only the files directly in the folder given are read"
    if f.name.startswith("~$"):
        return "a lock file that Excel keeps beside an open workbook (not an export)"
    if f.suffix.lower() not in DATA_SUFFIXES:
        what = f"'{f.suffix}'" if f.suffix else "no extension"
        return (f"not a table ({what}): the kit reads exports saved as CSV, TSV, TXT or "
                ".xlsx")
    return None


def gather_sources(sources: list[str | Path], *,
                   exclude: list[Path] = ()) -> tuple[list[Source], list[SkippedFile]]:
    """Expand files and folders into candidate files and the folder files left out.

    ``exclude`` are the files the ingest reads otherwise (organisation, roster, mapping): they
    are neither candidates nor skipped. A path that does not exist is an
    :class:`~kit.errors.InputError`.
    """
    leave = {Path(p).resolve() for p in exclude if p}
    out: list[Source] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()
    for s in sources:
        p = Path(s)
        if p.is_dir():
            for f in sorted(p.iterdir()):
                if f.name.startswith(".") or f.resolve() in leave or f.resolve() in seen:
                    continue
                seen.add(f.resolve())
                reason = _skip_reason(f)
                if reason is None:
                    out.append(Source(f, named=False))
                else:
                    skipped.append(SkippedFile(f.name, reason))
        elif p.exists():
            if p.resolve() not in leave and p.resolve() not in seen:
                seen.add(p.resolve())
                out.append(Source(p, named=True))
        else:
            raise InputError("the file or folder does not exist", where=Location(file=str(p)),
                             fix="check the path")
    if not out and not skipped:
        raise InputError("no export files found", where=Location(file=", ".join(map(str, sources))),
                         expected="CSV, TSV or .xlsx files",
                         fix="name the export files or their folder")
    return out, skipped
