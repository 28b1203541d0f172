"""The study-day dashboard on a school laptop (issue 13, point 8): no request leaves the machine,
it renders with the network blocked, its header is compact at 1024x768 and nothing runs off the
screen, and a view without numbers shows a message instead of an empty figure.

The browser tests serve the dashboard with Voilà on a free localhost port, as ``kit dashboard``
does, and drive Debian's Chromium through Playwright. Set ``KIT_SCREENSHOTS`` to a folder to keep
the 1024x768 screenshots for a look.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from kit.dashboard import BoardData, Dashboard, View  # noqa: E402
from kit.dashboard.serve import CHROMIUM, CHROMIUM_ARGS, TEMPLATE, VoilaServer  # noqa: E402
from kit.present.text import t  # noqa: E402

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
OFFSITE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")
FIGURE = ".kit-view-box .kit-figure img"
WIDTH, HEIGHT = 1024, 768
VIEW_LABELS = {"overview": "De vijf gewoonten", "aspects": "Aspecten",
               "aspiration": "Gezamenlijk verlangen", "relations": "Verbanden",
               "reflection": "Reflectie"}
EMPTY = ("S04", "S04-OB")     # no pupil values for the aspiration's indicators in the sample

needs_browser = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                   reason=f"Debian's Chromium is not installed at {CHROMIUM}")


# ------------------------------------------------------------------ in-process (no browser)
@pytest.fixture(scope="module")
def board(st, asp):
    return BoardData(st, asp)


def test_a_view_without_numbers_shows_a_message_not_an_empty_figure(board, tmp_path):
    dash = Dashboard(board, out=tmp_path)
    view = dash.select(school=EMPTY[0], team=EMPTY[1], view="aspiration")
    assert view.table is not None and len(view.table)           # the report's table stays
    assert not view.values and view.svg is None and view.figure is None
    assert view.notice == t("dash_nothing_to_draw", "nl")
    assert "kit-figure" not in dash.box.value and "kit-notice" in dash.box.value
    assert t("dash_nothing_to_draw", "nl") in dash.box.value
    png, page = dash.save()                                      # saved as text, not empty
    assert png.read_bytes()[:4] == b"\x89PNG" and "kit-notice" in page.read_text("utf-8")
    english = dash.select(lang="en")
    assert english.notice == t("dash_nothing_to_draw", "en") != view.notice
    # a view with numbers keeps its figure
    drawn = dash.select(school="S01", team="S01-BB", lang="nl")
    assert drawn.svg is not None and drawn.values and "kit-figure" in dash.box.value


def test_the_notice_replaces_only_a_figure_without_numbers():
    from kit.dashboard.app import _no_empty_figure
    own = View("aspects", "t", svg=b"<svg/>", figure=lambda: None, notice="Eigen uitleg")
    assert _no_empty_figure(own, "nl").notice == "Eigen uitleg"
    assert _no_empty_figure(own, "nl").svg is None
    drawn = View("aspects", "t", svg=b"<svg/>", values=[{"x": 1}])
    assert _no_empty_figure(drawn, "nl") is drawn
    text = View("reflection", "t", text=["Vraag?"])
    assert _no_empty_figure(text, "en") is text


def test_shared_text_metrics_draw_the_same_bytes():
    from kit.dashboard import figures

    def make():
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.barh(["Op leren gericht zijn", "Op leren gerichte interactie"], [3.2, 3.9])
        ax.set_title("Onderbouw (Voorjaar 2026)")
        fig.tight_layout()
        return fig

    def plain(fmt):                   # what render_figure drew before the shared cache
        import io
        buf = io.BytesIO()
        with plt.rc_context({**figures.PROJECTOR_RC, "svg.fonttype": "none",
                             "svg.hashsalt": "kit"}):
            fig = make()
            fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
            plt.close(fig)
        return buf.getvalue()

    figures._METRICS.clear()
    first = figures.render_figure(make)
    assert sum(map(len, figures._METRICS.values())) > 0          # texts were kept ...
    assert figures.render_figure(make) == first == plain("svg")  # ... and change nothing
    assert figures.render_figure(make, "png") == plain("png")
    import matplotlib.text as mtext
    assert mtext._get_text_metrics_with_cache.__module__ == "matplotlib.text"   # restored


def test_voila_uses_the_kit_template_without_cdn_links(tmp_path):
    from kit.dashboard.serve import voila_command, write_template
    folder = write_template(tmp_path)
    page = (folder / "index.html.j2").read_text(encoding="utf-8")
    assert "cdn." not in page and "https://" not in page and "extends 'lab/" in page
    assert f"--template={TEMPLATE}" in voila_command(8866)
    assert not any(a.startswith("--template") for a in voila_command(8866, template=None))


# ------------------------------------------------------------------ in a browser
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with VoilaServer(log=log, timeout=150) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        br = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield br
        finally:
            br.close()


def _view(page, key: str) -> None:
    page.click(f".kit-views button:has-text('{VIEW_LABELS[key]}')")
    page.wait_for_function("(k) => document.querySelector('.kit-view')?.dataset.view === k",
                           arg=key)


def _select(page, cls: str, value: str) -> None:
    if page.eval_on_selector(f".{cls} select", "s => s.value") == value:
        return
    before = page.evaluate("() => document.querySelector('.kit-view-box').innerHTML")
    page.select_option(f".{cls} select", value=value)
    page.wait_for_function("(old) => document.querySelector('.kit-view-box').innerHTML !== old",
                           arg=before)


def _open(browser, server, *, block: bool, watch=None):
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.set_default_timeout(60_000)
    if watch is not None:
        watch(page)
    if block:
        page.route(OFFSITE, lambda route: route.abort())
    page.goto(server.url, wait_until="load", timeout=120_000)
    page.wait_for_selector(FIGURE, state="visible", timeout=120_000)
    return page


@needs_browser
@pytest.mark.slow
def test_no_request_leaves_the_machine(browser, server):
    requests: list[str] = []
    failed: list[str] = []
    bad: list[str] = []

    def watch(page):
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("response", lambda r: bad.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
    page = _open(browser, server, block=False, watch=watch)
    try:
        for key in ("aspects", "aspiration", "relations", "reflection", "overview"):
            _view(page, key)
        teams = page.eval_on_selector_all(".kit-team select option", "os => os.map(o => o.value)")
        _select(page, "kit-team", teams[1])
        _view(page, "aspects")
        habits = page.eval_on_selector_all(".kit-habit select option",
                                           "os => os.map(o => o.value)")
        _select(page, "kit-habit", habits[2])
        page.click(".kit-lang button:has-text('EN')")
        page.wait_for_function("() => document.querySelector('.kit-view-title')"
                               "?.textContent.includes('aspects')")
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    web = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert len(web) > 20                             # the page, its scripts, styles, kernel
    offsite = [u for u in web if urlsplit(u).hostname not in LOCAL_HOSTS]
    assert offsite == []
    assert not [u for u in requests if urlsplit(u).scheme not in ("http", "https", "ws", "wss",
                                                                  "data", "blob")]
    assert failed == [] and bad == []


@needs_browser
@pytest.mark.slow
def test_offline_first_view_and_compact_header_at_1024x768(browser, server, tmp_path):
    aborted: list[str] = []
    page = _open(browser, server, block=True,
                 watch=lambda pg: pg.on("requestfailed", lambda r: aborted.append(r.url)))
    keep = os.environ.get("KIT_SCREENSHOTS")
    try:
        assert "vijf gewoonten" in page.inner_text(".kit-view-box .kit-view-title")
        for key in ("overview", "aspects", "aspiration", "relations", "reflection"):
            _view(page, key)
            page.evaluate("() => window.scrollTo(0, 0)")
            shot = tmp_path / f"dashboard-{WIDTH}x{HEIGHT}-{key}.png"
            page.screenshot(path=shot)
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=Path(keep) / shot.name)
            assert shot.read_bytes()[:4] == b"\x89PNG"
            box = page.evaluate("""() => {
                const r = (s) => document.querySelector(s).getBoundingClientRect();
                const se = document.scrollingElement;
                return {header: r('.kit-header').bottom, title: r('.kit-title').top,
                        views: r('.kit-views').bottom, selectors: r('.kit-team').bottom,
                        view: r('.kit-view-box .kit-view-title').top,
                        scroll: se.scrollWidth, client: se.clientWidth};
            }""")
            # title, language, school/team/wave, the view buttons (and the habit): <= 25 %
            assert box["title"] < box["selectors"] < box["views"] <= box["header"]
            assert box["header"] <= 0.25 * HEIGHT, (key, box)
            assert box["view"] < 0.3 * HEIGHT, (key, box)
            assert box["scroll"] <= WIDTH and box["scroll"] <= box["client"], (key, box)
        # a team without pupil values: the message, not an empty plot area
        _view(page, "aspiration")
        _select(page, "kit-school", "Sterrenwacht")       # EMPTY, as the dropdowns name it
        _select(page, "kit-team", "Onderbouw")
        assert page.query_selector(".kit-view-box .kit-figure") is None
        assert t("dash_nothing_to_draw", "nl") in page.inner_text(".kit-view-box .kit-notice")
    finally:
        page.close()
    assert aborted == []                             # nothing even tried to leave
