"""Benchmark: a board's reports, a naive loop against ``kit batch``, and the floor.

In one run of this script, on the same store (so the ratios do not depend on the machine):

* naive: one report at a time, ``papermill.execute_notebook`` (a fresh kernel per report), then
  nbconvert's HTML export and (``--pdf``) a new headless Chromium printing the HTML, as a
  notebook user would script it; on a sample of the teams (``--naive``, spread over the board);
* kit batch: :func:`kit.reports.batch.run_batch` on every report of the board (its team, school
  and board reports; ``--kinds team`` for the team reports alone) with ``--workers``
  processes, each keeping one warm kernel (:mod:`kit.reports.warm`) and one browser;
* the floor: the same report without a kernel, in this process: the kit's report functions
  called as the notebook calls them, every figure printed to SVG as the notebook's inline backend
  prints it, the HTML written through the same template (and printed to PDF with ``--pdf`` by
  one browser kept open, as a batch worker prints), on the naive loop's sample.

It prints reports per minute, seconds per report with and without PDF, the ratio to the naive
loop, where the time of a warm report goes (cell by cell, from the executed notebooks, and
figure by figure, from the floor), the floor, the load average, and last one line::

    N teams: X s per report with PDF, Y x the naive loop, floor Z s

With ``--teams N`` the board is generated (``benchmarks/large_board.py``'s generator, about 4
teams per school) and ingested first (not timed); without it, the sample board.

    nice python benchmarks/batch.py [--teams 200] [--pdf] [--workers 2] [--naive 3]
                                    [--kinds team,school,board]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CHROMIUM_NAIVE = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]


def load() -> str:
    """The machine's load average (1, 5, 15 minutes) and its cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def board(teams: int | None, work: Path) -> tuple[Path, Path, str]:
    """The store and aspiration file to render: the sample board, or a generated one."""
    if not teams:
        from kit.sample import SAMPLE_DIR, sample_store
        return sample_store(), (SAMPLE_DIR / "aspiration.yml").resolve(), "the sample board"
    import large_board
    exports, store = work / "exports", work / "store"
    info = large_board.write_board(exports, schools=max(2, round(teams / 4)), teams=teams)
    large_board.ingest_board(exports, store)
    return store, exports / "aspiration.yml", \
        f"a generated board ({len(info['schools'])} schools, {len(info['teams'])} teams)"


# --- where the time goes -----------------------------------------------------------------------
_SECTION = re.compile(r"t\('(sec_\w+|[a-z_]+)'")


def cell_label(cell) -> str:
    """A short name for a report cell: its section's word key, else its first line."""
    source, tags = cell.source, cell.metadata.get("tags", [])
    if "injected-parameters" in tags:
        return "parameters (injected)"
    if "parameters" in tags:
        return "parameters (defaults)"
    if source.startswith("%matplotlib"):
        return "setup (imports, store, report)"
    m = _SECTION.search(source)
    return m.group(1) if m else source.splitlines()[0][:30]


def cell_times(ipynb: Path) -> dict:
    """Seconds per code cell of an executed report (papermill's cell metadata), by label."""
    import nbformat
    nb = nbformat.read(str(ipynb), as_version=4)
    parts: dict[str, float] = {}
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        label = f"{k:2d} {cell_label(cell)}"
        parts[label] = float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
    return parts


def naive_pdf(html: Path, pdf: Path, profile: Path) -> None:
    """A new Chromium per report, as a script would call it."""
    subprocess.run(["chromium", *CHROMIUM_NAIVE, f"--user-data-dir={profile}",
                    f"--print-to-pdf={pdf}", html.resolve().as_uri()], check=True,
                   capture_output=True, timeout=120)


def naive(jobs: list, out: Path, pdf: bool) -> list[dict]:
    """The naive loop; seconds per step per report."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter
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
        html = out / f"{job.name}.html"
        html.write_text(body, encoding="utf-8")
        t2 = time.perf_counter()
        if pdf:
            with tempfile.TemporaryDirectory(prefix="kit-bench-chromium-") as profile:
                naive_pdf(html, html.with_suffix(".pdf"), Path(profile))
        t3 = time.perf_counter()
        rows.append({"execute": t1 - t0, "export": t2 - t1, "pdf": t3 - t2, "all": t3 - t0})
    return rows


# --- the floor: the report without a kernel ----------------------------------------------------
def floor_report(store, aspiration, school: str, team: str, out: Path, pdf: bool,
                 figures: dict) -> dict:
    """One team report as team_report.ipynb makes it, in this process: every figure printed to
    SVG as the inline backend prints it (the relations grid and the answer bars as the
    notebook composes them, :mod:`kit.present.svgprint`), the HTML written through the kit's
    template. Adds the seconds of each figure (built and printed) to ``figures``; returns the
    seconds per step."""
    import matplotlib.pyplot as plt
    import nbformat
    from IPython.core.pylabtools import print_figure

    from kit.analysis.aspiration import load_aspiration
    from kit.present.formats import notice
    from kit.present.glossary import glossary_html
    from kit.present.markup import html_text, md_text
    from kit.present.reflection import leader_note
    from kit.present.svgprint import grid_svg, kept_svg
    from kit.present.text import t
    from kit.reports.render import to_html, to_pdf
    from kit.reports.team import TeamReport
    plt.rcParams["svg.fonttype"] = "none"
    lang = "nl"
    t0 = time.perf_counter()
    outputs: list = []

    def md(text: str) -> None:
        outputs.append(nbformat.v4.new_output("display_data", data={"text/markdown": text}))

    def html(text: str) -> None:
        outputs.append(nbformat.v4.new_output("display_data", data={"text/html": text}))

    def figure(name: str, make, printer=None) -> None:
        f0 = time.perf_counter()
        fig = make()
        if fig is None:
            return
        svg = printer(fig) if printer else print_figure(fig, "svg", bbox_inches="tight")
        plt.close(fig)
        outputs.append(nbformat.v4.new_output("display_data", data={"image/svg+xml": svg}))
        figures.setdefault(name, []).append(time.perf_counter() - f0)

    st = store
    report = TeamReport(st, school, team, lang=lang,
                        aspiration=load_aspiration(aspiration))
    md("# " + t("report_title", lang, team=md_text(report.team_name),
                school=md_text(report.school_name)))
    md("## " + t("sec_summary", lang))
    html(report.summary_html())
    md("## " + t("sec_habits", lang))
    figure("habit profile", report.profile_figure)
    leader = leader_note(st.instrument, lang)
    if leader:
        md(md_text(leader))
    changes = report.changes()
    html(report.show(changes) if len(changes) else notice(t("no_previous", lang)))
    figure("trend", report.trend_figure)
    if report.suppressed:
        html(notice(report.notice()))
    else:
        strong, growth = report.aspects()
        html(report.show(strong))
        html(report.show(growth))
        for habit in st.instrument.habits:
            note = report.habit_note(habit.id)
            if note:
                html(notice(note))
            if not report.habit_hidden(habit.id):
                figure("answers per habit (each)",
                       lambda h=habit.id: report.items_figure(h, kept=True), kept_svg)
        html(report.show(report.dimensions()))
    html(report.indicators_html(report.aspiration_table()))
    figure("relations grid", lambda: report.relations_figure(
        highlight=None if report.suppressed else team, highlight_label=report.team_name),
        grid_svg)                             # as the notebook shows it (kit.present.svgprint)
    html(report.own_relations_html())
    questions = report.reflection()
    html("<ol>" + "".join(f"<li>{html_text(q)}</li>" for q in questions) + "</ol>")
    html(report.show(report.reliability()))
    html(report.show(report.data_quality()))
    html(report.show(report.provenance({"store": None, "school": school, "team": team})))
    html(glossary_html(lang))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", outputs=outputs)])
    ipynb = out / f"{team}_floor.ipynb"
    nbformat.write(nb, str(ipynb))
    t1 = time.perf_counter()
    page = to_html(ipynb, ipynb.with_suffix(".html"), lang=lang)
    t2 = time.perf_counter()
    if pdf:
        to_pdf(page, page.with_suffix(".pdf"), keep=True)   # one browser, as a batch worker
    t3 = time.perf_counter()
    return {"report": t1 - t0, "html": t2 - t1, "pdf": t3 - t2, "all": t3 - t0}


def sample_of(jobs: list, k: int) -> list:
    """``k`` jobs spread evenly over the board."""
    if k >= len(jobs):
        return list(jobs)
    return [jobs[round(i * (len(jobs) - 1) / max(k - 1, 1))] for i in range(k)]


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=0,
                    help="generate a board of this many teams (default: the sample board)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pdf", action="store_true", help="PDF as well (as kit batch renders)")
    ap.add_argument("--naive", type=int, default=3,
                    help="teams in the naive loop and the floor (spread over the board)")
    ap.add_argument("--keep", type=Path, help="keep the reports in this folder")
    ap.add_argument("--kinds", default="team,school,board",
                    help="report kinds kit batch renders (default: every report of the board; "
                         "the naive loop and the floor take team reports)")
    args = ap.parse_args(argv)

    import kit.store
    from kit.reports.batch import BatchConfig, plan, run_batch
    work = Path(tempfile.mkdtemp(prefix="kit-bench-batch-"))
    try:
        print(load())
        store, aspiration, what = board(args.teams, work / "board")
        cfg = BatchConfig(store=store, out=work / "batch", aspiration=aspiration,
                          pdf=args.pdf, workers=args.workers,
                          kinds=[k.strip() for k in args.kinds.split(",")])
        jobs = plan(cfg)
        n = len(jobs)
        count = {k: sum(j.kind == k for j in jobs) for k in cfg.kinds}
        sample = sample_of([j for j in jobs if j.kind == "team"], args.naive)
        print(f"{n} reports ({', '.join(f'{v} {k}' for k, v in count.items())}) of {what}, "
              f"{'HTML and PDF' if args.pdf else 'HTML only'}, "
              f"{args.workers} workers for kit batch; naive loop and floor on {len(sample)} "
              "of them")

        (work / "naive").mkdir()
        parts = naive(sample, work / "naive", args.pdf)
        t_naive = median(p["all"] for p in parts)

        steps: list[dict] = []
        t0 = time.perf_counter()
        rows = run_batch(cfg, progress=False,
                         on_result=lambda r: steps.append(r.get("steps") or {}))
        t_batch = time.perf_counter() - t0
        failed = [r for r in rows if r["status"] != "ok"]
        if failed:
            print(f"kit batch: {len(failed)} report(s) failed: {failed[0]['error']}")
            return 1
        per = t_batch / n
        pdf_share = (sum(s.get("pdf", 0.0) for s in steps) /
                     max(sum(sum(s.values()) for s in steps), 1e-9)) if args.pdf else 0.0
        per_html = per * (1 - pdf_share)

        st = kit.store.open(store)
        figures: dict[str, list[float]] = {}
        (work / "floor").mkdir()
        floor_rows = [floor_report(st, aspiration, j.school, j.team, work / "floor",
                                   args.pdf, figures) for j in sample]
        floor_rows = floor_rows[1:] or floor_rows        # the first one pays the analysis
        floor_one = median(f["all"] for f in floor_rows)
        floor = floor_one / args.workers

        print(f"\nnaive loop : {t_naive:6.2f} s per report  {60 / t_naive:6.1f} reports/min "
              f"(median of {len(parts)}, one at a time)")
        print(f"kit batch  : {t_batch:6.1f} s in all  {60 * n / t_batch:6.1f} reports/min  "
              f"{per:.2f} s per report amortised"
              + (f" with PDF, {per_html:.2f} s without (its PDF share "
                 f"{100 * pdf_share:.0f} % of the workers' time)" if args.pdf else ""))
        print(f"floor      : {floor_one:6.2f} s per report in one process without a kernel, "
              f"{floor:.2f} s amortised over {args.workers} workers")
        print(f"ratio      : {t_naive / per:.1f}x the naive loop; the batch takes "
              f"{per / floor:.2f}x the floor")
        print("\nsteps per report (median s): naive "
              + ", ".join(f"{k} {median(p[k] for p in parts):.2f}" for k in parts[0])
              + "; kit batch " + ", ".join(f"{k} {median(s.get(k, 0) for s in steps):.2f}"
                                          for k in (steps[0] if steps else {}))
              + "; floor " + ", ".join(f"{k} {median(f[k] for f in floor_rows):.2f}"
                                      for k in floor_rows[0]))
        warm = [Path(r["html"]).with_suffix(".ipynb") for r in rows if r["kind"] == "team"]
        cells = [cell_times(p) for p in warm[2:] or warm]   # after each worker's first report
        print("\nwhere the time of a warm team report goes, cell by cell (median s of "
              f"{len(cells)} reports):")
        for k in cells[0]:
            print(f"  {k:40s} {median(c.get(k, 0.0) for c in cells):6.3f}")
        print("\nfigure by figure (floor: built and printed to SVG, median s):")
        for k, v in figures.items():
            print(f"  {k:40s} {median(v):6.3f}  ({len(v)} drawn)")
        print(load())
        if args.keep:
            shutil.copytree(work / "batch", args.keep, dirs_exist_ok=True)
        teams = args.teams or len({j.team for j in jobs if j.kind == "team"}) or n
        print(f"{teams} teams: {per:.2f} s per report"
              f"{' with PDF' if args.pdf else ' (HTML only)'}, {t_naive / per:.1f} x the naive "
              f"loop, floor {floor:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
