"""Benchmark: a synthetic board of realistic size (default 30 schools, about 110 teams).

The sample board (4 schools, 14 teams) is small; real Dutch boards have 10-50 schools and
40-200 teams. This script, in one run:

1. writes a fictional large board into a temporary folder with a seeded numpy Generator:
   ``org.yml``, ``roster.csv`` (for the LimeSurvey schools, which link staff by token),
   ``mapping.yml``, ``aspiration.yml``, the ``.kit-sample`` marker, and per school and wave one
   survey export in a format the kit already reads (Google Forms CSV, Microsoft Forms xlsx or
   LimeSurvey CSV, written with the sample generator's own writers), plus per school a ZIEN!-like
   long observation export (like ``S02_zien_observaties.csv``) and a Cito-like test export (like
   ``S02_cito_toetsen.csv``). Staff 5-12 per team, a few teams below 5 respondents, 20-28
   pupils per group. Planted: teams higher on habit H3 have a higher ZIEN! Betrokkenheid (BT),
   as in the sample board (sample_data/README.md, "The planted relation"); a few rejections
   per file (duplicate, superseded, incomplete);
2. ingests it (``kit ingest``), timed, and checks rows read = accepted + rejected per file and
   the planted rejections;
3. renders the board report and 3 school reports with PDF (``kit batch``), timed, and checks
   the PDFs: page count (``pdfinfo``), pages rendered to PNG (``pdftoppm -r 40``) for a look,
   every heat map part at most 25 teams and not taller than a page, no suppressed team's
   numbers in the text, the relations section present; it also fits the three-level model
   (pupils in teams in schools, :func:`kit.analysis.multilevel.mixed_model`) on the board, timed,
   since no report shows it;
4. prints a summary (teams, respondents, seconds per step, pages).

    python benchmarks/large_board.py [--schools 30] [--teams 110] [--seed 20260601]
        [--out DIR] [--keep] [--no-pdf] [--workers 1] [--report-schools 3]

Not part of the test suite; ``tests/test_large_board.py`` runs a reduced board in-process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
KIT = Path(sys.executable).with_name("kit")     # the venv's console script


def _generator():
    """sample_data/generate.py as a module (its writers and constants; never modified)."""
    name = "kit_sample_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "sample_data" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


G = _generator()
W1, W2 = G.W1, G.W2
WAVES = (W1, W2)
ITEMS, HABITS, INST = G.ITEMS, G.HABITS, G.INST
THRESHOLD = 5
SEED = 20260601
SCHOOL_BT_SD = 0.08                 # school effect on Betrokkenheid (for the three-level model)
TOOLS = ("googleforms", "msforms", "limesurvey")       # one per school, in turn
TEAM_QUESTION = {"googleforms": "Bij welke unit werk je?", "msforms": "In welk team werk je?"}

SCHOOL_NAMES = (
    "De Linde|Het Kompas|De Regenboog|Sterrenwacht|De Vlinder|De Wilgen|Het Palet|De Schakel|"
    "De Fontein|Het Anker|De Horizon|De Boomgaard|Het Mozaïek|De Zonnewijzer|De Klimop|"
    "De Springplank|Het Kraaiennest|De Meander|De Tweemaster|De Ark|Het Baken|De Wegwijzer|"
    "De Bron|De Kameleon|Het Startpunt|De Piramide|De Octopus|De Windroos|Het Lichtpunt|"
    "De Achtbaan|De Ontdekking|Het Waterrijk|De Zevensprong|De Eendracht|Het Talent|"
    "De Kiem|De Wereldwijzer|De Parel|Het Avontuur|De Toermalijn|De Bolster|De Ster|"
    "De Hoeksteen|Het Spectrum|De Sprankel|De Triangel|De Notenbalk|Het Kristal|De Brug|"
    "De Vuurtoren").split("|")
PREFIX = ("Basisschool", "OBS", "CBS", "IKC", "RKBS", "Daltonschool", "Jenaplanschool")
LONG_NAME = "Katholieke Basisschool Sint Jozef en Mariaschool"   # a long label on purpose


# --- the board ----------------------------------------------------------------------------------
@dataclass
class Team:
    id: str
    school: str
    name: str
    size: int
    groups: list[str]
    small: dict = field(default_factory=dict)     # wave -> True when planted below threshold


@dataclass
class Board:
    seed: int
    schools: list[dict]                           # id, name, tool, teams (list of ids)
    teams: dict[str, Team]
    truth: dict = field(default_factory=dict)


def _team_counts(rng: np.random.Generator, n_schools: int, n_teams: int) -> list[int]:
    """Teams per school (2-6), summing to ``n_teams`` (clipped to what 2-6 allows)."""
    n_teams = min(max(n_teams, 2 * n_schools), 6 * n_schools)
    counts = rng.integers(2, 7, n_schools)
    while counts.sum() != n_teams:
        k = int(rng.integers(n_schools))
        if counts.sum() < n_teams and counts[k] < 6:
            counts[k] += 1
        elif counts.sum() > n_teams and counts[k] > 2:
            counts[k] -= 1
    return [int(c) for c in counts]


def _groups(n_teams: int) -> list[list[str]]:
    """The pupil groups of a school split over its teams: at least 2 groups per team, the
    jaargroepen 1/2 .. 8 each taught, parallel classes (3a, 3b) in larger schools."""
    slots = ["1/2", "3", "4", "5", "6", "7", "8"]
    per = dict.fromkeys(slots, 1)
    k = 0
    while sum(per.values()) < max(7, 2 * n_teams):
        per[slots[k % len(slots)]] += 1
        k += 1
    labels = [f"{s}{'abcd'[j]}" if per[s] > 1 else s for s in slots for j in range(per[s])]
    return [list(x) for x in np.array_split(np.array(labels, dtype=object), n_teams)]


def _jaargroepen(group: str) -> list[int]:
    return [int(x) for x in re.sub(r"[a-d]$", "", group).split("/")]


def _team_name(groups: list[str], used: set[str]) -> str:
    years = sorted({j for g in groups for j in _jaargroepen(g)})
    name = f"Unit {years[0]}" if years[0] == years[-1] else f"Unit {years[0]}-{years[-1]}"
    base, k = name, 1
    while name in used:
        k += 1
        name = f"{base} ({k})"
    used.add(name)
    return name


def make_board(n_schools: int = 30, n_teams: int = 110, seed: int = SEED) -> Board:
    """The organisation: schools, teams, sizes, groups, tools and the planted small teams."""
    rng = np.random.default_rng([seed, 1])
    counts = _team_counts(rng, n_schools, n_teams)
    names = list(SCHOOL_NAMES)
    rng.shuffle(names)
    schools, teams = [], {}
    for s in range(n_schools):
        sid = f"S{s + 1:02d}"
        name = LONG_NAME if s == 1 else \
            f"{PREFIX[int(rng.integers(len(PREFIX)))]} {names[s % len(names)]}" + \
            (f" {s // len(names) + 1}" if s >= len(names) else "")
        used: set[str] = set()
        ids = []
        for k, groups in enumerate(_groups(counts[s])):
            tid = f"{sid}-T{k + 1}"
            teams[tid] = Team(tid, sid, _team_name(groups, used), int(rng.integers(5, 13)),
                              groups)
            ids.append(tid)
        schools.append({"id": sid, "name": name, "tool": TOOLS[s % len(TOOLS)], "teams": ids,
                        "domain": f"school{s + 1:02d}.voorbeeld.nl"})
    # planted small teams: about 6 % below the threshold in both waves, one more only in autumn
    ids = list(teams)
    n_small = max(2, round(0.06 * len(ids)))
    pick = rng.choice(len(ids), size=n_small + 1, replace=False)
    for j, k in enumerate(pick):
        t = teams[ids[int(k)]]
        t.small = {W1: True, W2: j < n_small}
    return Board(seed, schools, teams)


# --- the random model (as sample_data/README.md, "The planted relation") -------------------------
def _standardise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, float) - np.mean(x)
    return x / np.std(x)


def team_truth(board: Board) -> dict:
    rng = np.random.default_rng([board.seed, 2])
    n = len(board.teams)
    L = _standardise(rng.standard_normal(n))
    D, E = rng.standard_normal(n), rng.standard_normal(n)
    # a school effect on Betrokkenheid (unrelated to H3), so the three-level model has a
    # school variance to estimate
    school_bt = {s["id"]: float(rng.normal(0, SCHOOL_BT_SD)) for s in board.schools}
    out = {}
    for k, tid in enumerate(board.teams):
        habit = {}
        for h in HABITS:
            if h == "H3":
                w1 = G.H3_BASE + G.H3_SD * L[k]
                w2 = w1 + G.CHANGE_MEAN + G.CHANGE_SD * D[k]
            else:
                w1 = G.OTHER_BASE[h] + G.OTHER_SD * rng.standard_normal()
                w2 = w1 + 0.03 + G.OTHER_CHANGE_SD * rng.standard_normal()
            habit[h] = {W1: float(w1), W2: float(w2)}
        zien = {"BT": {w: float(G.BT_BASE + G.BT_SLOPE * (habit["H3"][w] - G.H3_BASE)
                                + G.BT_RESID * E[k]
                                + school_bt[board.teams[tid].school]) for w in WAVES}}
        for _, c in G.ZIEN[1:]:
            e = G.ZIEN_TEAM_SD * rng.standard_normal()
            zien[c] = {W1: G.ZIEN_BASE[c] + e, W2: G.ZIEN_BASE[c] + e + 0.03}
        shift = {"begrijpend_lezen": G.READ_SLOPE * L[k],
                 "rekenen": G.MATH_SD * rng.standard_normal(),
                 "spelling": G.SPELL_SD * rng.standard_normal()}
        out[tid] = {"latent": float(L[k]), "habit": habit, "zien": zien, "shift": shift}
    return out


def _answers(truth: dict, offset: dict, person, team: str, wave: str,
             rng: np.random.Generator) -> dict:
    out = {}
    for item in ITEMS:
        x = (truth[team]["habit"][item.habit][wave] + G.PERSON_G * person.g
             + G.PERSON_H * person.h[item.habit] + offset[item.id] + rng.normal(0, G.NOISE_SD))
        v: object = int(min(5, max(1, np.rint(x))))
        u = rng.random()
        if u < G.BLANK_P:
            v = None
        elif u < G.BLANK_P + G.NVT_P and item.habit == "H2" and person.role == "leerkracht":
            v = "nvt"
        out[item.id] = v
    return out


def _survey_rows(board: Board, truth: dict, offset: dict, staff: dict, school: dict,
                 wave: str, rng: np.random.Generator) -> tuple[list, dict]:
    """One school's rows of one wave, and the rejections planted in them."""
    rows, spare = [], []
    for tid in school["teams"]:
        team = board.teams[tid]
        people = staff[tid]
        if team.small.get(wave):
            n = int(rng.integers(3, 5))                       # 3 or 4: below the threshold
        else:
            n = max(THRESHOLD, min(len(people), int(round(len(people) * rng.uniform(0.72, 0.95)))))
        pick = sorted(int(k) for k in rng.choice(len(people), size=n, replace=False))
        spare += [(tid, p) for k, p in enumerate(people) if k not in pick]
        for k in pick:
            end = G.moment_in(rng, G.FIELDWORK[wave])
            start = end - dt.timedelta(seconds=int(rng.integers(240, 1500)))
            rows.append(G.Row("valid", people[k], tid,
                              _answers(truth, offset, people[k], tid, wave, rng),
                              start, end, team.name))
    rows.sort(key=lambda r: r.end)
    planted: dict[str, int] = {}
    valid = [r for r in rows if not board.teams[r.team].small.get(wave)]
    tool = school["tool"]
    if tool == "googleforms" and valid:               # the same submission twice
        r = valid[len(valid) // 2]
        rows.append(G.Row("duplicate", r.person, r.team, dict(r.answers), r.start, r.end,
                          r.label))
        planted["duplicate"] = 1
    elif tool == "msforms" and valid:                 # answered twice: the first is superseded
        r = valid[len(valid) // 3]
        end = r.end - dt.timedelta(days=3, hours=2)
        rows.append(G.Row("superseded", r.person, r.team,
                          _answers(truth, offset, r.person, r.team, wave, rng),
                          end - dt.timedelta(seconds=600), end, r.label))
        planted["superseded"] = 1
    elif tool == "limesurvey" and spare:              # never submitted
        tid, p = spare[0]
        start = G.moment_in(rng, G.FIELDWORK[wave])
        ans = _answers(truth, offset, p, tid, wave, rng)
        ans.update({i.id: "null" for i in ITEMS[21:]})
        rows.append(G.Row("incomplete", p, tid, ans, start, None))
        planted["incomplete"] = 1
    rows.sort(key=lambda r: (r.end or r.start, r.kind == "duplicate"))
    return rows, planted


def _staff(board: Board) -> dict:
    rng = np.random.default_rng([board.seed, 3])
    staff = {}
    for s in board.schools:
        used: set[str] = set()
        for tid in s["teams"]:
            team = board.teams[tid]
            people = []
            for k in range(team.size):
                while True:
                    first = G.STAFF_FIRST[int(rng.integers(len(G.STAFF_FIRST)))]
                    last = G.SURNAMES[int(rng.integers(len(G.SURNAMES)))]
                    email = f"{G.fold(first)}.{G.fold(last)}@{s['domain']}"
                    if email not in used:
                        used.add(email)
                        break
                role = "bouwcoördinator" if k == 0 else \
                    "onderwijsassistent" if k == team.size - 1 and team.size >= 7 else "leerkracht"
                people.append(G.Person(first, last, email,
                                       f"tk{tid.replace('-', '').lower()}{k:02d}", tid, role,
                                       WAVES, float(rng.normal()),
                                       {h: float(rng.normal()) for h in HABITS}))
            staff[tid] = people
    return staff


# --- pupils -------------------------------------------------------------------------------------
def _pupils(board: Board, truth: dict) -> pd.DataFrame:
    rng = np.random.default_rng([board.seed, 4])
    recs, number = [], 100000
    for tid, team in board.teams.items():
        shift = truth[tid]["shift"]
        for g in team.groups:
            years = _jaargroepen(g)
            for _ in range(int(rng.integers(20, 29))):
                number += int(rng.integers(1, 4))
                read = float(rng.normal())
                recs.append({
                    "no": str(number), "school": team.school, "team": tid, "group": g,
                    "jg": years[int(rng.integers(len(years)))],
                    "first": G.PUPIL_FIRST[int(rng.integers(len(G.PUPIL_FIRST)))],
                    "last": G.SURNAMES[int(rng.integers(len(G.SURNAMES)))],
                    "g": float(rng.normal()),
                    **{f"d_{c}": float(rng.normal()) for _, c in G.ZIEN},
                    "a_begrijpend_lezen": shift["begrijpend_lezen"] + read,
                    "a_rekenen": shift["rekenen"] + 0.5 * read + 0.85 * rng.normal(),
                    "a_spelling": shift["spelling"] + 0.4 * read + 0.9 * rng.normal()})
    return pd.DataFrame(recs)


def _observations(board: Board, truth: dict, pupils: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([board.seed, 5])
    days = {w: G.weekdays(*G.OBS_WINDOW[w]) for w in WAVES}
    recs = []
    for (school, group), part in pupils.groupby(["school", "group"], sort=False):
        tid = part["team"].iloc[0]
        geff = {c: rng.normal(0, G.GROUP_SD) for _, c in G.ZIEN}
        for w in WAVES:
            day = days[w][int(rng.integers(len(days[w])))]
            for p in part.itertuples(index=False):
                for name, c in G.ZIEN:
                    x = (truth[tid]["zien"][c][w] + geff[c] + G.PUPIL_G * p.g
                         + G.PUPIL_D * getattr(p, f"d_{c}") + rng.normal(0, G.OCCASION_SD))
                    if c != "BT" and rng.random() < 0.006:
                        continue                              # a blank cell
                    recs.append((p.no, f"{p.first} {p.last}", school, group, p.jg, tid, w, day,
                                 name, c, round(float(min(4.0, max(1.0, x))), 2)))
    return pd.DataFrame(recs, columns=["no", "name", "school", "group", "jg", "team", "wave",
                                       "date", "indicator", "code", "value"])


def _tests(board: Board, pupils: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([board.seed, 6])
    recs = []
    for p in pupils.itertuples(index=False):
        if p.jg < 3:
            continue
        for domain, label, first_jg in G.TESTS:
            if p.jg < first_jg:
                continue
            for moment, date in G.TEST_DATE.items():
                z = getattr(p, f"a_{domain}") + float(rng.normal(0, G.TEST_NOISE))
                if rng.random() < 0.02:
                    continue                                  # absent
                znat = z / math.sqrt(1 + G.TEST_NOISE ** 2)
                pct = 100 * G.phi(znat)
                ref = ""
                if p.jg >= 6:
                    lo, hi, top = G.REF_CUTS[domain]
                    ref = top if znat >= hi else "1F" if znat >= lo else "<1F"
                recs.append((p.no, p.first, p.school, p.group, p.jg, p.team, label,
                             f"{moment}{p.jg}", date.isoformat(),
                             round(100 + 14 * p.jg + (0 if moment == "M" else 6) + 12 * z, 1),
                             G.iv_level(pct), ref, int(round(pct))))
    return pd.DataFrame(recs, columns=["no", "first", "school", "group", "jg", "team", "label",
                                       "moment", "date", "score", "level", "ref", "pct"])


# --- writing ------------------------------------------------------------------------------------
# the shared aspiration is the sample board's own (its four indicators)
SAMPLE_ASPIRATION = Path(__file__).resolve().parents[1] / "sample_data" / "aspiration.yml"


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


def write_board(out: str | Path, *, schools: int = 30, teams: int = 110,
                seed: int = SEED) -> dict:
    """Write the synthetic board into ``out``; returns what the checks need (``truth``)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    board = make_board(schools, teams, seed)
    truth = team_truth(board)
    irng = np.random.default_rng([seed, 7])
    offset = {}
    for h in INST.habits:
        o = irng.normal(0, G.ITEM_SD, len(h.items))
        offset.update({i.id: float(v) for i, v in zip(h.items, o - o.mean(), strict=True)})
    staff = _staff(board)
    files: dict[str, dict] = {}
    n_valid: dict[tuple, int] = {}
    for s in board.schools:
        for w in WAVES:
            rng = np.random.default_rng([seed, 8, int(s["id"][1:]), WAVES.index(w)])
            rows, planted = _survey_rows(board, truth, offset, staff, s, w, rng)
            for r in rows:
                if r.kind == "valid":
                    n_valid[(r.team, w)] = n_valid.get((r.team, w), 0) + 1
            tool = s["tool"]
            ext = "xlsx" if tool == "msforms" else "csv"
            name = f"{s['id']}_{w}_{tool}.{ext}"
            if tool == "googleforms":
                G.write_google(out, name, rows)
                # the sample writer names the unit question of S02; ours is the same header
            elif tool == "msforms":
                G.write_msforms(out, name, rows, w)
            else:
                G.write_limesurvey(out, name, rows)
            files[name] = {"kind": "survey", "rows_read": len(rows),
                           "rejected": planted, "accepted": len(rows) - sum(planted.values())}
    pupils = _pupils(board, truth)
    obs = _observations(board, truth, pupils)
    tst = _tests(board, pupils)
    for s in board.schools:
        sid = s["id"]
        o = obs[obs.school == sid]
        rows = [["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Datum", "Indicator", "Score"]]
        rows += [[r.no, r.name, r.group, r.jg, r.date.strftime("%d-%m-%Y"), r.indicator,
                  G.comma(r.value, 2)] for r in o.itertuples(index=False)]
        G.write_csv(out, f"{sid}_zien_observaties.csv", rows, delimiter=";", encoding="cp1252")
        files[f"{sid}_zien_observaties.csv"] = {"kind": "observations", "rows_read": len(o),
                                                "accepted": len(o), "rejected": {}}
        t = tst[tst.school == sid]
        rows = [["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Toets", "Toetsmoment",
                 "Afnamedatum", "Vaardigheidsscore", "Niveau", "Referentieniveau", "Percentiel"]]
        rows += [list(r) for r in t[["no", "first", "group", "jg", "label", "moment", "date",
                                     "score", "level", "ref", "pct"]].itertuples(index=False)]
        G.write_csv(out, f"{sid}_cito_toetsen.csv", rows, bom=True)
        files[f"{sid}_cito_toetsen.csv"] = {"kind": "tests", "rows_read": len(t),
                                           "accepted": len(t), "rejected": {}}
    # organisation, roster (LimeSurvey schools link staff by token), mapping, aspiration
    lines = ["# Fictional large board (benchmarks/large_board.py).", "board:", "  id: BRDL",
             "  name: Stichting Groot Bestuur", "", "waves:",
             f"  - id: {W1}", "    label: {nl: Najaar 2025, en: Autumn 2025}",
             "    start: 2025-09-01", "    end: 2026-01-31",
             f"  - id: {W2}", "    label: {nl: Voorjaar 2026, en: Spring 2026}",
             "    start: 2026-02-01", "    end: 2026-07-31", "", "schools:"]
    for s in board.schools:
        lines += [f"  - id: {s['id']}", f'    name: "{s["name"]}"', "    teams:"]
        for tid in s["teams"]:
            tm = board.teams[tid]
            lines.append(f'      - {{id: {tid}, name: "{tm.name}", size: {tm.size}, '
                         f"groups: {_flow(tm.groups)}}}")
    (out / "org.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    roster = [["email", "token", "school", "team", "role"]]
    for s in board.schools:
        if s["tool"] == "limesurvey":
            roster += [[p.email, p.token, s["id"], tid, p.role] for tid in s["teams"]
                       for p in staff[tid]]
    G.write_csv(out, "roster.csv", roster, crlf=False)
    items = "\n".join(f'      "{h.id}[SQ{n:03d}]": {i.id}' for h in INST.habits
                      for n, i in enumerate(h.items, start=1))
    m = ["# Mapping of the synthetic large board (see templates/mapping.example.yml).",
         "defaults:", "  timezone: Europe/Amsterdam", "", "sources:"]
    for s in board.schools:
        sid, tool = s["id"], s["tool"]
        if tool == "limesurvey":
            m += [f'  - file: "{sid}_*_limesurvey.csv"', f"    school: {sid}",
                  "    items:", items, "    codes: {A1: 1, A2: 2, A3: 3, A4: 4, A5: 5, A6: null}"]
        else:
            m += [f'  - file: "{sid}_*_{tool}.*"', f"    school: {sid}",
                  f'    team_column: "{TEAM_QUESTION[tool]}"']
        m += [f'  - file: "{sid}_*"', f"    school: {sid}"]
    (out / "mapping.yml").write_text("\n".join(m) + "\n", encoding="utf-8")
    shutil.copyfile(SAMPLE_ASPIRATION, out / "aspiration.yml")
    (out / G.SAMPLE_MARKER).write_bytes(b"")
    info = {
        "seed": seed, "schools": [s["id"] for s in board.schools],
        "school_names": {s["id"]: s["name"] for s in board.schools},
        "tools": {s["id"]: s["tool"] for s in board.schools},
        "teams": {tid: {"school": t.school, "name": t.name, "size": t.size,
                        "groups": t.groups, "latent": truth[tid]["latent"],
                        "n_valid": {w: n_valid.get((tid, w), 0) for w in WAVES},
                        "below_threshold": {w: n_valid.get((tid, w), 0) < THRESHOLD
                                            for w in WAVES}}
                  for tid, t in board.teams.items()},
        "files": files, "n_pupils": int(len(pupils)),
        "n_observation_rows": int(len(obs)), "n_test_rows": int(len(tst)),
    }
    (out / "truth.json").write_text(json.dumps(info, indent=1, ensure_ascii=False),
                                    encoding="utf-8")
    return info


# --- the kit ------------------------------------------------------------------------------------
def ingest_board(folder: Path, store: Path):
    """``kit ingest`` in-process (the same call as the command); returns the result."""
    from kit.ingest.run import ingest
    res = ingest([folder], org=folder / "org.yml", roster=folder / "roster.csv",
                 mapping=folder / "mapping.yml")
    res.write(store)
    return res


def check_accounting(result, info: dict) -> list[str]:
    """Rows read = accepted + rejected per file, and the planted rejections; problems."""
    problems = []
    seen = set()
    for a in result.accounts:
        name = Path(a.file).name
        seen.add(name)
        rej = sum(a.rejected.values())
        if a.rows_read != a.accepted + rej:
            problems.append(f"{name}: rows read {a.rows_read} != accepted {a.accepted} + "
                            f"rejected {rej}")
        want = info["files"].get(name)
        if want is None:
            continue
        if want["kind"] == "survey":
            if a.rows_read != want["rows_read"] or dict(a.rejected) != want["rejected"]:
                problems.append(f"{name}: read {a.rows_read} rejected {dict(a.rejected)}, "
                                f"expected read {want['rows_read']} rejected "
                                f"{want['rejected']}")
        elif want["kind"] == "observations" and a.rows_read != want["rows_read"]:
            problems.append(f"{name}: read {a.rows_read}, expected {want['rows_read']}")
        elif want["kind"] == "tests" and (a.rows_read != want["rows_read"] or rej):
            problems.append(f"{name}: read {a.rows_read} rejected {dict(a.rejected)}, "
                            f"expected {want['rows_read']} and none rejected")
    missing = sorted(set(info["files"]) - seen)
    if missing:
        problems.append(f"files not read: {missing[:5]}")
    return problems


def three_level(store, aspiration) -> tuple[dict, float]:
    """The three-level model of pupils' Betrokkenheid on their team's H3 score (latest wave),
    pupils in teams in schools; with its seconds."""
    from kit.analysis import board_analysis
    from kit.analysis.multilevel import mixed_model
    an = board_analysis(store, aspiration=aspiration)
    wave = an.waves[-1]
    a = an.aggregates
    ts = a[(a.level == "team") & (a.wave == wave) & (a.habit == "H3") & ~a.suppressed]
    ts = ts.rename(columns={"unit": "team", "mean": "score"})[["team", "score", "school"]]
    o = store.observations
    o = o[(o.indicator == "BT") & o.date.between(*_window(store, wave))]
    pv = o.groupby(["pupil_id", "team", "school"], as_index=False)["value"].mean()
    t0 = time.perf_counter()
    fit = mixed_model(pv, ts)
    return fit, time.perf_counter() - t0


def _window(store, wave: str) -> tuple:
    w = store.waves.set_index("wave")
    lo, hi = pd.Timestamp(w.loc[wave, "start"]), pd.Timestamp(w.loc[wave, "end"])
    return lo, hi + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)


def render_reports(store: Path, out: Path, aspiration: Path, schools: list[str], *,
                   pdf: bool, workers: int) -> tuple[pd.DataFrame, float]:
    """``kit batch --kind board --kind school --school ...``; the status table and seconds."""
    cmd = [str(KIT) if KIT.exists() else "kit", "batch", "--store", str(store), "--out",
           str(out), "--aspiration", str(aspiration), "--kind", "board", "--kind", "school",
           "--workers", str(workers), "--quiet"]
    for s in schools:
        cmd += ["--school", s]
    if not pdf:
        cmd.append("--no-pdf")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    print(proc.stdout.strip())
    if proc.returncode:
        print(proc.stderr.strip()[-3000:], file=sys.stderr)
    status = pd.read_csv(out / "status.csv") if (out / "status.csv").is_file() else \
        pd.DataFrame()
    return status, secs


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(m.group(1)) if m else -1


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page (``pdftotext -layout``)."""
    txt = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True).stdout
    return txt.split("\f")


def png_pages(pdf: Path, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(folder / pdf.stem)],
                   check=True)
    return sorted(folder.glob(f"{pdf.stem}*.png"))


_NUM = re.compile(r"(?<![\d.,])[0-5][.,]\d{1,2}(?![\d%])")    # a score (1 or 2 decimals)


def _label_lines(pages: list[str], label: str) -> list[tuple[int, str]]:
    """(page, line) of every line naming ``label`` as a row label (followed by a gap or the end
    of the line)."""
    pat = re.compile(r"(?:^|\s)" + re.escape(label) + r"(?:\s{2,}|\s*$)")
    return [(k, line) for k, page in enumerate(pages) for line in page.splitlines()
            if pat.search(line)]


def check_report_pdf(pdf: Path, kind: str, hidden: dict[str, str],
                     parts: list[list[str]]) -> dict:
    """Checks on one rendered PDF; returns pages and problems.

    ``hidden`` maps each suppressed team's display label to its id: a line that names the team
    (its heat map row, its team-table row) may show dashes, never a score. ``parts`` are the
    display labels of each heat map part: each part must be on one page (first and last row on
    the page where the part starts).
    """
    pages = pdf_text(pdf)
    problems = []
    flat = re.sub(r"\s+", " ", "\n".join(pages))
    checked = 0
    for label in hidden:
        lines = _label_lines(pages, label)
        if not lines:
            problems.append(f"{pdf.name}: suppressed team {label!r} not found as a row label")
        for _, line in lines:
            checked += 1
            nums = _NUM.findall(line.replace(label, " "))
            if nums:
                problems.append(f"{pdf.name}: suppressed team {label!r} shows {nums} in "
                                f"line {line.strip()[:120]!r}")
    from kit.present.plots import textwrap_label
    for k, part in enumerate(parts):
        # heat map row labels are wrapped (30 characters, 3 lines): look for their first line;
        # its first occurrence is the heat map, which comes before the team table
        first = _label_lines(pages, textwrap_label(part[0], 30, 3).splitlines()[0])
        last = _label_lines(pages, textwrap_label(part[-1], 30, 3).splitlines()[0])
        if not first or not last:
            problems.append(f"{pdf.name}: heat map part {k + 1}: row labels not found")
        elif first[0][0] != last[0][0]:
            problems.append(f"{pdf.name}: heat map part {k + 1} ({len(part)} rows) runs from "
                            f"page {first[0][0] + 1} to page {last[0][0] + 1}")
    head_rel = "Verbanden tussen gewoonten en het gezamenlijk verlangen"
    if head_rel not in flat:
        problems.append(f"{pdf.name}: no relations section ({head_rel!r})")
    multilevel = r"meerniveaumodel|drie niveaus|three-level|multilevel|mixed"
    if kind == "board" and not re.search(multilevel, flat, re.IGNORECASE):
        problems.append(f"{pdf.name}: no three-level (multilevel) model section: the board "
                        "report does not show kit.analysis.multilevel.mixed_model")
    return {"pages": len([p for p in pages if p.strip()]), "lines_checked": checked,
            "problems": problems}


def heatmap_parts(store, aspiration, school: str | None = None) -> list[dict]:
    """Rows and height (inches) of each heat map part of a board or school report."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kit.reports.board import BoardReport, SchoolReport
    rep = BoardReport(store, aspiration=aspiration) if school is None else \
        SchoolReport(store, school, aspiration=aspiration)
    labels = rep.team_labels()
    out = []
    for fig in rep.team_heatmaps():
        w, h = fig.get_size_inches()
        out.append({"rows": int(len(fig.kit_data)), "width_in": float(w), "height_in": float(h),
                    "labels": [labels[u] for u in fig.kit_data.index],
                    "hidden": [labels[u] for u in fig.kit_data.index
                               if fig.kit_data.loc[u].isna().all()]})
        plt.close(fig)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=30)
    ap.add_argument("--teams", type=int, default=110)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, help="folder to work in (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--no-pdf", action="store_true", help="HTML only (no PDF checks)")
    ap.add_argument("--workers", type=int, default=1,
                    help="kit batch workers (default 1, so each report's seconds are its own)")
    ap.add_argument("--report-schools", type=int, default=3,
                    help="how many school reports (default 3: schools with suppressed teams "
                         "first, then the largest)")
    ap.add_argument("--school", action="append", help="render this school's report (repeatable)")
    args = ap.parse_args(argv)

    import kit.store
    from kit.analysis.aspiration import load_aspiration

    work = args.out or Path(tempfile.mkdtemp(prefix="kit-large-board-"))
    work.mkdir(parents=True, exist_ok=True)
    data, store_dir, reports = work / "exports", work / "store", work / "reports"
    for p in (data, store_dir, reports):
        if p.exists():
            shutil.rmtree(p)
    times, problems = {}, []

    t0 = time.perf_counter()
    info = write_board(data, schools=args.schools, teams=args.teams, seed=args.seed)
    times["write exports"] = time.perf_counter() - t0
    n_teams = len(info["teams"])
    small = {w: sorted(t for t, v in info["teams"].items() if v["below_threshold"][w])
             for w in WAVES}
    print(f"board: {len(info['schools'])} schools, {n_teams} teams, {info['n_pupils']} pupils, "
          f"{len(info['files'])} export files in {data}")

    t0 = time.perf_counter()
    result = ingest_board(data, store_dir)
    times["ingest"] = time.perf_counter() - t0
    totals = result.report()["totals"]
    print(f"ingest: read {totals['rows_read']}, accepted {totals['accepted']}, rejected "
          f"{totals['rejected']} ({times['ingest']:.1f} s)")
    if totals["rows_read"] != totals["accepted"] + totals["rejected"]:
        problems.append("ingest totals: rows read != accepted + rejected")
    problems += check_accounting(result, info)

    st = kit.store.open(store_dir)
    asp = load_aspiration(data / "aspiration.yml")
    resp = st.respondents
    n_resp = {w: int((resp["wave"] == w).sum()) for w in WAVES}

    # the board's analysis in-process: relations and suppression, timed
    from kit.analysis import board_analysis
    from kit.reports.board import BoardReport
    t0 = time.perf_counter()
    an = board_analysis(st, aspiration=asp)
    _ = an.aggregates, an.relations
    times["analysis (aggregates + relations)"] = time.perf_counter() - t0
    rel = an.relations
    row = rel[(rel.habit == "H3") & (rel.indicator == "betrokkenheid") & (rel.wave == W2)]
    if row.empty or row.status.iloc[0] != "ok":
        problems.append(f"relation H3 x betrokkenheid not computed: {row.to_dict('records')}")
    else:
        r = row.iloc[0]
        print(f"relation H3 x Betrokkenheid ({W2}): r = {r.pearson_r:.2f} "
              f"[{r.pearson_ci_low:.2f}, {r.pearson_ci_high:.2f}], {r.n_teams} teams")
        if not r.pearson_ci_low > 0:
            problems.append("relation H3 x betrokkenheid: CI does not exclude 0")
    t0 = time.perf_counter()
    _ = BoardReport(st, aspiration=asp).icc(), an.reliability(W2)
    times["analysis (ICC + reliability)"] = time.perf_counter() - t0
    fit, secs = three_level(st, asp)
    times["three-level model"] = secs
    print(f"three-level model (BT ~ H3 + (1|school/team), {W2}): status {fit['status']}, "
          f"levels {fit['levels']}, {fit['n_pupils']} pupils, {fit['n_teams']} teams, "
          f"{fit['n_schools']} schools, slope {fit.get('slope', float('nan')):.3f} "
          f"(se {fit.get('se', float('nan')):.3f}) in {secs:.1f} s")
    if fit["status"] != "ok" or fit["levels"] != 3:
        problems.append(f"three-level model: status {fit['status']}, note {fit['note']}")

    parts = heatmap_parts(st, asp)
    print("board heat map parts (rows, inches high): "
          + ", ".join(f"{p['rows']} ({p['height_in']:.1f})" for p in parts))
    if sum(p["rows"] for p in parts) != n_teams or max(p["rows"] for p in parts) > 25:
        problems.append(f"board heat map parts {[p['rows'] for p in parts]} do not cover "
                        f"{n_teams} teams in parts of at most 25")

    a = an.aggregates
    team_rows = a[(a.level == "team") & (a.wave == W2)]
    sup = team_rows.groupby("unit")["suppressed"].all()
    suppressed = sorted(sup[sup].index)

    # render: the school reports of schools with suppressed teams first (below the threshold,
    # then complementary), then the largest schools
    if args.school:
        schools = list(args.school)
    else:
        why = team_rows.groupby("unit")["suppression"].first()
        size = pd.Series({s: sum(v["school"] == s for v in info["teams"].values())
                          for s in info["schools"]})
        first = [info["teams"][t]["school"] for k in ("below_threshold", "complementary")
                 for t in suppressed if why.get(t) == k]
        schools = list(dict.fromkeys(first + size.sort_values(ascending=False,
                                                               kind="stable").index.tolist()))
        schools = schools[:args.report_schools]
    status, times["kit batch (total)"] = render_reports(
        store_dir, reports, data / "aspiration.yml", schools, pdf=not args.no_pdf,
        workers=args.workers)
    if status.empty:
        problems.append("kit batch wrote no status.csv")
    for r in status.itertuples(index=False):
        times[f"  {r.name}"] = float(r.seconds)
        if r.status != "ok":
            problems.append(f"report {r.name}: {r.status}: {r.error} (cell {r.cell})")

    labels = BoardReport(st, aspiration=asp).team_labels()
    if sorted(h for p in parts for h in p["hidden"]) != sorted(labels[t] for t in suppressed):
        problems.append("heat map: the grey rows are not exactly the suppressed teams")
    if not set(small[W2]) <= set(suppressed):
        leaked = set(small[W2]) - set(suppressed)
        problems.append(f"teams below the threshold with scores: {leaked}")
    page_counts = {}
    if not args.no_pdf:
        for r in status.itertuples(index=False):
            if r.status != "ok" or not isinstance(r.pdf, str) or not r.pdf:
                continue
            pdf = Path(r.pdf)
            pages = pdf_pages(pdf)
            page_counts[r.name] = pages
            if r.kind == "board":
                hidden = {labels[t]: t for t in suppressed}
                hm = parts
            else:
                names = st.teams.drop_duplicates("team").set_index("team")["team_name"]
                hidden = {names[t]: t for t in suppressed if info["teams"][t]["school"] ==
                          r.school}
                hm = heatmap_parts(st, asp, r.school)
            res = check_report_pdf(pdf, r.kind, hidden, [p["labels"] for p in hm])
            problems += res["problems"]
            pngs = png_pages(pdf, work / "png")
            print(f"{pdf.name}: {pages} pages, {len(hm)} heat map part(s), "
                  f"{len(hidden)} suppressed team(s) checked on {res['lines_checked']} lines; "
                  f"PNG pages {pngs[0].name} .. {pngs[-1].name} in {work / 'png'}")

    print("\n=== summary ===")
    print(f"schools {len(info['schools'])}, teams {n_teams}, pupils {info['n_pupils']}, "
          f"respondents {n_resp[W1]} ({W1}) / {n_resp[W2]} ({W2})")
    print(f"teams below threshold (planted): {W1} {len(small[W1])}, {W2} {len(small[W2])}; "
          f"teams without scores in {W2} (incl. complementary): {len(suppressed)}")
    print(f"rows: read {totals['rows_read']}, accepted {totals['accepted']}, rejected "
          f"{totals['rejected']}; observations {len(st.observations)}, tests {len(st.tests)}")
    for k, v in times.items():
        print(f"{k:<40} {v:8.1f} s")
    for k, v in page_counts.items():
        print(f"pages {k:<34} {v:8d}")
    print(f"work folder: {work}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print(f"  - {p}")
    else:
        print("no problems found")
    if not args.keep and not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
