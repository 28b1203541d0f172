"""The sample board: reproducible, complete, and ingested with every row accounted for."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_generator_reproduces_committed_files(tmp_path):
    subprocess.run([sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, timeout=120)
    made = sorted(p.name for p in tmp_path.iterdir())
    for name in made:
        assert _sha(tmp_path / name) == _sha(SAMPLE / name), name
    assert {"org.yml", "roster.csv", "mapping.yml", "aspiration.yml", ".kit-sample",
            "truth.json"} <= set(made)


def test_formats_sizes_and_truth():
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    kinds = {f.split("_")[-1].split(".")[0] for f in truth["survey_files"]}
    assert len(kinds) >= 4 and "googleforms-excel" in kinds
    assert len(truth["teams"]) == 14
    for p in SAMPLE.iterdir():
        assert p.stat().st_size < 1_000_000, p.name
    # the planted relation holds in the true parameters
    t = pd.DataFrame(truth["teams"]).T
    h3 = t["h3_true_mean"].map(lambda d: d["2025-najaar"]).astype(float)
    bt = t["bt_true_mean"].map(lambda d: d["2025-najaar"]).astype(float)
    assert np.corrcoef(h3, bt)[0, 1] > 0.9


@pytest.fixture(scope="module")
def ingested():
    from kit.ingest.run import ingest
    return ingest([SAMPLE], org=SAMPLE / "org.yml", roster=SAMPLE / "roster.csv",
                  mapping=SAMPLE / "mapping.yml")


def test_every_row_accounted_and_messes_found(ingested):
    acc = {a.file: a for a in ingested.accounts}
    assert len(acc) == 16
    for a in acc.values():
        assert a.rows_read == a.accepted + sum(a.rejected.values())
    expected = {
        "S01_2025-najaar_msforms.xlsx": {"superseded": 1},
        "S02_2025-najaar_googleforms.csv": {"duplicate": 1, "unknown_team": 1},
        "S03_2025-najaar_qualtrics-numeric.csv": {"preview": 1, "incomplete": 1},
        "S03_2026-voorjaar_qualtrics-text.csv": {"test": 1},
        "S04_2025-najaar_limesurvey.csv": {"incomplete": 1},
        "S04_2026-voorjaar_surveymonkey.csv": {"no_answers": 1},
        "S01_zien_groepsoverzicht.xlsx": {"total_row": 1},
        "S03_zien_export.csv": {"unknown_group": 1},
    }
    for f, a in acc.items():
        assert a.rejected == expected.get(f, {}), f
    formats = {a.format for a in acc.values() if a.kind == "survey"}
    assert formats == {"msforms", "googleforms", "qualtrics", "limesurvey", "surveymonkey"}


def test_store_has_no_identities(ingested, tmp_path):
    path = ingested.write(tmp_path / "store")
    roster = pd.read_csv(SAMPLE / "roster.csv")
    blob = b"".join(p.read_bytes() for p in path.iterdir())
    for email in roster["email"].head(20):
        assert email.encode() not in blob
    for name in (b"Jansen", b"de Vries", b"192.0.2.", b"104010"):
        assert name not in blob
    import kit.store
    st = kit.store.open(path)
    assert st.manifest["sample"] is True
    assert st.respondents["respondent_id"].str.match(r"^[RA][0-9a-f]{12}$").all()
    assert st.tests["pupil_id"].str.match(r"^L[0-9a-f]{12}$").all()


def test_planted_relation_through_the_readers(ingested):
    from kit import instrument
    from kit.scoring import habit_scores
    t = ingested.tables
    s = habit_scores(t["answers"], instrument.load()).merge(
        t["respondents"][["respondent_id", "wave", "team"]])
    h3 = s[s.habit == "H3"].groupby(["team", "wave"]).score.agg(["mean", "count"]).reset_index()
    o = t["observations"]
    o = o.assign(wave=np.where(o.date < pd.Timestamp("2026-02-01"), "2025-najaar",
                               "2026-voorjaar"))
    bt = o[o.indicator == "BT"].groupby(["team", "wave"]).value.mean().rename("bt").reset_index()
    m = h3.merge(bt)
    m = m[m["count"] >= 5]
    for wave, lo in (("2025-najaar", 0.5), ("2026-voorjaar", 0.8)):
        g = m[m.wave == wave]
        r = np.corrcoef(g["mean"], g["bt"])[0, 1]
        z, se = np.arctanh(r), 1 / np.sqrt(len(g) - 3)
        assert len(g) >= 12 and r > lo and np.tanh(z - 1.96 * se) > 0, (wave, r)


def test_mover_and_small_team(ingested):
    t = ingested.tables
    obs = t["observations"]
    per_pupil = obs.groupby("pupil_id")["school"].nunique()
    assert (per_pupil == 2).sum() == 1
    r = t["respondents"]
    assert r[r.team == "S04-PK"].groupby("wave").size().max() < 5


def test_pseudonyms_link_waves(ingested):
    r = ingested.tables["respondents"]
    both = r.groupby("respondent_id")["wave"].nunique()
    linked = r[r.respondent_id.isin(both[both == 2].index)]
    # the same people answer in both waves at every school, whatever tool each wave used
    assert set(linked.school) == {"S01", "S02", "S03", "S04"} and len(both[both == 2]) > 50
    assert (linked.groupby("respondent_id")["team"].nunique() == 1).all()
