"""The sample board: reproducible, complete, as documented, and ingested with every row accounted.

The first group of tests needs only the files (and the generator); the second ingests the board
with the kit and checks that the readers find what ``truth.json`` says was planted.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
W1, W2, W3 = "2025-najaar", "2026-voorjaar", "2026-najaar"
CONFIG = {"org.yml", "roster.csv", "mapping.yml", "aspiration.yml", ".kit-sample", "truth.json"}


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _versions() -> dict:
    return {"numpy": np.__version__, "pandas": pd.__version__, "openpyxl": openpyxl.__version__}


def _same_content(made: Path, committed: Path, truth: dict) -> bool:
    """Equal bytes; with other library versions than the generator's, equal xlsx cell values."""
    if _sha(made) == _sha(committed):
        return True
    if _versions() == truth["generated_with"]:
        return False
    if made.suffix == ".xlsx":
        def cells(p: Path) -> list:
            wb = openpyxl.load_workbook(p)
            return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb]
        return cells(made) == cells(committed)
    if made.name == "truth.json":
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (made, committed))
        a.pop("generated_with"), b.pop("generated_with")
        return a == b
    return False


def test_generator_reproduces_committed_files(tmp_path, truth):
    subprocess.run([sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True, timeout=120)
    made = {p.name for p in tmp_path.iterdir()}
    committed = {p.name for p in SAMPLE.iterdir()} - {"README.md", "generate.py", "__pycache__"}
    assert made == committed
    for name in sorted(made):
        assert _same_content(tmp_path / name, SAMPLE / name, truth), name


def test_required_files_marker_and_sizes(truth):
    names = {p.name for p in SAMPLE.iterdir()}
    assert CONFIG | {"README.md", "generate.py"} <= names
    assert set(truth["survey_files"]) | set(truth["pupil_files"]) <= names
    assert (SAMPLE / ".kit-sample").read_bytes() == b""
    sizes = [p.stat().st_size for p in SAMPLE.iterdir() if p.is_file()]
    assert max(sizes) < 1_000_000 and sum(sizes) < 3_000_000


def _survey_format(p: Path) -> str | None:
    """The survey tool of an export from its bytes, independently of the kit's readers."""
    if p.suffix == ".xlsx":
        head = next(openpyxl.load_workbook(p, read_only=True).active.iter_rows(values_only=True))
        return "msforms" if head[:3] == ("ID", "Begintijd", "Tijd van voltooien") else None
    raw = p.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
    lines = text.splitlines()
    if lines[0].startswith('"id";"submitdate"'):
        return "limesurvey"
    if lines[0].startswith("Respondent ID,Collector ID"):
        return "surveymonkey"
    if len(lines) > 2 and lines[2].startswith('"{""ImportId""'):
        return "qualtrics"
    if lines[0].startswith('"Tijdstempel"'):
        return "googleforms"
    if lines[0].startswith("Tijdstempel;"):
        return "googleforms-excel"
    return None


def test_at_least_four_survey_formats(truth):
    formats = {_survey_format(SAMPLE / f) for f in truth["survey_files"]}
    assert None not in formats and len(formats - {"googleforms-excel"}) >= 4
    assert "googleforms-excel" in formats


def test_byte_level_traits_of_the_exports():
    excel = (SAMPLE / "S02_2026-voorjaar_googleforms-excel.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        excel.decode("utf-8")
    assert b"\x91op leren gericht zijn\x92" in excel and b"cre\xeber" in excel
    assert not excel.startswith(b"\xef\xbb\xbf") and excel.count(b"\r\n") == excel.count(b"\n")
    assert re.search(rb"\n\d{1,2}-\d{1,2}-2026 \d{1,2}:\d\d;", excel)
    google = (SAMPLE / "S02_2025-najaar_googleforms.csv").read_text(encoding="utf-8")
    assert " p.m. CEST" in google and " CET\"" in google
    lime = (SAMPLE / "S04_2025-najaar_limesurvey.csv").read_bytes()
    assert lime.startswith(b'\xef\xbb\xbf"id";"submitdate";') and lime.endswith(b"\r\n\r\n")
    assert b'"";' in lime and b";;" in lime           # seen-but-empty vs NULL
    qualtrics = (SAMPLE / "S03_2025-najaar_qualtrics-numeric.csv").read_text(encoding="utf-8")
    assert '""timeZone"":""Europe/Amsterdam""' in qualtrics


def test_truth_relation_is_as_documented(truth):
    teams = pd.DataFrame(truth["teams"]).T
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for wave in (W1, W2, W3):
        ok = teams["below_threshold"].map(lambda d, w=wave: not d[w])
        h3 = teams.loc[ok, "observed"].map(lambda d, w=wave: d["habit_mean"]["H3"][w]) \
            .astype(float)
        bt = teams.loc[ok, "observed"].map(lambda d, w=wave: d["betrokkenheid"][w]).astype(float)
        r = h3.corr(bt)
        rel = truth["relation"]["h3_betrokkenheid"][wave]
        assert len(h3) == rel["n_teams"] == 13
        assert r == pytest.approx(rel["r"], abs=1e-3) and 0.7 < r < 0.9
        z, se = np.arctanh(r), 1 / np.sqrt(len(h3) - 3)
        lo, hi = np.tanh(z - 1.96 * se), np.tanh(z + 1.96 * se)
        assert [lo, hi] == pytest.approx(rel["ci95"], abs=2e-3) and lo > 0
        assert f"r = {rel['r']:.3f}" in readme and f"{lo:.2f} to {hi:.2f}" in readme
    sd = teams["h3_true_mean"].map(lambda d: d[W1]).astype(float).std(ddof=0)
    assert sd == pytest.approx(0.45, abs=0.005)
    assert max(abs(v) for v in truth["relation"]["other_habits_betrokkenheid_autumn"].values()) < .2
    coc = truth["relation"]["change_on_change"]
    assert 0 < coc["ci95"][0] and coc["r"] < truth["relation"]["h3_betrokkenheid"][W1]["r"]
    assert f"r = {coc['r']:.3f}" in readme
    small = [t for t, e in truth["teams"].items() if any(e["below_threshold"].values())]
    assert small == ["S04-PK"] and truth["teams"]["S04-PK"]["n_valid"] == {W1: 3, W2: 3, W3: 3}


def test_readme_lists_every_planted_mess(truth):
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for m in truth["messes"]:
        assert re.search(rf"`{re.escape(m['file'])}`.*`{m['reason']}`", readme), m


# --- through the kit's readers ------------------------------------------------------------------
@pytest.fixture(scope="module")
def ingested():
    from kit.ingest.run import ingest
    return ingest([SAMPLE], org=SAMPLE / "org.yml", roster=SAMPLE / "roster.csv",
                  mapping=SAMPLE / "mapping.yml")


def test_every_row_accounted_and_messes_found(ingested, truth):
    acc = {a.file: a for a in ingested.accounts}
    assert set(acc) == set(truth["files"])
    for name, a in acc.items():
        assert a.rows_read == a.accepted + sum(a.rejected.values()), name
        expected = truth["files"][name]
        assert a.rejected == expected["rejected"], name
        if expected["kind"] == "survey":
            assert (a.rows_read, a.accepted) == (expected["rows_read"], expected["accepted"])
    formats = {a.format for a in acc.values() if a.kind == "survey"}
    assert formats == {"msforms", "googleforms", "qualtrics", "limesurvey", "surveymonkey"}


def test_store_has_no_identities(ingested, tmp_path, truth):
    path = ingested.write(tmp_path / "store")
    roster = pd.read_csv(SAMPLE / "roster.csv")
    blob = b"".join(p.read_bytes() for p in path.iterdir())
    for email in roster["email"]:
        assert email.encode() not in blob
    for text in (b"Jansen", b"de Vries", b"192.0.2.", b"198.51.100.", truth["mover"]["pupil"]
                 .encode()):
        assert text not in blob
    import kit.store
    st = kit.store.open(path)
    assert st.manifest["sample"] is True
    assert st.respondents["respondent_id"].str.match(r"^[RA][0-9a-f]{12}$").all()
    assert st.tests["pupil_id"].str.match(r"^L[0-9a-f]{12}$").all()


def test_readers_find_the_true_team_means(ingested, truth):
    from kit import instrument
    from kit.analysis.scoring import habit_scores
    t = ingested.tables
    members = t["respondents"][t["respondents"]["role"] != "directeur"]   # leaders apart
    s = habit_scores(t["answers"], instrument.load()).merge(
        members[["respondent_id", "wave", "team"]])
    h = s.groupby(["team", "wave", "habit"]).score.mean()
    n = members.groupby(["team", "wave"]).size()
    o = t["observations"]
    o = o.assign(wave=np.select([o.date < pd.Timestamp("2026-02-01"),
                                 o.date < pd.Timestamp("2026-08-01")], [W1, W2], W3))
    bt = o[o.indicator == "BT"].groupby(["team", "wave"]).value.mean()
    for team, e in truth["teams"].items():
        for wave in (W1, W2, W3):
            assert n[(team, wave)] == e["n_valid"][wave], (team, wave)
            assert h[(team, wave, "H3")] == pytest.approx(e["observed"]["habit_mean"]["H3"][wave],
                                                         abs=1e-4)
            assert bt[(team, wave)] == pytest.approx(e["observed"]["betrokkenheid"][wave],
                                                     abs=1e-4)


def test_mover_and_small_team(ingested, truth):
    t = ingested.tables
    obs = t["observations"]
    per_pupil = obs.groupby("pupil_id")["school"].nunique()
    assert (per_pupil == 2).sum() == 1
    moved = obs[obs.pupil_id == per_pupil.idxmax()]
    assert set(moved["team"]) == {truth["mover"]["from"]["team"], truth["mover"]["to"]["team"]}
    r = t["respondents"]
    assert r[r.team == "S04-PK"].groupby("wave").size().to_dict() == {W1: 3, W2: 3, W3: 3}


def test_pseudonyms_link_waves(ingested):
    r = ingested.tables["respondents"]
    both = r.groupby("respondent_id")["wave"].nunique()
    linked = r[r.respondent_id.isin(both[both == 3].index)]
    # the same people answer in all three waves at every school, whatever tool each wave used
    # (S04 links by token in the autumn of 2025 and by e-mail in 2026: one pseudonym per person)
    assert set(linked.school) == {"S01", "S02", "S03", "S04"} and len(both[both == 3]) > 50
    assert (linked.groupby("respondent_id")["team"].nunique() == 1).all()


def test_one_director_per_school_answers_the_latest_wave(ingested, truth):
    """Issue 15: each school's director answers the autumn of 2026 in the school's own tool,
    with a role answer naming the role; the truth holds the director's own H2 score."""
    from kit import instrument
    from kit.analysis.scoring import habit_scores
    t = ingested.tables
    r = t["respondents"]
    leaders = r[r.role == "directeur"]
    assert sorted(leaders.school) == ["S01", "S02", "S03", "S04"]
    assert set(leaders.wave) == {W3} and leaders.tool.nunique() == 4
    s = habit_scores(t["answers"], instrument.load())
    own = s[(s.habit == "H2")].merge(leaders[["respondent_id", "wave", "school"]])
    for row in own.itertuples():
        e = truth["leaders"][row.school][W3]
        assert row.score == pytest.approx(e["h2_own"], abs=1e-4)
        assert e["role_answer"].lower() in {"directeur", "schoolleider", "locatieleider"}
