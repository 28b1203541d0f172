"""Benchmark: a Qualtrics (and a LimeSurvey) export read by rows (the reference, as before
issue 14 part 4) and by columns, in the same run.

Writes fictional exports into a temporary folder: a Qualtrics numeric CSV of ``--rows``
responses (default 20,000; the sample board's three header rows and questions, school S03,
1% previews, 2% unfinished, a few test responses) with a roster of as many staff (team by
e-mail address), and a LimeSurvey CSV of as many responses (codes headings, ``;``, every value
quoted; 2% not submitted) with a participants list (team by access token). Times, for each
reading, the read of the table, the reader, the recognition of columns and the survey rules
(:func:`kit.ingest.survey.process_survey`); the table is read anew each run. Prints the best
of ``--repeat`` runs of each and the ratio; the machine may be shared: compare ratios, not
seconds. Not part of the test suite.

    python benchmarks/survey_by_columns_ql.py [--rows 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "sample_data"
QT = "S03_2025-najaar_qualtrics-numeric.csv"
TEAMS = {"S03": ["S03-KL", "S03-OB", "S03-MB", "S03-BB"]}


def make_qualtrics(folder: Path, rows: int, seed: int = 3) -> tuple[Path, Path]:
    """The Qualtrics export and its roster."""
    rng = np.random.default_rng(seed)
    with open(SAMPLE / QT, encoding="utf-8", newline="") as fh:
        sample = list(csv.reader(fh))
    head = sample[:3]
    col = {t: i for i, t in enumerate(head[0])}
    items = [i for t, i in col.items() if t.startswith("Q") and "_" in t]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerows(head)
    status = rng.choice(["0", "0", "0", "0", "1", "2"], size=rows, p=[.25, .25, .25, .235,
                                                                     .01, .005])
    finished = np.where(rng.random(rows) < 0.02, "0", "1")
    minutes = rng.integers(0, 60 * 24 * 20, rows)
    answers = rng.integers(1, 6, size=(rows, len(items))).astype(str)
    answers[rng.random((rows, len(items))) < 0.03] = ""
    staff = []
    for k in range(rows):
        r = [""] * len(head[0])
        d, h, m = 6 + minutes[k] // 1440, (minutes[k] // 60) % 24, minutes[k] % 60
        r[col["StartDate"]] = f"2025-10-{d:02d} {h:02d}:{m:02d}:00"
        r[col["EndDate"]] = r[col["RecordedDate"]] = f"2025-10-{d:02d} {h:02d}:{m:02d}:40"
        r[col["Status"]], r[col["Finished"]] = status[k], finished[k]
        r[col["Progress"]], r[col["Duration (in seconds)"]] = "100", "40"
        r[col["IPAddress"]] = f"192.0.2.{k % 250}"
        r[col["ResponseId"]] = f"R_{k:015d}"
        r[col["RecipientLastName"]], r[col["RecipientFirstName"]] = f"Achter{k}", f"Voor{k}"
        email = f"medewerker{k}@regenboog.voorbeeld.nl"
        r[col["RecipientEmail"]] = email
        r[col["DistributionChannel"]], r[col["UserLanguage"]] = "email", "NL"
        for j, i in enumerate(items):
            r[i] = answers[k, j]
        w.writerow(r)
        staff.append(f"{email},,S03,{TEAMS['S03'][k % 4]},leerkracht\n")
    data = folder / QT
    data.write_text(out.getvalue(), encoding="utf-8")
    roster = folder / "roster.csv"
    roster.write_text("email,token,school,team,role\n" + "".join(staff), encoding="utf-8")
    return data, roster


def make_limesurvey(folder: Path, rows: int, seed: int = 4) -> tuple[Path, Path, Path]:
    """The LimeSurvey export, its participants list and a mapping for both."""
    from tests.test_exports_folder import ITEMS, mapping_yml, participants_csv
    rng = np.random.default_rng(seed)
    people = [(f"tok{k:08d}", f"Voor{k}", f"Achter{k}", f"p{k}@voorbeeld.nl",
               ["Onderbouw", "Bovenbouw", "Plusteam"][k % 3], "F1") for k in range(rows)]
    minutes = rng.integers(0, 60 * 24 * 20, rows)
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
                "datestamp", *ITEMS])
    for k in range(rows):
        d, h, m = 6 + minutes[k] // 1440, (minutes[k] // 60) % 24, minutes[k] % 60
        sub = "" if rng.random() < 0.02 else f"2025-10-{d:02d} {h:02d}:{m:02d}:40"
        w.writerow([str(k + 1), sub, "3", "nl", str(k), people[k][0],
                    f"2025-10-{d:02d} {h:02d}:{m:02d}:00", sub,
                    *(f"A{v}" for v in rng.integers(1, 6, len(ITEMS)))])
    data = folder / "results-survey248311.csv"
    data.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    tokens = folder / "tokens_248311.csv"
    tokens.write_bytes(participants_csv(people))
    mapping = folder / "mapping.yml"
    mapping.write_text(mapping_yml(), encoding="utf-8")
    return data, tokens, mapping


def _run(data: Path, sm, roster, by_rows: bool):
    from kit import instrument
    from kit.ingest.base import SourceOptions
    from kit.ingest.kitsurvey import recognise
    from kit.ingest.org import load_org
    from kit.ingest.registry import detect_reader
    from kit.ingest.survey import process_survey
    from kit.ingest.table import read_table
    from kit.pseudonym import Pseudonymizer
    inst, org = instrument.load(), load_org(SAMPLE / "org.yml")
    table = read_table(data)
    export = detect_reader(table).read(table, SourceOptions.of(sm), by_rows=by_rows)
    sm = recognise(export, inst, org, sm)
    return process_survey(export, instrument=inst, org=org, mapping=sm,
                          pseudonymizer=Pseudonymizer(b"bench-key-0123456789"), roster=roster)


def _measure(name: str, data: Path, sm, roster, repeat: int) -> None:
    got = {}
    for by_rows in (True, False):
        best, res = float("inf"), None
        for _ in range(repeat):
            res = None
            t0 = time.perf_counter()
            res = _run(data, sm, roster, by_rows)
            best = min(best, time.perf_counter() - t0)
        got[by_rows] = (best, res)
    (t_rows, r_rows), (t_cols, r_cols) = got[True], got[False]
    assert r_rows.respondents.equals(r_cols.respondents)
    assert r_rows.ledger.frame().equals(r_cols.ledger.frame())
    print(f"{name}: {r_rows.account.rows_read} rows, {len(r_rows.respondents)} accepted; "
          f"by rows {t_rows:.2f} s, by columns {t_cols:.2f} s, ratio {t_cols / t_rows:.2f} "
          f"(load {os.getloadavg()[0]:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from kit.ingest.mapping import load_mapping
    from kit.ingest.org import load_org
    from kit.ingest.participants import StaffLookup, load_participants
    from kit.ingest.roster import load_roster
    from kit.ingest.table import read_table
    org = load_org(SAMPLE / "org.yml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data, roster = make_qualtrics(folder, args.rows)
        sm = load_mapping(SAMPLE / "mapping.yml").for_file(SAMPLE / QT)
        _measure("qualtrics", data, sm, load_roster(roster, org), args.repeat)
        data, tokens, mapping = make_limesurvey(folder, args.rows)
        mp = load_mapping(mapping)
        plist = load_participants(read_table(tokens), mp.for_file(tokens), org)
        _measure("limesurvey", data, mp.for_file(data), StaffLookup(None, [plist]),
                 args.repeat)


if __name__ == "__main__":
    main()
