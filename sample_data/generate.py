"""Seeded generator of the fictional sample board in sample_data/.

    python sample_data/generate.py [--out DIR]

Writes, byte-identically on every run, a board of 4 schools and 14 teams over two waves:
survey exports in six layouts (Microsoft Forms xlsx, Google Forms CSV, the same after a Dutch
Excel round trip, Qualtrics numeric and choice-text CSV, LimeSurvey code CSV, SurveyMonkey CSV),
ZIEN!-like observation exports and Cito/Boom-like test exports, plus the organisation file,
roster, mapping and aspiration files. Each export is written the way its tool documents it
(shared/reference/export_formats.md), without using the kit's readers.

The planted relation and the planted messes are documented in sample_data/README.md; the true
team parameters are written to truth.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from kit import instrument as _instrument  # noqa: E402  (item texts only)

SEED = 20251014
FIXED = dt.datetime(2026, 4, 30, 12, 0, 0)
WAVES = {"2025-najaar": (dt.date(2025, 10, 13), 20), "2026-voorjaar": (dt.date(2026, 3, 9), 20)}
OBS_DATES = {"2025-najaar": dt.date(2025, 11, 17), "2026-voorjaar": dt.date(2026, 4, 13)}
ZIEN = [("Betrokkenheid", "BT"), ("Welbevinden", "WB"), ("Sociaal initiatief", "SI"),
        ("Sociale flexibiliteit", "SF"), ("Sociale autonomie", "SA"),
        ("Impulsbeheersing", "IB"), ("Inlevingsvermogen", "IL")]
LABELS = ["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens"]
FIRST = ["Anna", "Bram", "Cor", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Joris", "Kim",
         "Lotte", "Maarten", "Noor", "Olga", "Pieter", "Roos", "Sem", "Tess", "Umar", "Vera",
         "Wim", "Yara", "Zoë"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
        "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer"]

SCHOOLS = [
    {"id": "S01", "name": "Basisschool De Linde", "domain": "delinde.voorbeeld.nl",
     "survey": {"2025-najaar": "msforms", "2026-voorjaar": "msforms"},
     "teams": [("S01-OB", "Onderbouw", 9, ["1/2a", "1/2b", "3"]),
               ("S01-MB", "Middenbouw", 8, ["4", "5"]),
               ("S01-BB", "Bovenbouw", 9, ["6", "7/8"])]},
    {"id": "S02", "name": "Het Kompas", "domain": "hetkompas.voorbeeld.nl",
     "survey": {"2025-najaar": "googleforms", "2026-voorjaar": "googleforms-excel"},
     "teams": [("S02-U12", "Unit 1-2", 6, ["1/2"]), ("S02-U34", "Unit 3-4", 7, ["3", "4"]),
               ("S02-U56", "Unit 5-6", 7, ["5", "6"]), ("S02-U78", "Unit 7-8", 8, ["7", "8"])]},
    {"id": "S03", "name": "De Regenboog", "domain": "regenboog.voorbeeld.nl",
     "survey": {"2025-najaar": "qualtrics-numeric", "2026-voorjaar": "qualtrics-text"},
     "teams": [("S03-KL", "Kleuters", 7, ["1/2a", "1/2b"]), ("S03-OB", "Onderbouw", 8, ["3", "4"]),
               ("S03-MB", "Middenbouw", 7, ["5", "6"]), ("S03-BB", "Bovenbouw", 9, ["7", "8"])]},
    {"id": "S04", "name": "Sterrenwacht", "domain": "sterrenwacht.voorbeeld.nl",
     "survey": {"2025-najaar": "limesurvey", "2026-voorjaar": "surveymonkey"},
     "teams": [("S04-OB", "Onderbouw", 10, ["1/2", "3", "4"]),
               ("S04-BB", "Bovenbouw", 12, ["5", "6", "7/8"]),
               ("S04-PK", "Plusteam", 4, ["plusklas"])]},
]
SMALL_TEAM = "S04-PK"


class Gen:
    """Holds the random generator and the growing truth."""

    def __init__(self, out: Path) -> None:
        self.rng = np.random.default_rng(SEED)
        self.out = out
        self.inst = _instrument.load()
        self.truth: dict = {"seed": SEED, "teams": {}}
        self.pupil_no = 104000

    # ------------------------------------------------------------------ writing helpers
    def write_csv(self, name: str, rows: list[list[object]], *, delimiter=",", encoding="utf-8",
                  bom=False, quote_all=False, crlf=True) -> None:
        buf = io.StringIO(newline="")
        w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
                       quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        w.writerows(rows)
        data = buf.getvalue().encode(encoding)
        (self.out / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)

    def write_xlsx(self, name: str, rows: list[list[object]], sheet: str = "Sheet1") -> None:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = sheet
        for r in rows:
            ws.append(r)
        wb.properties.created = FIXED
        wb.properties.modified = FIXED
        wb.properties.creator = "kit sample generator"
        raw = io.BytesIO()
        wb.save(raw)
        # fixed zip timestamps, so the file is byte-identical on every run
        src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
        dst_buf = io.BytesIO()
        with zipfile.ZipFile(dst_buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":   # openpyxl stamps 'modified' on save
                    data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-04-30T12:00:00Z",
                                  data)
                zi = zipfile.ZipInfo(info.filename, date_time=(2026, 4, 30, 12, 0, 0))
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = 0o600 << 16
                dst.writestr(zi, data)
        (self.out / name).write_bytes(dst_buf.getvalue())

    # ------------------------------------------------------------------ people
    def staff(self, school: dict, team: tuple, n: int) -> list[dict]:
        people = []
        for k in range(n):
            first = FIRST[int(self.rng.integers(len(FIRST)))]
            last = LAST[int(self.rng.integers(len(LAST)))]
            email = f"{first[0].lower()}.{last.replace(' ', '').lower()}{k}" \
                    f"{team[0][-2:].lower()}@{school['domain']}"
            people.append({"first": first, "last": last, "email": email,
                           "token": f"tk{team[0].replace('-', '').lower()}{k:02d}",
                           "role": "leerkracht" if k else "bouwcoördinator",
                           "team": team[0], "team_name": team[1], "school": school["id"]})
        return people

    # ------------------------------------------------------------------ latent model
    def team_parameters(self) -> None:
        for school in SCHOOLS:
            for tid, _name, _size, _groups in school["teams"]:
                latent = float(self.rng.normal())
                change = float(self.rng.normal(0, 0.35))
                h3 = {"2025-najaar": 3.3 + 0.45 * latent,
                      "2026-voorjaar": 3.3 + 0.45 * latent + change}
                other = {h.id: float(3.5 + 0.3 * self.rng.normal())
                         for h in self.inst.habits if h.id != "H3"}
                bt = {w: 2.85 + 0.55 * (h3[w] - 3.3) + float(self.rng.normal(0, 0.08))
                      for w in WAVES}
                self.truth["teams"][tid] = {
                    "latent": round(latent, 4), "h3_change": round(change, 4),
                    "h3_true_mean": {w: round(v, 4) for w, v in h3.items()},
                    "other_habit_true_mean": {k: round(v, 4) for k, v in other.items()},
                    "bt_true_mean": {w: round(v, 4) for w, v in bt.items()},
                }

    def answers(self, tid: str, wave: str) -> list[int | None]:
        t = self.truth["teams"][tid]
        person = float(self.rng.normal(0, 0.45))
        out = []
        for item in self.inst.items:
            mean = t["h3_true_mean"][wave] if item.habit == "H3" else \
                t["other_habit_true_mean"][item.habit]
            v = int(np.clip(np.rint(mean + person + self.rng.normal(0, 0.55)), 1, 5))
            out.append(None if self.rng.random() < 0.02 else v)
        return out

    # ------------------------------------------------------------------ survey responses
    def responses(self, school: dict, wave: str, staff: dict) -> list[dict]:
        start, days = WAVES[wave]
        out = []
        for team in school["teams"]:
            people = staff[team[0]]
            for k, p in enumerate(people):
                answers_ = team[0] == SMALL_TEAM and k < 3 or \
                    team[0] != SMALL_TEAM and self.rng.random() < 0.85
                if not answers_:
                    continue
                day = int(self.rng.integers(days))
                t0 = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(
                    int(self.rng.integers(7, 18)), int(self.rng.integers(60)),
                    int(self.rng.integers(60))))
                dur = int(self.rng.integers(240, 1500))
                out.append({"person": p, "answers": self.answers(team[0], wave), "start": t0,
                            "end": t0 + dt.timedelta(seconds=dur), "dur": dur})
        out.sort(key=lambda r: r["end"])
        return out

    def habit_of(self, item) -> str:
        return self.inst.habit(item.habit).label("nl")

    def write_msforms(self, school: dict, wave: str, resp: list[dict], name: str) -> None:
        # mess: in the autumn one teacher fills in the form twice (the later one counts)
        if wave == "2025-najaar":
            again = dict(resp[2])
            again["answers"] = self.answers(again["person"]["team"], wave)
            again["start"] = again["start"] + dt.timedelta(days=2)
            again["end"] = again["end"] + dt.timedelta(days=2)
            resp = resp + [again]
        header = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam",
                  "Tijd van laatste wijziging", "In welk team werk je?"] + \
            [i.nl for i in self.inst.items]
        rows = [header]
        for n, r in enumerate(resp, start=1):
            p = r["person"]
            ans = [("n.v.t." if self.rng.random() < 0.01 else LABELS[v - 1]) if v else None
                   for v in r["answers"]]
            rows.append([n, r["start"], r["end"], p["email"], f"{p['first']} {p['last']}",
                         None, p["team_name"]] + ans)
        self.write_xlsx(name, rows, sheet="Form1")

    def _google_rows(self, resp: list[dict], wave: str, excel: bool) -> list[list[object]]:
        header = ["Tijdstempel", "E-mailadres", "In welk team werk je?"] + \
            [f"{self.habit_of(i)} [{i.nl}]" for i in self.inst.items]
        rows = [header]
        variants = {3: ["Neutraal", "Niet eens/niet oneens", "NEUTRAAL"],
                    4: ["Mee eens", "mee eens ", "Mee eens"]}
        for r in resp:
            p, t = r["person"], r["end"]
            if excel:
                stamp = f"{t.day}-{t.month}-{t.year} {t.hour}:{t.minute:02d}"
            else:
                zone = "CEST" if _is_summer(t) else "CET"
                h12 = t.hour % 12 or 12
                stamp = f"{t:%Y/%m/%d} {h12}:{t:%M:%S} {'p.m.' if t.hour >= 12 else 'a.m.'} {zone}"
            ans = []
            for v in r["answers"]:
                if v is None:
                    ans.append("")
                elif v in variants:
                    ans.append(variants[v][int(self.rng.integers(len(variants[v])))])
                else:
                    ans.append(LABELS[v - 1])
            rows.append([stamp, p["email"], p["team_name"]] + ans)
        return rows

    def write_google(self, school: dict, wave: str, resp: list[dict], name: str,
                     excel: bool) -> None:
        rows = self._google_rows(resp, wave, excel)
        if not excel:
            rows.insert(5, list(rows[4]))                    # mess: exact duplicate submission
            odd = list(rows[7])
            odd[2] = "Team Zonnebloem"                       # mess: team the org does not know
            rows[7] = odd
            self.write_csv(name, rows, quote_all=True, crlf=False)
        else:
            self.write_csv(name, rows, delimiter=";", encoding="cp1252")

    def write_qualtrics(self, school: dict, wave: str, resp: list[dict], name: str,
                        numeric: bool) -> None:
        lead = ["StartDate", "EndDate", "Status", "IPAddress", "Progress",
                "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
                "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
                "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
        lead_nl = ["Begindatum", "Einddatum", "Antwoordtype", "IP-adres", "Voortgang",
                   "Duur (in seconden)", "Voltooid", "Opnamedatum", "Antwoord-ID",
                   "Achternaam ontvanger", "Voornaam ontvanger", "E-mailadres ontvanger",
                   "Externe gegevensreferentie", "Locatie breedtegraad", "Locatie lengtegraad",
                   "Distributiekanaal", "Taal gebruiker"]
        tz = '"timeZone":"Europe/Amsterdam"'
        ids = ['{"ImportId":"startDate",' + tz + '}', '{"ImportId":"endDate",' + tz + '}',
               '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}',
               '{"ImportId":"duration"}', '{"ImportId":"finished"}',
               '{"ImportId":"recordedDate",' + tz + '}', '{"ImportId":"_recordId"}',
               '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}',
               '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}',
               '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}',
               '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']
        tags, texts, qids = [], [], []
        for h_n, habit in enumerate(self.inst.habits, start=1):
            for i_n, item in enumerate(habit.items, start=1):
                tags.append(f"Q{h_n}_{i_n}")
                texts.append(f"{habit.label('nl')} - {item.nl}")
                qids.append('{"ImportId":"QID%d_%d"}' % (h_n, i_n))
        rows = [lead + tags, lead_nl + texts, ids + qids]
        extra = []
        if wave == "2025-najaar":   # mess: a preview and an unfinished response
            extra = [("preview", resp[0]), ("unfinished", resp[1])]
        else:                       # mess: a test response
            extra = [("test", resp[0])]
        for kind, r in [(None, r) for r in resp] + extra:
            p = r["person"]
            status = {"preview": 1, "test": 2}.get(kind, 0)
            finished = kind != "unfinished"
            vals = r["answers"] if kind != "unfinished" else r["answers"][:12] + [None] * 27
            if numeric:
                ans = ["" if v is None else str(v) for v in vals]
                st, fin = str(status), "1" if finished else "0"
            else:
                ans = ["" if v is None else LABELS[v - 1] for v in vals]
                st = {0: "IP Address", 1: "Survey Preview", 2: "Survey Test"}[status]
                fin = "True" if finished else "False"
            rid = "R_" + "".join("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[
                int(x)] for x in self.rng.integers(0, 56, 15))
            prog = "100" if finished else "31"
            rows.append([f"{r['start']:%Y-%m-%d %H:%M:%S}", f"{r['end']:%Y-%m-%d %H:%M:%S}", st,
                         f"192.0.2.{int(self.rng.integers(1, 250))}", prog, str(r["dur"]), fin,
                         f"{r['end']:%Y-%m-%d %H:%M:%S}", rid,
                         "" if kind == "preview" else p["last"],
                         "" if kind == "preview" else p["first"],
                         "" if kind == "preview" else p["email"], "", "52.0907", "5.1214",
                         "preview" if kind == "preview" else "email", "NL"] + ans)
        self.write_csv(name, rows)

    def write_limesurvey(self, school: dict, wave: str, resp: list[dict], name: str) -> None:
        codes = []
        for habit in self.inst.habits:
            for n, _item in enumerate(habit.items, start=1):
                codes.append(f"{habit.id}[SQ{n:03d}]")
        header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
                  "datestamp"] + codes
        lines = [header]
        for n, r in enumerate(resp, start=1):
            incomplete = n == 4                      # mess: never submitted
            vals = []
            for k, v in enumerate(r["answers"]):
                if incomplete and k >= 16:
                    vals.append(None)                # never shown: NULL
                elif v is None:
                    vals.append("")                  # shown, not answered
                elif self.rng.random() < 0.01:
                    vals.append("A6")                # n.v.t.
                else:
                    vals.append(f"A{v}")
            stamp = f"{r['end']:%Y-%m-%d %H:%M:%S}"
            lines.append([str(n), None if incomplete else stamp, "2" if incomplete else "5",
                          "nl", str(int(self.rng.integers(10**8, 10**9))), r["person"]["token"],
                          f"{r['start']:%Y-%m-%d %H:%M:%S}", stamp] + vals)
        out = []
        for row in lines:
            out.append(";".join('' if v is None else '"' + str(v).replace('"', '""') + '"'
                                for v in row))
        data = "\r\n".join(out) + "\r\n\r\n"
        (self.out / name).write_bytes(b"\xef\xbb\xbf" + data.encode("utf-8"))

    def write_surveymonkey(self, school: dict, wave: str, resp: list[dict], name: str) -> None:
        lead = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
                "Email Address", "First Name", "Last Name", "Custom Data 1"]
        top, sub = list(lead), [""] * len(lead)
        for habit in self.inst.habits:
            for n, item in enumerate(habit.items):
                top.append(f"In hoeverre herken je dit? ({habit.label('nl')})" if n == 0 else "")
                sub.append(item.nl)
        rows = [top, sub]
        for n, r in enumerate(resp):
            p = r["person"]
            ans = ["" if v is None else LABELS[v - 1] for v in r["answers"]]
            if n == 5:
                ans = [""] * len(ans)                # mess: opened, answered nothing
            rows.append([str(11800000000 + n * 7), "432112345",
                         _us(r["start"]), _us(r["end"]), f"198.51.100.{n + 1}", p["email"],
                         p["first"], p["last"], ""] + ans)
        self.write_csv(name, rows)

    # ------------------------------------------------------------------ pupils
    def pupils(self) -> list[dict]:
        out = []
        for school in SCHOOLS:
            for tid, _name, _size, groups in school["teams"]:
                for g in groups:
                    if g == "plusklas":
                        years, n = [5, 6, 7, 8], 8
                    else:
                        years = [int(x) for x in g.rstrip("ab").split("/")]
                        n = int(self.rng.integers(20, 28))
                    for _ in range(n):
                        self.pupil_no += int(self.rng.integers(1, 4))
                        out.append({"no": str(self.pupil_no), "school": school["id"],
                                    "team": tid, "group": g,
                                    "jg": years[int(self.rng.integers(len(years)))],
                                    "first": FIRST[int(self.rng.integers(len(FIRST)))],
                                    "last": LAST[int(self.rng.integers(len(LAST)))],
                                    "ability": float(self.rng.normal()),
                                    "social": float(self.rng.normal())})
        return out

    def observations(self, pupils: list[dict]) -> dict[str, list[dict]]:
        rows: dict[str, list[dict]] = {s["id"]: [] for s in SCHOOLS}
        mover = next(p for p in pupils if p["school"] == "S02" and p["group"] == "6")
        for wave, date in OBS_DATES.items():
            for p in pupils:
                school, group, team = p["school"], p["group"], p["team"]
                if p is mover and wave == "2026-voorjaar":   # mess: moved to De Linde
                    school, group, team = "S01", "6", "S01-BB"
                bt = self.truth["teams"][team]["bt_true_mean"][wave]
                vals = {}
                for label, code in ZIEN:
                    mean = bt if code == "BT" else 2.9 + 0.25 * p["social"]
                    v = mean + (0.2 * p["social"] if code == "BT" else 0) + \
                        float(self.rng.normal(0, 0.3))
                    vals[code] = round(float(np.clip(v, 1, 4)), 2)
                rows[school].append({**p, "school": school, "group": group, "team": team,
                                     "date": date, "vals": vals})
        return rows

    def tests(self, pupils: list[dict]) -> dict[str, list[dict]]:
        rows: dict[str, list[dict]] = {s["id"]: [] for s in SCHOOLS}
        for p in pupils:
            if p["jg"] < 3 or p["group"] == "plusklas":
                continue
            latent = self.truth["teams"][p["team"]]["latent"]
            for domain, label, first_jg in (("begrijpend_lezen", "Begrijpend lezen", 4),
                                            ("rekenen", "Rekenen-Wiskunde", 3),
                                            ("spelling", "Spelling", 3)):
                if p["jg"] < first_jg:
                    continue
                boost = 0.35 * latent if domain == "begrijpend_lezen" else 0.0
                for moment, date in (("M", dt.date(2026, 1, 26)), ("E", dt.date(2026, 6, 8))):
                    z = p["ability"] + boost + float(self.rng.normal(0, 0.35))
                    pct = float(100 / (1 + np.exp(-1.7 * z)))
                    grow = 0 if moment == "M" else 6
                    score = round(100 + 14 * p["jg"] + grow + 12 * z, 1)
                    if p["school"] == "S04":   # Boom: free dates, its own ability scale
                        date = date + dt.timedelta(days=int(self.rng.integers(-12, 12)))
                        score = round(40 + 5 * p["jg"] + 2 * grow / 6 + 4 * z, 1)
                    rows[p["school"]].append({**p, "domain": domain, "label": label,
                                              "moment": moment, "date": date, "score": score,
                                              "pct": round(pct), "ref": _ref(domain, p["jg"], pct)})
        return rows

    def write_pupil_files(self, pupils: list[dict]) -> list[str]:
        obs, tst = self.observations(pupils), self.tests(pupils)
        files = []
        # S01: ParnasSys-like report workbook, wide, with title rows, names and an average row
        rows = [["Groepsoverzicht ZIEN! - Basisschool De Linde"],
                ["Geëxporteerd op 30-04-2026 12:00"], [],
                ["Leerlingnummer", "Roepnaam", "Achternaam", "Groep", "Jaargroep",
                 "Observatiedatum"] + [z for z, _ in ZIEN]]
        for r in obs["S01"]:
            rows.append([r["no"], r["first"], r["last"], r["group"], r["jg"],
                         r["date"].strftime("%d-%m-%Y")] + [r["vals"][c] for _, c in ZIEN])
        rows.append(["Gemiddelde", None, None, None, None, None] +
                    [round(float(np.mean([r["vals"][c] for r in obs["S01"]])), 2)
                     for _, c in ZIEN])
        self.write_xlsx("S01_zien_groepsoverzicht.xlsx", rows, sheet="Overzicht")
        files.append("S01_zien_groepsoverzicht.xlsx")
        # S02: long layout, Dutch Excel CSV
        rows = [["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Datum", "Indicator", "Score"]]
        for r in obs["S02"]:
            for z, c in ZIEN:
                rows.append([r["no"], f"{r['first']} {r['last']}", r["group"], r["jg"],
                             r["date"].strftime("%d-%m-%Y"), z, _comma(r["vals"][c])])
        self.write_csv("S02_zien_observaties.csv", rows, delimiter=";", encoding="cp1252")
        files.append("S02_zien_observaties.csv")
        # S03: wide CSV with dimension codes and a school column; one unknown group
        rows = [["School", "Leerling ID", "Voornaam", "Groep", "Leerjaar", "Datum"] +
                [c for _, c in ZIEN]]
        for r in obs["S03"]:
            rows.append(["De Regenboog", r["no"], r["first"], r["group"], r["jg"],
                         r["date"].isoformat()] + [r["vals"][c] for _, c in ZIEN])
        rows.append(["De Regenboog", "199999", "Sam", "Schakelklas", "5", "2025-11-17"] +
                    ["3"] * 7)                       # mess: a group no team teaches
        self.write_csv("S03_zien_export.csv", rows)
        files.append("S03_zien_export.csv")
        # S04: plain wide workbook
        rows = [["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Datum"] + [z for z, _ in ZIEN]]
        for r in obs["S04"]:
            rows.append([r["no"], r["first"], r["group"], r["jg"], r["date"].strftime("%d-%m-%Y")]
                        + [r["vals"][c] for _, c in ZIEN])
        self.write_xlsx("S04_zien.xlsx", rows)
        files.append("S04_zien.xlsx")
        # tests: S01 Cito Dutch Excel CSV, S02 Cito UTF-8 with percentiles, S03 Cito A-E
        # workbook, S04 Boom CSV with free dates
        head = ["Leerlingnummer", "Naam", "Groep", "Jaargroep", "Toets", "Toetsmoment",
                "Afnamedatum", "Vaardigheidsscore", "Niveau", "Referentieniveau"]
        rows = [head] + [[t["no"], f"{t['first']} {t['last']}", t["group"], t["jg"], t["label"],
                          f"{t['moment']}{t['jg']}", t["date"].strftime("%d-%m-%Y"),
                          _comma(t["score"]), _iv(t["pct"]), t["ref"]] for t in tst["S01"]]
        self.write_csv("S01_cito_toetsen.csv", rows, delimiter=";", encoding="cp1252")
        rows = [head + ["Percentiel"]] + [[t["no"], t["first"], t["group"], t["jg"], t["label"],
                                           f"{t['moment']}{t['jg']}", t["date"].isoformat(),
                                           t["score"], _iv(t["pct"]), t["ref"], t["pct"]]
                                          for t in tst["S02"]]
        self.write_csv("S02_cito_toetsen.csv", rows, bom=True)
        rows = [["Overzicht toetsresultaten De Regenboog"], [],
                ["Leerlingnummer", "Achternaam", "Groep", "Jaargroep", "Vakgebied", "Moment",
                 "Toetsdatum", "Vaardigheidsscore", "Niveau", "Referentieniveau", "Leverancier"]]
        rows += [[t["no"], t["last"], t["group"], t["jg"], t["label"], t["moment"],
                  t["date"].strftime("%d-%m-%Y"), t["score"], _ae(t["pct"]), t["ref"], "Cito"]
                 for t in tst["S03"]]
        self.write_xlsx("S03_toetsen.xlsx", rows, sheet="Resultaten")
        rows = [["Leerlingnummer", "Groep", "Jaargroep", "Vakgebied", "Afnamedatum",
                 "Vaardigheidsscore", "Percentiel", "Niveau", "Referentieniveau",
                 "Toetsaanbieder"]]
        rows += [[t["no"], t["group"], t["jg"], t["label"], t["date"].strftime("%d-%m-%Y"),
                  _comma(t["score"]), t["pct"], _iv(t["pct"]), t["ref"], "Boom"]
                 for t in tst["S04"]]
        self.write_csv("S04_boom_toetsen.csv", rows, delimiter=";", encoding="cp1252")
        files += ["S01_cito_toetsen.csv", "S02_cito_toetsen.csv", "S03_toetsen.xlsx",
                  "S04_boom_toetsen.csv"]
        return files


def _is_summer(t: dt.datetime) -> bool:
    """Whether Dutch summer time (CEST) holds at local time ``t`` (2025-2026 switch dates)."""
    return dt.datetime(2025, 3, 30, 2) <= t < dt.datetime(2025, 10, 26, 3) or \
        dt.datetime(2026, 3, 29, 2) <= t < dt.datetime(2026, 10, 25, 3)


def _us(t: dt.datetime) -> str:
    h12 = t.hour % 12 or 12
    return f"{t:%m/%d/%Y} {h12:02d}:{t:%M:%S} {'PM' if t.hour >= 12 else 'AM'}"


def _comma(x: float) -> str:
    return f"{x}".replace(".", ",")


def _iv(pct: float) -> str:
    return "I" if pct > 80 else "II" if pct > 60 else "III" if pct > 40 else "IV" if pct > 20 \
        else "V"


def _ae(pct: float) -> str:
    return "A" if pct > 75 else "B" if pct > 50 else "C" if pct > 25 else "D" if pct > 10 else "E"


def _ref(domain: str, jg: int, pct: float) -> str:
    if jg < 6:
        return ""
    top = "1S" if domain == "rekenen" else "2F"
    cut = 55 if domain == "rekenen" else 35
    return top if pct > cut else "1F" if pct > 6 else "<1F"


def write_config(g: Gen, staff: dict) -> None:
    lines = ["# Fictional board of the kit's sample data (written by generate.py).",
             "board:", "  id: BRD01", "  name: Stichting Samen Leren", "", "waves:",
             "  - id: 2025-najaar", "    label: {nl: Najaar 2025, en: Autumn 2025}",
             "    start: 2025-09-01", "    end: 2026-01-31",
             "  - id: 2026-voorjaar", "    label: {nl: Voorjaar 2026, en: Spring 2026}",
             "    start: 2026-02-01", "    end: 2026-07-31", "", "schools:"]
    for s in SCHOOLS:
        lines += [f"  - id: {s['id']}", f"    name: {s['name']}", "    teams:"]
        for tid, name, size, groups in s["teams"]:
            gl = ", ".join(f'"{x}"' for x in groups)
            lines.append(f"      - {{id: {tid}, name: {name}, size: {size}, groups: [{gl}]}}")
    (g.out / "org.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [["email", "token", "school", "team", "role"]]
    for s in SCHOOLS:
        if s["id"] in ("S03", "S04"):
            for tid, *_ in s["teams"]:
                rows += [[p["email"], p["token"], s["id"], tid, p["role"]] for p in staff[tid]]
    g.write_csv("roster.csv", rows, crlf=False)
    items = "\n".join(f'      "{h.id}[SQ{n:03d}]": {i.id}' for h in g.inst.habits
                      for n, i in enumerate(h.items, start=1))
    (g.out / "mapping.yml").write_text(f"""# Mapping of the sample board's exports (see templates/mapping.example.yml).
defaults:
  timezone: Europe/Amsterdam

sources:
  - file: "S04_*limesurvey*.csv"
    school: S04
    items:
{items}
    codes: {{A1: 1, A2: 2, A3: 3, A4: 4, A5: 5, A6: null}}
  - file: "S01_*"
    school: S01
  - file: "S02_*"
    school: S02
  - file: "S03_*"
    school: S03
  - file: "S04_*"
    school: S04
""", encoding="utf-8")
    (g.out / "aspiration.yml").write_text("""# Shared aspiration of the sample board (see templates/aspiration.example.yml).
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
    pupils: {jaargroep: [6, 7, 8]}
    statistic: share_at_or_above
    level: 2F
    target: 0.6
    direction: higher
  - id: rekenen_1s
    name: {nl: Rekenen op streefniveau 1S, en: Maths at target level 1S}
    part: knowledge
    source: tests
    domain: rekenen
    pupils: {jaargroep: [6, 7, 8]}
    statistic: share_at_or_above
    level: 1S
    target: 0.4
    direction: higher
  - id: betrokkenheid
    name: {nl: Betrokkenheid (ZIEN!), en: Engagement (ZIEN!)}
    part: attitude
    source: observations
    indicator: BT
    statistic: mean
    target: 2.9
    direction: higher
  - id: sociale_autonomie
    name: {nl: Sociale autonomie (ZIEN!), en: Social autonomy (ZIEN!)}
    part: skills
    source: observations
    indicator: SA
    pupils: {jaargroep: [3, 4, 5, 6, 7, 8]}
    statistic: mean
    target: 2.9
    direction: higher
""", encoding="utf-8")
    (g.out / ".kit-sample").write_text(
        "This folder holds fictional sample data; the kit ingests it without a key.\n",
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write the fictional sample board.")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    g = Gen(args.out)
    g.team_parameters()
    staff = {t[0]: g.staff(s, t, t[2]) for s in SCHOOLS for t in s["teams"]}
    surveys = []
    for s in SCHOOLS:
        for wave, fmt in s["survey"].items():
            resp = g.responses(s, wave, staff)
            ext = "xlsx" if fmt == "msforms" else "csv"
            name = f"{s['id']}_{wave}_{fmt}.{ext}"
            if fmt == "msforms":
                g.write_msforms(s, wave, resp, name)
            elif fmt.startswith("googleforms"):
                g.write_google(s, wave, resp, name, excel=fmt.endswith("excel"))
            elif fmt.startswith("qualtrics"):
                g.write_qualtrics(s, wave, resp, name, numeric=fmt.endswith("numeric"))
            elif fmt == "limesurvey":
                g.write_limesurvey(s, wave, resp, name)
            else:
                g.write_surveymonkey(s, wave, resp, name)
            surveys.append(name)
    pupils = g.pupils()
    files = g.write_pupil_files(pupils)
    write_config(g, staff)
    g.truth["survey_files"] = surveys
    g.truth["pupil_files"] = files
    (g.out / "truth.json").write_text(json.dumps(g.truth, indent=1, sort_keys=True) + "\n",
                                      encoding="utf-8")
    print(f"wrote {len(surveys)} survey exports and {len(files)} pupil-data exports to {g.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
