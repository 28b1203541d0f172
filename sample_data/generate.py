"""Seeded generator of the fictional sample board in sample_data/.

    python sample_data/generate.py [--out DIR]        # default DIR: this folder

Writes, byte-identically on every run, a board of 4 schools and 14 teams over three waves:
survey exports in six layouts (Microsoft Forms xlsx, Google Forms CSV, the same after a Dutch
Excel round trip, Qualtrics numeric and choice-text CSV, LimeSurvey code CSV, SurveyMonkey CSV),
ZIEN!-like observation exports and Cito/Boom-like test exports, the organisation, roster, mapping
and aspiration files, the marker ``.kit-sample`` and ``truth.json``.

Each export is written the way its tool documents it (shared/reference/export_formats.md),
without the kit's readers, so the readers are tested against files they did not make; from the
kit only ``kit.instrument`` (statement texts) and ``kit.pseudonym`` (the marker name) are used.
``truth.json`` holds the true team parameters, the team means a correct ingest must find
(computed here with pandas from the generated rows, with the kit's documented rules) and the
planted relation. The relation and the planted messes are documented in sample_data/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import re
import sys
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
try:
    from kit import instrument as _instrument
    from kit.pseudonym import SAMPLE_MARKER
except ImportError:      # run from a checkout without the kit installed
    sys.path.insert(0, str(HERE.parent))
    from kit import instrument as _instrument
    from kit.pseudonym import SAMPLE_MARKER

SEED = 20251038     # among the first 40 seeds: realised r near the design mean, others ~0 (README)
W1, W2, W3 = "2025-najaar", "2026-voorjaar", "2026-najaar"
WAVES = (W1, W2, W3)
FIRST_YEAR = (W1, W2)               # the school year 2025-2026 (its draws come first, unchanged)
INST = _instrument.load()
ITEMS = INST.items
HABITS = tuple(h.id for h in INST.habits)
THRESHOLD = 5                       # privacy threshold of the kit (valid respondents per team)

# --- the board ---------------------------------------------------------------------------------
# (id, name, aliases, size (int or per wave), groups); team ids and file names are relied on by
# tests/test_cli.py: keep them stable.
SCHOOLS = [
    {"id": "S01", "name": "Basisschool De Linde", "aliases": ["De Linde", "Linde"],
     "domain": "delinde.voorbeeld.nl", "levels": "I-V",
     "teams": [("S01-OB", "Onderbouw", ["OB", "groep 1-3"], 9, ["1/2a", "1/2b", "3"]),
               ("S01-MB", "Middenbouw", ["MB", "groep 4-5"], 8, ["4", "5"]),
               ("S01-BB", "Bovenbouw", ["BB", "groep 6-8"], {W1: 9, W2: 10, W3: 10},
                ["6", "7/8"])]},
    {"id": "S02", "name": "Het Kompas", "aliases": ["Kompas", "OBS Het Kompas"],
     "domain": "hetkompas.voorbeeld.nl", "levels": "I-V",
     "teams": [("S02-U12", "Unit 1-2", ["Unit 1/2", "kleuters"], 6, ["1/2"]),
               ("S02-U34", "Unit 3-4", ["Unit 3/4"], 7, ["3", "4"]),
               ("S02-U56", "Unit 5-6", ["Unit 5/6"], 7, ["5", "6"]),
               ("S02-U78", "Unit 7-8", ["Unit 7/8"], 8, ["7", "8"])]},
    {"id": "S03", "name": "De Regenboog", "aliases": ["CBS De Regenboog", "Regenboog"],
     "domain": "regenboog.voorbeeld.nl", "levels": "A-E",
     "teams": [("S03-KL", "Kleuters", ["KL", "groep 1-2"], 7, ["1/2a", "1/2b"]),
               ("S03-OB", "Onderbouw", ["OB", "groep 3-4"], 8, ["3", "4"]),
               ("S03-MB", "Middenbouw", ["MB", "groep 5-6"], 7, ["5", "6"]),
               ("S03-BB", "Bovenbouw", ["BB", "groep 7-8"], 9, ["7", "8"])]},
    {"id": "S04", "name": "Sterrenwacht", "aliases": ["IKC Sterrenwacht"],
     "domain": "sterrenwacht.voorbeeld.nl", "levels": "I-V",
     "teams": [("S04-OB", "Onderbouw", ["OB", "groep 1-4"], 10, ["1/2", "3", "4"]),
               ("S04-BB", "Bovenbouw", ["BB", "groep 5-8"], 12, ["5", "6", "7/8"]),
               ("S04-PK", "Plusteam", ["PK", "plusklas"], 4, ["plusklas"])]},
]
SURVEY_FILES = [   # (school, wave, tool, file name)
    ("S01", W1, "msforms", "S01_2025-najaar_msforms.xlsx"),
    ("S01", W2, "msforms", "S01_2026-voorjaar_msforms.xlsx"),
    ("S02", W1, "googleforms", "S02_2025-najaar_googleforms.csv"),
    ("S02", W2, "googleforms-excel", "S02_2026-voorjaar_googleforms-excel.csv"),
    ("S03", W1, "qualtrics-numeric", "S03_2025-najaar_qualtrics-numeric.csv"),
    ("S03", W2, "qualtrics-text", "S03_2026-voorjaar_qualtrics-text.csv"),
    ("S04", W1, "limesurvey", "S04_2025-najaar_limesurvey.csv"),
    ("S04", W2, "surveymonkey", "S04_2026-voorjaar_surveymonkey.csv"),
    ("S01", W3, "msforms", "S01_2026-najaar_msforms.xlsx"),
    ("S02", W3, "googleforms", "S02_2026-najaar_googleforms.csv"),
    ("S03", W3, "qualtrics-numeric", "S03_2026-najaar_qualtrics-numeric.csv"),
    ("S04", W3, "surveymonkey", "S04_2026-najaar_surveymonkey.csv"),
]
TEAMS = {t[0]: {"school": s["id"], "name": t[1], "aliases": t[2], "size": t[3], "groups": t[4]}
         for s in SCHOOLS for t in s["teams"]}
TEAM_IDS = tuple(TEAMS)
SMALL_TEAM = "S04-PK"               # below the privacy threshold: 3 respondents in each wave
FIELDWORK = {W1: (dt.date(2025, 10, 13), dt.date(2025, 11, 7)),    # across CEST -> CET (26 Oct)
             W2: (dt.date(2026, 3, 9), dt.date(2026, 4, 10)),       # across CET -> CEST (29 Mar)
             W3: (dt.date(2026, 10, 12), dt.date(2026, 11, 6))}     # across CEST -> CET (25 Oct)
OBS_WINDOW = {W1: (dt.date(2025, 11, 3), dt.date(2025, 11, 21)),
              W2: (dt.date(2026, 4, 6), dt.date(2026, 4, 24)),
              W3: (dt.date(2026, 11, 2), dt.date(2026, 11, 20))}
NEW_YEAR = dt.date(2026, 8, 24)     # school year 2026-2027: pupils move up, groep 8 has left
TEST_DATE = {"M": dt.date(2026, 1, 26), "E": dt.date(2026, 6, 8)}
MOVE_DATE = dt.date(2026, 2, 16)    # the mover leaves Het Kompas group 6 for De Linde group 6

# --- the planted model (README.md, "The planted relation") ------------------------------------
H3_BASE, H3_SD = 3.35, 0.45         # true H3 team mean, autumn: 3.35 + 0.45 L (L standardised)
CHANGE_MEAN, CHANGE_SD = 0.05, 0.20  # H3 change autumn -> spring: 0.05 + 0.20 D, D unrelated to L
OTHER_BASE = {"H1": 3.95, "H2": 3.30, "H4": 3.70, "H5": 3.40}
OTHER_SD, OTHER_CHANGE_SD = 0.25, 0.08
PERSON_G, PERSON_H, ITEM_SD, NOISE_SD = 0.40, 0.40, 0.20, 0.60
BLANK_P, NVT_P = 0.015, 0.02
BT_BASE, BT_SLOPE, BT_RESID = 2.85, 0.55, 0.08   # BT team mean = 2.85 + 0.55 (H3 - 3.35) + ...
ZIEN = [("Betrokkenheid", "BT"), ("Welbevinden", "WB"), ("Sociaal initiatief", "SI"),
        ("Sociale flexibiliteit", "SF"), ("Sociale autonomie", "SA"),
        ("Impulsbeheersing", "IB"), ("Inlevingsvermogen", "IL")]
ZIEN_BASE = {"WB": 3.05, "SI": 2.80, "SF": 2.90, "SA": 2.85, "IB": 2.95, "IL": 2.90}
ZIEN_TEAM_SD, PUPIL_G, PUPIL_D, OCCASION_SD, GROUP_SD = 0.12, 0.30, 0.30, 0.15, 0.06
READ_SLOPE, MATH_SD, SPELL_SD, TEST_NOISE = 0.50, 0.35, 0.30, 0.35
TESTS = [("begrijpend_lezen", "Begrijpend lezen", 4), ("rekenen", "Rekenen-Wiskunde", 3),
         ("spelling", "Spelling", 3)]
# referentieniveau on the national z scale: <1F below lo, target level (2F / 1S) from hi
REF_CUTS = {"begrijpend_lezen": (-1.645, -0.253, "2F"), "spelling": (-1.645, -0.253, "2F"),
            "rekenen": (-1.036, 0.126, "1S")}

# --- leaders (issue 15): one director per school answers the latest wave in the leader's own
# wording, in the school's own survey, after everyone else (rows appended: earlier rows unchanged)
LEADER_WAVES = (W3,)
LEADERS = {   # school -> first name, last name, the role as typed in the survey, planted gap
    "S01": ("Margreet", "Veldman", "Directeur", 0.80),
    "S02": ("Hans", "Wolters", "Schoolleider", 0.30),
    "S03": ("Ayla", "Demir", "directeur", -0.30),
    "S04": ("Joris", "Lammers", "Locatieleider", 0.50),
}
LEADER_NOISE_SD = 0.45      # the leader's answer: school's H2 mean + gap + item offset + noise
ROLE_QUESTION = "Wat is je functie?"

LABELS = ["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens"]
STAFF_FIRST = ("Anouk Marieke Jeroen Esther Karin Bas Ingrid Mark Petra Wendy Sanne Joost Linda "
               "Hanneke Ruud Monique Femke Pieter Ilse Marloes Niels Annemiek Gerrit Yvonne "
               "Saskia Koen Miriam Ronald Els Judith Sandra Tamara Dennis Manon Hester Wouter "
               "Nicole Rianne Frank Chantal Latifa Irene Ellen Marjolein Erik Nadia Brenda "
               "Jolanda Rick Astrid Mirjam Vincent Daphne Kim Sven Loes Maaike Bart Renée").split()
PUPIL_FIRST = ("Noah Emma Sem Julia Liam Mila Lucas Tess Daan Sophie Finn Zoë Levi Nora Luuk "
               "Yara Mees Saar Milan Nova Bram Evi Jesse Lotte Thijs Fenna Sam Lieke Jens Sara "
               "Ravi Noor Adam Liv Mohammed Anna Ryan Fleur Gijs Isa Teun Lina Jayden Maud Siem "
               "Olivia Ties Elin Hidde Jasmijn Cas Noë Rayan Floor Stijn Amira Boaz Naomi Joep "
               "Eline Ilias Roos Mats Hanna Dani Kai Loïs Ayoub Zeynep Thomas Chloë Jip Vera "
               "Otis Ivy Morris Lize Jurre Benthe Youssef Merel").split()
SURNAMES = ("de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|"
            "de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|"
            "Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|"
            "van den Heuvel|van der Veen|van den Broek|de Bruijn|van der Heijden|Schouten|"
            "van Beek|Willems|van Vliet|van de Ven|Hoekstra|Maas|Verhoeven|Koster|van Dam|"
            "van der Wal|Prins|Blom|Huisman|Peeters|de Jonge|Kuipers|van Veen|Post|Kuiper|"
            "Veenstra|Kramer|van den Brink|Scholten|van Wijk|Postma|Martens|Vink|de Ruiter|"
            "Timmermans|Groen|Gerritsen|Jonker|van Loon|Willemsen|Smeets|de Lange|Bosch|"
            "Yilmaz|El Amrani|Bouzid|Kaya|Nguyen|Öztürk").split("|")


# --- small helpers -----------------------------------------------------------------------------
def rng_for(*parts: str) -> np.random.Generator:
    """An independent seeded stream per named part (changing one part shifts no other)."""
    return np.random.default_rng([SEED, *(zlib.crc32(p.encode("utf-8")) for p in parts)])


def standardise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float) - np.mean(x)
    return x / np.std(x)


def orthogonal(rng: np.random.Generator, against: list[np.ndarray]) -> np.ndarray:
    """A standardised random team vector, exactly uncorrelated with every vector in ``against``."""
    basis: list[np.ndarray] = []
    for v in against:
        v = np.asarray(v, dtype=float) - np.mean(v)
        for b in basis:
            v = v - (v @ b) * b
        basis.append(v / np.linalg.norm(v))
    x = rng.standard_normal(len(TEAM_IDS))
    x = x - x.mean()
    for b in basis:
        x = x - (x @ b) * b
    return standardise(x)


def phi(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)
            if (start + dt.timedelta(days=k)).weekday() < 5]


def moment_in(rng: np.random.Generator, window: tuple[dt.date, dt.date]) -> dt.datetime:
    """A weekday date-time in ``window`` between 7:30 and 22:30 (Dutch wall-clock time)."""
    days = weekdays(*window)
    minute = int(rng.integers(7 * 60 + 30, 22 * 60 + 30))
    return dt.datetime.combine(days[int(rng.integers(len(days)))],
                               dt.time(minute // 60, minute % 60, int(rng.integers(60))))


def is_summer_time(t: dt.datetime) -> bool:
    """Whether Dutch wall-clock time ``t`` is CEST (last Sunday of March 02:00 to October 03:00)."""
    def last_sunday(month: int) -> dt.date:
        d = dt.date(t.year, month, 31)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    return (dt.datetime.combine(last_sunday(3), dt.time(2)) <= t
            < dt.datetime.combine(last_sunday(10), dt.time(3)))


def fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", s.lower())


def comma(x: float, places: int = 1) -> str:
    return f"{x:.{places}f}".replace(".", ",")


def us_time(t: dt.datetime) -> str:
    h12 = t.hour % 12 or 12
    return f"{t:%m/%d/%Y} {h12:02d}:{t:%M:%S} {'PM' if t.hour >= 12 else 'AM'}"


def straight(text: str) -> str:
    """A statement as a survey author retypes it: typographic quotes become '."""
    return text.replace("\u2018", "'").replace("\u2019", "'")


def iv_level(pct: float) -> str:
    return "I" if pct >= 80 else "II" if pct >= 60 else "III" if pct >= 40 else \
        "IV" if pct >= 20 else "V"


def ae_level(pct: float) -> str:
    return "A" if pct >= 75 else "B" if pct >= 50 else "C" if pct >= 25 else \
        "D" if pct >= 10 else "E"


def fisher_ci(r: float, n: int) -> list[float]:
    z, se = math.atanh(r), 1 / math.sqrt(n - 3)
    return [round(math.tanh(z - 1.96 * se), 4), round(math.tanh(z + 1.96 * se), 4)]


def r4(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 4)


# --- people and responses ----------------------------------------------------------------------
@dataclass
class Person:
    first: str
    last: str
    email: str
    token: str
    team: str | None
    role: str
    waves: tuple[str, ...]
    g: float = 0.0
    h: dict = field(default_factory=dict)


@dataclass
class Row:
    """One survey row as the tool recorded it; ``kind`` is what the kit should make of it."""

    kind: str           # valid, or the reason code the kit should give (see MESSES)
    person: Person | None
    team: str | None
    answers: dict       # item id -> 1..5, None (blank), "nvt", or "null" (never shown)
    start: dt.datetime
    end: dt.datetime | None
    label: str | None = None    # the team as the respondent named it
    comment: str = ""
    role: str | None = None     # the answer to the role question (only leaders' rows have one)


class Gen:
    """The random model, the generated rows, and the truth derived from them."""

    def __init__(self) -> None:
        self.make_team_truth()
        self.staff = self.make_staff()
        self.rows = {(s, w): self.make_rows(s, w) for s, w, _, _ in SURVEY_FILES}
        self.leaders = self.make_leaders()

    # team level -------------------------------------------------------------------------------
    def make_team_truth(self) -> None:
        rng = rng_for("teams")
        L = standardise(rng.standard_normal(len(TEAM_IDS)))
        D = orthogonal(rng, [L])
        E = standardise(rng.standard_normal(len(TEAM_IDS)))
        mu = {W1: {"H3": H3_BASE + H3_SD * L}}
        mu[W2] = {"H3": mu[W1]["H3"] + CHANGE_MEAN + CHANGE_SD * D}
        rng3 = rng_for("teams", W3)     # the third wave's own stream: the first two unchanged
        D3 = orthogonal(rng3, [L, D])
        mu[W3] = {"H3": mu[W2]["H3"] + CHANGE_MEAN + CHANGE_SD * D3}
        for h in HABITS:
            if h != "H3":
                mu[W1][h] = OTHER_BASE[h] + OTHER_SD * orthogonal(rng, [L, D])
                mu[W2][h] = mu[W1][h] + 0.03 + OTHER_CHANGE_SD * orthogonal(rng, [D])
                mu[W3][h] = mu[W2][h] + 0.03 + OTHER_CHANGE_SD * orthogonal(rng3, [D3])
        zien = {w: {"BT": BT_BASE + BT_SLOPE * (mu[w]["H3"] - H3_BASE) + BT_RESID * E}
                for w in WAVES}
        for _, code in ZIEN[1:]:
            eff = ZIEN_TEAM_SD * orthogonal(rng, [L, D])
            zien[W1][code] = ZIEN_BASE[code] + eff
            zien[W2][code] = zien[W1][code] + 0.03
            zien[W3][code] = zien[W2][code] + 0.03
        shifts = {"begrijpend_lezen": READ_SLOPE * L,
                  "rekenen": MATH_SD * orthogonal(rng, [L, D]),
                  "spelling": SPELL_SD * orthogonal(rng, [L, D])}
        self.team = {}
        for k, t in enumerate(TEAM_IDS):
            self.team[t] = {
                "latent": float(L[k]), "change": float(mu[W2]["H3"][k] - mu[W1]["H3"][k]),
                "change3": float(mu[W3]["H3"][k] - mu[W2]["H3"][k]),
                "habit": {h: {w: float(mu[w][h][k]) for w in WAVES} for h in HABITS},
                "zien": {c: {w: float(zien[w][c][k]) for w in WAVES} for _, c in ZIEN},
                "shift": {d: float(v[k]) for d, v in shifts.items()}}
        irng = rng_for("items")
        self.offset = {}
        for h in INST.habits:
            o = irng.normal(0, ITEM_SD, len(h.items))
            self.offset.update({i.id: float(v) for i, v in zip(h.items, o - o.mean())})

    def make_staff(self) -> dict[str, list[Person]]:
        rng = rng_for("staff")
        used: set[str] = set()
        staff: dict[str, list[Person]] = {}
        for s in SCHOOLS:
            for tid, _name, _al, size, _groups in s["teams"]:
                sizes = size if isinstance(size, dict) else {w: size for w in WAVES}
                n = max(sizes.values())
                people = []
                for k in range(n):
                    while True:
                        first = STAFF_FIRST[int(rng.integers(len(STAFF_FIRST)))]
                        last = SURNAMES[int(rng.integers(len(SURNAMES)))]
                        email = f"{fold(first)[0]}.{fold(last)}@{s['domain']}"
                        if email not in used:
                            used.add(email)
                            break
                    role = "bouwcoördinator" if k == 0 else \
                        "intern begeleider" if (k == 1 and n >= 9) else \
                        "onderwijsassistent" if k == n - 1 and n >= 7 else "leerkracht"
                    people.append(Person(first, last, email,
                                         f"tk{tid.replace('-', '').lower()}{k:02d}", tid, role,
                                         tuple(w for w in WAVES if k < sizes[w]),
                                         float(rng.normal()),
                                         {h: float(rng.normal()) for h in HABITS}))
                staff[tid] = people
        return staff

    def make_leaders(self) -> dict[tuple[str, str], Row]:
        """One director per school in each of :data:`LEADER_WAVES`, answering after everyone
        else from their own seeded stream (no other row's draw changes)."""
        out = {}
        for s in SCHOOLS:
            first, last, typed, gap = LEADERS[s["id"]]
            person = Person(first, last, f"{fold(first)[0]}.{fold(last)}@{s['domain']}",
                            f"tk{s['id'].lower()}dir", s["teams"][0][0], "directeur", LEADER_WAVES)
            for wave in LEADER_WAVES:
                rng = rng_for("leaders", s["id"], wave)
                rows = self.rows[(s["id"], wave)]
                teams = [t for t in TEAM_IDS if TEAMS[t]["school"] == s["id"]]
                answers = {}
                for item in ITEMS:
                    base = float(np.mean([self.team[t]["habit"][item.habit][wave]
                                          for t in teams]))
                    x = base + (gap if item.habit == "H2" else 0.0) + self.offset[item.id] \
                        + rng.normal(0, LEADER_NOISE_SD)
                    answers[item.id] = int(min(5, max(1, np.rint(x))))
                last_end = max(r.end or r.start for r in rows)   # the next morning
                end = dt.datetime.combine(last_end.date() + dt.timedelta(days=1), dt.time(7, 30)) \
                    + dt.timedelta(minutes=int(rng.integers(0, 50)), seconds=int(rng.integers(60)))
                start = end - dt.timedelta(seconds=int(rng.integers(600, 1500)))
                leader = Row("leader", person, None, answers, start, end, None, role=typed)
                rows.append(leader)
                out[(s["id"], wave)] = leader
        return out

    # survey rows ------------------------------------------------------------------------------
    def answers(self, person: Person, team: str, wave: str, rng: np.random.Generator) -> dict:
        out = {}
        for item in ITEMS:
            x = (self.team[team]["habit"][item.habit][wave] + PERSON_G * person.g
                 + PERSON_H * person.h.get(item.habit, 0.0) + self.offset[item.id]
                 + rng.normal(0, NOISE_SD))
            v: object = int(min(5, max(1, np.rint(x))))
            u = rng.random()
            if u < BLANK_P:
                v = None
            elif u < BLANK_P + NVT_P and item.habit == "H2" and person.role == "leerkracht":
                v = "nvt"       # teachers answer leader-phrased items with "n.v.t."
            out[item.id] = v
        return out

    def make_rows(self, school: str, wave: str) -> list[Row]:
        rng = rng_for("responses", school, wave)
        rows, spare = [], {}
        for tid in (t for t in TEAM_IDS if TEAMS[t]["school"] == school):
            present = [p for p in self.staff[tid] if wave in p.waves]
            n = 3 if tid == SMALL_TEAM else max(
                THRESHOLD, min(len(present), int(round(len(present) * rng.uniform(0.72, 0.95)))))
            pick = sorted(int(k) for k in rng.choice(len(present), size=n, replace=False))
            spare[tid] = [p for k, p in enumerate(present) if k not in pick]
            for k in pick:
                end = moment_in(rng, FIELDWORK[wave])
                start = end - dt.timedelta(seconds=int(rng.integers(240, 1500)))
                rows.append(Row("valid", present[k], tid, self.answers(present[k], tid, wave, rng),
                                start, end, TEAMS[tid]["name"]))
        rows.sort(key=lambda r: r.end)
        self.plant(school, wave, rows, spare, rng)
        rows.sort(key=lambda r: (r.end or r.start, r.kind == "duplicate"))
        return rows

    def plant(self, school: str, wave: str, rows: list[Row], spare: dict,
              rng: np.random.Generator) -> None:
        """The planted messes of one export (README.md, "The planted messes")."""
        valid = [r for r in rows if r.kind == "valid" and r.team != SMALL_TEAM]
        donor = max(spare, key=lambda t: (len(spare[t]), t))
        if (school, wave) == ("S01", W1):       # a teacher answered twice: the first is superseded
            r = valid[len(valid) // 2]
            end = r.end - dt.timedelta(days=4, hours=3)
            rows.append(Row("superseded", r.person, r.team, self.answers(r.person, r.team, wave,
                                                                          rng),
                            end - dt.timedelta(seconds=610), end, r.label))
        elif (school, wave) == ("S02", W1):     # an exact duplicate and an unknown team
            r = valid[len(valid) // 3]
            rows.append(Row("duplicate", r.person, r.team, dict(r.answers), r.start, r.end,
                            r.label))
            stranger = Person("Karin", "Bosch", "k.bosch@hetkompas.voorbeeld.nl", "", None,
                              "leerkracht", (wave,))
            end = dt.datetime(2025, 10, 29, 15, 47, 12)
            rows.append(Row("unknown_team", stranger, None,
                            self.answers(stranger, "S02-U56", wave, rng),
                            end - dt.timedelta(seconds=702), end, "Team Zonnebloem"))
            for r, text in zip(valid[2::6], ("Fijn dat we dit samen bekijken.",
                                             "Data bespreken we vooral in de groepsbespreking.\n"
                                             "Daar mag meer tijd voor komen.")):
                r.comment = text
        elif (school, wave) == ("S02", W2):
            for r, text in zip(valid[3::7], ('Veel herkenning; vooral bij "wat werkt".',
                                             "Meer tijd voor analyse; graag!")):
                r.comment = text
        elif school == "S03" and wave in FIRST_YEAR:
            if wave == W1:                      # the school leader previews the survey
                end = dt.datetime(2025, 10, 10, 16, 3, 41)
                ghost = Person("", "", "", "", None, "", ())
                rows.append(Row("preview", None, None, self.answers(ghost, "S03-OB", wave, rng),
                                end - dt.timedelta(seconds=95), end))
            else:                               # and generates a test response in the spring
                end = dt.datetime(2026, 3, 6, 11, 20, 5)
                ghost = Person("", "", "", "", None, "", ())
                rows.append(Row("test", None, None, self.answers(ghost, "S03-MB", wave, rng),
                                end - dt.timedelta(seconds=31), end))
                return
            p = spare[donor][0]                 # a teacher who stopped after 12 statements
            start = moment_in(rng, FIELDWORK[wave])
            ans = self.answers(p, donor, wave, rng)
            ans.update({i.id: None for i in ITEMS[12:]})
            rows.append(Row("incomplete", p, donor, ans, start, start + dt.timedelta(days=7)))
        elif (school, wave) == ("S04", W1):     # a response never submitted
            p = spare[donor][0]
            start = moment_in(rng, FIELDWORK[wave])
            ans = self.answers(p, donor, wave, rng)
            ans.update({i.id: "null" for i in ITEMS[21:]})   # pages H3..H5 never shown
            rows.append(Row("incomplete", p, donor, ans, start, None))
        elif (school, wave) == ("S04", W2):     # a teacher who opened the survey, answered nothing
            p = spare[donor][0]
            start = moment_in(rng, FIELDWORK[wave])
            rows.append(Row("no_answers", p, donor, {i.id: None for i in ITEMS}, start,
                            start + dt.timedelta(seconds=48)))


# --- survey writers ----------------------------------------------------------------------------
def write_csv(out: Path, name: str, rows: list[list], *, delimiter: str = ",",
              encoding: str = "utf-8", bom: bool = False, quote_all: bool = False,
              crlf: bool = True) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerows([["" if v is None else v for v in r] for r in rows])
    (out / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode(encoding))


def write_xlsx(out: Path, name: str, rows: list[list], *, sheet: str, stamp: dt.datetime,
               formats: dict[int, str] | None = None, header_row: int = 1) -> None:
    """A workbook with fixed metadata and zip timestamps, so the bytes never change."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for col, fmt in (formats or {}).items():
        for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=col, max_col=col):
            if isinstance(cell.value, (dt.date, float)):
                cell.number_format = fmt
    wb.properties.created = stamp
    wb.properties.creator = "kit sample generator"
    raw = io.BytesIO()
    wb.save(raw)
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    dst_buf = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(dst_buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":   # openpyxl stamps 'modified' on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + fixed, data)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data, compresslevel=6)
    (out / name).write_bytes(dst_buf.getvalue())


def text_of(v: object, labels: list[str], nvt: str = "n.v.t.") -> str | None:
    if v is None or v == "null":
        return None
    return nvt if v == "nvt" else labels[v - 1]


def write_msforms(out: Path, name: str, rows: list[Row], wave: str) -> None:
    labels = list(LABELS)
    if wave == W2:
        labels[3] = "mee eens "                 # the option retyped: lower case, trailing space
    head = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam",
            "Tijd van laatste wijziging", "In welk team werk je?"] + [i.nl for i in ITEMS]
    role = has_role(rows)
    data = [head + [ROLE_QUESTION] * role]
    for n, r in enumerate(rows, start=1):
        p = r.person
        data.append([n, r.start, r.end, p.email, f"{p.first} {p.last}", None, r.label]
                    + [text_of(r.answers[i.id], labels) for i in ITEMS] + [r.role] * role)
    stamp = dt.datetime.combine(FIELDWORK[wave][1] + dt.timedelta(days=3), dt.time(9))
    write_xlsx(out, name, data, sheet="Form1", stamp=stamp,
               formats={2: "m/d/yy h:mm:ss", 3: "m/d/yy h:mm:ss"})


def has_role(rows: list[Row]) -> bool:
    """Whether the export has the role question (the waves a leader answered: issue 15)."""
    return any(r.role for r in rows)


def google_header() -> list[str]:
    return (["Tijdstempel", "E-mailadres", "Bij welke unit werk je?"]
            + [f"{INST.habit(i.habit).label('nl')} [{i.nl}]" for i in ITEMS]
            + ["Wil je nog iets toelichten?"])


def write_google(out: Path, name: str, rows: list[Row]) -> None:
    """Google Forms 'Download responses (.csv)', Dutch account: every field quoted, UTF-8."""
    labels = list(LABELS)
    labels[2] = "Niet eens/niet oneens"
    role = has_role(rows)
    data = [google_header() + [ROLE_QUESTION] * role]
    for r in rows:
        t = r.end
        h12 = t.hour % 12 or 12
        stamp = (f"{t:%Y/%m/%d} {h12}:{t:%M:%S} {'p.m.' if t.hour >= 12 else 'a.m.'} "
                 f"{'CEST' if is_summer_time(t) else 'CET'}")
        data.append([stamp, r.person.email, r.label]
                    + [text_of(r.answers[i.id], labels) for i in ITEMS] + [r.comment]
                    + [r.role] * role)
    write_csv(out, name, data, quote_all=True, crlf=False)


def write_google_excel(out: Path, name: str, rows: list[Row]) -> None:
    """The same export opened and saved in Dutch Excel: ';', cp1252, CRLF, d-m-jjjj h:mm."""
    data = [google_header()]
    for r in rows:
        t = r.end
        data.append([f"{t.day}-{t.month}-{t.year} {t.hour}:{t.minute:02d}", r.person.email,
                     r.label] + [text_of(r.answers[i.id], LABELS) for i in ITEMS] + [r.comment])
    write_csv(out, name, data, delimiter=";", encoding="cp1252")


QUALTRICS_META = [
    ("StartDate", "Begindatum", "startDate", True), ("EndDate", "Einddatum", "endDate", True),
    ("Status", "Antwoordtype", "status", False), ("IPAddress", "IP-adres", "ipAddress", False),
    ("Progress", "Voortgang", "progress", False),
    ("Duration (in seconds)", "Duur (in seconden)", "duration", False),
    ("Finished", "Voltooid", "finished", False),
    ("RecordedDate", "Opnamedatum", "recordedDate", True),
    ("ResponseId", "Antwoord-ID", "_recordId", False),
    ("RecipientLastName", "Achternaam ontvanger", "recipientLastName", False),
    ("RecipientFirstName", "Voornaam ontvanger", "recipientFirstName", False),
    ("RecipientEmail", "E-mailadres ontvanger", "recipientEmail", False),
    ("ExternalReference", "Externe gegevensreferentie", "externalDataReference", False),
    ("LocationLatitude", "Locatie breedtegraad", "locationLatitude", False),
    ("LocationLongitude", "Locatie lengtegraad", "locationLongitude", False),
    ("DistributionChannel", "Distributiekanaal", "distributionChannel", False),
    ("UserLanguage", "Taal gebruiker", "userLanguage", False),
]
QUALTRICS_TEXT = ["Zeer mee oneens", "Mee oneens", "Neutraal / geen mening", "Mee eens",
                  "Zeer mee eens"]


def write_qualtrics(out: Path, name: str, rows: list[Row], numeric: bool) -> None:
    rng = rng_for("qualtrics", name)
    tags = [m[0] for m in QUALTRICS_META]
    texts = [m[1] for m in QUALTRICS_META]
    ids = [json.dumps({"ImportId": m[2], **({"timeZone": "Europe/Amsterdam"} if m[3] else {})},
                      separators=(",", ":")) for m in QUALTRICS_META]
    for q, habit in enumerate(INST.habits, start=1):
        question = f"{habit.label('nl')}: in hoeverre ben je het eens met deze uitspraken?"
        for j, item in enumerate(habit.items, start=1):
            tags.append(f"Q{q}_{j}")
            texts.append(f"{question} - {straight(item.nl)}")
            ids.append(json.dumps({"ImportId": f"QID{q + 1}_{j}"}, separators=(",", ":")))
    role = has_role(rows)
    if role:                                    # a text-entry question after the habits
        tags.append(f"Q{len(INST.habits) + 1}_TEXT")
        texts.append(ROLE_QUESTION)
        ids.append(json.dumps({"ImportId": f"QID{len(INST.habits) + 2}_TEXT"},
                              separators=(",", ":")))
    data = [tags, texts, ids]
    chars = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    for r in rows:
        status = {"preview": 1, "test": 2}.get(r.kind, 0)
        finished = r.kind != "incomplete"
        answered = sum(v is not None for v in r.answers.values())
        progress = 100 if finished else round(100 * answered / (len(ITEMS) + 1))
        if numeric:
            st, fin = str(status), "1" if finished else "0"
            ans = ["" if v is None else "-99" if v == "nvt" else str(v)   # recode of n.v.t.
                   for v in (r.answers[i.id] for i in ITEMS)]
        else:
            st = ["IP Address", "Survey Preview", "Survey Test"][status]
            fin = "True" if finished else "False"
            ans = [text_of(r.answers[i.id], QUALTRICS_TEXT) or "" for i in ITEMS]
        p = r.person
        rid = "R_" + "".join(chars[int(x)] for x in rng.integers(0, len(chars), 15))
        ip = "" if status else f"192.0.2.{int(rng.integers(2, 250))}"
        lat = "" if status else f"{52.02 + rng.uniform(0, 0.1):.4f}"
        lon = "" if status else f"{5.08 + rng.uniform(0, 0.1):.4f}"
        data.append([f"{r.start:%Y-%m-%d %H:%M:%S}", f"{r.end:%Y-%m-%d %H:%M:%S}", st, ip,
                     str(progress), str(int((r.end - r.start).total_seconds())), fin,
                     f"{r.end:%Y-%m-%d %H:%M:%S}", rid, p.last if p else "",
                     p.first if p else "", p.email if p else "", "", lat, lon,
                     ["email", "preview", "test"][status], "NL"] + ans
                    + [r.role or ""] * role)
    write_csv(out, name, data, crlf=False)


def write_limesurvey(out: Path, name: str, rows: list[Row]) -> None:
    """LimeSurvey: BOM, ';', every value quoted, NULL unquoted, CRLF and a closing blank line."""
    rng = rng_for("limesurvey")
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
            "datestamp"] + [f"{h.id}[SQ{n:03d}]" for h in INST.habits
                            for n in range(1, len(h.items) + 1)]
    lines = [head]
    for n, r in enumerate(sorted(rows, key=lambda r: r.start), start=1):
        last = r.end or r.start + dt.timedelta(seconds=int(rng.integers(200, 600)))
        vals = [None if v == "null" else "" if v is None else "A6" if v == "nvt" else f"A{v}"
                for v in (r.answers[i.id] for i in ITEMS)]
        lines.append([str(n), f"{r.end:%Y-%m-%d %H:%M:%S}" if r.end else None,
                      "5" if r.end else "2", "nl", str(int(rng.integers(10**8, 10**9))),
                      r.person.token, f"{r.start:%Y-%m-%d %H:%M:%S}",
                      f"{last:%Y-%m-%d %H:%M:%S}"] + vals)
    text = "\r\n".join(";".join("" if v is None else '"' + str(v).replace('"', '""') + '"'
                                for v in row) for row in lines) + "\r\n\r\n"
    (out / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


SURVEYMONKEY = {W2: ("431207715", 118439920211), W3: ("438851302", 119317405586)}  # collector, ids


def write_surveymonkey(out: Path, name: str, rows: list[Row], wave: str) -> None:
    """SurveyMonkey 'All responses data' CSV: question text above the first matrix column only
    (a new survey each wave: its own collector, respondent ids counting on)."""
    rng = rng_for("surveymonkey") if wave == W2 else rng_for("surveymonkey", wave)
    collector, rid = SURVEYMONKEY[wave]
    labels = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]
    top = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
           "Email Address", "First Name", "Last Name", "Custom Data 1"]
    sub = [""] * len(top)
    for habit in INST.habits:
        for n, item in enumerate(habit.items):
            top.append(f"{habit.label('nl')}: in hoeverre herken je dit?" if n == 0 else "")
            sub.append(item.nl)
    role = has_role(rows)
    if role:                                    # an open question: 'Open-Ended Response'
        top.append(ROLE_QUESTION)
        sub.append("Open-Ended Response")
    data = [top, sub]
    for r in rows:
        rid += int(rng.integers(1000, 90000))
        p = r.person
        data.append([str(rid), collector, us_time(r.start), us_time(r.end),
                     f"198.51.100.{int(rng.integers(2, 250))}", p.email, p.first, p.last, ""]
                    + [text_of(r.answers[i.id], labels, "N.v.t.") for i in ITEMS]
                    + [r.role or ""] * role)
    write_csv(out, name, data)


# --- pupils ------------------------------------------------------------------------------------
@dataclass
class Pupil:
    no: str
    school: str
    team: str
    group: str
    jg: int
    first: str
    last: str
    g: float
    dims: dict
    ability: dict
    moved: bool = False
    new: bool = False       # arrived in the school year 2026-2027 (no earlier data)
    next: tuple | None = None   # (school, group, team, jaargroep) in 2026-2027; None: left

    def where(self, day: dt.date) -> tuple[str, str, str]:
        """(school, group, team) on ``day`` in the school year 2025-2026: the mover is at De
        Linde after MOVE_DATE."""
        if self.moved and day >= MOVE_DATE:
            return "S01", "6", "S01-BB"
        return self.school, self.group, self.team


def group_years(group: str) -> list[int]:
    return [5, 6, 7, 8] if group == "plusklas" else \
        [int(x) for x in group.rstrip("ab").split("/")]


def promote(pupils: list[Pupil]) -> None:
    """The school year 2026-2027: every pupil moves up a jaargroep (a combination group keeps
    its pupils while the jaargroep is in it, the plus group its own), groep 8 has left, and new
    pupils start in the groups with jaargroep 1 (appended to ``pupils``, ``new``)."""
    rng = rng_for("pupils", W3)
    team_of = {(TEAMS[t]["school"], g): t for t in TEAM_IDS for g in TEAMS[t]["groups"]}
    for p in pupils:
        school, group, _team = p.where(NEW_YEAR)
        jg = p.jg + 1
        if jg > 8:
            continue                        # left primary school in the summer
        if group != "plusklas" and jg not in group_years(group):
            to = [g for s, g in team_of if s == school and g != "plusklas"
                  and jg in group_years(g)]
            assert len(to) == 1, (school, group, jg, to)
            group = to[0]
        p.next = (school, group, team_of[(school, group)], jg)
    number = max(int(p.no) for p in pupils)
    names = {(p.first, p.last) for p in pupils}
    for (school, group), team in team_of.items():
        if 1 not in group_years(group):
            continue
        for _ in range(int(rng.integers(9, 14))):
            number += int(rng.integers(1, 4))
            while True:
                first = PUPIL_FIRST[int(rng.integers(len(PUPIL_FIRST)))]
                last = SURNAMES[int(rng.integers(len(SURNAMES)))]
                if (first, last) not in names:
                    names.add((first, last))
                    break
            pupils.append(Pupil(str(number), school, team, group, 1, first, last,
                                float(rng.normal()), {c: float(rng.normal()) for _, c in ZIEN},
                                {}, new=True, next=(school, group, team, 1)))


def make_pupils(gen: Gen) -> list[Pupil]:
    rng = rng_for("pupils")
    pupils, number, names = [], 104000, set()
    for s in SCHOOLS:
        for tid, _name, _al, _size, groups in s["teams"]:
            shift = gen.team[tid]["shift"]
            for g in groups:
                years = [5, 6, 7, 8] if g == "plusklas" else \
                    [int(x) for x in g.rstrip("ab").split("/")]
                for _ in range(8 if g == "plusklas" else int(rng.integers(20, 29))):
                    number += int(rng.integers(1, 4))
                    while True:
                        first = PUPIL_FIRST[int(rng.integers(len(PUPIL_FIRST)))]
                        last = SURNAMES[int(rng.integers(len(SURNAMES)))]
                        if (first, last) not in names:
                            names.add((first, last))
                            break
                    read = float(rng.normal())
                    ability = {"begrijpend_lezen": shift["begrijpend_lezen"] + read,
                               "rekenen": shift["rekenen"] + 0.5 * read + 0.85 * rng.normal(),
                               "spelling": shift["spelling"] + 0.4 * read + 0.9 * rng.normal()}
                    pupils.append(Pupil(str(number), s["id"], tid, g,
                                        years[int(rng.integers(len(years)))], first, last,
                                        float(rng.normal()),
                                        {c: float(rng.normal()) for _, c in ZIEN},
                                        {k: float(v) for k, v in ability.items()}))
    mover = next(p for p in pupils if p.school == "S02" and p.group == "6")
    mover.moved = True
    promote(pupils)
    return pupils


def make_observations(gen: Gen, pupils: list[Pupil]) -> pd.DataFrame:
    rng = rng_for("observations")
    groups = sorted({(s, g) for s, t in ((TEAMS[t]["school"], t) for t in TEAM_IDS)
                     for g in TEAMS[t]["groups"]})
    day = {(s, g, w): weekdays(*OBS_WINDOW[w])[int(rng.integers(len(weekdays(*OBS_WINDOW[w]))))]
           for s, g in groups for w in FIRST_YEAR}
    geff = {(s, g, c): float(rng.normal(0, GROUP_SD)) for s, g in groups for _, c in ZIEN}
    rng3 = rng_for("observations", W3)      # the third wave's own stream
    days3 = weekdays(*OBS_WINDOW[W3])
    day.update({(s, g, W3): days3[int(rng3.integers(len(days3)))] for s, g in groups})
    rows = []
    for w in WAVES:
        if w == W3:
            rng = rng3
        for p in pupils:
            if w == W3:                         # the school year 2026-2027
                if p.next is None:
                    continue
                school, group, team, jg = p.next
            elif p.new:
                continue
            else:
                school, group, team = p.where(OBS_WINDOW[w][1])
                jg = p.jg
            rec = {"no": p.no, "first": p.first, "last": p.last, "school": school,
                   "group": group, "team": team, "jg": jg, "wave": w,
                   "date": day[(school, group, w)]}
            for _, c in ZIEN:
                x = (gen.team[team]["zien"][c][w] + geff[(school, group, c)] + PUPIL_G * p.g
                     + PUPIL_D * p.dims[c] + rng.normal(0, OCCASION_SD))
                blank = c != "BT" and rng.random() < 0.006
                rec[c] = np.nan if blank else round(float(min(4.0, max(1.0, x))), 2)
            rows.append(rec)
    return pd.DataFrame(rows)


def make_tests(pupils: list[Pupil]) -> pd.DataFrame:
    rng = rng_for("tests")
    rows = []
    for p in pupils:
        if p.new or p.jg < 3 or p.group == "plusklas":
            continue
        for domain, label, first_jg in TESTS:
            if p.jg < first_jg:
                continue
            for moment, date in TEST_DATE.items():
                z = p.ability[domain] + float(rng.normal(0, TEST_NOISE))
                if rng.random() < 0.02:         # absent: no result
                    continue
                school, group, team = p.where(date)
                if school == "S04":             # Boom: free test dates
                    date = date + dt.timedelta(days=int(rng.integers(-12, 12)))
                znat = z / math.sqrt(1 + TEST_NOISE ** 2)
                pct = 100 * phi(znat)
                grow = 0 if moment == "M" else 6
                if school == "S04":             # Boom's own ability scale
                    score = round(40 + 5 * p.jg + grow / 3 + 4 * z, 1)
                else:
                    score = round(100 + 14 * p.jg + grow + 12 * z, 1)
                ref = ""
                if p.jg >= 6:
                    lo, hi, top = REF_CUTS[domain]
                    ref = top if znat >= hi else "1F" if znat >= lo else "<1F"
                rows.append({"no": p.no, "first": p.first, "last": p.last, "school": school,
                             "group": group, "team": team, "jg": p.jg, "domain": domain,
                             "label": label, "moment": moment, "date": date, "score": score,
                             "pct": int(round(pct)), "ref": ref,
                             "level": ae_level(pct) if school == "S03" else iv_level(pct)})
    return pd.DataFrame(rows)


def write_pupil_files(out: Path, obs: pd.DataFrame, tst: pd.DataFrame) -> list[str]:
    zcodes = [c for _, c in ZIEN]

    def part(df: pd.DataFrame, school: str, *order: str) -> list:
        sub = df[df["school"] == school].sort_values(list(order), kind="mergesort")
        return list(sub.itertuples(index=False))

    def val(x: float, text: bool = False) -> object:
        return None if pd.isna(x) else (comma(x, 2) if text else float(x))

    # S01: ParnasSys-like report workbook: title rows, names, wide, an average row at the end
    o = part(obs, "S01", "date", "group", "no")
    rows = [["Groepsoverzicht ZIEN! - Basisschool De Linde"],
            ["Geëxporteerd op 27-11-2026 12:00"], [],
            ["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Jaargroep",
             "Observatiedatum"] + [z for z, _ in ZIEN]]
    rows += [[r.no, r.first, r.last, r.group, r.jg, r.date.strftime("%d-%m-%Y")]
             + [val(getattr(r, c)) for c in zcodes] for r in o]
    s01 = obs[obs["school"] == "S01"]
    rows.append(["Gemiddelde", None, None, None, None, None]
                + [round(float(s01[c].mean()), 2) for c in zcodes])
    write_xlsx(out, "S01_zien_groepsoverzicht.xlsx", rows, sheet="Overzicht",
               stamp=dt.datetime(2026, 11, 27, 12, 0), header_row=4,
               formats={k: "0.00" for k in range(7, 14)})
    # S02: long layout (one row per pupil, date and dimension), Dutch Excel CSV
    rows = [["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Datum", "Indicator", "Score"]]
    for r in part(obs, "S02", "group", "no", "date"):
        rows += [[r.no, f"{r.first} {r.last}", r.group, r.jg, r.date.strftime("%d-%m-%Y"), z,
                  comma(getattr(r, c), 2)] for z, c in ZIEN if not pd.isna(getattr(r, c))]
    write_csv(out, "S02_zien_observaties.csv", rows, delimiter=";", encoding="cp1252")
    # S03: wide CSV with dimension codes and a school column; a pupil in an unknown group
    rows = [["School", "Leerling ID", "Voornaam", "Groep", "Leerjaar", "Datum"] + zcodes]
    rows += [["De Regenboog", r.no, r.first, r.group, r.jg, r.date.isoformat()]
             + [val(getattr(r, c)) for c in zcodes] for r in part(obs, "S03", "date", "group",
                                                                   "no")]
    rows.append(["De Regenboog", "199999", "Sam", "Schakelklas", "5", "2025-11-17"] + ["3"] * 7)
    write_csv(out, "S03_zien_export.csv", rows)
    # S04: plain wide workbook with real dates
    rows = [["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Datum"] + [z for z, _ in ZIEN]]
    rows += [[r.no, f"{r.first} {r.last}", r.group, r.jg, r.date]
             + [val(getattr(r, c)) for c in zcodes] for r in part(obs, "S04", "date", "group",
                                                                   "no")]
    write_xlsx(out, "S04_zien.xlsx", rows, sheet="ZIEN", stamp=dt.datetime(2026, 11, 25, 9, 15),
               formats={5: "dd-mm-yyyy"})
    # tests: S01 Cito Dutch Excel CSV, S02 Cito UTF-8 with percentiles, S03 Cito A-E report
    # workbook, S04 Boom CSV with free dates
    head = ["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Toets", "Toetsmoment",
            "Afnamedatum", "Vaardigheidsscore", "Niveau", "Referentieniveau"]
    order = ("group", "no", "domain", "date")
    rows = [head] + [[t.no, f"{t.first} {t.last}", t.group, t.jg, t.label, f"{t.moment}{t.jg}",
                      t.date.strftime("%d-%m-%Y"), comma(t.score), t.level, t.ref]
                     for t in part(tst, "S01", *order)]
    write_csv(out, "S01_cito_toetsen.csv", rows, delimiter=";", encoding="cp1252")
    rows = [head + ["Percentiel"]] + [[t.no, t.first, t.group, t.jg, t.label,
                                       f"{t.moment}{t.jg}", t.date.isoformat(), t.score,
                                       t.level, t.ref, t.pct] for t in part(tst, "S02", *order)]
    write_csv(out, "S02_cito_toetsen.csv", rows, bom=True)
    rows = [["Overzicht toetsresultaten De Regenboog"], [],
            ["Leerlingnummer", "Achternaam", "Groep", "Jaargroep", "Vakgebied", "Moment",
             "Toetsdatum", "Vaardigheidsscore", "Niveau", "Referentieniveau", "Leverancier"]]
    rows += [[t.no, t.last, t.group, t.jg, t.label, t.moment, t.date.strftime("%d-%m-%Y"),
              t.score, t.level, t.ref, "Cito"] for t in part(tst, "S03", *order)]
    write_xlsx(out, "S03_toetsen.xlsx", rows, sheet="Resultaten",
               stamp=dt.datetime(2026, 6, 22, 11, 5), header_row=3)
    rows = [["Leerlingnummer", "Groep", "Jaargroep", "Vakgebied", "Afnamedatum",
             "Vaardigheidsscore", "Percentiel", "Niveau", "Referentieniveau", "Toetsaanbieder"]]
    rows += [[t.no, t.group, t.jg, t.label, t.date.strftime("%d-%m-%Y"), comma(t.score), t.pct,
              t.level, t.ref, "Boom"] for t in part(tst, "S04", *order)]
    write_csv(out, "S04_boom_toetsen.csv", rows, delimiter=";", encoding="cp1252")
    return ["S01_zien_groepsoverzicht.xlsx", "S02_zien_observaties.csv", "S03_zien_export.csv",
            "S04_zien.xlsx", "S01_cito_toetsen.csv", "S02_cito_toetsen.csv", "S03_toetsen.xlsx",
            "S04_boom_toetsen.csv"]


# --- configuration files -----------------------------------------------------------------------
def write_config(out: Path, gen: Gen) -> None:
    def flow(items: list[str]) -> str:
        return "[" + ", ".join(f'"{x}"' for x in items) + "]"

    lines = ["# Fictional board of the kit's sample data (written by sample_data/generate.py).",
             "board:", "  id: BRD01", "  name: Stichting Samen Leren", "", "waves:",
             "  - id: 2025-najaar", "    label: {nl: Najaar 2025, en: Autumn 2025}",
             "    start: 2025-09-01", "    end: 2026-01-31",
             "  - id: 2026-voorjaar", "    label: {nl: Voorjaar 2026, en: Spring 2026}",
             "    start: 2026-02-01", "    end: 2026-07-31",
             "  - id: 2026-najaar", "    label: {nl: Najaar 2026, en: Autumn 2026}",
             "    start: 2026-08-01", "    end: 2027-01-31", "", "schools:"]
    for s in SCHOOLS:
        lines += [f"  - id: {s['id']}", f"    name: {s['name']}",
                  f"    aliases: {flow(s['aliases'])}", "    teams:"]
        for tid, name, aliases, size, groups in s["teams"]:
            sz = size if isinstance(size, int) else \
                "{" + ", ".join(f"{w}: {n}" for w, n in size.items()) + "}"
            lines.append(f"      - {{id: {tid}, name: {name}, aliases: {flow(aliases)}, "
                         f"size: {sz}, groups: {flow(groups)}}}")
    (out / "org.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    rows = [["email", "token", "school", "team", "role"]]
    for tid in TEAM_IDS:
        school = TEAMS[tid]["school"]
        if school in ("S03", "S04"):     # their surveys do not ask the team
            team = tid if school == "S03" else TEAMS[tid]["name"]
            rows += [[p.email, p.token, school, team, p.role] for p in gen.staff[tid]]
    for (school, _wave), r in sorted(gen.leaders.items()):   # the directors, last (issue 15)
        p = r.person
        if [p.email, p.token, school, p.team, p.role] not in rows:
            rows.append([p.email, p.token, school, p.team, p.role])
    write_csv(out, "roster.csv", rows, crlf=False)

    items = "\n".join(f'      "{h.id}[SQ{n:03d}]": {i.id}' for h in INST.habits
                      for n, i in enumerate(h.items, start=1))
    (out / "mapping.yml").write_text(f"""\
# Mapping of the sample board's exports (see templates/mapping.example.yml).
# The first entry whose 'file' matches a file's name applies to it.
defaults:
  timezone: Europe/Amsterdam

sources:
  - file: "S01_*_msforms.xlsx"
    school: S01
    team_column: "In welk team werk je?"
  - file: "S02_*googleforms*.csv"
    school: S02
    team_column: "Bij welke unit werk je?"     # not a header the kit knows by itself
    date_order: dmy                            # the Excel round trip writes 9-3-2026 14:05
  - file: "S03_*qualtrics*.csv"
    school: S03                                # team from the roster (RecipientEmail)
    codes: {{"-99": null}}                       # the numeric export's recode of n.v.t.
  - file: "S04_*limesurvey*.csv"
    school: S04                                # team from the roster (token)
    wave: 2025-najaar
    items:
{items}
    codes: {{A1: 1, A2: 2, A3: 3, A4: 4, A5: 5, A6: null}}   # A6 = n.v.t.
  - file: "S04_2026-najaar_surveymonkey.csv"
    school: S04                                # team from the roster (Email Address)
    wave: 2026-najaar
    date_order: mdy
  - file: "S04_*surveymonkey*.csv"
    school: S04                                # team from the roster (Email Address)
    wave: 2026-voorjaar
    date_order: mdy
  - file: "S01_*"
    school: S01
  - file: "S02_*"
    school: S02
  - file: "S03_*"
    school: S03
  - file: "S04_*"
    school: S04
""", encoding="utf-8")

    (out / "aspiration.yml").write_text("""\
# Shared aspiration of the sample board (see templates/aspiration.example.yml).
aspiration:
  statement:
    nl: >-
      Aan het einde van de basisschool lezen onze leerlingen met begrip, rekenen ze vaardig en
      zijn ze betrokken, zelfstandige en sociale leerders.
    en: >-
      At the end of primary school our pupils read with understanding, are fluent in maths,
      and are engaged, independent and social learners.
indicators:
  - id: lezen_2f
    name: {nl: Begrijpend lezen op streefniveau 2F, en: Reading comprehension at target level 2F}
    part: knowledge
    source: tests
    domain: begrijpend_lezen
    pupils: {jaargroep: [7, 8]}
    moment: M
    statistic: share_at_or_above
    level: 2F
    target: 0.6
    direction: higher
  - id: rekenen_1s
    name: {nl: Rekenen op streefniveau 1S, en: Maths at target level 1S}
    part: knowledge
    source: tests
    domain: rekenen
    pupils: {jaargroep: [7, 8]}
    moment: M
    statistic: share_at_or_above
    level: 1S
    target: 0.45
    direction: higher
  - id: betrokkenheid
    name: {nl: Betrokkenheid (ZIEN!), en: Engagement (ZIEN!)}
    part: attitude
    source: observations
    indicator: BT
    scale: {min: 1, max: 4, name: {nl: ZIEN!-score (1-4), en: ZIEN! score (1-4)}}
    statistic: mean
    target: 2.9
    direction: higher
  - id: sociale_autonomie
    name: {nl: Sociale autonomie (ZIEN!), en: Social autonomy (ZIEN!)}
    part: skills
    source: observations
    indicator: SA
    scale: {min: 1, max: 4, name: {nl: ZIEN!-score (1-4), en: ZIEN! score (1-4)}}
    pupils: {jaargroep: [3, 4, 5, 6, 7, 8]}
    statistic: mean
    target: 2.9
    direction: higher
""", encoding="utf-8")
    (out / SAMPLE_MARKER).write_bytes(b"")


# --- truth -------------------------------------------------------------------------------------
MESSES = [   # (file, reason code the kit should give, what was planted)
    ("S01_2025-najaar_msforms.xlsx", "superseded",
     "a teacher answered twice, four days apart; the earlier response"),
    ("S02_2025-najaar_googleforms.csv", "duplicate",
     "the same submission twice (identical row, same time stamp)"),
    ("S02_2025-najaar_googleforms.csv", "unknown_team",
     "team 'Team Zonnebloem', which the organisation does not know"),
    ("S03_2025-najaar_qualtrics-numeric.csv", "preview", "a survey preview (Status 1)"),
    ("S03_2025-najaar_qualtrics-numeric.csv", "incomplete",
     "an unfinished response (Finished 0, Progress below 100, 12 statements answered)"),
    ("S03_2026-voorjaar_qualtrics-text.csv", "test", "a generated test response ('Survey Test')"),
    ("S04_2025-najaar_limesurvey.csv", "incomplete",
     "a response never submitted (empty submitdate, lastpage 2; pages H3-H5 NULL)"),
    ("S04_2026-voorjaar_surveymonkey.csv", "no_answers",
     "a teacher who opened the survey and answered nothing"),
    ("S01_zien_groepsoverzicht.xlsx", "total_row", "the 'Gemiddelde' row under the report"),
    ("S03_zien_export.csv", "unknown_group", "a pupil in 'Schakelklas', a group no team teaches"),
]


def corr(frame: pd.DataFrame, x: str, y: str) -> dict:
    f = frame[[x, y]].dropna()
    r = float(f[x].corr(f[y]))
    out = {"r": round(r, 4), "n_teams": int(len(f))}
    if len(f) > 3:
        out["ci95"] = fisher_ci(r, len(f))
    return out


def make_truth(gen: Gen, obs: pd.DataFrame, tst: pd.DataFrame, pupil_files: list[str],
               pupils: list[Pupil]) -> dict:
    # habit scores of every valid response (blank and n.v.t. missing; at least 2/3 answered)
    recs = []
    for (school, wave), rows in gen.rows.items():
        for r in rows:
            if r.kind == "valid":
                for item in ITEMS:
                    v = r.answers[item.id]
                    recs.append((r.person.email, r.team, wave, item.habit,
                                 float(v) if isinstance(v, int) else np.nan))
    a = pd.DataFrame(recs, columns=["who", "team", "wave", "habit", "value"])
    k = {h.id: len(h.items) for h in INST.habits}
    s = a.groupby(["who", "team", "wave", "habit"], sort=True)["value"].agg(["mean", "count"])
    s = s.reset_index()
    need = s["habit"].map(lambda h: math.ceil(k[h] * INST.min_answered_share - 0.01))
    s.loc[s["count"] < need, "mean"] = np.nan
    habit_means = s.groupby(["team", "wave", "habit"])["mean"].mean()
    n_valid = a.drop_duplicates(["who", "wave"]).groupby(["team", "wave"]).size()

    o = obs.copy()
    bt = o.groupby(["team", "wave"])["BT"].mean()
    sa = o[o["jg"] >= 3].groupby(["team", "wave"])["SA"].mean()
    n_obs = o.groupby(["team", "wave"])["no"].nunique()
    m = tst[(tst["moment"] == "M") & tst["jg"].isin([7, 8])]
    read = m[m["domain"] == "begrijpend_lezen"].groupby("team")["ref"]
    maths = m[m["domain"] == "rekenen"].groupby("team")["ref"]

    teams, table = {}, []
    for t in TEAM_IDS:
        tt = gen.team[t]
        entry = {
            "school": TEAMS[t]["school"], "name": TEAMS[t]["name"],
            "size": TEAMS[t]["size"], "groups": TEAMS[t]["groups"],
            "latent": r4(tt["latent"]), "h3_change": r4(tt["change"]),
            "h3_change_2026": r4(tt["change3"]),
            "h3_true_mean": {w: r4(tt["habit"]["H3"][w]) for w in WAVES},
            "habit_true_mean": {h: {w: r4(tt["habit"][h][w]) for w in WAVES} for h in HABITS},
            "bt_true_mean": {w: r4(tt["zien"]["BT"][w]) for w in WAVES},
            "sa_true_mean": {w: r4(tt["zien"]["SA"][w]) for w in WAVES},
            "reading_shift": r4(tt["shift"]["begrijpend_lezen"]),
            "n_valid": {w: int(n_valid.get((t, w), 0)) for w in WAVES},
            "below_threshold": {w: bool(n_valid.get((t, w), 0) < THRESHOLD) for w in WAVES},
            "observed": {
                "habit_mean": {h: {w: r4(habit_means.get((t, w, h), np.nan)) for w in WAVES}
                               for h in HABITS},
                "betrokkenheid": {w: r4(bt.get((t, w), np.nan)) for w in WAVES},
                "sociale_autonomie": {w: r4(sa.get((t, w), np.nan)) for w in WAVES},
                "n_pupils_observed": {w: int(n_obs.get((t, w), 0)) for w in WAVES},
                "lezen_2f_share_M78": r4(read.apply(lambda x: (x == "2F").mean()).get(t)),
                "rekenen_1s_share_M78": r4(maths.apply(lambda x: (x == "1S").mean()).get(t)),
                "n_pupils_M78": int(read.size().get(t, 0)),
            },
        }
        if TEAMS[t]["school"] == "S04" and entry["observed"]["n_pupils_M78"]:
            entry["observed"]["note"] = ("Boom-like tests: no M/E moment in the export; the "
                                         "shares are of the winter (January) administration")
        teams[t] = entry
        row = {"team": t, "latent": tt["latent"], "h3_true_w1": tt["habit"]["H3"][W1],
               "bt_true_w1": tt["zien"]["BT"][W1]}
        for w, tag in ((W1, "w1"), (W2, "w2"), (W3, "w3")):
            ok = n_valid.get((t, w), 0) >= THRESHOLD
            for h in HABITS:
                row[f"{h}_{tag}"] = habit_means.get((t, w, h), np.nan) if ok else np.nan
            row[f"bt_{tag}"] = bt.get((t, w), np.nan)
        row["read"] = entry["observed"]["lezen_2f_share_M78"]
        table.append(row)
    f = pd.DataFrame(table)
    f["read"] = f["read"].astype(float)
    f["dH3"], f["dBT"] = f["H3_w2"] - f["H3_w1"], f["bt_w2"] - f["bt_w1"]
    f["dH3b"], f["dBTb"] = f["H3_w3"] - f["H3_w2"], f["bt_w3"] - f["bt_w2"]
    relation = {
        "definition": "Pearson r of team means across the teams with at least 5 valid "
                      "respondents in the wave (habit scores: mean of the answered items when "
                      "at least 2/3 are answered; Betrokkenheid: mean over the team's observed "
                      "pupils in that wave); 95 % CI from Fisher's z",
        "h3_betrokkenheid": {w: corr(f, f"H3_{tag}", f"bt_{tag}")
                             for w, tag in ((W1, "w1"), (W2, "w2"), (W3, "w3"))},
        "change_on_change": corr(f, "dH3", "dBT"),
        "change_on_change_spring_to_autumn_2026": corr(f, "dH3b", "dBTb"),
        "other_habits_betrokkenheid_autumn": {h: corr(f, f"{h}_w1", "bt_w1")["r"]
                                              for h in HABITS if h != "H3"},
        "h3_lezen_2f_autumn": {**corr(f, "H3_w1", "read"),
                               "note": "only the 4 teams with jaargroep 7-8 pupils: too few "
                                       "teams to show a relation"},
        "true_parameters_h3_betrokkenheid_autumn": round(float(f["h3_true_w1"].corr(
            f["bt_true_w1"])), 4),
    }
    mover = next(p for p in pupils if p.moved)
    files = {}
    for school, wave, tool, name in SURVEY_FILES:
        rows = gen.rows[(school, wave)]
        rej: dict[str, int] = {}
        for r in rows:
            if r.kind not in ("valid", "leader"):
                rej[r.kind] = rej.get(r.kind, 0) + 1
        files[name] = {"kind": "survey", "school": school, "wave": wave, "tool": tool,
                       "rows_read": len(rows), "accepted": len(rows) - sum(rej.values()),
                       "rejected": dict(sorted(rej.items()))}
    for name in pupil_files:
        rej = {m[1]: 1 for m in MESSES if m[0] == name}
        files[name] = {"kind": "observations" if "zien" in name else "tests",
                       "school": name[:3], "rejected": rej}
    return {
        "seed": SEED, "board": "BRD01",
        "generated_with": {"numpy": np.__version__, "pandas": pd.__version__,
                           "openpyxl": openpyxl.__version__},
        "model": {
            "h3_team_mean": f"{H3_BASE} + {H3_SD} L (autumn 2025); + {CHANGE_MEAN} + {CHANGE_SD} D "
                            f"(spring 2026); + {CHANGE_MEAN} + {CHANGE_SD} D3 (autumn 2026); "
                            "L standardised over the 14 teams, D uncorrelated with L, D3 with "
                            "L and D",
            "other_habits": f"base + {OTHER_SD} O_h, O_h uncorrelated with L and D",
            "answer": f"round(team mean + {PERSON_G} g + {PERSON_H} s_habit + item offset "
                      f"(sd {ITEM_SD}) + N(0, {NOISE_SD})), clipped to 1..5; "
                      f"{BLANK_P:.1%} blank",
            "betrokkenheid_team_mean": f"{BT_BASE} + {BT_SLOPE} (H3 team mean - {H3_BASE}) "
                                       f"+ {BT_RESID} E",
            "reading_ability": f"{READ_SLOPE} L + N(0, 1); 2F at national z >= -0.253",
        },
        "survey_files": [f[3] for f in SURVEY_FILES], "pupil_files": pupil_files,
        "files": files,
        "messes": [{"file": a, "reason": b, "what": c} for a, b, c in MESSES],
        "mover": {"pupil": mover.no, "jaargroep": mover.jg, "date": MOVE_DATE.isoformat(),
                  "from": {"school": "S02", "group": "6", "team": mover.team},
                  "to": {"school": "S01", "group": "6", "team": "S01-BB"},
                  "school_year_2026": dict(zip(("school", "group", "team", "jaargroep"),
                                               mover.next, strict=True))},
        "school_year_2026": {
            "date": NEW_YEAR.isoformat(),
            "left": sum(1 for p in pupils if not p.new and p.next is None),
            "new": sum(1 for p in pupils if p.new),
            "rule": "every pupil moves up a jaargroep (a combination group keeps its pupils "
                    "while their jaargroep is in it, the plus group its own); groep 8 left; "
                    "new pupils in the groups with jaargroep 1"},
        "relation": relation, "teams": teams, "leaders": leader_truth(gen),
    }


def leader_truth(gen: Gen) -> dict:
    """Per school and wave the director's own H2 score and the team members' mean H2 score
    (habit scores as in the reports; the school's team members, every team)."""
    out = {}
    k = math.ceil(len(INST.habit("H2").items) * INST.min_answered_share - 0.01)
    for (school, wave), leader in sorted(gen.leaders.items()):
        own = [leader.answers[i.id] for i in INST.habit("H2").items]
        team = []
        for r in gen.rows[(school, wave)]:
            if r.kind != "valid":
                continue
            v = [r.answers[i.id] for i in INST.habit("H2").items]
            v = [float(x) for x in v if isinstance(x, int)]
            if len(v) >= k:
                team.append(float(np.mean(v)))
        first, last, typed, gap = LEADERS[school]
        out.setdefault(school, {})[wave] = {
            "role_answer": typed, "role": "directeur", "token": leader.person.token,
            "planted_gap": gap, "h2_own": r4(float(np.mean(own))),
            "h2_team_mean": r4(float(np.mean(team))), "h2_team_n": len(team),
            "h2_gap": r4(float(np.mean(own)) - float(np.mean(team)))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write the fictional sample board.")
    ap.add_argument("--out", type=Path, default=HERE, help="folder to write (default: here)")
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    gen = Gen()
    for school, wave, tool, name in SURVEY_FILES:
        rows = gen.rows[(school, wave)]
        if tool == "msforms":
            write_msforms(out, name, rows, wave)
        elif tool == "googleforms":
            write_google(out, name, rows)
        elif tool == "googleforms-excel":
            write_google_excel(out, name, rows)
        elif tool.startswith("qualtrics"):
            write_qualtrics(out, name, rows, numeric=tool.endswith("numeric"))
        elif tool == "limesurvey":
            write_limesurvey(out, name, rows)
        else:
            write_surveymonkey(out, name, rows, wave)
    pupils = make_pupils(gen)
    obs, tst = make_observations(gen, pupils), make_tests(pupils)
    pupil_files = write_pupil_files(out, obs, tst)
    write_config(out, gen)
    truth = make_truth(gen, obs, tst, pupil_files, pupils)
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    rel = truth["relation"]["h3_betrokkenheid"]
    print(f"wrote {len(SURVEY_FILES)} survey and {len(pupil_files)} pupil-data exports to {out}; "
          f"H3 x Betrokkenheid r = {rel[W1]['r']} (autumn 2025), {rel[W2]['r']} (spring 2026), "
          f"{rel[W3]['r']} (autumn 2026)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
