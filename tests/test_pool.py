"""`kit pool`: many boards' stores into one Parquet dataset by board and wave, with a manifest;
pseudonyms per board; stores of another version refused (exit 2 from the CLI)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.dataset as pds
import pytest

import kit.store
from kit.errors import ArgumentError, InputError
from kit.research.layout import file_checksums, read_pooled_manifest
from kit.research.pool import pool, pooled_id
from kit.store.schemas import TABLES

ROOT = Path(__file__).resolve().parents[1]


def second_board(sample: Path, out: Path, board: str = "BRD02") -> Path:
    """A second board's store made from the sample board's tables: another board id, every
    seventh respondent left out and the answers mirrored (6 - x), written by kit.store.write
    (validated). Its pseudonyms are the sample's: as if both boards had used one key."""
    st = kit.store.open(sample)
    tables = {t: st.table(t).copy() for t in TABLES}
    resp = tables["respondents"]
    keep = resp.iloc[[k for k in range(len(resp)) if k % 7 != 3]]
    tables["respondents"] = keep.assign(board=board)
    ans = tables["answers"].merge(keep[["respondent_id", "wave"]], on=["respondent_id", "wave"])
    tables["answers"] = ans.assign(value=6 - ans["value"])
    tables["teams"] = tables["teams"].assign(board=board)
    tables["free_text"] = tables["free_text"].assign(board=board)
    return kit.store.write(out, tables, manifest_extra={"board": board,
                                                        "board_name": "Tweede bestuur"},
                           instrument_file=sample / "instrument.yml")


def two_boards(sample: Path, tmp: Path) -> list[Path]:
    """The sample board's store (copied) and a second board's store."""
    a = tmp / "stores" / "brd01"
    shutil.copytree(sample, a)
    return [a, second_board(sample, tmp / "stores" / "brd02")]


@pytest.fixture(scope="module")
def pooled(sample_store_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pool")
    stores = two_boards(sample_store_path, tmp)
    return stores, pool(stores, tmp / "pooled"), tmp / "pooled"


def _read(root: Path, table: str) -> pd.DataFrame:
    return pds.dataset(root / table, format="parquet", partitioning="hive").to_table() \
        .to_pandas()


def _team_answers(st):
    """The store's answers but the leaders' own (which are never pooled)."""
    from kit.analysis.perspective import leaders
    lead = set(leaders(st.respondents)["respondent_id"])
    return st.answers[~st.answers["respondent_id"].isin(lead)]


def test_manifest_says_what_came_from_where(pooled, st):
    stores, manifest, root = pooled
    assert [b["board"] for b in manifest["boards"]] == ["BRD01", "BRD02"]
    assert [b["source"] for b in manifest["boards"]] == [str(s.resolve()) for s in stores]
    assert manifest["kit_version"] == kit.__version__
    assert manifest["boards"][0]["store_table_sha256"] == st.manifest["table_sha256"]
    assert manifest["boards"][0]["rows"]["answers"] == len(_team_answers(st))
    assert manifest["rows"]["respondents"] == sum(b["rows"]["respondents"]
                                                  for b in manifest["boards"])
    assert manifest["file_sha256"] == file_checksums(root)
    assert read_pooled_manifest(root, verify=True)["pooled_format"] == 1


def test_partitioned_by_board_and_wave_with_every_row(pooled, st):
    _, manifest, root = pooled
    parts = sorted(p.relative_to(root / "answers").parent.as_posix()
                   for p in (root / "answers").rglob("*.parquet"))
    waves = sorted(st.waves["wave"])
    assert parts == [f"board={b}/wave={w}" for b in ("BRD01", "BRD02") for w in waves]
    for table in ("respondents", "answers", "observations", "tests", "teams", "waves"):
        assert len(_read(root, table)) == manifest["rows"][table], table
    ans = _read(root, "answers")
    assert len(ans[ans["board"] == "BRD01"]) == len(_team_answers(st))
    # issue 15: the leaders' own answers are not pooled (the sample board's four directors)
    assert len(st.answers) - len(_team_answers(st)) == 4 * len(st.instrument.items)
    assert "directeur" not in set(_read(root, "respondents")["role"].dropna())
    # not pooled: free text, the input files and the rejection log
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == sorted(manifest["tables"])


def test_pseudonyms_stay_per_board(pooled, st):
    _, _, root = pooled
    resp = _read(root, "respondents")
    one, two = (set(resp.loc[resp["board"] == b, "respondent_id"]) for b in ("BRD01", "BRD02"))
    # the second store has the sample's very pseudonyms, yet nobody is linked across boards
    assert one.isdisjoint(two)
    assert not one & set(st.respondents["respondent_id"])
    members = st.respondents[st.respondents["role"] != "directeur"]     # leaders not pooled
    assert one == {pooled_id("BRD01", r) for r in members["respondent_id"]}
    assert all(r.startswith("BRD02:") for r in two)
    ans = _read(root, "answers")
    assert set(ans["respondent_id"]) <= one | two
    obs = _read(root, "observations")
    assert obs.groupby("board")["pupil_id"].nunique()["BRD01"] == \
        st.observations["pupil_id"].nunique()
    assert set(obs.loc[obs.board == "BRD01", "pupil_id"]).isdisjoint(
        obs.loc[obs.board == "BRD02", "pupil_id"])


def _edit_manifest(store: Path, **changes) -> None:
    f = store / "manifest.json"
    m = json.loads(f.read_text())
    m.update(changes)
    f.write_text(json.dumps(m))


@pytest.mark.parametrize("change", [{"kit_version": "0.0.9"}, {"store_format": 0}])
def test_a_store_of_another_version_is_refused(sample_store_path, tmp_path, change):
    old = tmp_path / "old"
    shutil.copytree(sample_store_path, old)
    _edit_manifest(old, **change)
    with pytest.raises(InputError) as err:
        pool([sample_store_path, old], tmp_path / "pooled")
    assert str(old) in err.value.message and "kit version" in err.value.message
    assert not (tmp_path / "pooled").exists()
    assert not list(tmp_path.glob(".pooled.tmp-*"))


def test_the_cli_refuses_with_exit_code_2(sample_store_path, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(sample_store_path, old)
    _edit_manifest(old, kit_version="0.0.9")
    r = subprocess.run([sys.executable, "-m", "kit.cli", "pool", str(old), "--out",
                        str(tmp_path / "pooled")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert r.stderr.startswith("kit: input error: ") and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "'0.0.9'" in r.stderr


def test_the_cli_pools(sample_store_path, tmp_path):
    r = subprocess.run([sys.executable, "-m", "kit.cli", "pool", str(sample_store_path),
                        "--out", str(tmp_path / "pooled")], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "Pooled 1 boards" in r.stdout
    assert read_pooled_manifest(tmp_path / "pooled", verify=True)["boards"][0]["board"] == \
        "BRD01"


def test_one_board_twice_or_an_unsafe_board_id_is_refused(sample_store_path, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(sample_store_path, copy)
    with pytest.raises(InputError, match="board 'BRD01' is also in"):
        pool([sample_store_path, copy], tmp_path / "pooled")
    bad = second_board(sample_store_path, tmp_path / "bad", board="../etc")
    with pytest.raises(InputError, match="board id '../etc' cannot be pooled"):
        pool([bad], tmp_path / "pooled")


def test_another_instrument_is_refused(sample_store_path, tmp_path):
    st = kit.store.open(sample_store_path)
    tables = {t: st.table(t) for t in TABLES}
    tables["items"] = tables["items"].iloc[:-1]
    tables["respondents"] = tables["respondents"].assign(board="BRD03")
    tables["teams"] = tables["teams"].assign(board="BRD03")
    other = kit.store.write(tmp_path / "other", tables, manifest_extra={"board": "BRD03"})
    with pytest.raises(InputError, match="another instrument"):
        pool([sample_store_path, other], tmp_path / "pooled")


def test_output_folder_rules(sample_store_path, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(ArgumentError, match="is not a pooled dataset"):
        pool([sample_store_path], busy)
    assert (busy / "notes.txt").read_text() == "mine"
    out = tmp_path / "pooled"
    pool([sample_store_path], out)
    (out / "answers" / "stray.parquet").write_bytes(b"x")
    with pytest.raises(InputError, match="differ from the manifest"):
        read_pooled_manifest(out, verify=True)
    pool([sample_store_path], out)          # an earlier pooled set is replaced whole
    assert not (out / "answers" / "stray.parquet").exists()
    r = kit.store.open(sample_store_path).respondents
    assert read_pooled_manifest(out, verify=True)["rows"]["respondents"] == \
        len(r[r["role"] != "directeur"])                # the leaders' rows are not pooled


def test_stores_of_other_kit_versions_pool_when_asked(sample_store_path, tmp_path):
    """A researcher receives boards' stores, not their exports: with --any-kit-version a store
    of another kit version in this store format is pooled, and the manifest says which
    versions wrote the stores; another store format is still refused."""
    old = tmp_path / "old"
    shutil.copytree(sample_store_path, old)
    _edit_manifest(old, kit_version="0.0.9")
    with pytest.raises(InputError) as err:
        pool([old], tmp_path / "refused")
    assert "--any-kit-version" in err.value.fix
    r = subprocess.run([sys.executable, "-m", "kit.cli", "pool", str(old), "--out",
                        str(tmp_path / "pooled"), "--any-kit-version"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "0.0.9" in r.stdout and "Note:" in r.stdout
    manifest = json.loads((tmp_path / "pooled" / "manifest.json").read_text())
    assert manifest["store_kit_versions"] == ["0.0.9"]
    assert manifest["boards"][0]["store_kit_version"] == "0.0.9"
    same = pool([sample_store_path], tmp_path / "same")       # this version: pooled as ever
    assert manifest["rows"] == same["rows"] and same["rows"]["answers"] > 0
    _edit_manifest(old, store_format=0)
    with pytest.raises(InputError) as err:
        pool([old], tmp_path / "pooled2", any_kit_version=True)
    assert "store format 0" in err.value.message
    assert "--any-kit-version" not in err.value.fix
