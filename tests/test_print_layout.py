"""Nothing runs off a printed page (issue 13, point 7).

Reports are rendered to HTML as ``kit batch`` renders them, then opened in Debian's Chromium
(Playwright) with print media emulated and the viewport as wide as an A4 page's printable area
(210 mm minus the template's ``@page`` margins, at 96 dpi): no element may reach beyond it and
none may draw a scroll bar (``tests/print_support.py``).

Rendered: every report of the sample board (board, 4 schools, 14 teams among them the hidden
team S04-PK), and the board report and all 30 school reports of the generated large board
(``benchmarks/large_board.py``, 30 schools and 110 teams; about a minute on 2 cores).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from print_support import (
    A4_HEIGHT_MM,
    A4_WIDTH_MM,
    MM,
    check_reports,
    landscape_width_px,
    page_margins_mm,
    printable_width_px,
)

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"
ASP = ROOT / "sample_data" / "aspiration.yml"

needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).is_file() or importlib.util.find_spec("playwright") is None,
    reason=f"needs Debian's Chromium at {CHROMIUM} and playwright (make test installs both)")


def _fail_message(problems, limit=40) -> str:
    lines = [str(p) for p in problems[:limit]]
    more = len(problems) - limit
    if more > 0:
        lines.append(f"... and {more} more")
    return (f"{len(problems)} element(s) run off the printed page (printable width "
            f"{printable_width_px():.1f} px) or draw a scroll bar:\n" + "\n".join(lines))


def _batch(store: Path, out: Path, aspiration: Path, kinds: list[str]) -> list[Path]:
    """Render like ``kit batch --no-pdf``; every report must render; their HTML files."""
    from kit.reports.batch import BatchConfig, run_batch
    cfg = BatchConfig(store=store, out=out, aspiration=aspiration, pdf=False, workers=2,
                      kinds=kinds)
    rows = run_batch(cfg, progress=False)
    failed = [f"{r['name']}: {r['error']}" for r in rows if r["status"] != "ok"]
    assert not failed, "reports failed to render:\n" + "\n".join(failed)
    return [Path(r["html"]) for r in rows]


# --- the measuring itself ----------------------------------------------------------------------
def test_printable_width_is_a4_less_the_template_margins():
    left, right = page_margins_mm()
    assert 5 <= left <= 30 and 5 <= right <= 30
    assert printable_width_px() == pytest.approx((A4_WIDTH_MM - left - right) * MM)
    # the template's margins today: 14 mm left and right, so 182 mm = 687.9 px
    assert printable_width_px() == pytest.approx(687.87, abs=0.01)
    # the turned page for a table marked kit-landscape: 297 mm less its margins
    left, right = page_margins_mm(name="kit-landscape")
    assert landscape_width_px() == pytest.approx((A4_HEIGHT_MM - left - right) * MM)
    assert landscape_width_px() > printable_width_px() + 200


PAGE = """<!DOCTYPE html><html><head><style>
  body {{ margin: 0; font-family: sans-serif; }}
  .box {{ overflow-x: auto; }}
  td {{ white-space: nowrap; padding: 4px; }}
</style></head><body><main>
<p>Een gewone alinea die gewoon afbreekt waar de regel vol is, hoe lang de tekst ook is.</p>
<div class="box"><table class="fits"><tr><td>Kort</td><td>0,32</td></tr></table></div>
{extra}
</main></body></html>"""


TURNED = ('<table class="kit-landscape"><tr><td><div style="width: {width}px">x</div></td></tr>'
          "</table>")


@pytest.mark.parametrize("extra, expect", [
    ("", set()),
    ('<div class="box"><table class="too-wide"><tr>' + "<td>Basisschool De Linde</td>" * 8 +
     "</tr></table></div>", {"scroll bar (horizontal)", "beyond the printable width"}),
    ('<div style="width: 900px">breed blok</div>', {"beyond the printable width",
                                                    "page wider than the printable width"}),
    # a table the report turns (a landscape page of its own) is held to that page's width
    (TURNED.format(width=900), set()),
    (TURNED.format(width=1100), {"beyond the printable width"}),
], ids=["fits", "wide-table-in-scroll-box", "wide-block", "landscape-fits", "landscape-too-wide"])
@needs_browser
def test_the_check_finds_what_runs_off_the_page(tmp_path, extra, expect):
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(extra=extra), encoding="utf-8")
    found = check_reports([page])
    assert {p.what for p in found} == expect, _fail_message(found)
    if "beyond the printable width" in expect:
        wide = [p for p in found if p.what == "beyond the printable width"]
        # listed once (the outermost element beyond the edge), not with each of its cells
        assert len(wide) == 1 and wide[0].width > printable_width_px()
        assert wide[0].tag in {"table", "div"} and wide[0].text


def _notebook_with_table(path: Path, html: str) -> Path:
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Proef"),
                nbformat.v4.new_code_cell("table", outputs=[nbformat.v4.new_output(
                    "display_data", data={"text/html": html})])]
    nbformat.write(nb, str(path))
    return path


@pytest.mark.slow
@needs_browser
def test_the_template_fits_a_table_of_long_names_on_the_page(tmp_path):
    """An aspiration table with as many units side by side as a report shows (the board's per
    school, a school's per team), which ran off the page and drew a scroll bar, fits through
    the template's print rules alone."""
    from kit.reports.overview import MAX_UNIT_COLUMNS
    from kit.reports.render import to_html
    # as many units as a report shows side by side before it turns the table
    names = ["Basisschool De Linde", "Het Kompas", "De Regenboog", "Sterrenwacht",
             "Openbare Basisschool Het Palet", "De Schakel", "Middenbouw", "Bovenbouw"]
    names = names[:MAX_UNIT_COLUMNS]
    assert len(names) == MAX_UNIT_COLUMNS
    head = ("<tr><th>Indicator</th><th class=\"num\">Doel</th><th>Gemeten</th>" +
            "".join(f"<th class=\"num\">{n}</th>" for n in names) + "</tr>")
    row = ("<tr><td>Begrijpend lezen op streefniveau 2F</td><td class=\"num\">0,60</td>"
           "<td class=\"nw\">Voorjaar 2026</td>" +
           "".join("<td class=\"num\">0,32</td>" for _ in names) + "</tr>")
    table = f'<table class="kit-table short"><thead>{head}</thead><tbody>{row * 4}</tbody></table>'
    html = to_html(_notebook_with_table(tmp_path / "t.ipynb", table), tmp_path / "t.html")
    found = check_reports([html])
    assert not found, _fail_message(found)
    # the same table without the template's print rules does run off (the check is not blind)
    bare = tmp_path / "bare.html"
    bare.write_text(PAGE.format(extra=table), encoding="utf-8")
    assert check_reports([bare])


# --- the reports -------------------------------------------------------------------------------
@pytest.mark.slow
@needs_browser
def test_sample_board_reports_fit_the_printed_page(sample_store_path, tmp_path):
    html = _batch(sample_store_path, tmp_path / "reports", ASP, ["board", "school", "team"])
    names = {p.stem for p in html}
    # the board, every school, every team, the hidden team among them
    assert {"board_nl", "school_S01_nl", "school_S02_nl", "school_S03_nl",
            "school_S04_nl", "S01-BB_nl", "S04-PK_nl"} <= names and len(names) == 19
    hidden = next(p for p in html if p.stem == "S04-PK_nl").read_text(encoding="utf-8")
    assert "te weinig respondenten" in hidden.lower()
    found = check_reports(html)
    assert not found, _fail_message(found)


def _large_board():
    name = "kit_benchmark_large_board"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" /
                                                      "large_board.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


@pytest.mark.slow
@needs_browser
def test_large_board_reports_fit_the_printed_page(tmp_path):
    lb = _large_board()
    exports = tmp_path / "exports"
    info = lb.write_board(exports)                       # 30 schools, 110 teams
    assert len(info["schools"]) == 30
    lb.ingest_board(exports, tmp_path / "store")
    html = _batch(tmp_path / "store", tmp_path / "reports", exports / "aspiration.yml",
                  ["board", "school"])
    assert len(html) == 31 and sum(p.stem.startswith("school_") for p in html) == 30
    found = check_reports(html)
    assert not found, _fail_message(found)
