"""Issue 11: a hidden unit shows nothing of its respondents (or pupils) anywhere a person reads.

A team below the privacy threshold (5 respondents), a team hidden beside it (complementary
suppression), a habit of a team with too few scores for it (and the habit hidden beside it),
and a pupil group below its threshold (10 pupils per indicator): the sample board
(:func:`kit.sample.sample_store`) and a generated board (tests/disclosure_board.py: a school
whose only team is small, a school with two small teams, a team with one habit at n = 4, a team
with 8 pupils) hold them all. Which units are hidden comes from the raw counts and from the
kit's own suppression flags (:func:`disclosure_support.find_cases`).

Both tests render with the real path: :func:`kit.reports.batch.run_batch` in worker processes, each
with a warm papermill kernel that imports the ``kit`` under test (HTML, PDF, the executed
notebook, status.csv and index.html), and the dashboard's views in-process.

1. **Invariance** (:func:`test_hidden_units_show_nothing_of_their_data`): each hidden unit's
   respondents' answers are set to all lowest (1), then all highest (5), missing answers kept
   missing (a hidden habit: only its statements; a pupil group: its pupils' values, lowest then
   highest). Its own report, its dashboard views, the batch's status and index, and the
   school and board reports must read the same as on the base store, except for the short
   list :data:`disclosure_support.ALLOWED` of whole-school and whole-board aggregates. HTML
   (visible text, tables, figures' texts and marks) and the executed notebook are compared
   for both directions, the PDF's text for the base and the "all highest" variant
   (:data:`disclosure_support.PDF_DIRECTIONS`).
2. **Subtraction** (:func:`test_no_hidden_unit_can_be_worked_out`): every number the school
   and board reports print (tables, heat-map cells, team table n and response rate), the
   dashboard's plotted numbers of every team, and the hidden teams' own reports become
   published sums over sets of teams; for every hidden unit, per wave and habit (statement,
   indicator): a rank test (is its indicator vector in the span of the published sets?) and
   the curious reader's arithmetic with rounding intervals. No n and no mean may come out.
"""

from __future__ import annotations

import time
from collections import defaultdict

import pytest

pytest.importorskip("bs4")

import disclosure_support as ds  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    import shutil
    if not shutil.which("pdftotext") or not any(shutil.which(c) for c in (
            "chromium", "chromium-browser", "google-chrome")):
        pytest.skip("needs Chromium (PDF) and pdftotext (poppler-utils)")
    c = ds.Campaign(tmp_path_factory.mktemp("disclosure"))
    yield c
    c.close()


def _kernels_use_this_kit(renders) -> list[str]:
    """Render tasks that failed, or whose kernel imported another kit than the tests."""
    root = str(ds.kit_root())
    out = []
    for r in renders:
        res = r.done()
        if res.get("error"):
            out.append(f"{r.label}: the render task failed: {res['error']}")
        elif not res["kernel_kit"].startswith(root):
            out.append(f"{r.label}: the kernel imported {res['kernel_kit']}, not the kit "
                       f"under test ({root})")
    return out


def _section(title: str, lines: list[str], limit: int = 40) -> str:
    body = "\n".join(f"  - {x}" for x in lines[:limit])
    more = f"\n  ... and {len(lines) - limit} more" if len(lines) > limit else ""
    return f"{title}\n{body}{more}"


def test_hidden_units_show_nothing_of_their_data(campaign):
    """Changing a hidden unit's data changes nothing a reader sees of that unit."""
    c = campaign
    t0 = time.perf_counter()
    c.wait()
    problems = _kernels_use_this_kit([*c.base.values(), *c.variants.values()])
    assert not problems, "\n".join(problems)
    failures: dict[str, list[str]] = defaultdict(list)
    for b in ds.BOARDS:
        assert c.cases[b], f"{b}: no hidden units found"
    # the small units planted in the data (the kit decides which units it hides beside them)
    expected = {("sample", "S04-PK", "team"), ("sample", "S02-U12", "habit"),
                ("generated", "G1-A", "team"), ("generated", "G2-A", "team"),
                ("generated", "G2-B", "team"), ("generated", "G3-A", "habit"),
                ("generated", "G4-A", "pupils")}
    found = {(b, case.team, case.kind) for b in ds.BOARDS for case in c.cases[b]}
    assert expected <= found, f"hidden units not found: {expected - found}"
    for (case, direction), var in c.variants.items():
        name = f"{case.name}, answers {'lowest' if direction == 'low' else 'highest'}" \
            if case.kind != "pupils" else f"{case.name}, pupils' values {direction}est"
        base = c.base[(case.board, case.wave)]
        rows = var.done()["rows"]
        bad = [f"{r['name']}: {r['status']} {r['error']}" for r in rows if r["status"] != "ok"]
        if bad:
            failures[name].append(f"render failed: {bad}")
            continue
        ctx = ds.Context(c.store[case.board], case)
        used: set[str] = set()
        for kind, school, team in (("team", case.school, case.team),
                                   ("school", case.school, None), ("board", None, None)):
            try:
                sa = ds.report_paths(base.out, kind, school, team)
                sb = ds.report_paths(var.out, kind, school, team)
            except FileNotFoundError as err:
                failures[name].append(str(err))
                continue
            report = {"team": f"team report {case.team}", "school": f"school report "
                      f"{case.school}", "board": "board report"}[kind]
            html_a = c.doc(kind, sa, base.store, "html")
            html_b = c.doc(kind, sb, var.store, "html")
            fails, allowed, u = ds.compare_docs(html_a, html_b, ctx, report=report, fmt="html")
            failures[name] += fails
            used |= u
            nb_fails, _al, _u = ds.compare_docs(c.doc(kind, sa, base.store, "ipynb"),
                                                c.doc(kind, sb, var.store, "ipynb"), ctx,
                                                report=report, fmt="ipynb")
            failures[name] += nb_fails
            if direction in ds.PDF_DIRECTIONS:
                failures[name] += ds.compare_pdf(
                    c.doc(kind, sa, base.store, "pdf"), c.doc(kind, sb, var.store, "pdf"),
                    html_a.headings(), allowed, report=report,
                    stores=(str(base.store), str(var.store)))
        failures[name] += ds.compare_batch(base.out, var.out,
                                           pdf=direction in ds.PDF_DIRECTIONS)
        vfails, vu = ds.compare_views(ds.team_views(c.views(base), case.team, case.wave),
                                      ds.team_views(c.views(var), case.team, case.wave), ctx)
        failures[name] += vfails
        used |= vu
        # the change must have reached the reports somewhere (else this proves nothing)
        if not used:
            failures[name].append("the modified data changed nothing at all, not even the "
                                  "school's or board's aggregates: the variant did not take")
    failures = {k: v for k, v in failures.items() if v}
    allowed = "\n".join(f"  * {a.report} › {a.section}: {a.what} ({a.why})"
                        for a in ds.ALLOWED.values())
    print(f"invariance: {len(c.variants)} variants of {sum(map(len, c.cases.values()))} "
          f"hidden units compared in {time.perf_counter() - t0:.0f} s "
          f"(campaign {time.perf_counter() - c.t0:.0f} s)")
    assert not failures, (
        f"{len(failures)} of {len(c.variants)} variants show data of a hidden unit.\n"
        "Allowed differences:\n" + allowed + "\n\n" +
        "\n\n".join(_section(k, v) for k, v in failures.items()))


def test_no_hidden_unit_can_be_worked_out(campaign):
    """No subtraction of printed numbers recovers a hidden unit's n or mean."""
    c = campaign
    for r in c.base.values():
        r.done()
    problems = _kernels_use_this_kit(c.base.values())
    assert not problems, "\n".join(problems)
    messages: dict[str, list[str]] = defaultdict(list)
    for b in ds.BOARDS:
        st = c.store[b]
        asp = c.aspiration[b]
        reader = ds.Reader(b, st, asp)
        teams = st.teams.drop_duplicates("team")
        for w in c.waves[b]:
            base = c.base[(b, w)]
            bad = [f"{r['name']}: {r['status']} {r['error']}" for r in base.done()["rows"]
                   if r["status"] != "ok"]
            assert not bad, f"{b} {w}: base renders failed: {bad}"
            sources = [("board", None)] + [("school", s) for s in dict.fromkeys(teams["school"])]
            for kind, school in sources:
                label = f"{'board report' if kind == 'board' else 'school report ' + school}" \
                    f" {w}"
                try:
                    stem = ds.report_paths(base.out, kind, school)
                except FileNotFoundError:
                    continue                 # earlier waves: only the schools with a case
                html = c.doc(kind, stem, base.store, "html")
                reader.read_overview(html, kind, w, school, label)
                # the PDF prints no number the HTML does not (so reading the HTML suffices)
                # numbers standing alone: not digits inside a hash or a store folder's name
                # ("sha256 15fde52b...", "sample-store-c97c39..."), which the PDF may wrap
                # differently from the HTML
                pdf_numbers = set(ds.LONE_NUMBER.findall(c.doc(kind, stem, base.store, "pdf")))
                extra = sorted(pdf_numbers - html.visible_numbers())
                if extra:
                    messages["PDF prints numbers its HTML does not show"].append(
                        f"{label}: {extra[:12]}")
            for case in c.cases[b]:
                if case.wave != w:
                    continue
                stem = ds.report_paths(base.out, "team", case.school, case.team)
                reader.read_team_report(c.doc("team", stem, base.store, "html"),
                                        case.team, w, f"team report {case.team} {w}")
            for team in teams["team"]:
                views = ds.team_views(c.views(base), team, w)
                if views:
                    reader.read_views(views, team, w, f"dashboard {team} {w}")
        truth = ds.truth_values(st, asp)
        hidden = ds.hidden_units(reader, c.waves[b], truth)
        share = {i.id for i in asp.indicators if i.statistic == "share_at_or_above"}

        def width(family, key, share=share):
            return 0.25 if family == "psum" and key in share else \
                0.75 if family == "psum" else 1.0
        messages["formally recoverable (its indicator vector is in the span of the "
                 "published sets; the combination shown)"] += ds.fmt_findings(
            ds.formal_findings(reader, hidden), reader)
        messages["worked out from the printed numbers (value, rounding interval, truth)"] += \
            ds.fmt_findings(ds.numeric_findings(reader, hidden, truth, width), reader)
    messages = {k: v for k, v in messages.items() if v}
    assert not messages, "hidden units can be worked out:\n\n" + "\n\n".join(
        _section(k, v, limit=60) for k, v in messages.items())
