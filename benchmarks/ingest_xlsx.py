"""Benchmark: reading workbooks with python-calamine (the kit's reader) against openpyxl.

For every .xlsx in ``sample_data/`` (and, with ``--rows N``, a synthetic survey-like workbook
of N rows x 50 columns), measures in the same run:

* openpyxl: ``load_workbook(read_only=True, data_only=True)`` and ``iter_rows(values_only=True)``
  over the sheet, as ``kit.ingest.table`` read workbooks before;
* kit: ``kit.ingest.table.read_table`` (python-calamine, with its checks of the zip, the
  sheet's extent and the values made as openpyxl gave them).

Prints the best of ``--repeat`` runs per file, the totals and the ratio openpyxl/kit, and
checks that both give the same rows. Not part of the test suite.

    python benchmarks/ingest_xlsx.py [--repeat 5] [--rows 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def read_openpyxl(path: Path) -> list[list[object]]:
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    try:
        for name in wb.sheetnames:
            rows = []
            for values in wb[name].iter_rows(values_only=True):
                vals = [v.isoformat() if isinstance(v, dt.time) else v for v in values]
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
                    continue
                while vals and vals[-1] is None:
                    vals.pop()
                rows.append(vals)
            if rows:
                return rows
        return []
    finally:
        wb.close()


def read_kit(path: Path) -> list[list[object]]:
    from kit.ingest.table import read_table
    return read_table(path).rows


def best(fn, path: Path, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(path)
        times.append(time.perf_counter() - t0)
    return min(times), out


def synthetic(folder: Path, rows: int) -> Path:
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Form1")
    labels = ["Helemaal mee oneens", "Oneens", "Neutraal", "Mee eens", "Helemaal mee eens"]
    ws.append(["ID", "Begintijd", "E-mail", "Team"] + [f"Stelling {k}" for k in range(46)])
    start = dt.datetime(2025, 10, 1, 9, 0)
    for i in range(rows):
        ws.append([i + 1, start + dt.timedelta(minutes=i), f"p{i}@school.nl", "Bovenbouw"]
                  + [labels[(i * 7 + k) % 5] for k in range(46)])
    f = folder / f"synthetic_{rows}.xlsx"
    wb.save(f)
    return f


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rows", type=int, default=0,
                    help="also a synthetic workbook of this many rows x 50 columns")
    args = ap.parse_args()
    files = sorted((ROOT / "sample_data").glob("*.xlsx"))
    with tempfile.TemporaryDirectory() as tmp:
        if args.rows:
            files.append(synthetic(Path(tmp), args.rows))
        read_kit(files[0])                            # imports outside the measurement
        read_openpyxl(files[0])
        tot_o = tot_k = 0.0
        print(f"{'file':45} {'KB':>7} {'openpyxl s':>11} {'kit s':>9} {'ratio':>7}")
        for f in files:
            t_o, rows_o = best(read_openpyxl, f, args.repeat)
            t_k, rows_k = best(read_kit, f, args.repeat)
            same = rows_o == rows_k
            tot_o += t_o
            tot_k += t_k
            print(f"{f.name:45} {f.stat().st_size / 1024:7.0f} {t_o:11.4f} {t_k:9.4f} "
                  f"{t_o / t_k:6.1f}x" + ("" if same else "  VALUES DIFFER"))
        print(f"{'total (best of ' + str(args.repeat) + ' per file)':45} {'':7} {tot_o:11.4f} "
              f"{tot_k:9.4f} {tot_o / tot_k:6.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
