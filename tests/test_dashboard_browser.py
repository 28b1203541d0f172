"""The dashboard in a real browser: Voilà on a free localhost port, Debian's Chromium driven by
Playwright. Changing team and habit changes what is shown (text and the figure's data, not
pixels); a suppressed team shows its notice; no traceback or error text ever appears.

One Voilà server and one page serve the whole module (Voilà keeps one kernel ready with the
notebook executed, as ``kit dashboard`` does); the server is always stopped at the end.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit.dashboard.serve import CHROMIUM, CHROMIUM_ARGS, VoilaServer

pytestmark = pytest.mark.slow

if not Path(CHROMIUM).is_file():
    pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (make system-deps installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                               "(make venv installs it)")

#: requests that leave localhost (Voilà's CDN icons) fail at once on an offline machine
OFFSITE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")
FIGURE = ".kit-view-box .kit-figure"
BAD_WORDS = ("Traceback", "Error", "error:")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    return tmp_path_factory.mktemp("saved-views")


@pytest.fixture(scope="module")
def server(saved, tmp_path_factory):
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    srv = VoilaServer(env={"KIT_DASHBOARD_OUT": str(saved)}, log=log, timeout=150)
    with srv:
        yield srv


@pytest.fixture(scope="module")
def page(server):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1600, "height": 1000})
            pg.set_default_timeout(30_000)
            pg.route(OFFSITE, lambda route: route.abort())
            pg.goto(server.url, wait_until="domcontentloaded")
            pg.wait_for_selector(FIGURE + " img", state="visible", timeout=60_000)
            yield pg
        finally:
            browser.close()


def _values(page) -> list | None:
    raw = page.evaluate("() => document.querySelector('.kit-view-box .kit-figure')"
                        "?.dataset.values ?? null")
    return None if raw is None else json.loads(raw)


def _title(page) -> str:
    return page.inner_text(".kit-view-box .kit-view-title")


def _select(page, cls: str, label: str) -> None:
    """Choose ``label`` in a dropdown and wait until the view was redrawn."""
    current = page.eval_on_selector(f".{cls} select",
                                    "s => s.value")
    if current == label:
        return
    before = page.evaluate("() => document.querySelector('.kit-view-box').innerHTML")
    page.select_option(f".{cls} select", value=label)
    page.wait_for_function("(old) => document.querySelector('.kit-view-box').innerHTML !== old",
                           arg=before)


def _view(page, key: str) -> None:
    labels = {"overview": "De vijf gewoonten", "aspects": "Aspecten"}
    page.click(f".kit-views button:has-text('{labels[key]}')")
    page.wait_for_function("(k) => document.querySelector('.kit-view')?.dataset.view === k",
                           arg=key)


def _no_error_text(page) -> None:
    text = page.inner_text("body")
    for word in BAD_WORDS:
        assert word not in text, f"{word!r} on the page"


def _options(page, cls: str) -> list[str]:
    return page.eval_on_selector_all(f".{cls} select option",
                                     "os => os.map(o => o.value)")


def test_first_view_shows_the_five_habits(page):
    assert page.is_visible(".kit-dashboard")
    # the picture shown while the widget code loaded is gone: one view, the live one
    assert page.locator(".kit-preview-host").count() == 0
    assert page.locator(".kit-view").count() == 1
    assert "vijf gewoonten" in _title(page)
    values = _values(page)
    assert values and {v["level"] for v in values} == {"team", "school", "board"}
    assert len({v["habit"] for v in values}) == 5
    assert page.is_visible(".kit-view-box table.kit-table")
    _no_error_text(page)


def test_team_change_changes_title_and_figure_data(page):
    _view(page, "overview")
    _select(page, "kit-school", "Basisschool De Linde")
    teams = _options(page, "kit-team")
    assert len(teams) >= 2
    _select(page, "kit-team", teams[0])
    first_title, first = _title(page), _values(page)
    _select(page, "kit-team", teams[1])
    title, values = _title(page), _values(page)
    assert teams[1] in title and teams[0] not in title and title != first_title
    team_rows = {v["habit"]: v["mean"] for v in values if v["level"] == "team"}
    assert {v["unit"] for v in values if v["level"] == "team"} == {teams[1]}
    assert team_rows != {v["habit"]: v["mean"] for v in first if v["level"] == "team"}
    assert teams[1] in page.text_content(".kit-view-box .kit-data")     # the plotted numbers
    _no_error_text(page)


def test_habit_change_redraws_the_aspects(page):
    _view(page, "aspects")
    assert page.is_visible(".kit-habit select")
    habits = _options(page, "kit-habit")
    assert len(habits) == 5
    _select(page, "kit-habit", habits[1])
    second = _values(page)
    assert {v["item"][:3] for v in second} == {"H2_"}
    assert habits[1] in _title(page)
    _select(page, "kit-habit", habits[3])
    fourth = _values(page)
    assert {v["item"][:3] for v in fourth} == {"H4_"} and habits[3] in _title(page)
    assert page.is_visible(".kit-view-box table.kit-table")
    _no_error_text(page)


def test_suppressed_team_shows_its_notice_and_no_numbers(page):
    _view(page, "overview")
    _select(page, "kit-school", "Sterrenwacht")
    _select(page, "kit-team", "Plusteam")
    notice = page.inner_text(".kit-view-box .kit-notice")
    assert "Te weinig respondenten" in notice
    assert page.query_selector(FIGURE) is None
    assert page.query_selector(".kit-view-box table") is None
    _view(page, "aspects")
    assert "Te weinig respondenten" in page.inner_text(".kit-view-box .kit-notice")
    assert page.query_selector(FIGURE) is None
    _no_error_text(page)


def test_language_switch_and_save_this_view(page, saved):
    _view(page, "overview")
    _select(page, "kit-school", "Basisschool De Linde")
    page.click(".kit-lang button:has-text('EN')")
    page.wait_for_function("() => document.querySelector('.kit-view-title')"
                           "?.textContent.includes('five habits')")
    page.click(".kit-save button, button.kit-save")
    page.wait_for_function("() => document.querySelector('.kit-status')"
                           "?.textContent.includes('Saved')")
    status = page.inner_text(".kit-status")
    pngs, pages = list(saved.glob("*-overview-*.png")), list(saved.glob("*-overview-*.html"))
    assert len(pngs) == 1 and len(pages) == 1 and str(pngs[0]) in status
    assert pngs[0].read_bytes()[:4] == b"\x89PNG"
    assert "data:image/png;base64," in pages[0].read_text(encoding="utf-8")
    page.click(".kit-lang button:has-text('NL')")
    page.wait_for_function("() => document.querySelector('.kit-view-title')"
                           "?.textContent.includes('vijf gewoonten')")
    _no_error_text(page)


def test_first_view_is_shown_before_the_widget_code_loads(page, server):
    """Voilà's widget code takes 1-2 s to load; the page shows the first view at once as a
    picture (kit.dashboard.preview). With that code blocked, the reader still sees the first
    team's five habits, the selection in words and a line that the controls follow; Voilà's
    spinner and the (empty) cells stay hidden."""
    pg = page.context.browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        pg.route(OFFSITE, lambda route: route.abort())
        blocked = []
        pg.route(re.compile(r"/voila/static/.*\.js"),
                 lambda route: (blocked.append(route.request.url), route.abort()))
        pg.goto(server.url, wait_until="domcontentloaded")
        pg.wait_for_selector(".kit-preview-host .kit-figure img", state="visible",
                             timeout=90_000)
        raw = pg.eval_on_selector(".kit-preview-host .kit-figure", "f => f.dataset.values")
        values = json.loads(raw)
        assert {v["level"] for v in values} == {"team", "school", "board"}
        assert len({v["habit"] for v in values}) == 5
        text = pg.inner_text(".kit-preview-host")
        assert "vijf gewoonten" in text and "Basisschool" in text and "geladen" in text
        assert not pg.is_visible("#loading") and not pg.is_visible("#rendered_cells")
        assert pg.locator(".kit-view-box").count() == 0
        assert any(url.endswith("voila.js") for url in blocked), blocked
        for word in BAD_WORDS:
            assert word not in pg.inner_text("body")
    finally:
        pg.close()
