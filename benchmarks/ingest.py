"""Benchmark: ingest time of a large observation export (default 1,000,000 rows).

Writes a fictional long-format observation export (Dutch Excel dialect: ';', decimal comma,
day-first dates, cp1252) of N rows into a temporary folder, then measures in the same run:

* baseline: ``pandas.read_csv`` of the same file with the right dialect (parsing only);
* kit: ``kit.ingest.run.ingest`` of the same file (reading, recognising columns, linking pupils
  to teams, pseudonymising, accounting, validating) and writing the store.

Prints seconds, rows per second and the ratio kit/baseline. Not part of the test suite.

    python benchmarks/ingest.py [--rows 1000000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORG = """board: {id: BENCH}
waves: [{id: w1, start: 2025-08-01, end: 2026-07-31}]
schools:
"""
INDICATORS = ["Betrokkenheid", "Welbevinden", "Sociaal initiatief", "Sociale flexibiliteit",
              "Sociale autonomie", "Impulsbeheersing", "Inlevingsvermogen"]


def make_files(folder: Path, rows: int, seed: int = 1) -> tuple[Path, Path]:
    rng = np.random.default_rng(seed)
    n_schools, groups = 20, ["3", "4", "5", "6", "7", "8"]
    org = ORG + "".join(
        f"  - id: S{s:02d}\n    teams:\n"
        f"      - {{id: S{s:02d}-OB, groups: ['3', '4', '5']}}\n"
        f"      - {{id: S{s:02d}-BB, groups: ['6', '7', '8']}}\n" for s in range(n_schools))
    org_file = folder / "org.yml"
    org_file.write_text(org, encoding="utf-8")
    dates = ["12-11-2025", "15-01-2026", "14-04-2026", "16-06-2026"]
    per_pupil = len(dates) * len(INDICATORS)
    n_pupils = -(-rows // per_pupil)
    k = np.arange(n_pupils * per_pupil)[:rows]        # unique (pupil, date, indicator) rows
    pupil = k // per_pupil
    df = pd.DataFrame({
        "Leerlingnummer": (100000 + pupil).astype(str),
        "School": np.array([f"S{s:02d}" for s in range(n_schools)])[pupil % n_schools],
        "Groep": np.array(groups)[(pupil // n_schools) % len(groups)],
        "Datum": np.array(dates)[(k // len(INDICATORS)) % len(dates)],
        "Indicator": np.array(INDICATORS)[k % len(INDICATORS)],
        "Score": np.round(rng.uniform(1, 4, rows), 2),
    })
    data = folder / "observaties.csv"
    df.to_csv(data, sep=";", decimal=",", index=False, encoding="cp1252", lineterminator="\r\n")
    return data, org_file


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("KIT_PSEUDONYM_KEY", "benchmark-only-key-not-secret")
    from kit.ingest.run import ingest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data, org = make_files(folder, args.rows)
        n = sum(1 for _ in open(data, "rb")) - 1
        print(f"observation export: {n:,} rows, {data.stat().st_size / 1e6:.1f} MB")
        base, kit_t = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            pd.read_csv(data, sep=";", decimal=",", encoding="cp1252",
                        dtype={"Leerlingnummer": str})
            base.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            res = ingest([data], org=org)
            res.write(folder / "store")
            kit_t.append(time.perf_counter() - t0)
        acc = res.accounts[0]
        b, k = min(base), min(kit_t)
        print(f"accounting: read {acc.rows_read:,}, accepted {acc.accepted:,}, "
              f"rejected {sum(acc.rejected.values()):,}")
        print(f"baseline pandas.read_csv : {b:7.2f} s  ({n / b:,.0f} rows/s)")
        print(f"kit ingest + store write : {k:7.2f} s  ({n / k:,.0f} rows/s)")
        print(f"ratio kit / baseline     : {k / b:7.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
