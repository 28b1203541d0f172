"""Pupils in the right school year (issue 14, part 3): a test result belongs to the group and team
the pupil was in when the test was taken, also when the export was made after the school year
rolled over; where that group is not known the result is kept, unlinked, with its reason."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kit import store
from kit.ingest.run import ingest
from kit.store.layout import table_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
TESTS = "S01_cito_toetsen.csv"
ZIEN = "S01_zien_groepsoverzicht.xlsx"
LINK = ["pupil_id", "domain", "date", "moment", "group", "jaargroep", "team"]


def _next_year_groups(zien: str = ZIEN, head_row: int = 3,
                      day: str = "Observatiedatum") -> dict[str, tuple[str, str]]:
    """Pupil number -> (group, jaargroep) in the school year 2026-2027, from the sample
    board's own ZIEN! export (its autumn 2026 observations)."""
    ws = openpyxl.load_workbook(SAMPLE / zien, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[head_row])
    no, grp, jg, when = (head.index(h) for h in ("Leerlingnummer", "Groep", "Jaargroep", day))

    def autumn_2026(v) -> bool:
        v = v.strftime("%d-%m-%Y") if hasattr(v, "strftime") else str(v or "")
        return v.endswith("-2026") and v[3:5] in ("10", "11")

    return {str(r[no]): (str(r[grp]), str(r[jg])) for r in rows[head_row + 1:]
            if autumn_2026(r[when])}


def _rolled_over(path: Path, now: dict | None = None, cols: tuple[int, int] = (2, 3)) -> int:
    """Write the sample's test export ``path.name`` as exported in December 2026: each pupil's
    group and jaargroep of the new school year (empty for the pupils of groep 8, who left).
    Returns the number of rows whose group changed."""
    text = (SAMPLE / path.name).read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    now = _next_year_groups() if now is None else now
    changed = 0
    g, j = cols
    for r in rows[1:]:
        group, jg = now.get(r[0], ("", ""))
        changed += group != r[g]
        r[g], r[j] = group, jg
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return changed


def _board(tmp_path: Path, *files: str) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir(parents=True)
    for name in (".kit-sample", *files):
        shutil.copy(SAMPLE / name, folder / name)
    return folder


def _ingest(folder: Path):
    return ingest([folder], org=SAMPLE / "org.yml", mapping=SAMPLE / "mapping.yml")


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """The sample's S01 tests and observations as generated (groups at the test date)."""
    return _ingest(_board(tmp_path_factory.mktemp("orig"), TESTS, ZIEN)).tables


def _linking(tests: pd.DataFrame) -> pd.DataFrame:
    return (tests[LINK].astype({"jaargroep": "float64"}).astype(str)
            .sort_values(LINK).reset_index(drop=True))


def test_an_export_after_the_roll_over_links_results_to_the_group_at_the_test(tmp_path,
                                                                            original):
    folder = _board(tmp_path, ZIEN)
    changed = _rolled_over(folder / TESTS)
    assert changed > 500                # nearly every pupil moved up a group, groep 8 left
    res = _ingest(folder)
    tests = res.tables["tests"]
    acc = next(a for a in res.accounts if a.file == TESTS)
    # every result took its group from the observations of its own school year ...
    assert tests["unlinked"].isna().all() and acc.kept == {}
    assert any("observations of their school year" in n for n in acc.notes)
    # ... which is the group of the export made at the time, result for result
    assert _linking(tests).equals(_linking(original["tests"]))
    assert acc.rows_read == acc.accepted == len(tests)
    # the pupils table lists them in the groups of 2025-2026, as the original does
    key = ["pupil_id", "school_year", "group", "team"]
    assert set(map(tuple, res.tables["pupils"][key].values)) == \
        set(map(tuple, original["pupils"][key].values))


def test_without_observations_the_results_are_kept_unlinked_with_their_reason(tmp_path):
    folder = _board(tmp_path)
    _rolled_over(folder / TESTS)
    res = _ingest(folder)
    tests = res.tables["tests"]
    acc = res.accounts[0]
    assert acc.rows_read == acc.accepted == len(tests) and acc.rejected == {}
    reasons = tests["unlinked"].value_counts().to_dict()
    # E and M tests of pupils who moved up name another jaargroep than their present one; the
    # pupils of groep 8 have left and have no group at all in the export
    assert set(reasons) == {"group_of_other_year", "no_group"}
    assert acc.kept == {f"unlinked:{k}": v for k, v in reasons.items()}
    assert tests["team"].isna().all() and tests["group"].isna().all()
    # the jaargroep at the test is still known from the moment (E5 -> 5)
    assert (tests["jaargroep"] == tests["moment_jaargroep"]).all()
    # no unlinked result is listed in a group, and the store takes them as they are
    assert res.tables["pupils"].empty
    st = store.open(res.write(tmp_path / "store"))
    assert st.tests["unlinked"].notna().all()
    assert json.loads(st.files["kept_by_reason"].iloc[0]) == acc.kept
    report = res.report()["files"][0]
    assert report["kept"] == acc.kept
    assert "kept with a reason: unlinked:" in res.summary()


def test_the_old_behaviour_would_have_put_june_results_in_next_years_team(tmp_path):
    """The bug of the issue, on the sample board: E5 results of groep 5 (Middenbouw) read
    from an export of December 2026 belong to Middenbouw, not to Bovenbouw (groep 6 now)."""
    folder = _board(tmp_path, ZIEN)
    _rolled_over(folder / TESTS)
    tests = _ingest(folder).tables["tests"]
    e5 = tests[(tests["moment"] == "E") & (tests["moment_jaargroep"] == 5)]
    assert len(e5) > 20 and set(e5["team"]) == {"S01-MB"} and set(e5["group"]) == {"5"}


def test_an_export_without_moments_is_corrected_by_the_observations(tmp_path):
    """Boom LVS (free test dates, no moment): nothing in the row says its group is of a later
    school year; the observations do. Linked result for result as the export made at the time."""
    boom, zien = "S04_boom_toetsen.csv", "S04_zien.xlsx"
    orig = _ingest(_board(tmp_path / "a", boom, zien)).tables["tests"]
    folder = _board(tmp_path / "b", zien)
    now = _next_year_groups(zien, 0, "Datum")
    assert _rolled_over(folder / boom, now, (1, 2)) > 300
    res = _ingest(folder)
    tests = res.tables["tests"]
    assert _linking(tests).equals(_linking(orig)) and tests["unlinked"].isna().all()
    acc = res.accounts[0]
    assert any("later school year" in n for n in acc.notes) and acc.kept == {}
    # without observations the present groups cannot be told from the groups at the test
    # (only the leavers of groep 8, without a group, are unlinked)
    alone = _board(tmp_path / "c")
    _rolled_over(alone / boom, now, (1, 2))
    t = _ingest(alone).tables["tests"]
    assert set(t["unlinked"].dropna()) == {"no_group"}


def test_a_group_at_test_column_wins_over_the_present_group(tmp_path):
    folder = _board(tmp_path)
    text = (
        "Leerlingnummer;Groep;Jaargroep;Groep bij afname;Jaargroep bij afname;Toets;"
        "Toetsmoment;Afnamedatum;Vaardigheidsscore\n"
        "9001;6;6;5;5;Spelling;E5;10-06-2026;150\n"
        "9002;6;6;;;Spelling;E5;10-06-2026;151\n"
        "9003;7/8;8;;;Spelling;E7;10-06-2026;152\n")
    (folder / "S01_toetsen_extra.csv").write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    res = _ingest(folder)
    t = res.tables["tests"].sort_values("score").reset_index(drop=True)
    assert t["group"].tolist()[0] == "5" and t["team"].tolist()[0] == "S01-MB"
    # no group-at-test cell: the present group 6 contradicts E5, so the result is unlinked
    assert pd.isna(t.loc[1, "team"]) and t.loc[1, "unlinked"] == "group_of_other_year"
    # 7/8 with jaargroep 8 beside E7: the jaargroep contradicts the moment
    assert t.loc[2, "unlinked"] == "group_of_other_year" and t.loc[2, "jaargroep"] == 7


def test_a_combination_group_without_jaargroep_is_the_group_at_the_test(tmp_path):
    folder = _board(tmp_path)
    text = ("Leerlingnummer;Groep;Toets;Toetsmoment;Afnamedatum;Vaardigheidsscore\n"
            "9001;7/8;Spelling;E7;10-06-2026;150\n9002;4;Spelling;M4;20-01-2026;120\n")
    (folder / "S01_toetsen_extra.csv").write_bytes(text.encode("cp1252"))
    t = _ingest(folder).tables["tests"].sort_values("score")
    assert t["team"].tolist() == ["S01-MB", "S01-BB"] and t["unlinked"].isna().all()


def test_the_nearest_observation_of_the_same_school_year_and_school_is_taken(tmp_path):
    """The mover of the sample board: at Het Kompas until 16 February 2026, then at De Linde
    (group 6). His E6 results, exported with an empty group, take De Linde's group 6 from the
    April observation, not Het Kompas's from November, nor a group of 2026-2027."""
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    mover = truth["mover"]
    number = mover["pupil"]
    folder = _board(tmp_path, ZIEN, "S02_zien_observaties.csv")
    text = ("Leerlingnummer;Groep;Toets;Toetsmoment;Afnamedatum;Vaardigheidsscore\n"
            f"{number};;Spelling;E6;09-06-2026;170\n")
    (folder / "S01_toetsen_extra.csv").write_bytes(text.encode("cp1252"))
    t = _ingest(folder).tables["tests"]
    assert t["team"].tolist() == ["S01-BB"] and t["group"].tolist() == ["6"]
    assert t["unlinked"].isna().all()


ASP = """
indicators:
  - {id: r3, name: {nl: Rekenen I-III}, part: knowledge, source: tests, domain: rekenen,
     statistic: share_at_or_above, level: III, target: 0.6}
  - {id: rm, name: {nl: Rekenen}, part: knowledge, source: tests, domain: rekenen,
     statistic: mean}
"""


def test_the_aspiration_counts_only_taken_and_linked_results(tmp_path):
    from kit.analysis.aspiration import evaluate, load_aspiration
    f = tmp_path / "asp.yml"
    f.write_text(ASP, encoding="utf-8")
    asp = load_aspiration(f)
    base = {"school": "S1", "group": "8", "jaargroep": 8, "team": "T1",
            "school_year": "2025-2026", "moment_jaargroep": 8, "domain": "rekenen",
            "supplier": "cito", "level_system": "I-V", "percentile": float("nan"),
            "referentieniveau": pd.NA, "source_file": "t.csv", "not_taken": pd.NA,
            "unlinked": pd.NA}
    rows = [{**base, "pupil_id": f"p{p}", "date": pd.Timestamp("2026-01-20"), "moment": "M",
             "score": 100.0 + p, "level": "II", "source_row": p + 2} for p in range(12)]
    # four pupils were absent in June: kept, later than their January result, no score
    rows += [{**base, "pupil_id": f"p{p}", "date": pd.Timestamp("2026-06-10"), "moment": "E",
              "score": float("nan"), "level": pd.NA, "level_system": pd.NA,
              "not_taken": "absent", "source_row": 20 + p} for p in range(4)]
    # a result whose group at the test date is unknown belongs to no team
    rows += [{**base, "pupil_id": "x", "group": pd.NA, "team": pd.NA, "date":
              pd.Timestamp("2026-01-20"), "moment": "M", "score": 10.0, "level": "V",
              "unlinked": "no_group", "source_row": 40}]
    tests = pd.DataFrame(rows)
    obs = pd.DataFrame(columns=["pupil_id", "indicator", "value"])
    out = evaluate(asp, obs, tests).set_index(["indicator", "unit"])
    assert out.loc[("r3", "T1"), "value"] == 1.0
    assert out.loc[("r3", "T1"), "n_pupils"] == 12
    assert out.loc[("r3", "T1"), "n_not_comparable"] == 0
    assert out.loc[("rm", "T1"), "value"] == pytest.approx(105.5)
    assert set(out.index.get_level_values("unit")) == {"T1"}
    board = evaluate(asp, obs, tests, unit_level="board").set_index("indicator")
    assert board.loc["rm", "value"] == pytest.approx(105.5)    # x's 10.0 is not in it


def test_a_store_written_before_the_new_columns_still_reads(tmp_path):
    folder = _board(tmp_path)
    text = ("Leerlingnummer;Groep;Toets;Toetsmoment;Afnamedatum;Vaardigheidsscore\n"
            "9001;4;Spelling;M4;20-01-2026;120\n9002;4;Spelling;M4;20-01-2026;afwezig\n")
    (folder / "S01_toetsen_extra.csv").write_bytes(text.encode("cp1252"))
    path = _ingest(folder).write(tmp_path / "store")
    st = store.open(path)
    assert st.checked == {}
    assert st.tests.sort_values("source_row")["not_taken"].fillna("-").tolist() == ["-", "absent"]
    assert st.checked["tests"] == "checksum"
    # the same table as a store before issue 14 wrote it: without not_taken and unlinked
    f = table_file(path, "tests")
    old = pd.read_parquet(f).drop(columns=["not_taken", "unlinked"])
    old = old[old["score"].notna()]
    old.to_parquet(f, index=False)
    files = table_file(path, "files")
    pd.read_parquet(files).drop(columns=["kept_by_reason"]).to_parquet(files, index=False)
    again = store.open(path)
    t = again.tests
    assert again.checked["tests"] == "schema" and len(t) == 1
    assert t["not_taken"].isna().all() and t["unlinked"].isna().all()
    assert list(t.columns) == list(st.tests.columns)
    assert again.files["kept_by_reason"].isna().all() and again.checked["files"] == "schema"
