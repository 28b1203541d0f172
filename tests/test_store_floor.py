"""The store is the floor: its vocabulary, validation once (on write), typed tables, one registry
of readers, and small modules (issue 12)."""

from __future__ import annotations

import ast
import json
import pydoc
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kit.store
from kit.errors import ConfigError, InputError, StoreError
from kit.ingest import registry
from kit.ingest.table import read_table
from kit.sample import SAMPLE_DIR, sample_store
from kit.store.layout import CHECKSUMS
from kit.store.schemas import OPTIONAL_TABLES, TABLES

KIT = Path(kit.store.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_path() -> Path:
    return Path(sample_store())


@pytest.fixture
def copy(sample_path, tmp_path) -> Path:
    """A copy of the sample store that a test may change."""
    return Path(shutil.copytree(sample_path, tmp_path / "store"))


def _manifest(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text(encoding="utf-8"))


def _set_manifest(path: Path, mf: dict) -> None:
    (path / "manifest.json").write_text(json.dumps(mf), encoding="utf-8")


# -- vocabulary: the store imports nothing from ingest ----------------------------------------

def test_store_imports_no_ingest_module():
    code = ("import sys, kit.store; st = kit.store.open; "
            "print([m for m in sys.modules if m.startswith('kit.ingest')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
    for f in (KIT / "store").rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "ingest" not in (node.module or ""), f"{f.name} imports {node.module}"


def test_vocabulary_is_re_exported_where_it_was():
    from kit.ingest import accounting, mapping, org
    from kit.store import vocabulary
    assert accounting.REASONS is vocabulary.REASONS
    assert org.normalise_group is vocabulary.normalise_group
    assert mapping.KINDS == vocabulary.FILE_KINDS
    assert vocabulary.normalise_group("Groep 7 - 8") == "7/8"


# -- validate once: trusted reads are the validated frames -------------------------------------

def test_trusted_reads_equal_validated_frames(sample_path):
    mf = _manifest(sample_path)
    assert set(mf[CHECKSUMS]) == set(TABLES)
    st = kit.store.open(sample_path)
    for name in TABLES:
        trusted = st.table(name)
        validated = kit.store.validate(name, pd.read_parquet(sample_path / f"{name}.parquet"))
        assert st.checked[name] == "checksum", name
        assert list(trusted.columns) == list(validated.columns), name
        assert trusted.dtypes.to_dict() == validated.dtypes.to_dict(), name
        pd.testing.assert_frame_equal(trusted, validated, check_exact=True)


def test_a_changed_table_file_is_validated_again(copy):
    f = copy / "answers.parquet"
    changed = pd.read_parquet(f).iloc[:-1]
    changed.to_parquet(f, index=False)              # valid, but not the file the kit wrote
    st = kit.store.open(copy)
    assert len(st.answers) == len(changed) and st.checked["answers"] == "schema"
    assert st.table("respondents") is not None and st.checked["respondents"] == "checksum"


def test_a_broken_table_file_fails_with_store_error(copy):
    f = copy / "answers.parquet"
    broken = pd.read_parquet(f)
    broken.loc[0, "respondent_id"] = ""             # breaks the schema (empty id)
    broken.to_parquet(f, index=False)
    with pytest.raises(StoreError, match="'answers' fails its schema"):
        _ = kit.store.open(copy).answers
    f.write_bytes(b"not parquet at all")
    with pytest.raises(StoreError, match="cannot be read"):
        kit.store.open(copy).table("answers")


def test_a_matching_checksum_with_other_dtypes_is_validated(copy):
    # the checksum is right, but the columns do not have the validated dtypes: validated
    f = copy / "waves.parquet"
    df = pd.read_parquet(f)
    df.astype({"order": "int32"}).to_parquet(f, index=False)
    mf = _manifest(copy)
    mf[CHECKSUMS]["waves"] = kit.store.layout.sha256(f.read_bytes())
    _set_manifest(copy, mf)
    st = kit.store.open(copy)
    assert st.waves["order"].dtype == "int64" and st.checked["waves"] == "schema"


def test_a_store_without_checksums_is_validated(copy, sample_path):
    mf = _manifest(copy)
    del mf[CHECKSUMS]
    _set_manifest(copy, mf)
    st, trusted = kit.store.open(copy), kit.store.open(sample_path)
    for name in TABLES:
        pd.testing.assert_frame_equal(st.table(name), trusted.table(name), check_exact=True)
    assert set(st.checked.values()) == {"schema"}


def test_write_records_the_checksum_of_every_table(tmp_path):
    path = kit.store.write(tmp_path / "st", {})
    sums = _manifest(path)[CHECKSUMS]
    assert {n: kit.store.layout.sha256((path / f"{n}.parquet").read_bytes()) for n in TABLES} \
        == sums


# -- typed tables -------------------------------------------------------------------------------

def test_tables_are_typed_documented_attributes(sample_path):
    st = kit.store.open(sample_path)
    assert set(TABLES) <= set(dir(st))
    from kit.store.reading import StoredTable
    assert {n for n, v in vars(kit.store.Store).items() if isinstance(v, StoredTable)} \
        == set(TABLES)
    doc = pydoc.render_doc(kit.store.Store, renderer=pydoc.plaintext)
    for name in TABLES:
        assert f"{name} (pandas.DataFrame)" in doc
    assert "n_answered : int64" in doc and "submitted_at : datetime64[us, UTC], nullable" in doc
    assert st.answers is st.answers                # read once, cached
    del st.answers
    assert st.answers is not None and len(st.answers) == st.manifest["tables"]["answers"]
    with pytest.raises(AttributeError):
        st.no_such_table  # noqa: B018
    with pytest.raises(StoreError, match="unknown table"):
        st.table("no_such_table")


def test_optional_table_missing_reads_empty(copy):
    for name in OPTIONAL_TABLES:
        (copy / f"{name}.parquet").unlink()
    st = kit.store.open(copy)
    for name in OPTIONAL_TABLES:
        assert getattr(st, name).empty and st.checked[name] == "absent"
        assert list(getattr(st, name).columns) == list(kit.store.empty(name).columns)
    (copy / "answers.parquet").unlink()
    with pytest.raises(StoreError, match="'answers' is missing"):
        st.table("answers")


# -- one registry of readers --------------------------------------------------------------------

def test_one_registry_holds_survey_and_pupil_readers():
    kinds = {c.name: c.kind for c in registry.readers()}
    assert kinds["observations"] == "observations" and kinds["tests"] == "tests"
    assert kinds["qualtrics"] == kinds["generic"] == "survey"
    with pytest.raises(ConfigError) as err:
        registry.get_reader("typeform")
    for name in ("observations", "tests", "qualtrics", "limesurvey"):
        assert name in str(err.value)


@pytest.mark.parametrize("file,kind,tool,expected", [
    ("S01_cito_toetsen.csv", None, None, "tests"),
    ("S01_zien_groepsoverzicht.xlsx", None, None, "observations"),
    ("S03_2025-najaar_qualtrics-numeric.csv", None, None, "qualtrics"),
    ("S03_2025-najaar_qualtrics-numeric.csv", "survey", None, "qualtrics"),
    ("S01_cito_toetsen.csv", "tests", None, "tests"),
    ("S01_cito_toetsen.csv", "observations", "qualtrics", "observations"),   # kind wins
    ("S03_2025-najaar_qualtrics-numeric.csv", None, "generic", "generic"),
])
def test_choose_reader(file, kind, tool, expected):
    table = read_table(SAMPLE_DIR / file)
    assert registry.choose_reader(table, kind=kind, tool=tool).name == expected


def test_choose_reader_refuses_what_is_not_data():
    table = read_table(SAMPLE_DIR / "S01_cito_toetsen.csv")
    with pytest.raises(InputError, match="kind 'roster' are not ingested"):
        registry.choose_reader(table, kind="roster")
    with pytest.raises(ConfigError, match="reads tests, not a survey"):
        registry.choose_reader(table, kind="survey", tool="tests")


def test_ingest_talks_to_readers_only_through_the_registry():
    tree = ast.parse((KIT / "ingest" / "run.py").read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | \
        {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not names & {"read_observations", "read_tests", "detect_pupil_kind", "get_reader",
                        "detect_reader", "process_survey"}
    compares = [n for n in ast.walk(tree) if isinstance(n, ast.Compare)
                and any(isinstance(c, ast.Constant) and c.value in ("survey", "observations",
                                                                     "tests")
                        for c in n.comparators)]
    assert compares == []


# -- size ---------------------------------------------------------------------------------------

OWN = [KIT / "store", KIT / "ingest", KIT / "instrument"]


@pytest.mark.parametrize("folder", OWN, ids=lambda p: p.name)
def test_modules_and_functions_stay_small(folder):
    big, long = {}, {}
    for f in folder.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        if len(text.splitlines()) >= 400:
            big[f.name] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > 80:
                    long[f"{f.name}:{node.name}"] = n
    assert big == {} and long == {}
