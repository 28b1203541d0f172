"""Text from a board's files is shown as text (issue 11): names, labels, item texts and answers
that look like HTML, Markdown or mathtext show exactly as typed in every report (HTML and PDF),
the batch index and the dashboard, and never become a tag, a link, emphasis or a formula.

The board is the sample board with hostile names: the board, two schools and the three teams
of S04 (``org.yml``), the wave labels, the indicator labels (aspiration YAML), the first habit,
every item text and one answer option (instrument YAML, the original texts kept as aliases so
the sample exports still match), plus a Google Forms export that gives team S04-BB eleven
hostile free-text answers (enough to be shown). Its reports are rendered by ``kit batch``
(papermill, nbconvert, headless Chromium), its dashboard views in-process.
"""

from __future__ import annotations

import base64
import csv
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from kit.present.markup import html_text, md_plain, md_text, mpl_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"

SCRIPT = "<script>alert(1)</script>"
QUOTED = 'Team "quoted" & <b>bold</b>'
MD = "*star* _under_ # [link](http://x) | pipe"
MATH = "$x^2$ $$"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = (SCRIPT, QUOTED, MD, MATH, IMG)

BOARD = QUOTED                        # the board
SCHOOL = f"{MATH} {IMG}"              # S04
SCHOOL_S03 = SCRIPT                   # S03 (in the board report)
TEAMS = {"S04-BB": SCRIPT, "S04-OB": QUOTED, "S04-PK": MD}     # S04-PK: below the threshold
WAVE = {"nl": f"Voorjaar {MATH}", "en": f"Spring {MATH}"}       # 2026-voorjaar, rendered
WAVE_OLD = {"nl": f"Najaar {IMG}", "en": f"Autumn {IMG}"}       # 2025-najaar
INDICATORS = {"lezen_2f": MD, "rekenen_1s": IMG, "betrokkenheid": f"{MATH} {SCRIPT}",
              "sociale_autonomie": QUOTED}
HABIT_H1 = MD
QUESTION = f"Wil je nog iets toelichten? {IMG}"
FREE_TEXTS = [f"{HOSTILE[k % len(HOSTILE)]} ({k})" for k in range(11)]

needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None
                                    or shutil.which("pdftotext") is None,
                                    reason="Debian's chromium and poppler-utils are needed")


# ------------------------------------------------------------------------------ HTML and SVG
class Page(HTMLParser):
    """Every element (tag, attributes, its text), the page's text and title, and the texts of
    the SVG figures embedded as data URIs."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[list] = []
        self._open: list[list] = []
        self.chunks: list[str] = []
        self.title = ""
        self.svg_texts: list[str] = []
        self.feed(text)
        self.close()
        self.text = re.sub(r"\s+", " ", "".join(self.chunks))

    def handle_starttag(self, tag, attrs):
        el = [tag, dict(attrs), ""]
        self.elements.append(el)
        if tag not in ("img", "meta", "br", "hr", "link", "input"):
            self._open.append(el)
        src = el[1].get("src") or ""
        if tag == "img" and src.startswith("data:image/svg+xml;base64,"):
            self.svg_texts += svg_texts(base64.b64decode(src.split(",", 1)[1]))

    def handle_endtag(self, tag):
        for k in range(len(self._open) - 1, -1, -1):
            if self._open[k][0] == tag:
                del self._open[k:]
                break

    def handle_data(self, data):
        for el in self._open:
            el[2] += data
        if self._open and self._open[-1][0] == "title":
            self.title += data
        if not any(el[0] in ("style", "title") for el in self._open):
            self.chunks.append(data)

    def tags(self, name: str) -> list[list]:
        return [el for el in self.elements if el[0] == name]


def svg_texts(svg: bytes) -> list[str]:
    """The texts of a matplotlib SVG (``svg.fonttype: none``: text kept as text)."""
    ns = "{http://www.w3.org/2000/svg}"
    return ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{ns}text")]


def flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def assert_inert(page: Page, where: str) -> None:
    """No element made from the data: no script, no bold, no image but the figures, no link to
    the data's URL, no emphasis; no event handler attribute anywhere."""
    assert not page.tags("script"), f"{where}: a <script> element"
    assert not page.tags("b"), f"{where}: a <b> element"
    for tag in ("em", "strong", "del"):
        assert not [el for el in page.tags(tag) if el[2].strip() in ("star", "under")], \
            f"{where}: Markdown emphasis"
    for el in page.tags("img"):
        assert el[1].get("src", "").startswith("data:image/"), f"{where}: <img {el[1]}>"
    for el in page.tags("a"):
        assert el[1].get("href") != "http://x", f"{where}: a link from the data"
    for el in page.elements:
        assert not [a for a in el[1] if a.lower().startswith("on")], f"{where}: {el}"


# ------------------------------------------------------------------------- the helpers alone
@pytest.mark.parametrize("s", [*HOSTILE, "Team $$$", "a\\$b \\* \\", "_under_", "x\n# y\r\nz"])
def test_markdown_shows_the_text_as_typed(s):
    from nbconvert.filters.markdown import markdown2html

    from kit.reports.render import report_title
    shown = flat(s)            # HTML shows a line break as a space
    for prefix, tag in (("", "p"), ("# ", "h1"), ("### ", "h3")):
        page = Page(markdown2html(prefix + md_text(s)))
        assert_inert(page, repr(s))
        assert [el[0] for el in page.elements if el[0] != "a"] == [tag], page.elements
        assert page.text.replace("¶", "").strip() == shown
    nb = {"cells": [{"outputs": [{"data": {"text/markdown": "# " + md_text(s) + "\n\nsub"}}]}]}
    assert report_title(_Node(nb)) == shown
    assert md_plain(md_text(s)) == shown
    assert Page(f"<p title=\"{html_text(s)}\">{html_text(s)}</p>").elements == \
        [["p", {"title": s}, s]]


class _Node(dict):
    """Just enough of a notebook node for report_title."""

    @property
    def cells(self):
        return self["cells"]


@pytest.mark.parametrize("s", [*HOSTILE, "Team $$$", "$\\frac{1}{0}$", "_under_"])
def test_matplotlib_draws_the_text_as_typed(s):
    import io
    fig, ax = plt.subplots()
    try:
        ax.plot([0, 1], [0, 1], label=mpl_text(s))
        ax.set_title(mpl_text(s))
        ax.set_xticks([0, 1], [mpl_text(s), "b"])
        ax.legend()
        assert ax.get_legend() is not None and len(ax.get_legend().get_texts()) == 1
        buf = io.BytesIO()
        with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kit"}):
            fig.savefig(buf, format="svg")
        fig.savefig(io.BytesIO(), format="png")            # mathtext would raise on "$$"
    finally:
        plt.close(fig)
    texts = [x.replace("\u200b", "") for x in svg_texts(buf.getvalue())]
    assert texts.count(s) == 3, texts                     # title, tick label, legend


# ------------------------------------------------------------------------------- the board
def _write_yaml(path: Path, doc) -> Path:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    return path


def _hostile_inputs(folder: Path) -> dict:
    """The sample board's exports with hostile names; returns the paths of its files."""
    exports = folder / "exports"
    exports.mkdir(parents=True)
    for f in SAMPLE.iterdir():
        if f.is_file() and f.name not in ("README.md", "generate.py", "truth.json",
                                          ".kit-sample", "org.yml", "aspiration.yml"):
            shutil.copy(f, exports / f.name)
    org = yaml.safe_load((SAMPLE / "org.yml").read_text(encoding="utf-8"))
    org["board"]["name"] = BOARD
    for w in org["waves"]:
        w["label"] = dict(WAVE if w["id"] == "2026-voorjaar" else WAVE_OLD)
    for s in org["schools"]:
        new = {"S03": SCHOOL_S03, "S04": SCHOOL}.get(s["id"])
        if new:
            s["aliases"] = [*s.get("aliases", []), s["name"]]
            s["name"] = new
        for tm in s["teams"]:
            if tm["id"] in TEAMS:
                tm["aliases"] = [*tm.get("aliases", []), tm["name"]]
                tm["name"] = TEAMS[tm["id"]]
            if tm["id"] == "S04-BB":
                tm["size"] = 24                  # the sample's respondents and the 11 below
    org_file = _write_yaml(folder / "org.yml", org)

    asp = yaml.safe_load((SAMPLE / "aspiration.yml").read_text(encoding="utf-8"))
    for ind in asp["indicators"]:
        ind["name"] = {"nl": INDICATORS[ind["id"]], "en": INDICATORS[ind["id"]]}
    asp_file = _write_yaml(folder / "aspiration.yml", asp)

    inst = yaml.safe_load((ROOT / "kit" / "instrument" / "five_habits.yml")
                          .read_text(encoding="utf-8"))
    original = {"habits": {}, "items": []}
    k = 0
    for h in inst["habits"]:
        original["habits"][h["id"]] = h["name"]["nl"]
        if h["id"] == "H1":
            h["name"] = {"nl": HABIT_H1, "en": HABIT_H1}
        for it in h["items"]:
            original["items"].append((h["id"], it["nl"]))
            it["aliases"] = [it["nl"], it["en"]]
            it["nl"] = it["en"] = f"{HOSTILE[k % len(HOSTILE)]} {it['id']}"
            k += 1
    opt = next(o for o in inst["scales"]["agree5"]["options"] if o["value"] == 3)
    opt["synonyms"] = list(dict.fromkeys([*opt.get("synonyms", []), opt["nl"], opt["en"]]))
    opt["nl"], opt["en"] = f"Neutraal {MATH}", f"Neutral {MATH}"
    inst_file = _write_yaml(folder / "instrument.yml", inst)

    # eleven more respondents of S04-BB in the latest wave, each with a free-text answer
    rng = np.random.default_rng(11)
    labels = {1: "Helemaal mee oneens", 2: "Mee oneens", 4: "Mee eens", 5: "Helemaal mee eens",
              3: "Neutraal"}
    header = (["Tijdstempel", "E-mailadres", "In welk team werk je?"]
              + [f"{original['habits'][h]} [{text}]" for h, text in original["items"]]
              + [QUESTION])
    rows = [header]
    for n, text in enumerate(FREE_TEXTS):
        answers = [labels[int(v)] for v in np.clip(np.rint(rng.normal(3.6, 0.9,
                                                                       len(original["items"]))),
                                                   1, 5)]
        rows.append([f"2026/03/{10 + n:02d} 9:{n:02d}:00 a.m. CET", f"ft{n}@sterrenwacht.nl",
                     "S04-BB", *answers, text])
    with open(exports / "S04_2026-voorjaar_googleforms.csv", "w", encoding="utf-8",
              newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return {"exports": exports, "org": org_file, "aspiration": asp_file,
            "instrument": inst_file}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile board, ingested with free text: paths of its files and its store."""
    from kit.ingest.run import ingest
    folder = tmp_path_factory.mktemp("hostile")
    files = _hostile_inputs(folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIT_PSEUDONYM_KEY", "hostile-test-key-" + "x" * 32)
        mp.delenv("KIT_PSEUDONYM_KEY_FILE", raising=False)
        res = ingest([files["exports"]], org=files["org"],
                     roster=files["exports"] / "roster.csv",
                     mapping=files["exports"] / "mapping.yml", instrument=files["instrument"],
                     free_text=True)
    tot = res.report()["totals"]
    assert tot["rows_read"] == tot["accepted"] + tot["rejected"]
    gf = next(a for a in res.accounts if Path(a.file).name.startswith("S04_2026-voorjaar_goo"))
    assert gf.accepted == len(FREE_TEXTS)
    files["store"] = res.write(folder / "store")
    return files


@pytest.mark.slow
def test_the_board_keeps_the_names_as_typed(hostile):
    import kit.store
    st = kit.store.open(hostile["store"])
    t_ = st.teams.drop_duplicates("team").set_index("team")
    assert {tm: t_.at[tm, "team_name"] for tm in TEAMS} == TEAMS
    assert t_.at["S04-BB", "school_name"] == SCHOOL
    assert st.instrument.habit("H1").label("nl") == HABIT_H1
    ft = st.free_text
    assert sorted(ft.loc[ft.team == "S04-BB", "text"]) == sorted(FREE_TEXTS)
    assert set(ft.loc[ft.team == "S04-BB", "question"]) == {QUESTION}


# ------------------------------------------------------------------------------ the reports
def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    return re.sub(r"\s+", "", out)


def _pdf_title(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    m = re.search(r"^Title:\s*(.*)$", info, re.MULTILINE)
    return m.group(1).strip() if m else ""


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.slow
@needs_chromium
def test_reports_show_the_names_as_text(hostile, tmp_path):
    from kit import instrument
    from kit.reports.batch import KINDS, BatchConfig, run_batch
    from kit.reports.warm import shutdown
    cfg = BatchConfig(store=hostile["store"], out=tmp_path / "reports",
                      aspiration=hostile["aspiration"], schools=["S04"], pdf=True, workers=1,
                      kinds=list(KINDS), free_text=True, timeout=300,
                      wave="2026-voorjaar")      # the wave with the hostile label and free texts
    try:
        rows = run_batch(cfg, progress=False)
    finally:
        shutdown()
    # a batch of a named wave names its reports with it (board_2026-voorjaar_nl)
    rows = [{**r, "name": r["name"].replace("_2026-voorjaar", "")} for r in rows]
    assert [(r["name"], r["status"]) for r in rows] == [
        ("board_nl", "ok"), ("school_S04_nl", "ok"), ("S04-OB_nl", "ok"), ("S04-BB_nl", "ok"),
        ("S04-PK_nl", "ok")], [r["error"] for r in rows]
    out = cfg.out
    items = [i.text("nl") for i in instrument.load(hostile["instrument"]).items]
    title = {"board_nl": f"Bestuursrapport {BOARD}",
             "school_S04_nl": f"Schoolrapport {SCHOOL}",
             **{f"{tm}_nl": f"Teamrapport {name}, {SCHOOL}" for tm, name in TEAMS.items()}}
    # what each report must show as typed (beside its title and the wave)
    shows = {"board_nl": [SCHOOL, SCHOOL_S03, f"{SCHOOL} · {MD}", *INDICATORS.values()],
             "school_S04_nl": [*TEAMS.values(), *INDICATORS.values()],
             "S04-OB_nl": [HABIT_H1, QUOTED],
             "S04-BB_nl": [HABIT_H1, *INDICATORS.values(), QUESTION, *FREE_TEXTS],
             "S04-PK_nl": [*INDICATORS.values()]}
    figures = {"board_nl": [SCHOOL, INDICATORS["betrokkenheid"]],
               "school_S04_nl": [QUOTED, SCHOOL],
               "S04-BB_nl": [SCRIPT, SCHOOL, f"Neutraal {MATH}",
                             INDICATORS["betrokkenheid"]]}
    for r in rows:
        html_file = Path(r["html"])
        page = Page(html_file.read_text(encoding="utf-8"))
        name = r["name"]
        assert_inert(page, name)
        csp = [el[1].get("content", "") for el in page.tags("meta")
               if el[1].get("http-equiv") == "Content-Security-Policy"]
        assert csp and "script-src 'none'" in csp[0]       # and should one slip through
        assert flat(page.title) == title[name]
        h1 = [flat(el[2]).rstrip("¶").strip() for el in page.tags("h1")]
        assert h1 == [title[name]], h1                    # the heading, as typed
        assert f"meetmoment {flat(WAVE['nl'])}" in page.text       # the subtitle
        for s in shows[name]:
            assert flat(s) in page.text, (name, s)
        if r["team"] == "S04-BB":              # a habit's heading (S04-OB, S04-PK: no scores)
            assert flat(HABIT_H1) in [flat(el[2]).rstrip("¶").strip() for el in page.tags("h3")]
            # item texts: the aspects tables and the reflection questions (‘text’)
            assert sum(flat(x) in page.text for x in items) >= 6
            assert any(f"‘{flat(x)}’" in page.text for x in items)
        # figures: the names drawn as text, $x^2$ never a formula
        drawn = " ".join(t.replace("\u200b", "") for t in page.svg_texts)
        for s in figures.get(name, []):
            assert flat(s) in flat(drawn), (name, s, page.svg_texts[:40])
        # the PDF: printed (within the batch's timeout), its title and text as typed
        pdf = Path(r["pdf"])
        assert pdf.is_file() and pdf.stat().st_size > 1000
        assert _pdf_title(pdf) == title[name]
        text = _pdf_text(pdf)
        for s in [title[name], *shows[name][:3]]:
            assert _nows(s) in text, (name, s)
    # the batch index
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    assert_inert(index, "index.html")
    for s in (f"{SCHOOL} (S04)", *(f"{name} ({tm})" for tm, name in TEAMS.items())):
        assert flat(s) in index.text, s


# ---------------------------------------------------------------------------- the dashboard
@pytest.mark.slow
def test_dashboard_views_show_the_names_as_text(hostile, tmp_path):
    import kit.store
    from kit.analysis.aspiration import load_aspiration
    from kit.dashboard import VIEWS, BoardData, Dashboard, build_view, save_view
    st = kit.store.open(hostile["store"])
    board = BoardData(st, load_aspiration(hostile["aspiration"]))
    seen_figures = []
    try:
        for team in ("S04-BB", "S04-PK"):
            report = board.report("S04", team, wave="2026-voorjaar", lang="nl")
            for key in VIEWS:
                view = build_view(board, report, key, "H1")
                where = f"{team} {key}"
                page = Page(view.to_html())
                assert_inert(page, where)
                h2 = [flat(el[2]) for el in page.tags("h2")]
                assert h2 == [flat(view.title)], where
                if key != "relations":                    # which names the team
                    assert flat(TEAMS[team]) in h2[0], where
                if key in ("aspects", "relations"):
                    assert flat(HABIT_H1) in h2[0], where
                seen_figures += page.svg_texts
                for text in view.text:
                    assert flat(text) in page.text, where
                assert view.png().startswith(b"\x89PNG"), where      # never a mathtext error
                if team == "S04-BB" and key in ("reflection", "aspiration"):
                    _png, saved = save_view(view, tmp_path, caption=f"{TEAMS[team]}, {SCHOOL}")
                    spage = Page(saved.read_text(encoding="utf-8"))
                    assert_inert(spage, f"saved {where}")
                    assert flat(spage.title) == flat(view.title)
                    assert flat(f"{TEAMS[team]}, {SCHOOL}") in spage.text
        drawn = flat(" ".join(t.replace("\u200b", "") for t in seen_figures))
        for s in (SCRIPT, SCHOOL, MATH, INDICATORS["betrokkenheid"], f"Neutraal {MATH}"):
            assert flat(s) in drawn, s
        dash = Dashboard(board, school="S04", team="S04-BB", lang="nl", out=tmp_path)
        assert_inert(Page(dash.box.value), "dashboard")
        assert dict(dash.team.options) == {name: tm for tm, name in TEAMS.items()}
        assert (SCHOOL, "S04") in dash.school.options
        assert (WAVE["nl"], "2026-voorjaar") in dash.wave.options
        for view in ("aspects", "aspiration", "relations", "reflection"):
            assert_inert(Page(dash.select(view=view).to_html()), f"dashboard {view}")
    finally:
        plt.close("all")
