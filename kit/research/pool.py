"""``kit pool``: the stores of many boards combined into one pooled dataset (Parquet, hive
partitions by board and wave, see :mod:`kit.research.layout`).

* Every store must be written by this kit version in this store format (with
  ``any_kit_version``, ``kit pool --any-kit-version``: by any kit version in this store format,
  each listed in the manifest), read with the same instrument, and hold one board whose id no
  other store has; otherwise an :class:`~kit.errors.InputError` names the store and the fix.
* Pseudonyms stay per board: each respondent and pupil pseudonym is hashed again with its board
  id (``BOARD:`` and 24 hex digits of BLAKE2b over board and pseudonym). No key is shared or
  needed, and a person who appears in two boards (even two boards that used the same
  pseudonym key) gets two unrelated ids, so nobody can be linked across boards. Within a
  board the ids stay stable (across waves and tables, and when pooled again).
* Free text, the input files and the rejection log are not pooled; the manifest records, per
  board, the source store, its kit version, when it was written, its table checksums and the
  rows pooled per table.
* The output is written into a temporary folder beside ``out`` and renamed into place, so a
  killed run leaves no half pooled set.

Examples
--------
>>> import kit.store, tempfile, pathlib
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> _ = kit.store.write(tmp / "a", {}, manifest_extra={"board": "B1"})
>>> m = pool([tmp / "a"], tmp / "pooled")
>>> [b["board"] for b in m["boards"]], m["rows"]["answers"]
(['B1'], 0)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kit.errors import ArgumentError, InputError, Location
from kit.research.layout import NO_WAVE, POOLED_TABLES, check_id, write_manifest
from kit.store.layout import STORE_FORMAT, kit_version
from kit.store.reading import Store

__all__ = ["pool", "pooled_id"]


def pooled_id(board: str, pseudonym: str) -> str:
    """The pooled pseudonym of a board's pseudonym: ``BOARD:`` and 24 hex digits.

    Examples
    --------
    >>> pooled_id("B1", "abc") == pooled_id("B1", "abc") != pooled_id("B2", "abc")
    True
    >>> pooled_id("B1", "abc")[:3]
    'B1:'
    """
    digest = hashlib.blake2b(f"{board}\x1f{pseudonym}".encode(), digest_size=12,
                             person=b"kit-pool-v1").hexdigest()
    return f"{board}:{digest}"


def _repseudonymise(ids: pd.Series, board: str) -> pd.Series:
    uniq = pd.unique(ids.astype(str))
    lookup = {u: pooled_id(board, u) for u in uniq}
    return ids.astype(str).map(lookup)


def _open(path: Path, any_kit_version: bool = False) -> tuple[Store, dict]:
    """The store at ``path`` after the version checks (InputError, not StoreError: a store
    given to ``kit pool`` is its input); ``any_kit_version``: the store format alone must
    match."""
    mf = path / "manifest.json"
    if not mf.is_file():
        raise InputError("not a store (no manifest.json)", where=Location(file=path),
                         fix="give folders written by `kit ingest`")
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError("the store's manifest.json is damaged", where=Location(file=mf),
                         fix="ingest that board's exports again") from err
    got = (manifest.get("store_format"), manifest.get("kit_version")) \
        if isinstance(manifest, dict) else (None, None)
    if got != (STORE_FORMAT, kit_version()) and not (any_kit_version and
                                                      got[0] == STORE_FORMAT):
        raise InputError(
            f"the store was written by kit {got[1]!r} in store format {got[0]!r}",
            where=Location(file=path),
            expected=f"stores of kit {kit_version()}, store format {STORE_FORMAT}",
            fix="ingest that board's exports again with this kit version, or pool with the "
                "kit version that wrote all the stores"
                + ("" if got[0] != STORE_FORMAT else
                   ", or accept stores of other kit versions in this store format with "
                   "--any-kit-version"))
    return Store(path), manifest


def _board_of(st: Store, manifest: dict, path: Path) -> str:
    boards = set(st.respondents["board"].astype(str)) | set(st.teams["board"].astype(str))
    named = manifest.get("board")
    if named is not None:
        boards.add(str(named))
    if len(boards) != 1:
        raise InputError(f"the store holds {len(boards)} boards {sorted(boards)[:5]}",
                         where=Location(file=path), expected="exactly one board per store",
                         fix="ingest each board into its own store")
    return check_id(boards.pop(), "board", path)


def _wave_of_date(dates: pd.Series, waves: pd.DataFrame) -> pd.Series:
    """The wave whose start..end holds each date (the first in the waves table, as
    :func:`kit.analysis.aspiration.evaluate` assigns periods), else :data:`NO_WAVE`."""
    date = pd.to_datetime(dates)
    out = pd.Series(NO_WAVE, index=dates.index, dtype=object)
    free = pd.Series(True, index=dates.index)
    for w in waves.itertuples():
        inside = (date >= w.start) & (date <= w.end) if pd.notna(w.start) else date.notna()
        hit = inside.fillna(False).astype(bool) & free
        out[hit] = w.wave
        free &= ~hit
    return out


def _tables(st: Store, board: str, path: Path) -> dict[str, pd.DataFrame]:
    waves = st.waves
    for w in waves["wave"]:
        check_id(w, "wave", path)
    out = {}
    # a leader's own answers are one person's: they stay in the board's leader report and
    # never reach a pooled figure (issue 15; the board's leader_roles come with the table)
    from kit.analysis.perspective import team_members
    members = team_members(st.respondents)
    r = members.copy()
    r["respondent_id"] = _repseudonymise(r["respondent_id"], board)
    out["respondents"] = r
    keep = st.answers[["respondent_id", "wave"]].merge(
        members[["respondent_id", "wave"]].drop_duplicates(), how="left", indicator=True)
    a = st.answers[(keep["_merge"] == "both").to_numpy()].copy()
    a["respondent_id"] = _repseudonymise(a["respondent_id"], board)
    out["answers"] = a
    for name in ("observations", "tests"):
        t = st.table(name).copy()
        t["pupil_id"] = _repseudonymise(t["pupil_id"], board)
        t["wave"] = _wave_of_date(t["date"], waves)
        out[name] = t
    teams = st.teams.copy()
    teams["wave"] = teams["wave"].astype(object).where(teams["wave"].notna(), NO_WAVE)
    out["teams"] = teams
    out["waves"] = waves.copy()
    for w in teams.loc[teams["wave"] != NO_WAVE, "wave"].unique():
        check_id(w, "wave", path)
    for t in out.values():
        t["board"] = board
        t["wave"] = t["wave"].astype(str)
        t.attrs["board"] = board
    return out


def _write(tables: dict[str, pd.DataFrame], root: Path) -> None:
    for name, t in tables.items():
        if t.empty:     # no partition to write: keep the schema in one empty file
            board = t.attrs.get("board", "")
            part = root / name / f"board={board}" / f"wave={NO_WAVE}"
            part.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pandas(t.drop(columns=["board", "wave"]),
                                                preserve_index=False), part / "part-0.parquet")
            continue
        pq.write_to_dataset(pa.Table.from_pandas(t, preserve_index=False), root / name,
                            partition_cols=["board", "wave"],
                            basename_template="part-{i}.parquet",
                            existing_data_behavior="overwrite_or_ignore")


def _swap_into_place(tmp: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def pool(stores: list[str | Path], out: str | Path, *, any_kit_version: bool = False) -> dict:
    """Pool the stores of many boards into one dataset at ``out``.

    Parameters
    ----------
    stores : list of path
        Store folders written by ``kit ingest`` (one board each), of this kit version.
    out : path
        The pooled folder: created, or replaced when it is an earlier pooled dataset.
    any_kit_version : bool
        Also pool stores written by other kit versions in this store format (a researcher
        who receives boards' stores cannot ingest their exports again). Their ingest rules
        may differ (e.g. which roles count, how answers are mapped): the manifest lists the
        versions (``store_kit_versions``), and each board's (``store_kit_version``).

    Returns
    -------
    dict
        The manifest written to ``out/manifest.json``: ``kit_version``, ``store_format``,
        ``written_at``, ``boards`` (per board: ``board``, ``board_name``, ``source``,
        ``store_kit_version``, ``store_written_at``, ``store_table_sha256``, ``rows``,
        ``waves``), ``store_kit_versions`` (the distinct versions that wrote the stores),
        ``rows`` (per table, all boards), ``tables``, ``privacy`` and
        ``file_sha256`` (every Parquet file).

    Raises
    ------
    kit.errors.InputError
        A store is missing, damaged, of another kit or store version, holds no or several
        boards, has a board id of another store, an unsafe id, or another instrument.
    kit.errors.ArgumentError
        No store given, or ``out`` is a folder that is not a pooled dataset.
    """
    if not stores:
        raise ArgumentError("no store given", fix="kit pool STORE [STORE ...] --out POOLED")
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        raise ArgumentError(f"{out} exists and is not a pooled dataset",
                            fix="give a new folder for --out, or empty this one")
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        boards, seen, items, rows = [], {}, None, dict.fromkeys(POOLED_TABLES, 0)
        for path in map(Path, stores):
            st, manifest = _open(path, any_kit_version)
            board = _board_of(st, manifest, path)
            if board in seen:
                raise InputError(f"board {board!r} is also in {seen[board]}",
                                 where=Location(file=path),
                                 expected="each board in one store only",
                                 fix="give each board's store once")
            seen[board] = path
            its = st.items.sort_values("item").reset_index(drop=True)
            if items is None:
                items = its
                if (path / "instrument.yml").is_file():
                    shutil.copyfile(path / "instrument.yml", tmp / "instrument.yml")
            elif not its.equals(items):
                raise InputError("the store was read with another instrument than the first "
                                 "store", where=Location(file=path),
                                 expected="one instrument for every pooled board",
                                 fix="ingest every board with the same instrument")
            tables = _tables(st, board, path)
            _write(tables, tmp)
            counts = {name: int(len(t)) for name, t in tables.items()}
            for name, n in counts.items():
                rows[name] += n
            boards.append({"board": board, "board_name": manifest.get("board_name"),
                           "source": str(path.resolve()),
                           "store_kit_version": manifest.get("kit_version"),
                           "store_written_at": manifest.get("written_at"),
                           "store_table_sha256": manifest.get("table_sha256", {}),
                           "rows": counts, "waves": [str(w) for w in st.waves["wave"]]})
        manifest = {"kit_version": kit_version(), "store_format": STORE_FORMAT,
                    "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "tables": list(POOLED_TABLES), "rows": rows, "boards": boards,
                    "store_kit_versions": sorted({str(b["store_kit_version"])
                                                  for b in boards}),
                    "privacy": "pseudonyms hashed again per board; raw rows are for "
                               "researchers under a data agreement only"}
        write_manifest(tmp, manifest)
        _swap_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
