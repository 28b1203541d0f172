"""The pooled dataset on disk: its folders, the manifest, and the checks of ids used as folder
names.

Layout of a pooled folder (hive-style partitions, readable by DuckDB, pyarrow, Spark, Dask)::

    manifest.json                    what came from where (see :func:`write_manifest`)
    instrument.yml                   the instrument every pooled board was read with
    <table>/board=<B>/wave=<W>/part-0.parquet

for the tables of :data:`POOLED_TABLES`. The files hold the store's columns less ``board`` and
``wave``, which are the folder names. Rows without a wave (a team listed for every wave, a pupil
measurement outside every wave's dates) are in ``wave=_none`` (:data:`NO_WAVE`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from kit.errors import InputError, Location

__all__ = ["NO_WAVE", "POOLED_FORMAT", "POOLED_TABLES", "check_id", "file_checksums",
           "read_pooled_manifest", "table_glob", "write_manifest"]

#: bumped when the pooled layout changes incompatibly
POOLED_FORMAT = 1
MANIFEST = "manifest.json"
#: the store tables a pooled set holds (free text, the input files and the rejection log stay
#: with each board; the pupils' group lists are in the observations and tests themselves)
POOLED_TABLES = ("respondents", "answers", "observations", "tests", "teams", "waves")
#: the partition value of rows without a wave (no wave id starts with an underscore)
NO_WAVE = "_none"
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


def check_id(value: object, what: str, where: Path) -> str:
    """``value`` as a board or wave id that is safe as a folder name, or an InputError.

    Ids come from the boards' files (untrusted text): letters, digits, ``_ . -``, at most 64
    characters, starting with a letter or digit (so never ``..``, a slash or ``=``).
    """
    text = "" if value is None else str(value)
    if not _SAFE.fullmatch(text):
        shown = text[:40].encode("unicode_escape").decode("ascii")
        raise InputError(f"the {what} id {shown!r} cannot be pooled",
                         where=Location(file=where),
                         expected="letters, digits, '_', '.' or '-', at most 64 characters, "
                                  "starting with a letter or digit",
                         fix=f"rename the {what} in the organisation file and ingest again")
    return text


def table_glob(root: Path, table: str) -> str:
    """The glob of every Parquet file of ``table`` in the pooled folder ``root``."""
    return str(Path(root) / table / "board=*" / "wave=*" / "*.parquet")


def file_checksums(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every Parquet file under ``root`` (sorted by path)."""
    out = {}
    for f in sorted(Path(root).rglob("*.parquet")):
        h = hashlib.sha256()
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        out[f.relative_to(root).as_posix()] = h.hexdigest()
    return out


def write_manifest(root: Path, manifest: dict) -> Path:
    """Write ``manifest.json`` (with the format and every file's checksum) into ``root``."""
    manifest = {"pooled_format": POOLED_FORMAT, **manifest,
                "file_sha256": file_checksums(root)}
    f = Path(root) / MANIFEST
    f.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return f


def read_pooled_manifest(root: Path, *, verify: bool = False) -> dict:
    """The manifest of a pooled folder, checked for its format (and, with ``verify``, every
    file's checksum).

    Raises
    ------
    kit.errors.InputError
        The folder is not a pooled set, its manifest is damaged, of another format, or (with
        ``verify``) a file was changed, added or removed since pooling.
    """
    root = Path(root)
    f = root / MANIFEST
    if not f.is_file():
        raise InputError("the folder is not a pooled dataset (no manifest.json)",
                         where=Location(file=root), fix="run `kit pool STORE... --out POOLED`")
    try:
        manifest = json.loads(f.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError("manifest.json is damaged", where=Location(file=f),
                         fix="pool the stores again") from err
    fmt = manifest.get("pooled_format") if isinstance(manifest, dict) else None
    if fmt is None and isinstance(manifest, dict) and "store_format" in manifest:
        raise InputError("the folder is one board's store, not a pooled dataset",
                         where=Location(file=root),
                         fix=f"pool it first: kit pool {root} ... --out POOLED")
    if fmt != POOLED_FORMAT:
        raise InputError(f"the pooled dataset has format {fmt!r}", where=Location(file=f),
                         expected=f"pooled format {POOLED_FORMAT}",
                         fix="pool the stores again with this kit version")
    if verify:
        found = file_checksums(root)
        if found != manifest.get("file_sha256"):
            changed = sorted(set(found.items()) ^ set(manifest.get("file_sha256", {}).items()))
            raise InputError(f"{len(changed)} file(s) differ from the manifest, e.g. "
                             f"{changed[0][0]!r}", where=Location(file=root),
                             fix="pool the stores again; do not edit a pooled dataset")
    return manifest
