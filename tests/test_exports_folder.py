"""A board's exports folder as it is (issue 14, part 2).

The fixtures are built under ``tmp_path`` in the tools' own formats: LimeSurvey's responses
export (UTF-8 with BOM, every value quoted, ``;``) and its participants export as LimeSurvey's
``tokensExport`` writes it (an unquoted header ``tid,firstname,...,usesleft, attribute_1
<Team>``, quoted values, ``,``), a Qualtrics numeric export (three header rows) built from the
sample board's own, and the other files a board's folder holds (a readme, a picture, an item
list, the participants list of another survey).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kit.errors import ConfigError, InputError
from kit.ingest.mapping import load_mapping
from kit.ingest.run import ingest

ROOT = Path(__file__).resolve().parents[1]
SD = ROOT / "sample_data"
KEY = "a-test-key-for-the-exports-folder-tests-0123456789"

#: participants of the LimeSurvey survey: token, first name, last name, e-mail, team, role code
PEOPLE = [
    ("q7Xk2mPa9LwE4rT", "Annelies", "Verhoeven", "annelies.verhoeven@sterrenwacht.voorbeeld.nl",
     "Onderbouw", "F1"),
    ("Zb3nR8vYq1HcU6s", "Mohammed", "El Amrani", "m.elamrani@sterrenwacht.voorbeeld.nl",
     "Onderbouw", "F2"),
    ("Lp5tW0xJd7GfK2e", "Sietske", "Bosma", "s.bosma@sterrenwacht.voorbeeld.nl",
     "Bovenbouw", "F1"),
    ("Hc8yN4uQm6VaB1r", "Joost", "Wijnands", "j.wijnands@sterrenwacht.voorbeeld.nl",
     "Bovenbouw", "F4"),
    ("Rm2sE9kTz3PdX5w", "Fenna", "Kuipers", "f.kuipers@sterrenwacht.voorbeeld.nl",
     "Plusteam", "F1"),
    ("Uv6gA1bLc8NqJ4h", "Daan", "Mulder", "d.mulder@sterrenwacht.voorbeeld.nl",
     "Zolderteam", "F1"),           # a team the organisation file does not know
]
NAMES = [w for p in PEOPLE for w in (p[1], p[2], p[3])]
TOKENS = [p[0] for p in PEOPLE]
ITEMS = [f"H1[SQ00{i}]" for i in range(1, 6)]


def participants_csv(people, *, attributes=("Team", "Functie")) -> bytes:
    """A participants list as LimeSurvey's ``tokensExport`` writes it."""
    head = ("tid,firstname,lastname,email,emailstatus,token,language,validfrom,validuntil,"
            "invited,reminded,remindercount,completed,usesleft")
    head += "".join(f", attribute_{n} <{a}>" for n, a in enumerate(attributes, 1))
    lines = [head]
    for n, (tok, first, last, mail, team, role) in enumerate(people, 1):
        values = [str(n), first, last, mail, "OK", tok, "nl", "", "", "2025-10-06 09:12", "N",
                  "0", "2025-10-14 20:31" if n % 2 else "N", "0", team, role][:14 + len(attributes)]
        lines.append(",".join('"' + v.replace('"', '""') + '"' for v in values))
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def limesurvey_csv(rows, *, extra=()) -> bytes:
    """A LimeSurvey responses export (codes headings and answers): ``rows`` are
    ``(token, submitted, answers, extra values)``."""
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
            "datestamp", *extra, *ITEMS]
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(head)
    for n, (tok, sub, answers, more) in enumerate(rows, 1):
        w.writerow([str(n), sub, "3", "nl", str(1000 + n), tok, sub[:11] + "20:00:00", sub,
                    *more, *answers])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def mapping_yml(extra: str = "") -> str:
    items = "\n".join(f'      "{c}": H1_0{i}' for i, c in enumerate(ITEMS, 1))
    return f"""sources:
  - file: "results-survey*.csv"
    school: S04
    items:
{items}
    codes: {{A1: 1, A2: 2, A3: 3, A4: 4, A5: 5, A6: null}}
    role_codes: {{F1: leerkracht, F2: intern begeleider, F4: directeur}}
    team_codes: {{T1: Onderbouw, T2: Bovenbouw, T3: S04-PK, T9: null}}
  - file: "tokens_*.csv"
    school: S04
    role_codes: {{F1: leerkracht, F2: IB, F4: directeur}}
{extra}"""


def _answers(k: int) -> list[str]:
    return [f"A{1 + (k + i) % 5}" for i in range(5)]


@pytest.fixture
def folder(tmp_path):
    """A board's folder: responses, their participants list, and what else lies there."""
    ex = tmp_path / "exports"
    ex.mkdir()
    rows = [(tok, f"2025-10-{10 + k} 21:0{k}:00", _answers(k), ()) for k, tok in
            enumerate(TOKENS)]
    rows.append(("nO7tInThElIsT00", "2025-10-20 19:00:00", _answers(9), ()))  # no participant
    (ex / "results-survey248311.csv").write_bytes(limesurvey_csv(rows))
    (ex / "tokens_248311.csv").write_bytes(participants_csv(PEOPLE))
    old = [("oLdToKeN" + str(n) * 7, "Oud", f"Lid{n}", f"oud{n}@voorbeeld.nl", "Onderbouw", "F1")
           for n in range(3)]
    (ex / "tokens_197002.csv").write_bytes(participants_csv(old))      # a survey of last year
    (ex / "LEESMIJ.txt").write_text("Exports van de enquête, oktober 2025.\nNiet delen.\n",
                                    encoding="utf-8")
    (ex / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (ex / "stellingen.csv").write_text("code;stelling\nH1_01;Ik wil verbeteren en ik streef "
                                       "hoge normen na.\n", encoding="utf-8")
    (ex / "~$planning.xlsx").write_bytes(b"\x00lock")
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    (cfg / "mapping.yml").write_text(mapping_yml(), encoding="utf-8")
    (cfg / "key").write_text(KEY, encoding="utf-8")
    return ex


def _ingest(folder, **kw):
    cfg = folder.parent / "cfg"
    kw.setdefault("mapping", cfg / "mapping.yml")
    return ingest([folder], org=SD / "org.yml", key_file=cfg / "key", **kw)


def run_kit(*args):
    env = {**os.environ}
    env.pop("KIT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=300)


def test_participants_list_links_tokens_to_teams_and_roles(folder):
    res = _ingest(folder)
    resp = res.tables["respondents"]
    assert len(resp) == 5 and set(resp["school"]) == {"S04"}
    by_team = resp.groupby("team").size().to_dict()
    assert by_team == {"S04-OB": 2, "S04-BB": 2, "S04-PK": 1}
    assert sorted(resp["role"]) == sorted(["leerkracht", "intern begeleider", "leerkracht",
                                           "directeur", "leerkracht"])
    acc = {a.file: a for a in res.accounts}
    survey = acc["results-survey248311.csv"]
    assert (survey.rows_read, survey.accepted, survey.rejected) == \
        (7, 5, {"no_team": 1, "unknown_team": 1})
    plist = acc["tokens_248311.csv"]
    assert (plist.kind, plist.format, plist.rows_read, plist.accepted) == \
        ("roster", "limesurvey-participants", 6, 6)
    assert any("1 participant(s) whose team attribute names no team" in n for n in plist.notes)
    rej = res.tables["rejections"]
    unknown = rej[rej["reason"] == "unknown_team"].iloc[0]
    assert "participants list" in unknown["detail"] and "Zolderteam" not in unknown["detail"]
    files = res.tables["files"]
    assert set(files["file"]) == {"results-survey248311.csv", "tokens_248311.csv"}


def test_folder_files_the_kit_does_not_read_are_listed_with_their_reason(folder):
    res = _ingest(folder)
    skipped = {s.file: s.reason for s in res.skipped}
    assert set(skipped) == {"LEESMIJ.txt", "logo.png", "stellingen.csv", "tokens_197002.csv",
                            "~$planning.xlsx"}
    assert "not a table ('.png')" in skipped["logo.png"]
    assert "not an export the kit recognises" in skipped["stellingen.csv"]
    assert "not an export the kit recognises" in skipped["LEESMIJ.txt"]
    assert "whose survey is not in this ingest" in skipped["tokens_197002.csv"]
    assert "3 access tokens" in skipped["tokens_197002.csv"]
    assert "lock file" in skipped["~$planning.xlsx"]
    assert res.report()["skipped"] == [{"file": f, "reason": r} for f, r in skipped.items()]
    text = res.summary()
    assert "Skipped (not read, --strict makes this an error): 5 file(s)" in text
    assert "    logo.png: not a table" in text


def test_names_emails_and_tokens_never_reach_the_store_or_report(folder, tmp_path):
    out, report = tmp_path / "store", tmp_path / "ingest.json"
    cfg = folder.parent / "cfg"
    r = run_kit("ingest", str(folder), "--org", str(SD / "org.yml"), "--mapping",
                str(cfg / "mapping.yml"), "--key-file", str(cfg / "key"), "--out", str(out),
                "--json", str(report))
    assert r.returncode == 0, r.stderr
    assert "Skipped (not read" in r.stdout and "tokens_197002.csv" in r.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {s["file"] for s in data["skipped"]} >= {"logo.png", "tokens_197002.csv"}
    assert [f["file"] for f in data["files"]] == ["results-survey248311.csv",
                                                  "tokens_248311.csv"]
    tables = {p.stem: pd.read_parquet(p) for p in out.rglob("*.parquet")}
    assert {"respondents", "answers", "rejections", "files"} <= set(tables)
    assert len(tables["respondents"]) == 5
    stored = "\n".join(t.astype(str).to_csv(index=False) for t in tables.values())
    stored += "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.json"))
    stored += report.read_text(encoding="utf-8") + r.stdout
    for word in NAMES + TOKENS + ["oud0@voorbeeld.nl", "Zolderteam"]:
        assert word.casefold() not in stored.casefold(), word


def test_strict_makes_a_skipped_file_an_error_and_writes_nothing(folder, tmp_path):
    with pytest.raises(InputError, match="--strict: 5 file"):
        _ingest(folder, strict=True)
    cfg, out = folder.parent / "cfg", tmp_path / "store"
    r = run_kit("ingest", str(folder), "--org", str(SD / "org.yml"), "--mapping",
                str(cfg / "mapping.yml"), "--key-file", str(cfg / "key"), "--out", str(out),
                "--strict")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "--strict" in r.stderr and "LEESMIJ.txt" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not out.exists()
    for name in ("LEESMIJ.txt", "logo.png", "stellingen.csv", "tokens_197002.csv",
                 "~$planning.xlsx"):
        (folder / name).unlink()
    res = _ingest(folder, strict=True)
    assert res.skipped == [] and len(res.tables["respondents"]) == 5


@pytest.mark.parametrize("name", ["stellingen.csv", "tokens_197002.csv"])
def test_a_file_named_on_the_command_line_still_stops_the_ingest(folder, tmp_path, name):
    cfg = folder.parent / "cfg"
    r = run_kit("ingest", str(folder / "results-survey248311.csv"),
                str(folder / "tokens_248311.csv"), str(folder / name), "--org",
                str(SD / "org.yml"), "--mapping", str(cfg / "mapping.yml"), "--key-file",
                str(cfg / "key"), "--out", str(tmp_path / "st"))
    assert r.returncode == 2, r.stderr
    assert name in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "st").exists()


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_damaged_recognised_export_stops_and_the_store_is_unchanged(folder, tmp_path):
    cfg, out = folder.parent / "cfg", tmp_path / "store"
    args = ("ingest", str(folder), "--org", str(SD / "org.yml"), "--mapping",
            str(cfg / "mapping.yml"), "--key-file", str(cfg / "key"), "--out", str(out))
    assert run_kit(*args).returncode == 0
    before = _digest(out)
    assert before
    # a LimeSurvey export cut short after its header: recognised, but no responses
    good = (folder / "results-survey248311.csv").read_bytes()
    (folder / "results-survey248312.csv").write_bytes(good.split(b"\n")[0] + b"\n")
    r = run_kit(*args)
    assert r.returncode == 2 and "results-survey248312.csv" in r.stderr
    assert "no responses" in r.stderr and "Traceback" not in r.stderr
    assert _digest(out) == before
    # answers the scale does not know: the tool is recognised, the content is damaged
    (folder / "results-survey248312.csv").write_bytes(good.replace(b'"A3"', b'"A7"', 1))
    r = run_kit(*args)
    assert r.returncode == 2 and "results-survey248312.csv" in r.stderr
    assert _digest(out) == before
    # a workbook cut short in the folder: it cannot be opened, so its rows cannot be accounted
    # for; it stops the ingest rather than being skipped
    (folder / "results-survey248312.csv").unlink()
    (folder / "S09_responses.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    r = run_kit(*args)
    assert r.returncode == 2 and "S09_responses.xlsx" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and _digest(out) == before


def test_team_and_role_codes_of_a_limesurvey_question(folder):
    rows = [("", f"2025-11-0{k + 1} 10:00:00", _answers(k), (team, role)) for k, (team, role)
            in enumerate([("T1", "F1"), ("T1", "F2"), ("T2", "F4"), ("T3", "F1"), ("T9", "F1"),
                          ("T7", "F1")])]
    (folder / "results-survey555.csv").write_bytes(limesurvey_csv(rows, extra=("Team",
                                                                               "Functie")))
    res = _ingest(folder)
    acc = {a.file: a for a in res.accounts}["results-survey555.csv"]
    assert (acc.accepted, acc.rejected) == (4, {"no_team": 1, "unknown_team": 1})
    resp = res.tables["respondents"]
    mine = resp[resp["source_file"] == "results-survey555.csv"].sort_values("source_row")
    assert list(mine["team"]) == ["S04-OB", "S04-OB", "S04-BB", "S04-PK"]
    assert list(mine["role"]) == ["leerkracht", "intern begeleider", "directeur", "leerkracht"]


def qualtrics_numeric(team_role: list[tuple[int, int]]) -> bytes:
    """A Qualtrics numeric export with a team (Q10) and a role (Q11) question, from the sample
    board's own Qualtrics export (its header rows and its first statements)."""
    src = SD / "S03_2025-najaar_qualtrics-numeric.csv"
    rows = list(csv.reader(io.StringIO(src.read_text(encoding="utf-8-sig"))))
    keep = list(range(17)) + list(range(17, 22))
    head = [[r[i] for i in keep] for r in rows[:3]]
    for r, extra in zip(head, (["Q10", "Q11"],
                               ["In welk team werk je?", "Wat is je functie?"],
                               ['{"ImportId":"QID10"}', '{"ImportId":"QID11"}']), strict=True):
        r[17:17] = extra
    data = [r for r in rows[3:] if r[2] == "0" and r[6] == "1"
            and any(v in "12345" for v in r[17:22])][:len(team_role)]
    body = []
    for r, (team, role) in zip(data, team_role, strict=True):
        r = [r[i] for i in keep]
        r[11] = r[12] = ""                      # no e-mail, no reference: the answers say
        r[17:17] = [str(team), str(role)]
        body.append(r)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(head + body)
    return out.getvalue().encode("utf-8")


def test_team_and_role_codes_of_a_qualtrics_numeric_export(tmp_path):
    ex = tmp_path / "ex"
    ex.mkdir()
    (ex / "S03_teams.csv").write_bytes(qualtrics_numeric([(1, 1), (2, 2), (2, 4), (3, 1),
                                                          (4, 1)]))
    (tmp_path / "mapping.yml").write_text("""sources:
  - file: "S03_*.csv"
    school: S03
    codes: {"-99": null}
    team_codes: {1: Kleuters, 2: S03-MB, 3: S03-BB}
    role_codes: {1: leerkracht, 2: intern begeleider, 4: directeur}
""", encoding="utf-8")
    (tmp_path / "key").write_text(KEY, encoding="utf-8")
    res = ingest([ex], org=SD / "org.yml", mapping=tmp_path / "mapping.yml",
                 key_file=tmp_path / "key")
    resp = res.tables["respondents"].sort_values("source_row")
    assert list(resp["team"]) == ["S03-KL", "S03-MB", "S03-MB", "S03-BB"]
    assert list(resp["role"]) == ["leerkracht", "intern begeleider", "directeur", "leerkracht"]
    assert res.accounts[0].rejected == {"unknown_team": 1}


def test_participants_without_team_attribute_use_the_roster_by_email(folder, tmp_path):
    (folder / "tokens_248311.csv").write_bytes(participants_csv(PEOPLE, attributes=()))
    roster = tmp_path / "roster.csv"
    roster.write_text("email,school,team,role\n"
                      "annelies.verhoeven@sterrenwacht.voorbeeld.nl,S04,S04-PK,directeur\n"
                      "s.bosma@sterrenwacht.voorbeeld.nl,S04,Bovenbouw,leerkracht\n",
                      encoding="utf-8")
    res = _ingest(folder, roster=roster)
    resp = res.tables["respondents"]
    assert sorted(zip(resp["team"], resp["role"], strict=True)) == [("S04-BB", "leerkracht"),
                                                       ("S04-PK", "directeur")]
    acc = {a.file: a for a in res.accounts}
    assert acc["results-survey248311.csv"].rejected == {"no_team": 5}
    assert any("no team attribute" in n for n in acc["tokens_248311.csv"].notes)


def test_the_mapping_names_the_team_attribute(folder, tmp_path):
    (folder / "tokens_248311.csv").write_bytes(
        participants_csv([(*p[:4], p[5], p[4]) for p in PEOPLE], attributes=("Rol", "Eenheid")))
    (folder / "tokens_197002.csv").unlink()     # the entry below would apply to it as well
    extra = "    team_column: attribute_2\n    role_column: Rol\n"
    (tmp_path / "m.yml").write_text(mapping_yml(extra), encoding="utf-8")
    res = _ingest(folder, mapping=tmp_path / "m.yml")
    assert res.tables["respondents"].groupby("team").size().to_dict() == \
        {"S04-OB": 2, "S04-BB": 2, "S04-PK": 1}
    (tmp_path / "m.yml").write_text(mapping_yml("    team_column: attribute_7\n"),
                                    encoding="utf-8")
    with pytest.raises(InputError, match="attribute_7"):
        _ingest(folder, mapping=tmp_path / "m.yml")


def test_one_token_for_two_teams_in_two_lists_stops(folder):
    moved = [(PEOPLE[0][0], "X", "Y", "x@y.nl", "Bovenbouw", "F1")]
    (folder / "tokens_248399.csv").write_bytes(participants_csv(moved))
    with pytest.raises(InputError, match="two participants lists"):
        _ingest(folder)


@pytest.mark.parametrize("entry,words", [
    ("team_codes: {T1: Zolder}", "no team of the organisation file"),
    ("role_codes: {F1: astronaut}", "names no role the kit knows"),
    ("role_codes: {F1: [1, 2]}", "must be a text or null"),
])
def test_bad_answer_codes_in_the_mapping(folder, tmp_path, entry, words):
    text = mapping_yml().replace("team_codes: {T1: Onderbouw, T2: Bovenbouw, T3: S04-PK, "
                                 "T9: null}", entry, 1)
    assert entry in text
    (tmp_path / "m.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        _ingest(folder, mapping=tmp_path / "m.yml")


def test_role_codes_are_read_as_the_kit_s_roles():
    m = load_mapping(ROOT / "templates" / "mapping.example.yml")
    sm = m.for_file("linde_2025.csv")
    assert sm.role_codes["F2"] == "intern begeleider" and sm.team_codes["T1"] == "Onderbouw"


def test_participants_names_are_scrubbed_from_free_text(folder):
    from kit.ingest.freetext import REMOVED
    rows = [(TOKENS[0], "2025-10-10 21:00:00", _answers(0),
             ("Fijn overleg met Sietske Bosma en Joost.",)),
            (TOKENS[2], "2025-10-11 21:00:00", _answers(1), ("Annelies helpt mij; bakker",))]
    (folder / "results-survey248311.csv").write_bytes(limesurvey_csv(rows,
                                                                     extra=("Toelichting",)))
    res = _ingest(folder, free_text=True)
    assert sorted(res.tables["free_text"]["text"]) == sorted([
        f"Fijn overleg met {REMOVED} en {REMOVED}.", f"{REMOVED} helpt mij; bakker"])
    off = _ingest(folder)
    assert len(off.tables["free_text"]) == 0
    assert off.report()["totals"] == res.report()["totals"]


def test_participant_fields_in_a_limesurvey_responses_export_are_identities(folder, tmp_path):
    """'Export responses' of a survey that is not anonymous carries the participants' first
    name, last name and e-mail address: used to link and to scrub, never stored."""
    for f in folder.glob("tokens_*.csv"):
        f.unlink()
    rows = [(p[0], f"2025-10-1{k} 21:00:00", _answers(k),
             (p[1], p[2], p[3], "06-12345678", f"Dank {p[1]}!")) for k, p in enumerate(PEOPLE[:3])]
    (folder / "results-survey248311.csv").write_bytes(limesurvey_csv(
        rows, extra=("firstname", "lastname", "email", "attribute_1", "Toelichting")))
    roster = tmp_path / "roster.csv"
    lines = "".join(f"{p[3]},S04,{p[4]}\n" for p in PEOPLE[:5])
    roster.write_text("email,school,team\n" + lines, encoding="utf-8")
    res = _ingest(folder, roster=roster, free_text=True)
    assert res.tables["respondents"].groupby("team").size().to_dict() == {"S04-OB": 2,
                                                                          "S04-BB": 1}
    assert sorted(res.tables["free_text"]["text"]) == ["Dank [verwijderd]!"] * 3
    assert set(res.tables["free_text"]["question"]) == {"Toelichting"}   # no attribute_1
    stored = "\n".join(t.astype(str).to_csv(index=False) for t in res.tables.values())
    for word in NAMES[:9] + TOKENS[:3]:
        assert word.casefold() not in stored.casefold(), word


def test_a_participants_list_given_as_roster_says_where_it_belongs(folder):
    with pytest.raises(ConfigError, match="participants list, not a roster.*among the exports"):
        _ingest(folder, roster=folder / "tokens_248311.csv")


def test_a_folder_of_files_the_kit_does_not_read(tmp_path):
    ex = tmp_path / "ex"
    ex.mkdir()
    (ex / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(InputError, match="no export the kit reads: 1 file"):
        ingest([ex], org=SD / "org.yml")            # before asking for a key
    (ex / "notes.txt").write_text("niets\n", encoding="utf-8")
    (tmp_path / "key").write_text(KEY, encoding="utf-8")
    with pytest.raises(InputError, match="no export the kit reads: 2 file"):
        ingest([ex], org=SD / "org.yml", key_file=tmp_path / "key")


def test_the_roster_wins_and_the_list_still_counts_as_used(folder, tmp_path):
    """Every responding token is in the roster too: the roster's team counts, and the list,
    whose tokens did answer, is not reported as a list of another survey."""
    roster = tmp_path / "roster.csv"
    teams = ["Plusteam", "Onderbouw", "Bovenbouw", "Bovenbouw", "Plusteam", "Plusteam"]
    roster.write_text("token,school,team,role\n" + "".join(
        f"{p[0]},S04,{t},directeur\n" for p, t in zip(PEOPLE, teams, strict=True)),
        encoding="utf-8")
    res = _ingest(folder, roster=roster)
    resp = res.tables["respondents"]
    assert resp.groupby("team").size().to_dict() == {"S04-OB": 1, "S04-BB": 2, "S04-PK": 3}
    assert set(resp["role"]) == {"directeur"}
    assert "tokens_248311.csv" in {a.file for a in res.accounts}
    assert "tokens_248311.csv" not in {s.file for s in res.skipped}
