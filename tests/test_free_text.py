"""Free text (open questions): stored only when asked for, scrubbed, shown only for groups >= 10."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import kit.store
from kit import instrument as instrument_mod
from kit.analysis.freetext import FREE_TEXT_RESULT_COLUMNS, free_text
from kit.analysis.privacy import FREE_TEXT_THRESHOLD
from kit.cli import main as kit_main
from kit.errors import ArgumentError, ConfigError, StoreError
from kit.ingest.freetext import REMOVED, scrub
from kit.ingest.mapping import load_mapping
from kit.ingest.run import ingest
from kit.sample import SAMPLE_DIR

PLANTED = "ZEBRAPLANT-4711 de koffieautomaat"       # a distinctive open answer
SAMPLE_TEXT = "groepsbespreking"                     # in the sample Google Forms export
OPEN_Q = "Wil je nog iets toelichten?"

ORG = """\
board: {id: B1, name: Testbestuur}
waves:
  - {id: 2025-najaar, label: {nl: Najaar 2025, en: Autumn 2025}, start: 2025-09-01, end: 2026-01-31}
schools:
  - id: S1
    name: School Een
    teams:
      - {id: S1-A, name: Team A, size: 14, groups: ["1"]}
      - {id: S1-B, name: Team B, size: 6, groups: ["2"]}
"""


def _mapping(tmp_path, extra: str = "", defaults: str = ""):
    f = tmp_path / "mapping.yml"
    f.write_text("defaults:\n  timezone: Europe/Amsterdam\n" + defaults
                 + "sources:\n  - file: 'gf_*.csv'\n    school: S1\n    wave: 2025-najaar\n"
                 + extra, encoding="utf-8")
    return f


def _export(path) -> dict:
    """A Google Forms CSV: team A 12 rows (11 accepted), team B 5 rows (4 with text)."""
    inst = instrument_mod.load()
    items = inst.items[:6]
    header = (["Tijdstempel", "E-mailadres", "In welk team werk je?"]
              + [f"{inst.habit(i.habit).label('nl')} [{i.nl}]" for i in items] + [OPEN_Q])
    rows = [header]
    texts = {}

    def add(n: int, team: str, text: str, answers=("Eens",) * 6) -> None:
        stamp = f"2025/10/{10 + n % 15:02d} 9:{n:02d}:00 a.m. CEST"
        rows.append([stamp, f"p{n}@school.voorbeeld.nl", team, *answers, text])
        texts[n] = text

    for n in range(10):                                    # 10 in team A with a text
        add(n, "S1-A", f"opmerking {n:02d} van team A")
    rows[1][-1] = f"{PLANTED}; mail j.jansen@school.nl of bel 06-12345678"
    add(10, "S1-A", "")                                    # accepted, empty answer: not stored
    add(11, "S1-A", "  ")                                  # blank: not stored
    for n in range(12, 16):                                # 4 in team B
        add(n, "S1-B", f"team B zegt {n}: bel +31 20 123 4567")
    add(16, "S1-B", "")                                    # team B without text
    add(17, "Team Onbekend", "tekst van een verworpen rij")  # unknown_team: never stored
    add(18, "S1-A", "geen stellingen beantwoord", answers=("",) * 6)   # no_answers
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return texts


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "test-key-" + "x" * 32)
    monkeypatch.delenv("KIT_PSEUDONYM_KEY_FILE", raising=False)
    data = tmp_path / "exports"
    data.mkdir()
    _export(data / "gf_2025.csv")
    org = tmp_path / "org.yml"
    org.write_text(ORG, encoding="utf-8")
    return tmp_path, data, org


def _store_strings(path) -> str:
    """Every string cell of every table of a store, and its manifest, as one text."""
    parts = [(path / "manifest.json").read_text(encoding="utf-8")]
    for f in sorted(path.glob("*.parquet")):
        df = pd.read_parquet(f)
        for c in df.columns:
            parts.extend(str(v) for v in df[c].tolist())
    return "\n".join(parts)


def _store_bytes(path) -> bytes:
    return b"".join(f.read_bytes() for f in sorted(path.iterdir()) if f.is_file())


# ---------------------------------------------------------------------------------- ingest

def test_without_the_option_no_free_text_is_stored(board):
    tmp, data, org = board
    res = ingest([data], org=org, mapping=_mapping(tmp))
    assert len(res.tables["free_text"]) == 0 and res.free_text is False
    path = res.write(tmp / "store")
    assert PLANTED.encode() not in _store_bytes(path)
    assert "ZEBRAPLANT" not in _store_strings(path) and "opmerking" not in _store_strings(path)
    st = kit.store.open(path)
    assert len(st.free_text) == 0 and st.manifest["free_text"] is False
    assert st.manifest["tables"]["free_text"] == 0


def test_with_the_option_texts_are_stored_scrubbed(board):
    tmp, data, org = board
    res = ingest([data], org=org, mapping=_mapping(tmp, "    free_text: true\n"))
    path = res.write(tmp / "store")
    assert b"ZEBRAPLANT-4711" in _store_bytes(path)       # the byte search does find it
    st = kit.store.open(path)
    ft = st.free_text
    assert st.manifest["free_text"] is True and st.manifest["tables"]["free_text"] == len(ft)
    assert list(ft.columns) == ["respondent_id", "wave", "board", "school", "team", "question",
                                "text"]
    # 10 texts in team A (2 empty answers left out), 4 in team B; rejected rows never stored
    assert ft.groupby("team").size().to_dict() == {"S1-A": 10, "S1-B": 4}
    assert set(ft["question"]) == {OPEN_Q} and set(ft["board"]) == {"B1"}
    assert set(ft["wave"]) == {"2025-najaar"} and set(ft["school"]) == {"S1"}
    assert set(ft["respondent_id"]) <= set(st.respondents["respondent_id"])
    text = "\n".join(ft["text"])
    assert "verworpen" not in text and "geen stellingen" not in text
    assert "@" not in text and "12345678" not in text and "123 4567" not in text
    planted = ft.loc[ft["text"].str.contains("ZEBRAPLANT"), "text"].item()
    assert planted == f"{PLANTED}; mail {REMOVED} of bel {REMOVED}"
    assert ft["text"].str.contains(r"bel \[verwijderd\]", regex=True).sum() == 5
    assert not ft["text"].str.strip().eq("").any()


def test_free_text_never_changes_the_accounting(board):
    tmp, data, org = board
    off = ingest([data], org=org, mapping=_mapping(tmp))
    on = ingest([data], org=org, mapping=_mapping(tmp), free_text=True)
    assert len(on.tables["free_text"]) == 14 and on.free_text is True
    assert off.report()["totals"] == on.report()["totals"]
    acc = on.accounts[0]
    assert acc.rows_read == 19 and acc.accepted == 17
    assert acc.rejected == {"no_answers": 1, "unknown_team": 1}
    assert acc.balanced and off.accounts[0].rejected == acc.rejected
    for name in ("respondents", "answers", "files", "rejections"):
        pd.testing.assert_frame_equal(off.tables[name], on.tables[name])


def test_mapping_option_and_flag(board, tmp_path):
    tmp, data, org = board
    # defaults: true applies to every source; an entry's false wins over the defaults and flag
    m = load_mapping(_mapping(tmp, defaults="  free_text: true\n"))
    assert m.for_file("gf_2025.csv").free_text is True
    m = load_mapping(_mapping(tmp, "    free_text: false\n", defaults="  free_text: true\n"))
    assert m.for_file("gf_2025.csv").free_text is False
    assert load_mapping(None).for_file("x.csv").free_text is None
    res = ingest([data], org=org, mapping=_mapping(tmp, "    free_text: false\n"), free_text=True)
    assert len(res.tables["free_text"]) == 0
    bad = tmp_path / "bad.yml"
    bad.write_text("sources:\n  - file: a.csv\n    free_text: ja graag\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="true or false"):
        load_mapping(bad)
    with pytest.raises(ArgumentError, match="free_text"):
        ingest([data], org=org, mapping=_mapping(tmp), free_text="yes")


def test_cli_flag(board, capsys):
    tmp, data, org = board
    args = ["ingest", str(data), "--org", str(org), "--mapping", str(_mapping(tmp)), "--quiet"]
    assert kit_main([*args, "--out", str(tmp / "off")]) == 0
    assert kit_main([*args, "--out", str(tmp / "on"), "--free-text"]) == 0
    assert len(kit.store.open(tmp / "off").free_text) == 0
    assert len(kit.store.open(tmp / "on").free_text) == 14


def test_sample_board_open_question(tmp_path):
    files = sorted(SAMPLE_DIR.glob("S02_*googleforms*.csv"))
    kw = dict(org=SAMPLE_DIR / "org.yml", roster=SAMPLE_DIR / "roster.csv",
              mapping=SAMPLE_DIR / "mapping.yml")
    off = ingest(files, **kw)
    path = off.write(tmp_path / "off")
    assert len(kit.store.open(path).free_text) == 0
    assert SAMPLE_TEXT not in _store_strings(path)
    assert SAMPLE_TEXT.encode() not in _store_bytes(path)
    on = ingest(files, free_text=True, **kw)
    ft = on.tables["free_text"]
    assert set(ft["question"]) == {OPEN_Q} and set(ft["school"]) == {"S02"}
    assert len(ft) == 4 and ft["text"].str.contains(SAMPLE_TEXT).sum() == 1
    assert any("\n" in t for t in ft["text"]) and any(";" in t and '"' in t for t in ft["text"])
    assert off.report()["totals"] == on.report()["totals"]
    assert [a.as_dict()["rejected"] for a in off.accounts] == \
        [a.as_dict()["rejected"] for a in on.accounts]


def test_old_store_without_the_table_opens(board):
    tmp, data, org = board
    path = ingest([data], org=org, mapping=_mapping(tmp), free_text=True).write(tmp / "store")
    (path / "free_text.parquet").unlink()
    mf = json.loads((path / "manifest.json").read_text())
    mf["tables"].pop("free_text")
    mf.pop("free_text")
    (path / "manifest.json").write_text(json.dumps(mf))
    st = kit.store.open(path)
    assert len(st.free_text) == 0 and list(st.free_text.columns) == list(kit.store.empty(
        "free_text").columns)
    assert len(st.respondents) == 17
    out = free_text(st.free_text, st.respondents, include=True)
    assert len(out) == 0 and out.attrs["status"] == "shown"
    # a store that is missing a table of the first format is still an error
    (path / "answers.parquet").unlink()
    with pytest.raises(StoreError, match="missing"):
        _ = kit.store.open(path).answers


def test_scrub_rules():
    assert scrub("mail A.de-Vries+x@mijn-school.nl!") == f"mail {REMOVED}!"
    for phone in ("06-12345678", "06 1234 5678", "0612345678", "+31 6 12345678",
                  "+31 (0)6 1234 5678", "(020) 123 45 67", "020-1234567", "0031 20 1234567"):
        assert scrub(f"bel {phone} gerust") == f"bel {REMOVED} gerust", phone
    # two numbers typed in one run of digits and separators (issue 14): each is removed
    for pair in ("06-12345678 / 06-87654321", "0612345678 0687654321",
                 "020-1234567, 06 12345678", "+31 6 12345678;+31 6 87654321"):
        out = scrub(f"bel {pair} gerust")
        assert not any(ch.isdigit() for ch in out) and out.count(REMOVED) == 2, (pair, out)
    for keep in ("op 14-10-2025 om 15:30", "groep 7/8, 24 leerlingen", "schooljaar 2025-2026",
                 "in 2025 hadden we 112 collega's", "score 0,75",
                 "schooljaren 2025-2026 / 2026-2027", "groep 1/2, 3/4, 5/6 en 7/8"):
        assert scrub(keep) == keep
    names = ["Piet Bakker", "Anna de Vries"]
    assert scrub("Piet Bakker en piet bakker zeiden het", names) == \
        f"{REMOVED} en {REMOVED} zeiden het"
    assert scrub("Bakker bakt; de bakker ook. Vries en de Vries", names) == \
        f"{REMOVED} bakt; de bakker ook. {REMOVED} en de {REMOVED}"
    assert scrub("gewoon een zin", names) == "gewoon een zin"


def test_export_names_are_scrubbed(board):
    from kit.ingest.base import SourceOptions, detect_reader
    from kit.ingest.mapping import SourceMapping
    from kit.ingest.org import load_org
    from kit.ingest.survey import process_survey
    from kit.ingest.table import read_table
    from kit.pseudonym import Pseudonymizer
    tmp, data, org_file = board
    table = read_table(data / "gf_2025.csv")
    export = detect_reader(table).read(table, SourceOptions())
    export.records[0].meta["name"] = "Jan Jansen"          # as Microsoft Forms' Naam column
    export.records[1].answers[[c.key for c in export.columns if c.text == OPEN_Q][0]] = \
        "Jan Jansen helpt goed; Jansen is fijn"
    res = process_survey(export, instrument=instrument_mod.load(), org=load_org(org_file),
                         mapping=SourceMapping(school="S1", wave="2025-najaar"),
                         pseudonymizer=Pseudonymizer(b"k" * 20), free_text=True)
    texts = list(res.free_text["text"])
    assert f"{REMOVED} helpt goed; {REMOVED} is fijn" in texts
    assert not any("Jansen" in t for t in texts)


def test_columns_naming_personal_data_are_never_free_text(board):
    tmp, data, org = board
    inst = instrument_mod.load()
    items = inst.items[:3]
    gen = tmp / "generic"
    gen.mkdir()
    rows = [["Nummer", "E-mail", "Team", "Naam", "Telefoonnummer",
             *[i.nl for i in items], "Opmerkingen"]]
    for n in range(3):
        rows.append([n + 1, f"g{n}@school.voorbeeld.nl", "S1-A", f"Karel Doorman{n}",
                     f"06-1111222{n}", "Eens", "Oneens", "Eens", f"opmerking {n}"])
    with open(gen / "gf_eigen.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    mapping = _mapping(tmp, "    tool: generic\n    free_text: true\n    columns:\n"
                            "      response_id: Nummer\n      email: E-mail\n      team: Team\n")
    res = ingest([gen], org=org, mapping=mapping)
    ft = res.tables["free_text"]
    assert set(ft["question"]) == {"Opmerkingen"} and len(ft) == 3
    assert "Doorman" not in _store_strings(res.write(tmp / "store"))
    assert any("personal data not stored" in note for note in res.accounts[0].notes)


# ---------------------------------------------------------------------------------- analysis

@pytest.fixture
def stored(board):
    tmp, data, org = board
    path = ingest([data], org=org, mapping=_mapping(tmp), free_text=True).write(tmp / "store")
    return kit.store.open(path)


def test_not_requested_returns_nothing(stored):
    out = free_text(stored.free_text, stored.respondents)
    assert len(out) == 0 and list(out.columns) == FREE_TEXT_RESULT_COLUMNS
    assert out.attrs["status"] == "not_requested" and "not requested" in out.attrs["message"]
    assert len(free_text(stored.free_text, stored.respondents, include=False,
                         level="school")) == 0


def test_units_below_ten_are_suppressed(stored):
    assert FREE_TEXT_THRESHOLD == 10
    out = free_text(stored.free_text, stored.respondents, include=True)
    assert list(out.columns) == FREE_TEXT_RESULT_COLUMNS and out.attrs["status"] == "shown"
    a = out.set_index("unit").loc["S1-A"]
    b = out.set_index("unit").loc["S1-B"]
    assert a["n"] == 10 and not a["suppressed"] and a["status"] == "shown"
    assert len(a["texts"]) == 10 and any("ZEBRAPLANT" in t for t in a["texts"])
    assert a["texts"] == sorted(a["texts"], key=lambda t: (t.casefold(), t))
    assert b["n"] == 4 and b["suppressed"] and b["texts"] == []
    assert b["suppression"] == "below_threshold" and b["status"] == "below_threshold"
    assert a["school"] == "S1" and a["question"] == OPEN_Q and a["wave"] == "2025-najaar"
    assert "respondent_id" not in out.columns
    # school and board: 14 respondents answered -> shown
    school = free_text(stored.free_text, stored.respondents, include=True, level="school")
    assert school[["unit", "n", "suppressed"]].values.tolist() == [["S1", 14, False]]
    assert len(school["texts"][0]) == 14
    board_ = free_text(stored.free_text, stored.respondents, include=True, level="board")
    assert board_["unit"].tolist() == ["B1"] and pd.isna(board_["school"][0])
    # stricter or explicitly lowered thresholds
    strict = free_text(stored.free_text, stored.respondents, include=True, threshold=11)
    assert strict["suppressed"].all() and all(t == [] for t in strict["texts"])
    low = free_text(stored.free_text, stored.respondents, include=True, threshold=4)
    assert not low["suppressed"].any() and len(low.set_index("unit").loc["S1-B", "texts"]) == 4


def test_exactly_at_threshold_and_order_not_revealing(stored):
    ft, resp = stored.free_text, stored.respondents
    a_ids = list(resp.loc[resp["team"] == "S1-A", "respondent_id"])
    one_less = ft[ft["respondent_id"] != ft.loc[ft["team"] == "S1-A", "respondent_id"].iloc[0]]
    out = free_text(one_less, resp, include=True).set_index("unit")
    assert out.loc["S1-A", "n"] == 9 and out.loc["S1-A", "suppressed"]
    shuffled = ft.sample(frac=1, random_state=3).reset_index(drop=True)
    first = free_text(ft, resp, include=True)
    again = free_text(shuffled, resp, include=True)
    assert first["texts"].tolist() == again["texts"].tolist()
    # only texts of the respondents given count (a selection of the respondents table)
    sel = resp[resp["respondent_id"].isin(a_ids[:5])]
    part = free_text(ft, sel, include=True)
    assert part["unit"].tolist() == ["S1-A"] and part["suppressed"].all()


@pytest.mark.parametrize("kwargs,words", [
    ({"level": "class"}, "level"),
    ({"threshold": 2}, "threshold"),
    ({"threshold": 10.5}, "threshold"),
    ({"include": "yes"}, "include"),
])
def test_bad_arguments(stored, kwargs, words):
    with pytest.raises(ArgumentError) as exc:
        free_text(stored.free_text, stored.respondents, **{"include": True, **kwargs})
    assert words in exc.value.message and "expected" in exc.value.message


def test_bad_tables(stored):
    with pytest.raises(ArgumentError, match="free_text_table must be a DataFrame"):
        free_text([], stored.respondents, include=True)
    with pytest.raises(ArgumentError, match=r"respondents lacks column\(s\) \['team'\]"):
        free_text(stored.free_text, stored.respondents.drop(columns="team"), include=True)
    with pytest.raises(ArgumentError, match="free_text_table lacks"):
        free_text(stored.answers, stored.respondents, include=True)


def test_cross_file_duplicates_drop_their_text(board):
    tmp, data, org = board
    # the same people answer again in a second, later file: their first texts go
    src = (data / "gf_2025.csv").read_text(encoding="utf-8").splitlines()
    later = [src[0]] + [line.replace("2025/10/", "2025/11/") for line in src[1:4]]
    (data / "gf_2025_later.csv").write_text("\n".join(later) + "\n", encoding="utf-8")
    for flag in (False, True):
        res = ingest([data], org=org, mapping=_mapping(tmp), free_text=flag)
        first = next(a for a in res.accounts if a.file == "gf_2025.csv")
        assert first.rejected.get("superseded") == 3 and first.balanced
        ft = res.tables["free_text"]
        assert len(ft) == (14 if flag else 0)
        assert not ft.duplicated(["respondent_id", "wave", "question"]).any()


# ---------------------------------------------------------------------------------- report

def test_team_report_free_text_section(stored):
    from kit.reports.team import TeamReport
    a = TeamReport(stored, "S1", "S1-A")
    shown, note = a.free_texts()
    assert note is None and len(shown) == 1
    question, texts = shown[0]
    assert question == OPEN_Q and len(texts) == 10 and any("ZEBRAPLANT" in x for x in texts)
    assert not any("j.jansen@school.nl" in x or "06-12345678" in x for x in texts)
    b = TeamReport(stored, "S1", "S1-B", lang="en")
    shown, note = b.free_texts()
    assert shown == []
    assert note == (b.notice() if b.suppressed else
                    "1 open question(s) not shown: fewer than 10 team members answered.")


@pytest.mark.slow
def test_team_report_notebook_shows_free_text_only_when_asked(stored, tmp_path):
    from kit.reports import warm
    from kit.reports.render import NOTEBOOK_DIR, render
    nb = NOTEBOOK_DIR / "team_report.ipynb"
    params = {"store": str(stored.path), "school": "S1", "team": "S1-A"}
    try:
        off = render(nb, params, tmp_path, "off", pdf=False, warm=True)
        on = render(nb, {**params, "free_text": True}, tmp_path, "on", pdf=False, warm=True)
    finally:
        warm.shutdown()
    assert "ZEBRAPLANT" not in off.html.read_text(encoding="utf-8")
    html = on.html.read_text(encoding="utf-8")
    assert "Toelichtingen van het team" in html and "ZEBRAPLANT" in html
    assert "j.jansen@school.nl" not in html and "[verwijderd]" in html
