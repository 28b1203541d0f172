"""The store (schemas on write and read, atomic writes, version check) and pseudonyms."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import kit.store
from kit.errors import PrivacyError, StoreError
from kit.pseudonym import SAMPLE_KEY, SAMPLE_MARKER, Pseudonymizer, load_key


def _answers():
    return pd.DataFrame({"respondent_id": ["R1", "R1"], "wave": ["w1", "w1"],
                         "item": ["H1_01", "H1_02"], "value": [4.0, None]})


def test_round_trip(tmp_path):
    path = kit.store.write(tmp_path / "st", {"answers": _answers()}, manifest_extra={"board": "B"})
    st = kit.store.open(path)
    assert st.manifest["board"] == "B" and st.manifest["tables"]["answers"] == 2
    a = st.answers
    assert a["value"].isna().sum() == 1 and a["value"].dtype == "float64"
    assert len(st.respondents) == 0 and st.instrument.id == "five_habits"


def test_schema_failures_are_collected(tmp_path):
    bad = _answers()
    bad.loc[1, "item"] = "H1_01"  # duplicate key
    with pytest.raises(StoreError, match="answers"):
        kit.store.write(tmp_path / "st", {"answers": bad})
    assert not (tmp_path / "st").exists()


def test_failed_write_keeps_old_store(tmp_path):
    path = kit.store.write(tmp_path / "st", {"answers": _answers()})
    with pytest.raises(StoreError):
        kit.store.write(path, {"answers": _answers().assign(respondent_id="")})
    assert len(kit.store.open(path).answers) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["st"]


def test_refuses_to_overwrite_a_non_store(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.txt").write_text("x")
    with pytest.raises(StoreError, match="not a store"):
        kit.store.write(tmp_path / "docs", {})


def test_open_checks(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        kit.store.open(tmp_path / "none")
    (tmp_path / "plain").mkdir()
    with pytest.raises(StoreError, match="not a store"):
        kit.store.open(tmp_path / "plain")
    path = kit.store.write(tmp_path / "st", {})
    mf = json.loads((path / "manifest.json").read_text())
    mf["store_format"] = 99
    (path / "manifest.json").write_text(json.dumps(mf))
    with pytest.raises(StoreError, match="format 99"):
        kit.store.open(path)


def test_pseudonyms_stable_and_keyed():
    a, b = Pseudonymizer(b"k" * 20), Pseudonymizer(b"j" * 20)
    assert a.respondent("X@y.nl") == a.respondent(" x@Y.NL")
    assert a.respondent("x@y.nl") != b.respondent("x@y.nl")
    assert a.pupil("00123") == a.pupil("123") == a.pupil(123.0)
    assert "x@y" not in a.respondent("x@y.nl")


def test_key_rules(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("KIT_PSEUDONYM_KEY_FILE", raising=False)
    real = tmp_path / "real.csv"
    real.write_text("x")
    with pytest.raises(PrivacyError, match="no pseudonym key"):
        load_key(sources=[real])
    sample_dir = tmp_path / "sample"
    sample_dir.mkdir()
    (sample_dir / SAMPLE_MARKER).write_text("")
    (sample_dir / "a.csv").write_text("x")
    assert load_key(sources=[sample_dir / "a.csv"]) == SAMPLE_KEY
    with pytest.raises(PrivacyError, match="no pseudonym key"):
        load_key(sources=[sample_dir / "a.csv", real])
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "short")
    with pytest.raises(PrivacyError, match="too short"):
        load_key(sources=[real])
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "a-long-enough-secret-key")
    assert load_key(sources=[real]) == b"a-long-enough-secret-key"


def test_key_file_inside_repository_refused(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    key = repo / "key.txt"
    key.write_text("a-long-enough-secret-key")
    data = tmp_path / "d.csv"
    data.write_text("x")
    with pytest.raises(PrivacyError, match="git work tree"):
        load_key(key, sources=[data])
    outside = tmp_path / "key.txt"
    outside.write_text("a-long-enough-secret-key\n")
    assert load_key(outside, sources=[data]) == b"a-long-enough-secret-key"


def test_trusted_tables_are_checked_for_their_columns_and_dtypes(tmp_path):
    """A table the caller validated is written as it is; one that does not have the validated
    columns and dtypes is validated in full all the same (and fails if it is wrong)."""
    good = kit.store.validate("answers", _answers())
    path = kit.store.write(tmp_path / "st", {"answers": good}, trusted={"answers"})
    pd.testing.assert_frame_equal(kit.store.open(path).answers, good)
    raw = _answers().astype({"value": object})       # not the validated dtype
    raw.loc[1, "item"] = "H1_01"                      # and a duplicate key
    with pytest.raises(StoreError, match="answers"):
        kit.store.write(tmp_path / "st2", {"answers": raw}, trusted={"answers"})


def test_ingest_writes_a_replaced_table_validated(tmp_path, monkeypatch):
    from pathlib import Path

    from kit.ingest.run import ingest
    sample = Path(__file__).resolve().parents[1] / "sample_data"
    res = ingest([sample / "S04_2025-najaar_limesurvey.csv"], org=sample / "org.yml",
                 mapping=sample / "mapping.yml")
    calls = []
    monkeypatch.setattr("kit.store.writing.validate",
                        lambda name, df: calls.append(name) or kit.store.validate(name, df))
    res.write(tmp_path / "st")
    assert calls == []                  # every table as the ingest validated it
    res.tables["answers"] = res.tables["answers"].copy()
    res.write(tmp_path / "st")
    assert calls == ["answers"]
