"""A small synthetic board for the disclosure tests (tests/test_disclosure.py), written straight
into a store with :func:`kit.store.write` (no exports, no ingest: the tests need exact control
over who answered what).

Five schools, two waves (the sample's), hidden units planted in the latest wave:

* G1 "De Eenling": a school with a single team, G1-A, of 3 respondents (below the threshold:
  the school total *is* the team).
* G2 "De Tweeling": two small teams, G2-A (3) and G2-B (4), beside G2-C (7).
* G3 "Het Baken": G3-A has 5 respondents, one of whom skipped five of the seven statements of
  habit H3 in the latest wave, so H3 has n = 4 there (and the two statements that respondent
  did answer have n = 5).
* G4 "De Vlinder": G4-A has 8 pupils (fewer than 10) for both ZIEN! indicators.
* G5 "Het Anker": three ordinary teams, so that enough teams have scores for the relations.

Every other team has at least 6 respondents and 14 pupils. Values are seeded and stable.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

BOARD = "BRDT"
BOARD_NAME = "Stichting Proefbestuur"
WAVES = [("2025-najaar", "Najaar 2025", "Autumn 2025", "2025-09-01", "2026-01-31"),
         ("2026-voorjaar", "Voorjaar 2026", "Spring 2026", "2026-02-01", "2026-07-31")]
LATEST = WAVES[-1][0]

#: school id, name, [(team id, team name, size, respondents per wave, pupils)]
SCHOOLS = [
    ("G1", "De Eenling", [("G1-A", "Alle groepen", 4, (3, 3), 16)]),
    ("G2", "De Tweeling", [("G2-A", "Kleuters", 5, (3, 3), 14),
                           ("G2-B", "Middenbouw", 6, (4, 4), 15),
                           ("G2-C", "Bovenbouw", 8, (7, 7), 18)]),
    ("G3", "Het Baken", [("G3-A", "Onderbouw", 6, (6, 5), 16),
                         ("G3-B", "Middenbouw", 7, (6, 6), 17),
                         ("G3-C", "Bovenbouw", 9, (8, 8), 19)]),
    ("G4", "De Vlinder", [("G4-A", "Onderbouw", 7, (6, 6), 8),
                          ("G4-B", "Middenbouw", 8, (7, 7), 16),
                          ("G4-C", "Bovenbouw", 7, (6, 6), 15)]),
    ("G5", "Het Anker", [("G5-A", "Onderbouw", 8, (7, 7), 17),
                         ("G5-B", "Middenbouw", 7, (6, 6), 14),
                         ("G5-C", "Bovenbouw", 10, (9, 9), 20)]),
]

#: the planted hidden units (what the tests expect at least; the kit may hide more)
SKIPPER = {"team": "G3-A", "wave": LATEST, "habit": "H3", "answered": 2}
FEW_PUPILS = {"team": "G4-A", "indicators": ("BT", "SA"), "pupils": 8}

ASPIRATION = """\
# Shared aspiration of the synthetic test board (two ZIEN! indicators).
aspiration:
  statement:
    nl: Onze leerlingen zijn betrokken en sociaal zelfstandig.
    en: Our pupils are engaged and socially independent.
indicators:
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
"""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def tables(seed: int = 11) -> tuple[dict[str, pd.DataFrame], dict]:
    """The store's tables and the manifest's extra keys of the synthetic board."""
    from kit import instrument as instrument_mod
    inst = instrument_mod.load()
    rng = np.random.default_rng(seed)
    items = inst.items
    teams_rows, resp_rows, ans_rows, pupil_rows, obs_rows, files = [], [], [], [], [], []
    for s_id, s_name, teams in SCHOOLS:
        for k, (team, name, size, _n, _p) in enumerate(teams):
            for w in WAVES:
                teams_rows.append({"board": BOARD, "school": s_id, "school_name": s_name,
                                   "team": team, "team_name": name, "wave": w[0],
                                   "size": size, "groups": f"{3 + 2 * k},{4 + 2 * k}"})
        for wi, (wave, *_rest, start, _end) in enumerate(WAVES):
            src = f"{s_id}_{wave}_survey.csv"
            row = 1
            for team, _name, _size, n_resp, _p in teams:
                team_mean = 2.6 + rng.uniform(0, 1.6)
                for r in range(n_resp[wi]):
                    rid = f"R{_sha(f'{team}-{r}')[:12]}"
                    row += 1
                    resp_effect = rng.normal(0, 0.35)
                    values = {}
                    for i in items:
                        v = float(np.clip(np.rint(team_mean + resp_effect +
                                                  rng.normal(0, 0.7)), 1, 5))
                        values[i.id] = v
                    if r % 3 == 1:                       # a few single missing answers
                        values["H2_05"] = np.nan
                    if (team == SKIPPER["team"] and wave == SKIPPER["wave"] and r == 0):
                        h_items = [i.id for i in inst.habit(SKIPPER["habit"]).items]
                        for item in h_items[SKIPPER["answered"]:]:
                            values[item] = np.nan
                    answered = int(sum(not np.isnan(v) for v in values.values()))
                    resp_rows.append({
                        "respondent_id": rid, "board": BOARD, "school": s_id, "team": team,
                        "role": None, "wave": wave,
                        "submitted_at": pd.Timestamp(start, tz="UTC") + pd.Timedelta(
                            days=10 + r, hours=int(rng.integers(8, 20))),
                        "tool": "generic", "source_file": src, "source_row": row,
                        "n_answered": answered})
                    ans_rows += [{"respondent_id": rid, "wave": wave, "item": i, "value": v}
                                 for i, v in values.items()]
            files.append({"file": src, "sha256": _sha(src), "kind": "survey",
                          "format": "generic", "rows_read": row - 1, "accepted": row - 1,
                          "rejected": 0, "rejected_by_reason": "{}", "kept_by_reason": "{}"})
        obs_file = f"{s_id}_zien.csv"
        n_obs = 0
        for k, (team, _name, _size, _n, n_pupils) in enumerate(teams):
            level = 2.5 + rng.uniform(0, 0.9)
            for p in range(n_pupils):
                pid = f"L{_sha(f'{team}-p{p}')[:12]}"
                group = f"{3 + 2 * k + p % 2}"
                jg = 3 + 2 * k + p % 2
                pupil_rows.append({"pupil_id": pid, "school_year": "2025-2026", "school": s_id,
                                   "group": group, "jaargroep": jg, "team": team})
                for wi, (_wave, *_rest, start, _end) in enumerate(WAVES):
                    date = pd.Timestamp(start) + pd.Timedelta(days=40)
                    for ind in ("BT", "SA"):
                        n_obs += 1
                        v = float(np.clip(np.round(level + 0.1 * wi + rng.normal(0, 0.45), 2),
                                          1, 4))
                        obs_rows.append({"pupil_id": pid, "school": s_id, "group": group,
                                         "jaargroep": jg, "team": team, "date": date,
                                         "school_year": "2025-2026", "indicator": ind,
                                         "value": v, "source_file": obs_file,
                                         "source_row": n_obs + 1})
        files.append({"file": obs_file, "sha256": _sha(obs_file), "kind": "observations",
                      "format": "observations-long", "rows_read": n_obs, "accepted": n_obs,
                      "rejected": 0, "rejected_by_reason": "{}", "kept_by_reason": "{}"})
    waves = pd.DataFrame([{"wave": w, "start": pd.Timestamp(a), "end": pd.Timestamp(b),
                           "label_nl": nl, "label_en": en, "order": k}
                          for k, (w, nl, en, a, b) in enumerate(WAVES)])
    out = {
        "respondents": pd.DataFrame(resp_rows),
        "answers": pd.DataFrame(ans_rows),
        "pupils": pd.DataFrame(pupil_rows),
        "observations": pd.DataFrame(obs_rows),
        "files": pd.DataFrame(files),
        "teams": pd.DataFrame(teams_rows).astype({"size": "Int64"}),
        "waves": waves,
        "items": inst.items_frame(),
    }
    out["pupils"]["jaargroep"] = out["pupils"]["jaargroep"].astype("Int64")
    out["observations"]["jaargroep"] = out["observations"]["jaargroep"].astype("Int64")
    extra = {"board": BOARD, "board_name": BOARD_NAME, "sample": False,
             "sources": [{"file": f["file"], "sha256": f["sha256"], "kind": f["kind"],
                          "format": f["format"]} for f in files],
             "instrument": inst.id, "free_text": False}
    return out, extra


def write_board(folder: str | Path) -> tuple[Path, Path]:
    """Write the synthetic board's store to ``folder/store`` and its aspiration file to
    ``folder/aspiration.yml``; returns both paths."""
    import kit.store
    from kit import instrument as instrument_mod
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data, extra = tables()
    store = kit.store.write(folder / "store", data, manifest_extra=extra,
                            instrument_file=instrument_mod.DEFAULT_PATH)
    asp = folder / "aspiration.yml"
    asp.write_text(ASPIRATION, encoding="utf-8")
    return store, asp
