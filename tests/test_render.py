"""Team reports through a real papermill run, nbconvert and headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.errors import ConfigError, KitError
from kit.reports.render import check_parameters, render

ROOT = Path(__file__).resolve().parents[1]
TEAM_NB = ROOT / "notebooks" / "team_report.ipynb"
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None,
                                    reason="Debian's chromium is not installed (make test "
                                           "installs it)")


# `sample_store_path`, the sample board's store, comes from conftest.py


@needs_chromium
def test_team_report_html_and_pdf(sample_store_path, tmp_path):
    asp = str(ROOT / "sample_data" / "aspiration.yml")
    r = render(TEAM_NB, {"store": str(sample_store_path), "school": "S01", "team": "S01-BB",
                         "aspiration": asp}, tmp_path, "bb")
    html = r.html.read_text(encoding="utf-8")
    assert "Teamrapport Bovenbouw, Basisschool De Linde" in html
    # the page's (and so the PDF's) title is the report's, not "Notebook"
    assert "<title>Teamrapport Bovenbouw, Basisschool De Linde</title>" in html
    assert "zijn we op koers" in html and "geen bewijs van oorzaak" in html
    assert "import kit" not in html and "TeamReport(" not in html          # code hidden
    assert not re.search(r"<script[^>]+src=\"https?://", html)            # no CDN scripts
    # figures embedded as SVG (sharp in print), as data URIs: no links to other files
    assert len(re.findall(r'data-mime-type="image/svg\+xml"[^>]*>\s*<img[^>]* '
                          r'src="data:image/svg\+xml;base64,', html)) >= 7
    assert '<html lang="nl">' in html
    # the template's table rules outrank JupyterLab's right-aligned cells
    assert ".jp-RenderedHTMLCommon table.kit-table td.num" in html
    assert r.pdf.read_bytes()[:5] == b"%PDF-" and r.pdf.stat().st_size > 20_000
    pages = subprocess.run(["pdfinfo", str(r.pdf)], capture_output=True, text=True)
    if pages.returncode == 0:
        assert int(re.search(r"Pages:\s+(\d+)", pages.stdout).group(1)) >= 2
        # figure text stays text (svg.fonttype none): the axis label is searchable in the PDF
        text = subprocess.run(["pdftotext", str(r.pdf), "-"], capture_output=True,
                              text=True).stdout
        assert "Score op de gewoonte" in text and "Bovenbouw" in text
    assert not list(tmp_path.glob(".*"))                                    # no temp files left


def test_suppressed_team_report_in_english(sample_store_path, tmp_path):
    r = render(TEAM_NB, {"store": str(sample_store_path), "school": "S04", "team": "S04-PK",
                         "lang": "en"}, tmp_path, "pk", pdf=False)
    html = r.html.read_text(encoding="utf-8")
    assert "Too few respondents (" in html and "no scores are shown" in html
    assert "Team report" in html and r.pdf is None


def test_parameters_are_checked(sample_store_path, tmp_path):
    import papermill
    # papermill drops parameters it cannot parse without an error: guard the declared set
    assert set(papermill.inspect_notebook(str(TEAM_NB))) == {
        "store", "school", "team", "wave", "lang", "aspiration", "threshold", "free_text"}
    with pytest.raises(ConfigError, match="unknown parameter"):
        check_parameters(TEAM_NB, {"teem": "x"})
    # the defaults name the sample board's units: a real store must say which team
    with pytest.raises(ConfigError, match=r"missing parameter\(s\) \['team'\]"):
        check_parameters(TEAM_NB, {"store": str(sample_store_path), "school": "S01"})
    nbs = TEAM_NB.parent
    assert set(papermill.inspect_notebook(str(nbs / "school_report.ipynb"))) == {
        "store", "school", "wave", "lang", "aspiration", "threshold"}
    assert set(papermill.inspect_notebook(str(nbs / "board_report.ipynb"))) == {
        "store", "wave", "lang", "aspiration", "threshold"}
    with pytest.raises(ConfigError, match="missing parameter"):
        check_parameters(nbs / "school_report.ipynb",
                         {"store": str(sample_store_path), "school": None})
    assert check_parameters(nbs / "board_report.ipynb", {"store": "x"}) == {"store": "x"}
    with pytest.raises(KitError, match="cell .* failed: ConfigError: unknown team"):
        render(TEAM_NB, {"store": str(sample_store_path), "school": "S01", "team": "S09-XX"},
               tmp_path, "bad", pdf=False)
    assert (tmp_path / "bad.failed.ipynb").is_file() and not (tmp_path / "bad.html").exists()


def test_html_escapes_text():
    import pandas as pd

    from kit.present.formats import html_table
    out = html_table(pd.DataFrame({"a": ["<script>alert(1)</script>"]}))
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_html_table_aligns_numbers_right_and_keeps_short_text_together():
    import pandas as pd

    from kit.present.formats import html_table
    out = html_table(pd.DataFrame({"Indicator": ["Begrijpend lezen op streefniveau 2F", "ja"],
                                   "Waarde": [0.32, float("nan")], "n": [25, 3]}))
    assert "<th>Indicator</th><th class=\"num\">Waarde</th><th class=\"num\">n</th>" in out
    assert "<td>Begrijpend lezen op streefniveau 2F</td><td class=\"num\">0.32</td>" in out
    assert "<td class=\"nw\">ja</td><td class=\"num\">–</td><td class=\"num\">3</td>" in out


@needs_chromium
def test_kit_report_command(sample_store_path, tmp_path):
    cmd = [sys.executable, "-m", "kit.cli", "report", "--store", str(sample_store_path),
           "--school", "S02", "--team", "S02-U34", "--lang", "en", "--out", str(tmp_path)]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "S02" / "S02-U34_en.pdf").is_file()
    bad = subprocess.run(cmd[:-2] + ["--out", str(tmp_path), "--school", "S99"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert bad.returncode == 2 and "unknown school" in bad.stderr and "Traceback" not in bad.stderr


def test_kit_report_school_and_board(sample_store_path, tmp_path):
    base = [sys.executable, "-m", "kit.cli", "report", "--store", str(sample_store_path), "--out",
            str(tmp_path), "--no-pdf", "--aspiration", str(ROOT / "sample_data" / "aspiration.yml")]
    r = subprocess.run(base + ["--school", "S04"], capture_output=True, text=True, cwd=ROOT,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "S04" / "school_S04_nl.html").read_text(encoding="utf-8")
    assert "Schoolrapport Sterrenwacht" in html and "De teams naast elkaar" in html
    assert "te weinig respondenten (minder dan 5)" in html
    r = subprocess.run(base + ["--board", "--lang", "en"], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "board_en.html").read_text(encoding="utf-8")
    assert "<title>Board report Stichting Samen Leren</title>" in html
    assert "How much do teams differ?" in html
    for bad, words in ((["--board", "--school", "S01"], "--board renders"),
                       ([], "say which report")):
        r = subprocess.run(base + bad, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr


def _small_report(tmp_path: Path) -> Path:
    """A small report page through the kit's template: a heading, a table, a figure."""
    import nbformat

    from kit.reports.render import to_html
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80">'
           '<rect x="10" y="10" width="120" height="40" fill="#0072b2"/></svg>')
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "# Proefrapport"}),
        nbformat.v4.new_output("display_data", data={
            "text/html": '<table class="kit-table"><tr><th>Gewoonte</th><th>Gemiddelde</th>'
                         '</tr><tr><td>Samen leren</td><td class="num">3,8</td></tr></table>'}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": svg})])]
    nbformat.write(nb, str(tmp_path / "small.ipynb"))
    return to_html(tmp_path / "small.ipynb", tmp_path / "small.html")


def _pages(pdf: Path, tmp_path: Path) -> tuple[str, list[bytes]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    keep = "\n".join(line for line in info.splitlines()
                     if line.split(":")[0] in {"Pages", "Page size", "Tagged", "Title"})
    prefix = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True)
    return keep, [p.read_bytes() for p in sorted(tmp_path.glob(f"{pdf.stem}-*.png"))]


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a_kept_browser_prints_what_a_new_chromium_prints_and_cleans_up(tmp_path):
    """A batch worker's browser (kit.reports.printer) prints page after page in one Chromium,
    the same PDF as a Chromium started per report; closed, it leaves no profile."""
    from kit.reports import printer
    from kit.reports.render import to_pdf
    html = _small_report(tmp_path)
    to_pdf(html, tmp_path / "new.pdf")
    printer.shutdown()
    to_pdf(html, tmp_path / "kept1.pdf", keep=True)
    first = printer.browser("unused", [])          # the one started above, still running
    to_pdf(html, tmp_path / "kept2.pdf", keep=True)
    assert printer.browser("unused", []) is first and first.alive()
    profile = Path(first._profile.name)
    assert profile.is_dir() and profile.name.startswith("kit-chromium-")
    expected = _pages(tmp_path / "new.pdf", tmp_path)
    assert "Tagged:          yes" in expected[0] and "A4" in expected[0]
    assert _pages(tmp_path / "kept1.pdf", tmp_path) == expected
    assert _pages(tmp_path / "kept2.pdf", tmp_path) == expected
    assert not list(tmp_path.glob(".kit-tmp-*"))
    printer.shutdown()
    assert not first.alive() and not profile.exists()


@needs_chromium
def test_a_browser_that_died_is_replaced(tmp_path):
    import os
    import signal

    from kit.reports import printer
    from kit.reports.render import to_pdf
    html = _small_report(tmp_path)
    to_pdf(html, tmp_path / "a.pdf", keep=True)
    old = printer.browser("unused", [])
    os.kill(old.pid, signal.SIGKILL)
    to_pdf(html, tmp_path / "b.pdf", keep=True)
    new = printer.browser("unused", [])
    assert new is not old and new.alive() and (tmp_path / "b.pdf").stat().st_size > 0
    printer.shutdown()
