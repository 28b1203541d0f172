"""Benchmark: the sample board's team reports, a naive loop against ``kit batch``.

Both runs render the same team reports (HTML, no PDF) from the same store in one run of this
script, so the ratio does not depend on the machine:

* naive: one report at a time, ``papermill.execute_notebook`` (a fresh kernel per report) then
  nbconvert's HTML export, as a notebook user would script it;
* kit batch: :func:`kit.reports.batch.run_batch` with ``--workers`` processes, each keeping one warm
  kernel (:mod:`kit.reports.warm`) and sharing the board's analysis between its reports
  (:mod:`kit.analysis`).

It prints reports per minute of each, the ratio, the seconds per report amortised, and where
the time of one report goes (kernel start, imports, the board's analysis, figures, export),
read from the executed notebooks' cell timings. PDF printing is timed separately
(``--pdf``): it is the same Chromium call in both.

    python benchmarks/batch.py [--workers 2] [--pdf]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cell_times(ipynb: Path) -> dict:
    """Seconds per part of an executed team report, from papermill's cell metadata."""
    import nbformat
    nb = nbformat.read(str(ipynb), as_version=4)
    parts = {"setup (imports, store)": 0.0, "analysis (first use)": 0.0, "figures": 0.0,
             "other cells": 0.0}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        d = float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
        src = cell.source
        if src.startswith("%matplotlib"):
            parts["setup (imports, store)"] += d
        elif "sec_summary" in src:
            parts["analysis (first use)"] += d
        elif "plt.show()" in src:
            parts["figures"] += d
        else:
            parts["other cells"] += d
    return parts


def naive(store: Path, aspiration: Path, jobs: list, out: Path) -> tuple[float, list[dict]]:
    import nbformat
    import papermill
    from nbconvert import HTMLExporter
    t_all = time.perf_counter()
    rows = []
    for job in jobs:
        t0 = time.perf_counter()
        ipynb = out / f"{job.name}.ipynb"
        papermill.execute_notebook(job.notebook, str(ipynb), parameters=job.params,
                                   progress_bar=False, kernel_name="python3")
        t1 = time.perf_counter()
        exporter = HTMLExporter(template_name="kit_report",
                                extra_template_basedirs=[str(ROOT / "templates")])
        exporter.exclude_input = True
        body, _ = exporter.from_notebook_node(nbformat.read(str(ipynb), as_version=4))
        (out / f"{job.name}.html").write_text(body, encoding="utf-8")
        t2 = time.perf_counter()
        cells = cell_times(ipynb)
        rows.append({"execute": t1 - t0, "export": t2 - t1,
                     "kernel start and overhead": (t1 - t0) - sum(cells.values()), **cells})
    return time.perf_counter() - t_all, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pdf", action="store_true", help="also time PDF printing per report")
    args = ap.parse_args(argv)

    from kit.reports.batch import BatchConfig, plan, run_batch
    from kit.reports.render import to_pdf
    from kit.sample import SAMPLE_DIR, sample_store
    store = sample_store()
    aspiration = (SAMPLE_DIR / "aspiration.yml").resolve()
    work = Path(tempfile.mkdtemp(prefix="kit-bench-batch-"))
    try:
        cfg = BatchConfig(store=store, out=work / "batch", aspiration=aspiration, pdf=False,
                          workers=args.workers, kinds=["team"])
        jobs = plan(cfg)
        n = len(jobs)
        print(f"{n} team reports of the sample board, HTML only, {args.workers} workers for "
              "kit batch")
        (work / "naive").mkdir()
        t_naive, parts = naive(store, aspiration, jobs, work / "naive")
        t0 = time.perf_counter()
        rows = run_batch(cfg, progress=False)
        t_batch = time.perf_counter() - t0
        failed = [r for r in rows if r["status"] != "ok"]
        if failed:
            print(f"kit batch: {len(failed)} report(s) failed: {failed[0]['error']}")
            return 1
        warm = [cell_times(Path(r["html"]).with_suffix(".ipynb")) for r in rows]
        print(f"naive loop : {t_naive:6.1f} s  {60 * n / t_naive:5.1f} reports/min  "
              f"{t_naive / n:.2f} s/report")
        print(f"kit batch  : {t_batch:6.1f} s  {60 * n / t_batch:5.1f} reports/min  "
              f"{t_batch / n:.2f} s/report amortised")
        print(f"ratio      : {t_naive / t_batch:.1f}x (target >= 3x, <= 2.5 s/report)")
        print("\nwhere the time of one report goes (median s; naive = fresh kernel per report, "
              "warm = kit batch after its first report):")
        keys = ["kernel start and overhead", "setup (imports, store)", "analysis (first use)",
                "figures", "other cells", "export"]
        for k in keys:
            nv = statistics.median(p[k] for p in parts)
            wv = statistics.median(w.get(k, float("nan")) for w in warm[1:]) \
                if k in warm[0] else float("nan")
            print(f"  {k:28s} naive {nv:5.2f}   warm {wv:5.2f}")
        if args.pdf:
            htmls = sorted((work / "naive").glob("*.html"))[:3]
            secs = []
            for h in htmls:
                t0 = time.perf_counter()
                to_pdf(h, h.with_suffix(".pdf"))
                secs.append(time.perf_counter() - t0)
            print(f"  PDF (Chromium, per report)    {statistics.median(secs):5.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
