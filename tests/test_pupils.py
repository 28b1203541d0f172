"""Pupil-data readers: header recognition, privacy, linking, every rejection reason."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from kit.errors import InputError
from kit.ingest.mapping import SourceMapping
from kit.ingest.org import load_org
from kit.ingest.pupils import detect_pupil_kind, read_observations, read_tests, school_year
from kit.ingest.table import read_table
from kit.pseudonym import Pseudonymizer

ORG = load_org("templates/org.example.yml")
PSEUDO = Pseudonymizer(b"pupil-test-key-0123456")


def _csv(tmp_path, text, name="p.csv", encoding="cp1252"):
    f = tmp_path / name
    f.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return read_table(f)


TESTS = ("Leerlingnummer;Naam;Groep;Jaargroep;Toets;Toetsmoment;Afnamedatum;Vaardigheidsscore;"
         "Niveau;Referentieniveau\n") + """\
1001;Piet Jansen;7/8;8;Begrijpend lezen;M8;20-01-2026;210,5;II;2F
1002;Kees Bos;7/8;7;Rekenen-Wiskunde;E7;10-06-2026;180;C;onder 1F
1003;An Vis;5;5;Spelling;M5;21-01-2026;150;I+;
1003;An Vis;5;5;Spelling;M5;21-01-2026;150;I+;
;Zonder Nummer;5;5;Spelling;M5;21-01-2026;150;I;
1004;Groep Negen;9;8;Spelling;M8;21-01-2026;150;I;
1005;Raar Niveau;6;6;Spelling;M6;21-01-2026;150;X;
1006;Rare Datum;6;6;Spelling;M6;31-02-2026;150;I;
1007;Onbekende Toets;6;6;Geschiedenis;M6;21-01-2026;150;I;
1008;Geen Score;6;6;Rekenen;M6;21-01-2026;;;
Gemiddelde;;;;;;;170;;
"""


def test_tests_every_reason(tmp_path):
    t = _csv(tmp_path, TESTS)
    assert detect_pupil_kind(t) == "tests"
    r = read_tests(t, mapping=SourceMapping(school="S01"), org=ORG, pseudonymizer=PSEUDO)
    assert r.account.rows_read == 11 and r.account.accepted == 3
    assert r.account.rejected == {"bad_date": 1, "bad_value": 1, "duplicate_measurement": 1,
                                  "no_pupil_id": 1, "no_value": 1, "total_row": 1,
                                  "unknown_group": 1, "unknown_indicator": 1}
    f = r.frame.set_index("domain")
    assert f.loc["begrijpend_lezen", "score"] == 210.5
    assert f.loc["rekenen", "referentieniveau"] == "<1F"
    assert f.loc["rekenen", "level_system"] == "A-E"
    assert f.loc["rekenen", "moment"] == "E" and f.loc["rekenen", "moment_jaargroep"] == 7
    # a June E-test belongs to the school year in which it was taken
    assert f.loc["rekenen", "school_year"] == "2025-2026"
    assert f.loc["spelling", "level"] == "I+" and f.loc["spelling", "team"] == "S01-BB"
    text = r.frame.to_string() + r.pupils.to_string() + r.ledger.frame().to_string()
    for secret in ("Piet", "Jansen", "1001", "Kees"):
        assert secret not in text


def test_wide_report_workbook_with_title_rows_and_mover(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Groepsoverzicht ZIEN!"])
    ws.append(["Geëxporteerd op 12-03-2026"])
    ws.append([])
    ws.append(["Leerlingnummer", "Roepnaam", "Achternaam", "Geboortedatum", "Groep",
               "Observatiedatum", "Betrokkenheid", "Welbevinden", "Sociale autonomie"])
    ws.append(["2001", "Piet", "Jansen", "01-02-2015", "Groep 4", "12-11-2025", "3,2", 3.1, "2,8"])
    ws.append(["2001", "Piet", "Jansen", "01-02-2015", "6", "14-04-2026", 3.4, None, None])
    ws.append(["2002", "Kees", "Bos", "01-02-2015", "4", "12-11-2025", None, None, None])
    ws.append(["2003", "An", "Vis", "01-02-2015", "4", "12-11-2025", "veel", 3, 3])
    ws.append(["Gemiddelde", None, None, None, None, None, 3.1, 3, 2.9])
    f = tmp_path / "zien.xlsx"
    wb.save(f)
    t = read_table(f)
    assert detect_pupil_kind(t) == "observations"
    r = read_observations(t, mapping=SourceMapping(school="S01"), org=ORG, pseudonymizer=PSEUDO)
    assert r.account.rows_read == 5 and r.account.accepted == 2
    assert r.account.rejected == {"bad_value": 1, "no_value": 1, "total_row": 1}
    assert len(r.frame) == 4 and set(r.frame.indicator) == {"BT", "WB", "SA"}
    # the pupil changed group (and team) between the two moments
    assert set(r.frame.team) == {"S01-OB", "S01-BB"} and r.frame.pupil_id.nunique() == 1
    assert r.frame.jaargroep.dropna().tolist() == [4, 4, 4, 6]
    assert r.frame.value.tolist() == [3.2, 3.1, 2.8, 3.4]
    assert "Jansen" not in r.frame.to_string() and "2015" not in r.pupils.to_string()


def test_long_layout_and_mapping_overrides(tmp_path):
    t = _csv(tmp_path, "Lln;Klas;Wanneer;Schaal;Waarde\n1;3;12-11-2025;Welbevinden;3\n"
                       "2;3;12-11-2025;Eigen schaal;2,5\n", encoding="utf-8")
    sm = SourceMapping(school="S01", columns={"pupil": "Lln", "group": "Klas", "date": "Wanneer"},
                       indicators={"Eigen schaal": "EIGEN"})
    r = read_observations(t, mapping=sm, org=ORG, pseudonymizer=PSEUDO)
    assert sorted(r.frame.indicator) == ["EIGEN", "WB"] and r.frame.value.sum() == 5.5


@pytest.mark.parametrize("text,words", [
    ("Naam;Groep;Score\nPiet;3;2\n", "pupil-number"),
    ("Leerlingnummer;Groep;Toets;Score\n", "header but no rows"),
    ("Leerlingnummer;Datum;Betrokkenheid\n1;12-11-2025;3\n", "no group column"),
])
def test_bad_pupil_files(tmp_path, text, words):
    t = _csv(tmp_path, text)
    with pytest.raises(InputError, match=words):
        read_observations(t, mapping=SourceMapping(school="S01"), org=ORG, pseudonymizer=PSEUDO)


def test_school_needed(tmp_path):
    t = _csv(tmp_path, "Leerlingnummer;Groep;Betrokkenheid\n1;3;3\n")
    with pytest.raises(InputError, match="school of these pupils"):
        read_observations(t, mapping=SourceMapping(), org=ORG, pseudonymizer=PSEUDO)
    t = _csv(tmp_path, "Leerlingnummer;School;Groep;Betrokkenheid\n1;De Linde;3;3\n2;Elders;3;3\n")
    r = read_observations(t, mapping=SourceMapping(), org=ORG, pseudonymizer=PSEUDO)
    assert r.account.rejected == {"unknown_school": 1} and r.frame.school.tolist() == ["S01"]


def test_school_year_boundary():
    assert school_year(pd.Timestamp("2026-07-31")) == "2025-2026"
    assert school_year(pd.Timestamp("2026-08-01")) == "2026-2027"


NOT_TAKEN = ("Leerlingnummer;Groep;Jaargroep;Toets;Toetsmoment;Afnamedatum;Vaardigheidsscore;"
             "Niveau;Referentieniveau;Status;Toetsaanbieder\n") + """\
2001;7/8;8;Spelling;E8;10-06-2026;Afwezig;;;;Cito
2002;7/8;8;Spelling;E8;10-06-2026;;Vrijgesteld;;;Cito LOVS
2003;7/8;8;Spelling;E8;10-06-2026;;;;Niet gemaakt;Leerling in beeld
2004;7/8;8;Spelling;E8;10-06-2026;;;;zie dossier van Piet Jansen;Boom
2005;7/8;8;Spelling;E8;10-06-2026;;;;Gemaakt;Cito
2006;7/8;8;Spelling;E8;10-06-2026;150,5;II;n.v.t.;Gemaakt;j.jansen@school.nl
2007;7/8;8;Spelling;E8;10-06-2026;-;-;-;;Cito
2008;7/8;8;Spelling;E8;10-06-2026;151;III;;Afwezig;
"""


def test_tests_not_taken_are_kept_with_their_reason(tmp_path):
    t = _csv(tmp_path, NOT_TAKEN)
    r = read_tests(t, mapping=SourceMapping(school="S01"), org=ORG, pseudonymizer=PSEUDO)
    # every row accounted for: one empty score whose status says it was taken is no value
    assert r.account.rows_read == 8 and r.account.accepted == 7
    assert r.account.rejected == {"no_value": 1}
    f = r.frame.sort_values("source_row").reset_index(drop=True)
    assert f["not_taken"].fillna("taken").tolist() == [
        "absent", "exempt", "not_taken", "unknown", "taken", "not_taken", "taken"]
    skipped = f[f["not_taken"].notna()]
    assert skipped["score"].isna().all() and skipped["level"].isna().all()
    assert skipped["percentile"].isna().all()
    # a score beside n.v.t. (no referentieniveau below groep 6) or a contradicting status:
    # the score is the result
    assert f.loc[4, "score"] == 150.5 and pd.isna(f.loc[4, "referentieniveau"])
    assert f.loc[6, "score"] == 151.0 and f.loc[6, "level"] == "III"
    assert r.account.kept == {"not_taken:absent": 1, "not_taken:exempt": 1,
                              "not_taken:not_taken": 2, "not_taken:unknown": 1}
    assert r.account.as_dict()["kept"] == r.account.kept
    # supplier cells on a closed list: names of Cito's systems are Cito, any other text is
    # 'unknown' (an e-mail address typed there never reaches the store), blank -> unknown
    assert f["supplier"].tolist() == ["cito", "cito", "cito", "boom", "unknown", "cito",
                                      "unknown"]
    assert any("supplier the kit does not know" in n for n in r.account.notes)
    text = r.frame.to_string() + r.ledger.frame().to_string()
    for secret in ("Piet", "Jansen", "dossier", "j.jansen", "LOVS", "Leerling in beeld"):
        assert secret not in text


def test_the_mapping_names_the_supplier_when_the_file_does_not(tmp_path):
    t = _csv(tmp_path, "Leerlingnummer;Groep;Toets;Afnamedatum;Vaardigheidsscore\n"
                       "1;5;Spelling;20-01-2026;50\n")
    for given, stored in (("Boom LVS", "boom"), ("Pearson", "pearson"), (None, "unknown")):
        r = read_tests(t, mapping=SourceMapping(school="S01", supplier=given), org=ORG,
                       pseudonymizer=PSEUDO)
        assert r.frame["supplier"].tolist() == [stored]


def test_unknown_indicator_names_are_rejected_without_their_text(tmp_path):
    t = _csv(tmp_path, "Leerlingnummer;Groep;Datum;Indicator;Score\n"
                       "1;3;12-11-2025;Welbevinden;3\n"
                       "2;3;12-11-2025;Piet Jansen 06-12345678;2\n"
                       "3;3;12-11-2025;;2\n", encoding="utf-8")
    r = read_observations(t, mapping=SourceMapping(school="S01"), org=ORG, pseudonymizer=PSEUDO)
    assert r.frame["indicator"].tolist() == ["WB"]
    assert r.account.rejected == {"unknown_indicator": 2}
    log = r.ledger.frame()
    assert "mapping file" in log["detail"].dropna().iloc[0]
    assert "Piet" not in log.to_string() + r.frame.to_string()


def test_a_school_year_cell_is_stored_only_as_a_school_year(tmp_path):
    t = _csv(tmp_path, "Leerlingnummer;Groep;Schooljaar;Betrokkenheid\n"
                       "1;3;2025/26;3\n2;3;Piet Jansen;3\n3;3;2025-2027;3\n", encoding="utf-8")
    r = read_observations(t, mapping=SourceMapping(school="S01"), org=ORG, pseudonymizer=PSEUDO)
    assert r.frame.sort_values("source_row")["school_year"].fillna("-").tolist() == \
        ["2025-2026", "-", "-"]


def test_group_years_and_other_year_evidence(tmp_path):
    from kit.ingest.pupilvalues import group_years
    assert group_years("Groep 7/8") == (7, 8) and group_years("4b") == (4,)
    assert group_years("plusklas") == () and group_years("") == ()
    # a row's own evidence: E4 beside jaargroep 5 is an export made after the roll-over;
    # the jaargroep at the test is the moment's
    t = _csv(tmp_path, "Leerlingnummer;Groep;Jaargroep;Toets;Toetsmoment;Afnamedatum;"
                       "Vaardigheidsscore\n1;5;5;Spelling;E4;10-06-2026;140\n"
                       "2;;;Spelling;E4;10-06-2026;141\n3;plusklas;;Spelling;E6;10-06-2026;142\n")
    r = read_tests(t, mapping=SourceMapping(school="S01"), org=ORG, pseudonymizer=PSEUDO)
    f = r.frame.sort_values("source_row")
    assert f["unlinked"].tolist() == ["group_of_other_year", "no_group"]
    # a group without jaargroep in its label is not evidence either way: linked as before
    # (here a group no team of this organisation teaches)
    assert r.account.rejected == {"unknown_group": 1}
    assert f["jaargroep"].tolist()[:2] == [4, 4]
    assert r.account.kept == {"unlinked:group_of_other_year": 1, "unlinked:no_group": 1}
    assert r.pupils.empty


def test_repeated_keys_are_found_as_pandas_finds_them():
    """kit.ingest.pupilkeys._repeats: keys that grow, keys in runs, keys in no order, and a run
    that comes back later all give pandas' duplicated(keep="first")."""
    import numpy as np
    import pandas as pd

    from kit.ingest.pupilkeys import _repeats
    rng = np.random.default_rng(11)
    cases = [np.arange(50) * 3, np.repeat(np.arange(40), 7), rng.integers(0, 30, 500),
             np.concatenate([np.repeat(np.arange(20), 3), np.repeat([4, 4, 19], 2)]),
             np.array([5]), np.array([], dtype=np.int64), np.array([2, 2, 1, 1, 2])]
    for key in cases:
        key = key.astype(np.int64)
        want = pd.Series(key).duplicated(keep="first").to_numpy()
        assert (_repeats(key) == want).all() and len(_repeats(key)) == len(key)
