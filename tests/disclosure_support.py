"""Support for tests/test_disclosure.py: hidden units, modified stores, real renders, what a
reader sees in them, and what a reader can work out from it.

The module has five parts.

1. **Hidden units and cases** (:func:`find_cases`): which teams, habits of a team and pupil
   groups of a board are hidden, from the raw data (fewer than 5 respondents, fewer than 5
   scores for a habit, fewer than 10 pupils) and from the kit's own suppression flags
   (complementary suppression). Each hidden unit becomes a :class:`Case`.
2. **Stores and renders**: :func:`derive_store` writes a copy of a store through
   :func:`kit.store.write` with a case's answers (or pupils' values) set to the lowest or the
   highest value, keeping which answers are missing; :func:`render_task` runs
   :func:`kit.reports.batch.run_batch` (papermill kernels, HTML and PDF, status table and
   index) in a
   worker process whose warm kernel imports the same ``kit`` as the tests.
3. **What a reader sees** (:class:`Doc`): a rendered report as blocks (headings, tables, texts,
   figures) from the HTML, from the executed notebook's outputs, and the PDF's text per section;
   figures are SVG, normalised (no dates, stable ids), with their texts, the colour of every
   mark and, for heat maps, the cell texts per row and the raster per row.
4. **Invariance** (:func:`compare_docs`, :func:`compare_views`, :func:`compare_batch`): base
   against modified, block by block; the only differences allowed are listed in
   :data:`ALLOWED` (report, section, table or figure, and why).
5. **Subtraction** (:class:`Reader`): every number the school and board reports (and the
   dashboard's views, and the hidden teams' own reports) print, as published aggregates over
   sets of teams; for every hidden unit a rank test (is its indicator vector in the span of
   the published sets?) and the curious reader's arithmetic with rounding intervals.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import os
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

THRESHOLD = 5
MIN_PUPILS = 10
LANG = "nl"


def kit_module(*names: str):
    """The first of ``names`` that imports: the kit's modules are moving into packages
    (``kit.reports.batch`` was ``kit.reports.batch``), and the tests must run on both layouts."""
    import importlib
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError(f"none of {names} can be imported")


def _t(key: str, **kw) -> str:
    return kit_module("kit.present.text", "kit.present.text").t(key, LANG, **kw)


# ============================================================================== 1. cases
@dataclass(frozen=True)
class Case:
    """One hidden unit whose data a variant changes.

    ``kind``: ``team`` (all answers of the team's respondents, in ``waves``), ``habit`` (only
    the statements of ``habit``, in ``waves``) or ``pupils`` (only the pupils' values of the
    observation indicators ``indicators``). A ``team`` case may also carry ``indicators`` when
    the same team's pupil group is hidden too (its pupils are changed along).
    """

    board: str
    school: str
    team: str
    wave: str                       # the wave rendered
    kind: str
    why: str
    habit: str | None = None
    waves: tuple[str, ...] = ()     # waves whose answers are changed
    indicators: tuple[str, ...] = ()  # observation indicator codes (BT, SA) changed

    @property
    def name(self) -> str:
        what = {"team": "team", "habit": f"habit {self.habit}", "pupils": "pupils"}[self.kind]
        extra = f" + pupils {'/'.join(self.indicators)}" if self.kind == "team" and \
            self.indicators else ""
        return f"{self.board}:{self.team} ({what}{extra}; {self.why}; wave {self.wave})"

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", f"{self.team}-{self.kind}-{self.habit or ''}"
                      f"-{self.wave}").strip("-")


def truth_counts(store) -> dict:
    """Raw counts, independent of the kit's privacy code: respondents per team and wave,
    habit scores per team, wave and habit (the kit's scoring rules: 2/3 of the statements),
    and the habit means."""
    habit_scores = kit_module("kit.analysis.scoring", "kit.analysis.scoring").habit_scores
    st = store
    resp = st.respondents.groupby(["team", "wave"]).size().to_dict()
    sc = habit_scores(st.answers, st.instrument).merge(
        st.respondents[["respondent_id", "wave", "team"]], on=["respondent_id", "wave"])
    sc = sc.dropna(subset=["score"])
    n_h = sc.groupby(["team", "wave", "habit"]).size().to_dict()
    mean_h = sc.groupby(["team", "wave", "habit"])["score"].mean().to_dict()
    return {"resp": resp, "n": n_h, "mean": mean_h}


def _observation_truth(store, aspiration) -> dict:
    """Pupils with a value and their mean per (team, wave, indicator id), for the aspiration's
    observation indicators (tests indicators: None)."""
    out: dict = {}
    if aspiration is None:
        return out
    obs = store.observations
    date = pd.to_datetime(obs["date"])
    waves = store.waves
    for ind in aspiration.indicators:
        if ind.source != "observations":
            continue
        sel = obs["indicator"] == ind.indicator
        if ind.jaargroep:
            sel &= obs["jaargroep"].isin(ind.jaargroep)
        for w in waves.itertuples():
            inside = sel & (date >= w.start) & (date <= w.end)
            g = obs[inside].dropna(subset=["value"]).groupby(["team", "pupil_id"])["value"].mean()
            for team, vals in g.groupby(level=0):
                out[(team, w.wave, ind.id)] = (int(len(vals)), float(vals.mean()), ind.indicator)
    return out


def find_cases(board: str, store, aspiration) -> list[Case]:
    """The hidden units of a board as cases.

    Fully hidden teams (fewer than 5 respondents, or every habit suppressed by the kit) and
    hidden pupil groups (fewer than 10 pupils, or suppressed by the kit) of the latest wave;
    hidden habits of otherwise shown teams (fewer than 5 scores, or suppressed by the kit)
    of every wave. The kit's flags add the units it hides beside a small one; the raw counts
    make sure a small unit is a case even if the kit does not hide it."""
    st = store
    waves = st.waves.sort_values("order")["wave"].tolist()
    latest = waves[-1]
    truth = truth_counts(st)
    teams = st.teams.drop_duplicates("team")
    school_of = dict(zip(teams["team"], teams["school"], strict=True))
    habits = [h.id for h in st.instrument.habits]
    kit_hidden: dict = {}
    kit_pupils: dict = {}
    try:
        from kit.analysis import board_analysis
        an = board_analysis(st, aspiration=aspiration)
        a = an.aggregates
        a = a[a["level"] == "team"]
        for r in a.itertuples():
            if bool(r.suppressed):
                kit_hidden[(r.unit, r.wave, r.habit)] = str(r.suppression)
        ind = an.indicators
        if len(ind):
            ind = ind[(ind["unit_level"] == "team") & ind["suppressed"].astype(bool)]
            for r in ind.itertuples():
                if r.n_pupils and r.n_pupils > 0:
                    kit_pupils[(r.unit, r.period, r.indicator)] = "suppressed by the kit"
    except Exception:        # noqa: BLE001 - the lead's rewrite may be half-way: raw counts only
        pass
    obs_truth = _observation_truth(st, aspiration)
    code_of = {}
    if aspiration is not None:
        code_of = {i.id: i.indicator for i in aspiration.indicators if i.source == "observations"}

    def hidden_team(team: str, wave: str) -> str | None:
        if truth["resp"].get((team, wave), 0) < THRESHOLD:
            return f"{truth['resp'].get((team, wave), 0)} respondents"
        reasons = {kit_hidden.get((team, wave, h)) for h in habits}
        if None not in reasons:
            return "hidden beside a small team" if "complementary" in reasons else \
                "hidden by the kit"
        return None

    def hidden_habit(team: str, wave: str, habit: str) -> str | None:
        n = truth["n"].get((team, wave, habit), 0)
        if n < THRESHOLD:
            return f"{n} scores for {habit}"
        if (team, wave, habit) in kit_hidden:
            return f"{habit} hidden beside a small habit"
        return None

    cases: list[Case] = []
    for team in teams["team"]:
        why = hidden_team(team, latest)
        pupil_ids = sorted({i for (t, w, i), _r in kit_pupils.items() if t == team and w == latest}
                           | {i for (t, w, i), v in obs_truth.items()
                              if t == team and w == latest and v[0] < MIN_PUPILS})
        codes = tuple(sorted({code_of[i] for i in pupil_ids if i in code_of}))
        if why:
            cases.append(Case(board, school_of[team], team, latest, "team", why,
                              waves=tuple(w for w in waves if hidden_team(team, w)),
                              indicators=codes))
        elif codes:
            cases.append(Case(board, school_of[team], team, latest, "pupils",
                              f"fewer than {MIN_PUPILS} pupils", indicators=codes))
        for w in waves:
            if hidden_team(team, w):
                continue
            for h in habits:
                why_h = hidden_habit(team, w, h)
                if why_h:
                    cases.append(Case(board, school_of[team], team, w, "habit", why_h, habit=h,
                                      waves=(w,)))
    return cases


# ====================================================================== 2. stores, renders
def derive_store(src: Path, dst: Path, case: Case | None = None,
                 direction: str | None = None) -> Path:
    """Write a copy of the store at ``src`` to ``dst`` through :func:`kit.store.write`
    (validated, manifest with the same board, sources and instrument); with a case, its
    respondents' answers (or its pupils' values) are all set to the lowest (``low``) or the
    highest (``high``) value of the scale, keeping every missing answer missing."""
    import kit.store
    st = kit.store.open(src)
    tables = {p.stem: st.table(p.stem) for p in sorted(Path(src).glob("*.parquet"))}
    if case is not None:
        inst = st.instrument
        if case.kind in ("team", "habit"):
            value = float(inst.scale.min if direction == "low" else inst.scale.max)
            r = tables["respondents"]
            ids = r.loc[(r["team"] == case.team) & r["wave"].isin(case.waves),
                        ["respondent_id", "wave"]]
            a = tables["answers"].copy()
            key = pd.MultiIndex.from_frame(a[["respondent_id", "wave"]])
            mask = key.isin(pd.MultiIndex.from_frame(ids)) & a["value"].notna().to_numpy()
            if case.kind == "habit":
                items = {i.id for i in inst.habit(case.habit).items}
                mask &= a["item"].isin(items).to_numpy()
            assert mask.sum() > 0, f"{case.name}: no answers to change"
            a.loc[mask, "value"] = value
            tables["answers"] = a
        if case.indicators:
            o = tables["observations"].copy()
            sel = (o["team"] == case.team) & o["indicator"].isin(case.indicators)
            assert sel.sum() > 0, f"{case.name}: no pupil values to change"
            for code in case.indicators:
                rows = sel & (o["indicator"] == code)
                scale = o.loc[o["indicator"] == code, "value"]
                o.loc[rows, "value"] = float(scale.min() if direction == "low" else scale.max())
            tables["observations"] = o
    extra = {k: v for k, v in st.manifest.items()
             if k not in ("store_format", "kit_version", "written_at", "tables")}
    inst_file = Path(src) / "instrument.yml"
    return kit.store.write(dst, tables, manifest_extra=extra,
                           instrument_file=inst_file if inst_file.is_file() else None)


def kit_root() -> Path:
    """The folder holding the ``kit`` package the tests import (the worktree under test)."""
    import kit
    return Path(kit.__file__).resolve().parents[1]


def kernel_env() -> str | None:
    """Make papermill's kernels import the same ``kit`` as the tests: its folder first on
    PYTHONPATH (kernels inherit the environment of the process that starts them). Returns the
    previous value, to restore."""
    old = os.environ.get("PYTHONPATH")
    root = str(kit_root())
    parts = [p for p in (old or "").split(os.pathsep) if p and p != root]
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *parts])
    return old


def _in_kernel(code: str) -> str:
    """Run ``code`` in this process's warm kernel (the one the batch's reports ran in) and
    return what it printed; the next report resets the kernel's namespace first."""
    import nbformat
    from nbclient import NotebookClient

    warm_kernel = kit_module("kit.reports.warm", "kit.reports.warm").warm_kernel
    warm = warm_kernel()
    with warm.lock:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        client = NotebookClient(nb, km=warm.km, kernel_name=warm.kernel_name, timeout=600)
        client.kc = warm.kc
        client.execute()
        warm.runs += 1
    return "".join(o.get("text", "") for o in nb.cells[0].outputs).strip()


def _kernel_kit_file() -> str:
    """``kit.__file__`` as the warm kernel of this process sees it."""
    return _in_kernel("import kit as _k; print(_k.__file__); del _k")


def dump_views(store: str, aspiration: str, spec: list, out: str) -> None:
    """Build dashboard views (in the warm kernel, whose board analysis the reports just
    computed) and pickle them as plain records: ``spec`` is a list of (school, team, wave,
    which) with which ``all`` (every view, every habit) or ``numbers`` (the overview and the
    aspiration view, without drawing their figures: the reader needs their numbers only)."""
    import pickle

    import kit.store
    from kit.dashboard import views as kv
    from kit.dashboard.data import BoardData
    load_aspiration = kit_module("kit.analysis.aspiration",
                                 "kit.analysis.aspiration").load_aspiration
    bd = BoardData(kit.store.open(store), load_aspiration(aspiration) if aspiration else None)
    habits = [h.id for h in bd.store.instrument.habits]
    records = {}
    for school, team, wave, which in spec:
        report = bd.report(school, team, wave, LANG)
        keys = [(k, h) for k in kv.VIEWS for h in (habits if k in ("aspects", "relations")
                                                    else [""])] if which == "all" else \
            [("overview", ""), ("aspiration", "")]
        real = getattr(kv, "_render", None)
        if which != "all" and real is not None:
            kv._render = lambda make, fmt="svg": b""
        try:
            for key, habit in keys:
                v = kv.build_view(bd, report, key, habit or habits[0])
                records[(team, wave, key, habit)] = view_record(v, drawn=which == "all")
        finally:
            if real is not None:
                kv._render = real
    with open(out, "wb") as fh:
        pickle.dump(records, fh)


def view_record(v, *, drawn: bool = True) -> dict:
    """A view as plain data: what the dashboard shows (and its HTML), without callables."""
    def frame(df):
        if df is None:
            return None
        return {"columns": [str(c) for c in df.columns],
                "rows": [list(r) for r in df.itertuples(index=False)]}
    svg = v.svg.decode("utf-8") if drawn and v.svg else None
    return {"key": v.key, "title": v.title, "notice": v.notice, "text": list(v.text),
            "suppressed": v.suppressed, "table": frame(v.table), "data": frame(v.data),
            "values": v.values, "svg": svg, "has_figure": v.svg is not None}


def render_task(task: dict) -> dict:
    """Run one batch in this (worker) process: :func:`kit.reports.batch.run_batch` with one
    worker, so
    every report runs in this process's warm kernel; ``teams`` limits the team reports
    to the ones the test needs (the batch's own plan, filtered)."""
    kb = kit_module("kit.reports.batch", "kit.reports.batch")
    t0 = time.perf_counter()
    cfg = kb.BatchConfig(store=Path(task["store"]), out=Path(task["out"]),
                         aspiration=Path(task["aspiration"]) if task["aspiration"] else None,
                         lang=LANG, wave=task["wave"], schools=list(task["schools"]),
                         pdf=task.get("pdf", True), workers=1, timeout=600,
                         kinds=list(task["kinds"]))
    wanted = set(task["teams"])
    real = kb.plan

    def plan(c):
        return [j for j in real(c) if j.kind != "team" or j.team in wanted]
    kernel_kit = _kernel_kit_file()
    kb.plan = plan
    try:
        rows = kb.run_batch(cfg, progress=False)
    finally:
        kb.plan = real
    views = Path(task["out"]) / "views.pkl"
    _in_kernel(f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
               "import disclosure_support as _ds\n"
               f"_ds.dump_views({task['store']!r}, {task['aspiration']!r}, "
               f"{task['views']!r}, {str(views)!r})\n"
               "del _ds, sys")
    return {"rows": rows, "kernel_kit": kernel_kit, "seconds": time.perf_counter() - t0,
            "label": task["label"]}


def report_paths(out: Path, kind: str, school: str | None = None,
                 team: str | None = None) -> Path:
    """The stem (path without suffix) of a batch's report, from its status.csv (the batch
    names its files; the kit's naming may change)."""
    with open(Path(out) / "status.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["kind"] == kind and (r["school"] or None) == (school if kind != "board"
                                                              else None) \
                    and (r["team"] or None) == (team if kind == "team" else None):
                if r.get("html"):
                    return Path(r["html"]).with_suffix("")
    raise FileNotFoundError(f"no {kind} report {school or ''} {team or ''} in {out}")


BOARDS = ("sample", "generated")
#: The PDFs are printed for the base and the "all highest" variants only: a PDF is Chromium's
#: print of the same HTML, so one direction shows whether printing reveals anything the HTML
#: comparison does not; printing both would cost about a sixth of the test's time.
PDF_DIRECTIONS = ("high",)


def _reused(fn, task):
    from concurrent.futures import Future
    fut = Future()
    with open(Path(task["out"]) / "status.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fut.set_result({"rows": rows, "kernel_kit": str(kit_root()), "seconds": 0.0,
                    "label": task["label"]})
    return fut


@dataclass
class Render:
    """One batch: its folder, store and the result rows."""

    label: str
    store: Path
    out: Path
    wave: str
    future: object = None
    result: dict | None = None

    def done(self) -> dict:
        """The batch's result; a render task that raised gives no rows and its error."""
        if self.result is None:
            try:
                self.result = self.future.result()
            except Exception as err:  # noqa: BLE001 - reported by the tests, per render
                self.result = {"rows": [], "kernel_kit": "", "error":
                               f"{type(err).__name__}: {err}", "label": self.label}
        return self.result


class Campaign:
    """Every store, render and dashboard view both tests need, made once per test module.

    The base store of each board and one modified store per case and direction (``low``,
    ``high``) are rendered by :func:`render_task` in a pool of worker processes, each with its
    warm kernel, which then also builds the dashboard views from the analysis the reports used.
    This process reads the rendered files meanwhile."""

    def __init__(self, root: Path, workers: int = 2, *, reuse: bool = False) -> None:
        """``reuse``: take the renders already in ``root`` (for working on the comparisons;
        the tests always render)."""
        from concurrent.futures import ProcessPoolExecutor

        import kit.store
        from kit.sample import SAMPLE_DIR, sample_store
        load_aspiration = kit_module("kit.analysis.aspiration",
                                     "kit.analysis.aspiration").load_aspiration
        self._pythonpath = kernel_env()
        self.root = Path(root)
        self.t0 = time.perf_counter()
        src = {"sample": (Path(sample_store()), SAMPLE_DIR / "aspiration.yml")}
        import disclosure_board
        src["generated"] = disclosure_board.write_board(self.root / "generated-src")
        self.aspiration_file = {b: Path(a).resolve() for b, (_s, a) in src.items()}
        self.aspiration = {b: load_aspiration(a) for b, a in self.aspiration_file.items()}
        self.base_store = {b: derive_store(s, self.root / b / "base" / "store")
                           for b, (s, _a) in src.items()}
        self.store = {b: kit.store.open(p) for b, p in self.base_store.items()}
        self.cases = {b: find_cases(b, self.store[b], self.aspiration[b]) for b in BOARDS}
        self.latest = {b: self.store[b].waves.sort_values("order")["wave"].iloc[-1]
                       for b in BOARDS}
        self.waves = {b: sorted({self.latest[b], *(c.wave for c in self.cases[b])})
                      for b in BOARDS}
        self.pool = ProcessPoolExecutor(max_workers=workers)
        if reuse:
            self.pool.submit = _reused
        self.base: dict[tuple[str, str], Render] = {}
        self.variants: dict[tuple[Case, str], Render] = {}
        for b in BOARDS:
            teams = self.store[b].teams.drop_duplicates("team")
            for w in self.waves[b]:
                cases = [c for c in self.cases[b] if c.wave == w]
                # every school in the latest wave (the reader's sources), else the schools
                # with a hidden unit
                schools = [] if w == self.latest[b] else sorted({c.school for c in cases})
                shown = teams if not schools else teams[teams["school"].isin(schools)]
                spec = [(s, t, w, "numbers") for s, t in zip(shown["school"], shown["team"],
                                                              strict=True)
                        if t not in {c.team for c in cases}]
                spec += [(c.school, c.team, w, "all") for c in dict(
                    (c.team, c) for c in cases).values()]
                r = Render(f"{b}/base-{w}", self.base_store[b],
                           self.root / b / f"base-{w}" / "out", w)
                r.future = self.pool.submit(render_task, {
                    "label": r.label, "store": str(r.store), "out": str(r.out),
                    "aspiration": str(self.aspiration_file[b]), "wave": w,
                    "schools": schools, "kinds": ["board", "school", "team"],
                    "teams": sorted({c.team for c in cases}), "views": spec})
                self.base[(b, w)] = r
        for b in BOARDS:
            for k, case in enumerate(self.cases[b]):
                for direction in ("low", "high"):
                    folder = self.root / b / f"c{k:02d}-{direction}"
                    store = derive_store(self.base_store[b], folder / "store", case, direction)
                    r = Render(f"{b}/{case.slug}/{direction}", store, folder / "out",
                               case.wave)
                    r.future = self.pool.submit(render_task, {
                        "label": r.label, "store": str(store), "out": str(r.out),
                        "aspiration": str(self.aspiration_file[b]), "wave": case.wave,
                        "pdf": direction in PDF_DIRECTIONS,
                        "schools": [case.school], "kinds": ["board", "school", "team"],
                        "teams": [case.team], "views": [(case.school, case.team, case.wave,
                                                         "all")]})
                    self.variants[(case, direction)] = r
        self.docs: dict = {}
        self._read_while_rendering()

    def report_sources(self, r: Render, case: Case | None) -> list[tuple[str, Path]]:
        """The reports of a render the tests read: (kind, path stem)."""
        return [(row["kind"], Path(row["html"]).with_suffix("")) for row in r.done()["rows"]
                if row["status"] == "ok" and row.get("html")]

    def doc(self, kind: str, stem: Path, store: Path, fmt: str):
        """A rendered report read once: ``html`` and ``ipynb`` as :class:`Doc`, ``pdf`` as
        text."""
        key = (str(stem), fmt)
        if key not in self.docs:
            path = Path(stem).with_suffix(f".{fmt}")
            self.docs[key] = (Doc.from_html(path, kind, store) if fmt == "html" else
                              Doc.from_ipynb(path, kind, store) if fmt == "ipynb" else
                              pdf_text(path))
        return self.docs[key]

    def _read_while_rendering(self) -> None:
        from concurrent.futures import as_completed
        which = {r.future: (r, None) for r in self.base.values()}
        which.update({r.future: (r, case) for (case, _d), r in self.variants.items()})
        for fut in as_completed(list(which)):
            r, case = which[fut]
            if r.done().get("error"):
                continue
            board = next(b for b in BOARDS if r.store.is_relative_to(self.root / b))
            # the base's notebooks only where a variant is compared with them
            compared = {("board", None, None)} | {
                (k, c.school, c.team if k == "team" else None) for c in self.cases[board]
                if c.wave == r.wave for k in ("team", "school")}
            for row in r.done()["rows"]:
                if row["status"] != "ok" or not row.get("html"):
                    continue
                kind, stem = row["kind"], Path(row["html"]).with_suffix("")
                key = (kind, row["school"] or None, row["team"] or None)
                for fmt in ("html", "ipynb", "pdf"):
                    if fmt == "ipynb" and case is None and key not in compared:
                        continue
                    if Path(stem).with_suffix(f".{fmt}").is_file():
                        try:
                            self.doc(kind, stem, r.store, fmt)
                        except Exception:  # noqa: BLE001 - read again, and fail, in the test
                            pass

    def views(self, r: Render) -> dict:
        """The dashboard view records a render's kernel built: (team, wave, view, habit) ->
        record."""
        import pickle
        if not hasattr(r, "_views"):
            r.done()
            with open(r.out / "views.pkl", "rb") as fh:
                r._views = pickle.load(fh)
        return r._views

    def wait(self) -> None:
        """Wait for every render."""
        for r in [*self.base.values(), *self.variants.values()]:
            r.done()

    def close(self) -> None:
        """Stop the worker processes (and their kernels); restore PYTHONPATH."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self._pythonpath is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = self._pythonpath


# =============================================================== 3. what a reader sees
HEADING_KEYS = {
    "team": ["sec_summary", "sec_habits", "sec_change", "sec_aspects", "strongest", "growth",
             "sec_aspiration", "sec_relations", "sec_reflection", "free_text_title",
             "sec_accountability", "provenance"],
    "school": ["at_title", "at_course_head", "at_changes_head", "at_low_head",
               "at_response_head", "at_well_head",
               "ov_summary", "ov_teams", "sec_statements_board", "ov_school_board", "sec_change",
               "ov_aspiration_school", "own_school", "per_team", "ov_relations_school",
               "ov_accountability_school", "provenance"],
    "board": ["at_title", "at_course_head", "at_changes_head", "at_low_head",
              "at_response_head", "at_well_head",
              "ov_summary", "ov_schools", "sec_change", "ov_board_teams", "ov_icc",
              "ov_aspiration", "own_board", "per_school", "ov_relations", "ml_heading",
              "ov_accountability", "provenance"],
}
ACCOUNTABILITY = {"sec_accountability", "ov_accountability_school", "ov_accountability"}


def heading_map(kind: str) -> dict[str, str]:
    """Heading text -> the kit's text key, for one report kind (the texts come from the kit
    under test, so a reworded heading still maps)."""
    out = {}
    for key in HEADING_KEYS[kind]:
        try:
            out[_t(key)] = key
        except Exception:    # noqa: BLE001 - a key the kit no longer has
            continue
    return out


@dataclass
class Figure:
    """A figure as a reader sees it: its texts, its marks by colour, heat-map rows."""

    svg: str                                   # normalised SVG (stable ids, no date)
    raw: str                                   # the SVG as drawn
    texts: list[str]
    legend: dict[str, str]                     # colour -> label
    heat: dict[str, list[str]] | None = None   # heat map: row label -> cell texts
    heat_order: list[str] = field(default_factory=list)
    raster: np.ndarray | None = None           # heat map image (rows of pixels)
    labels: list[str] = field(default_factory=list)   # texts that are not heat-map cells
    #: heat map: the column labels (x ticks of the heat map's own axes), one per column of
    #: cells, in the order of :attr:`heat`'s cell lists
    heat_columns: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One thing a reader sees: a heading, a text, a table or a figure, under its headings."""

    path: tuple[str, str, str]      # (h2, h3, h4): the kit's key where known, else the text
    kind: str                       # heading | text | table | figure
    text: str = ""
    rows: list[list[str]] | None = None
    figure: Figure | None = None

    def describe(self) -> str:
        where = " › ".join(p for p in self.path if p) or "(top)"
        if self.kind == "table":
            head = " | ".join(self.rows[0]) if self.rows else ""
            return f"§ {where}: table [{head[:70]}]"
        if self.kind == "figure":
            return f"§ {where}: figure ({', '.join(self.figure.texts[:4])[:70]}…)"
        return f"§ {where}: {self.kind} '{self.text[:80]}'"


_NEUTRAL = re.compile(r"#([0-9a-f]{2})\1\1$")


def _colours(el: ET.Element) -> set[str]:
    style = el.get("style", "")
    found = set(re.findall(r"(?:fill|stroke):\s*(#[0-9a-fA-F]{6})", style))
    for attr in ("fill", "stroke"):
        v = el.get(attr)
        if v and v.startswith("#"):
            found.add(v)
    return {c.lower() for c in found if not _NEUTRAL.match(c.lower())}


def _xy(el: ET.Element) -> tuple[float, float]:
    if el.get("x") is not None and el.get("y") is not None:
        return float(el.get("x")), float(el.get("y"))
    m = re.search(r"translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)", el.get("transform", ""))
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"
ET.register_namespace("", "http://www.w3.org/2000/svg")
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


def _local(tag: str) -> str:
    return tag.split("}", 1)[-1]


_RANDOM_ID = re.compile(r"\b((?:p|m|image)[0-9a-f]{10})\b")


def _canonical(root: ET.Element) -> str:
    """The SVG tree as a string without metadata (the render date) and with matplotlib's
    salted ids (clip paths, markers, images: a new salt per process) renamed in order of
    appearance."""
    text = ET.tostring(root, encoding="unicode")
    ids: dict[str, str] = {}
    return _RANDOM_ID.sub(lambda m: ids.setdefault(m.group(1), f"id{len(ids)}"), text)


def parse_svg(svg_text: str, *, drop_colours: set[str] = frozenset()) -> Figure:
    """A figure from matplotlib's SVG (``drop_colours``: marks of these colours, outside the
    legend, are left out of :attr:`Figure.svg`)."""
    raw = svg_text
    root = ET.fromstring(svg_text.encode("utf-8") if isinstance(svg_text, str) else svg_text)
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) == "metadata":
                parent.remove(child)
    parent_of = {c: p for p in root.iter() for c in p}
    # legend: colour -> label
    legend: dict[str, str] = {}
    legend_nodes: set = set()
    for g in root.iter(f"{_SVG_NS}g"):
        if (g.get("id") or "").startswith("legend"):
            pending: set[str] = set()
            for child in g:
                legend_nodes.update(child.iter())
                if (child.get("id") or "").startswith("text"):
                    label = " ".join((t.text or "").strip() for t in child.iter(f"{_SVG_NS}text"))
                    for c in pending:
                        legend[c] = label
                    pending = set()
                else:
                    for el in child.iter():
                        pending |= _colours(el)
            legend_nodes.add(g)
    texts = [" ".join((t.text or "").split()) for t in root.iter(f"{_SVG_NS}text")]
    labels = texts
    # heat map: an image drawn in the axes, cell texts centred in it, row labels on the y axis
    heat = None
    order: list[str] = []
    columns: list[str] = []
    raster = None
    images = [el for el in root.iter(f"{_SVG_NS}image")]
    if images:
        # the row and column labels are the ticks of the axes holding the heat map's image,
        # not those of an axes drawn inside it (the statement map's habit names on a secondary
        # axis at the right, which name groups of rows) nor of the colour legend's axes
        own = _own_axes_nodes(images[0], parent_of)
        ylabels, xlabels = [], []
        for g in root.iter(f"{_SVG_NS}g"):
            gid = g.get("id") or ""
            if gid.startswith(("ytick", "xtick")) and (own is None or g in own):
                lines = [t for t in g.iter(f"{_SVG_NS}text")]
                if lines:
                    label = " ".join(" ".join((t.text or "").split()) for t in lines)
                    xs_, ys = [_xy(t)[0] for t in lines], [_xy(t)[1] for t in lines]
                    if gid.startswith("ytick"):
                        ylabels.append((sum(ys) / len(ys), label))
                    else:
                        xlabels.append((sum(xs_) / len(xs_), label))
        in_axis = set()
        for g in root.iter(f"{_SVG_NS}g"):
            if (g.get("id") or "").startswith(("matplotlib.axis", "legend")):
                in_axis.update(g.iter())
        cells = [t for t in root.iter(f"{_SVG_NS}text") if t not in in_axis]
        if ylabels and cells:
            ylabels.sort()
            order = [lb for _y, lb in ylabels]
            heat = {lb: [] for lb in order}
            xs = sorted({round(_xy(t)[0], 1) for t in cells})
            owner = {}
            for t in cells:
                x, y = _xy(t)
                lb = min(ylabels, key=lambda p: abs(p[0] - y))[1]
                heat[lb].append((xs.index(round(x, 1)), " ".join((t.text or "").split())))
                owner[t] = lb
            heat = {lb: [v for _k, v in sorted(vals)] for lb, vals in heat.items()}
            if xlabels:                     # each column of cells under its nearest x tick
                columns = [min(xlabels, key=lambda p, x=x: abs(p[0] - x))[1] for x in xs]
            labels = [" ".join((t.text or "").split()) for t in root.iter(f"{_SVG_NS}text")
                      if t not in owner]
            raster = _raster(images[0])
            for img in images:                      # compared through the raster instead
                img.set(_XLINK, "raster")
    if drop_colours:
        for el in list(root.iter()):
            if el in legend_nodes or _local(el.tag) == "text":
                continue
            if _colours(el) & drop_colours and el in parent_of:
                parent_of[el].remove(el)
    return Figure(svg=_canonical(root), raw=raw, texts=texts, legend=legend, heat=heat,
                  heat_order=order, raster=raster, labels=labels, heat_columns=columns)


def _own_axes_nodes(el: ET.Element, parent_of: dict) -> set | None:
    """The nodes of the axes (``<g id="axes_N">``) that holds ``el``, without those of any
    axes nested in it; None when ``el`` is in no axes."""
    axes = el
    while axes is not None and not (_local(axes.tag) == "g" and
                                    (axes.get("id") or "").startswith("axes_")):
        axes = parent_of.get(axes)
    if axes is None:
        return None
    out: set = set()

    def walk(node):
        out.add(node)
        for child in node:
            if _local(child.tag) == "g" and (child.get("id") or "").startswith("axes_"):
                continue
            walk(child)
    walk(axes)
    return out


def _raster(img: ET.Element) -> np.ndarray | None:
    """The heat map's image as pixel rows, in the order of the drawn rows (top first)."""
    import matplotlib.image as mpimg
    href = img.get(_XLINK) or img.get("href") or ""
    if not href.startswith("data:image/png;base64,"):
        return None
    arr = mpimg.imread(io.BytesIO(base64.b64decode(href.split(",", 1)[1])), format="png")
    if "scale(1 -1)" in (img.get("transform") or ""):
        arr = arr[::-1]                    # matplotlib stores the image bottom row first
    return np.array(arr, dtype=np.float32)


def _svg_from_img(src: str) -> str | None:
    if src.startswith("data:image/svg+xml;base64,"):
        return base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
    return None


#: between the lines of one block of lines (the "Waar kijken?" page's lists)
LINES_SEP = " ¦ "


class Doc:
    """A rendered report as blocks (HTML or executed notebook) plus its PDF text."""

    LEAF = {"p", "li", "pre", "figcaption", "dt", "dd", "summary", "blockquote", "code"}

    def __init__(self, kind: str, blocks: list[Block], *, title: str = "") -> None:
        self.kind = kind
        self.blocks = blocks
        self.title = title

    # ------------------------------------------------------------------ building
    @classmethod
    def from_html(cls, path: Path, kind: str, store: str | Path) -> Doc:
        from bs4 import BeautifulSoup
        text = Path(path).read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        title = soup.title.get_text(" ", strip=True) if soup.title else ""
        body = soup.find("main") or soup.body
        blocks = cls._walk(body, kind, str(store))
        return cls(kind, blocks, title=title)

    @classmethod
    def from_ipynb(cls, path: Path, kind: str, store: str | Path) -> Doc:
        """Blocks from the executed notebook kept for audit: every output (markdown, HTML,
        SVG, plain text, streams, errors) and every cell's source; metadata, execution counts
        and timestamps are left out."""
        import nbformat
        from bs4 import BeautifulSoup
        from nbconvert.filters.markdown_mistune import markdown2html_mistune
        nb = nbformat.read(str(path), as_version=4)
        parts: list[str] = []
        sources: list[str] = []
        for cell in nb.cells:
            sources.append(cell.source.replace(str(store), "<STORE>"))
            for out in cell.get("outputs", []):
                ot = out.get("output_type")
                if ot == "stream":
                    parts.append(f"<pre>[{out.get('name')}] {_esc(out.get('text', ''))}</pre>")
                elif ot == "error":
                    parts.append(f"<pre>[error] {_esc(out.get('ename', ''))}: "
                                 f"{_esc(out.get('evalue', ''))}</pre>")
                else:
                    data = out.get("data", {})
                    if "image/svg+xml" in data:
                        svg = data["image/svg+xml"]
                        svg = "".join(svg) if isinstance(svg, list) else svg
                        b64 = base64.b64encode(svg.encode("utf-8")).decode("ascii")
                        parts.append(f'<img src="data:image/svg+xml;base64,{b64}">')
                    elif "image/png" in data:
                        parts.append(f'<img src="data:image/png;base64,{data["image/png"]}">')
                    elif "text/html" in data:
                        parts.append(str(data["text/html"]))
                    elif "text/markdown" in data:
                        parts.append(markdown2html_mistune(str(data["text/markdown"])))
                    elif "text/plain" in data:
                        parts.append(f"<pre>{_esc(data['text/plain'])}</pre>")
        soup = BeautifulSoup("<div>" + "".join(parts) + "</div>", "html.parser")
        blocks = cls._walk(soup, kind, str(store))
        blocks.append(Block(("(code)", "", ""), "text", text="\n---\n".join(sources)))
        return cls(kind, blocks)

    @classmethod
    def _walk(cls, root, kind: str, store: str) -> list[Block]:
        from bs4 import NavigableString, Tag
        keys = heading_map(kind)
        path = ["", "", ""]
        blocks: list[Block] = []

        def clean(s: str) -> str:
            return " ".join(s.replace("¶", "").replace(store, "<STORE>").split())

        def visit(node) -> None:
            for child in node.children:
                if isinstance(child, NavigableString):
                    if type(child) is not NavigableString:     # comments, doctype
                        continue
                    s = clean(str(child))
                    if s:
                        blocks.append(Block(tuple(path), "text", text=s))
                    continue
                if not isinstance(child, Tag):
                    continue
                name = child.name
                if name in ("style", "script", "head", "title"):
                    continue
                if name in ("h1", "h2", "h3", "h4"):
                    s = clean(child.get_text(" "))
                    level = int(name[1])
                    if level >= 2:
                        path[level - 2] = keys.get(s, s)
                        for k in range(level - 1, 3):
                            path[k] = ""
                    blocks.append(Block(tuple(path), "heading", text=s))
                    continue
                if name == "table":
                    rows = [[clean(c.get_text(" ")) for c in tr.find_all(["th", "td"])]
                            for tr in child.find_all("tr")]
                    blocks.append(Block(tuple(path), "table", rows=rows))
                    continue
                if name == "img":
                    svg = _svg_from_img(child.get("src", ""))
                    if svg is not None:
                        blocks.append(Block(tuple(path), "figure", figure=parse_svg(svg)))
                    else:
                        blocks.append(Block(tuple(path), "text",
                                            text=f"[image {hash(child.get('src', ''))}]"))
                    continue
                if name == "svg":
                    blocks.append(Block(tuple(path), "figure", figure=parse_svg(str(child))))
                    continue
                cls_ = child.get("class") or []
                if "kit-lines" in cls_:
                    # a list of lines (or the sentence saying there are none) as one text,
                    # lines joined by LINES_SEP: a line more or less is one changed block
                    lines = [clean(x.get_text(" ")) for x in child.find_all(["li", "p"])]
                    blocks.append(Block(tuple(path), "text",
                                        text=LINES_SEP.join(x for x in lines if x)))
                    continue
                if name in cls.LEAF or "kit-notice" in cls_:
                    s = clean(child.get_text(" "))
                    if s:
                        blocks.append(Block(tuple(path), "notice" if "kit-notice" in cls_
                                            else "text", text=s))
                    continue
                visit(child)
        visit(root)
        return blocks

    # ------------------------------------------------------------------ helpers
    def headings(self) -> list[tuple[str, str]]:
        """(heading text, the key of the h2 section it belongs to), in order."""
        return [(b.text, b.path[0]) for b in self.blocks if b.kind == "heading"]

    def tables(self, h2: str | None = None) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table" and (h2 is None or b.path[0] == h2)]

    def figures(self, h2: str | None = None) -> list[Block]:
        return [b for b in self.blocks if b.kind == "figure" and (h2 is None or b.path[0] == h2)]

    def texts(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind in ("text", "notice")]

    def notices(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "notice"]

    def visible_numbers(self) -> set[str]:
        """Every number-like token the reader can see (texts, tables, figure texts)."""
        out: set[str] = set()
        for b in self.blocks:
            parts = [b.text] if b.kind in ("text", "notice", "heading") else \
                [c for r in b.rows for c in r] if b.kind == "table" else \
                b.figure.texts if b.kind == "figure" else []
            for p in parts:
                out.update(NUMBER.findall(p))
        if self.title:
            out.update(NUMBER.findall(self.title))
        return out


def _esc(s) -> str:
    import html
    return html.escape("".join(s) if isinstance(s, list) else str(s))


NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?%?")
#: a number not glued to letters or a path (a hash, a folder name or a temporary path such as
#: ``pytest-54/`` holds digits that are no number; a PDF may wrap them differently)
LONE_NUMBER = re.compile(r"(?<![\w.,/-])[-+]?\d+(?:[.,]\d+)?%?(?![\w/]|[.,]\d)")


def pdf_text(path: Path) -> str:
    """The PDF's text (pdftotext, layout kept)."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True, timeout=120).stdout


def pdf_sections(text: str, headings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The PDF's text cut at the report's headings (found in order; a heading that wraps in
    the PDF is found by its start): (h2 key, text) per section."""
    lines = text.splitlines()
    cuts = []
    at = 0
    for h, key in headings:
        probe = " ".join(h.split())[:28]
        for k in range(at, len(lines)):
            if " ".join(lines[k].split()).startswith(probe):
                cuts.append((k, key or h))
                at = k + 1
                break
    out = [("(before the first heading)", "\n".join(lines[:cuts[0][0]] if cuts else lines))]
    for j, (k, key) in enumerate(cuts):
        end = cuts[j + 1][0] if j + 1 < len(cuts) else len(lines)
        out.append((key, "\n".join(lines[k:end])))
    return out


# ================================================================== 4. invariance
@dataclass(frozen=True)
class Allowance:
    """One allowed difference between a report on the base store and on a modified one."""

    report: str        # team | school | board | view
    section: str       # the kit's heading key (h2, or h3/h4 where given)
    what: str          # table columns / figure marks / heat-map row
    why: str


#: The only differences allowed when a hidden unit's answers (or pupils' values) change.
#: Each is a whole-school or whole-board aggregate; test 2 checks that none of them lets a
#: reader subtract a hidden unit. Everything else must be identical (apart from the store's
#: path, which the reports print as a parameter).
ALLOWED = {
    "team-profile": Allowance(
        "team", "sec_habits", "profile figure: the marks of the school and of the board "
        "(the legend and every text must match, so the hidden team is not drawn)",
        "the school's and the board's habit means include the team's respondents"),
    "school-summary": Allowance(
        "school", "ov_summary", "summary table: mean and interval columns",
        "the school's own habit means"),
    "school-profile": Allowance(
        "school", "ov_school_board", "school-vs-board figure: marks of the school and the board",
        "the school's and the board's habit means"),
    "school-change": Allowance(
        "school", "ov_school_board › sec_change", "change table: change and interval",
        "the school's own change since the previous wave"),
    "school-own-indicators": Allowance(
        "school", "ov_aspiration_school › own_school", "value, on course and trend columns",
        "the school's own indicators (all its pupils)"),
    "board-summary": Allowance(
        "board", "ov_summary", "habit table: mean and interval columns",
        "the board's own habit means"),
    "board-school-heatmap": Allowance(
        "board", "ov_schools", "schools heat map: the row of the hidden unit's school",
        "that school's habit means"),
    "board-change": Allowance(
        "board", "ov_schools › sec_change", "change table: change and interval",
        "the board's own change since the previous wave"),
    "board-icc": Allowance(
        "board", "ov_icc", "ICC(1) and ICC(2) columns",
        "how much all the board's teams differ (every respondent counts)"),
    "board-own-indicators": Allowance(
        "board", "ov_aspiration › own_board", "value, on course and trend columns",
        "the board's own indicators (all its pupils)"),
    "board-per-school": Allowance(
        "board", "ov_aspiration › per_school", "the hidden unit's school's values",
        "that school's indicators (all its pupils)"),
    "reliability": Allowance(
        "any", "accountability", "reliability table: alpha, its interval and omega",
        "the instrument's reliability over all the board's respondents"),
    "provenance-date": Allowance(
        "any", "accountability › provenance", "the row 'datum' (render time)",
        "when the report was made"),
    "school-statements-board": Allowance(
        "school", "ov_teams › sec_statements_board", "statement x team map of differences "
        "from the board: the cells (numbers and colours) of the shown teams, in every row for a "
        "hidden team and in the rows of the hidden habit's statements for a hidden habit; the "
        "hidden team's own column (dashes, grey), the labels, the legend and every other cell "
        "must match", "each shown team's mean less the board's statement mean, which counts "
        "every respondent of the board; test 2 reads the cells as differences, never as a "
        "team's mean"),
    "school-hidden-together": Allowance(
        "school", "ov_teams", "the heat-map row of the school's hidden teams taken together "
        "(where the kit shows one)", "the school minus its shown teams, which the school's "
        "summary and the shown teams already give; test 2 reads it as a published set"),
    "attention-course": Allowance(
        "school/board", "at_title › at_course_head", "the rows of the school or the board as "
        "a whole, the board report's row of the hidden unit's school, and how many schools "
        "are on course", "the school's and the board's indicators (all their pupils)"),
    "attention-school-change": Allowance(
        "board", "at_title › at_changes_head", "the lines of the hidden unit's school",
        "that school's change since the previous wave"),
    "attention-board-compare": Allowance(
        "school/board", "at_title › at_low_head, at_well_head", "which units and habits are "
        "listed against the board's mean, and the board's mean (never a line on the hidden "
        "team or habit)", "the board's habit means count every respondent"),
    "view-overview": Allowance(
        "view", "overview", "the school's and the board's rows of the plotted numbers, and "
        "their marks in the figure", "the school's and the board's habit means"),
}


def _cols(rows: list[list[str]], names: set[str]) -> list[int]:
    head = rows[0] if rows else []
    return [k for k, h in enumerate(head) if h in names]


def _mask_table(rows: list[list[str]], cols: list[int] | None = None,
                row_pred=None) -> tuple[list[list[str]], list[str]]:
    """``rows`` with the cells of columns ``cols`` (None: every column but the first) in the
    rows matching ``row_pred`` (None: every body row) replaced; and the replaced texts."""
    out, allowed = [], []
    for r_i, row in enumerate(rows):
        new = list(row)
        if r_i > 0 and (row_pred is None or row_pred(row)):
            for k in (range(1, len(row)) if cols is None else cols):
                if k < len(new):
                    allowed.append(new[k])
                    new[k] = "«allowed»"
        out.append(new)
    return out, allowed


class Context:
    """What the allowances need to know about a case: the names the reports use."""

    def __init__(self, store, case: Case) -> None:
        teams = store.teams.drop_duplicates("team")
        self.case = case
        self.school_name = str(teams.loc[teams["school"] == case.school, "school_name"].iloc[0])
        self.team_name = str(teams.loc[teams["team"] == case.team, "team_name"].iloc[0])
        self.board_label = _t("board")
        self.mean_cols = {_col(k) for k in ("mean", "ci")}
        self.change_cols = {_col(k) for k in ("change", "ci", "wording") if _has_col(k)}
        # "Waar kijken?": the rows of a school or the board as a whole ("De Linde (geheel)")
        try:
            self.whole = re.compile(re.escape(_t("at_whole", name="\x00")).replace(
                "\x00", ".+") + "$")
        except Exception:  # noqa: BLE001 - a kit without the page
            self.whole = None
        self.habit_label = None
        #: the statements whose board mean the case's data enters (None: every statement)
        self.statements: list[str] | None = None
        if case.habit:
            self.habit_label = store.instrument.habit(case.habit).label(LANG)
            self.statements = [i.text(LANG) for i in store.instrument.items
                               if i.habit == case.habit]
        self.indicator_cols = {_col(k) for k in ("value", "on_course", "trend")}
        self.prov_date = _t("prov_date")


def _has_col(key: str) -> bool:
    try:
        _col(key)
    except KeyError:
        return False
    return True


def _col(key: str) -> str:
    cols = kit_module("kit.present.columns", "kit.reports.team")
    return (getattr(cols, "COLUMNS", None) or cols._COLS)[LANG][key]


def _legend_colours(fig: Figure, labels: set[str]) -> set[str]:
    return {c for c, lb in fig.legend.items() if lb in labels}


def allowance_for(kind: str, block: Block, ctx: Context):
    """The allowance that applies to ``block`` of a ``kind`` report, as (name, mask) where
    mask(block) returns (comparable value, allowed strings); None when nothing may differ."""
    h2, h3, h4 = block.path
    if block.kind == "table" and block.rows:
        head = set(block.rows[0])
        if h2 in ACCOUNTABILITY and h3 != "provenance" and (
                "alpha" in head or (_has_col("alpha") and _col("alpha") in head)):
            cols = {c for c in block.rows[0] if c not in (_col("habit"), _col("n"))}
            return "reliability", lambda b: _mask_table(b.rows, _cols(b.rows, cols))
        if h2 in ACCOUNTABILITY and h3 == "provenance":
            return "provenance-date", lambda b: _mask_table(
                b.rows, [1], lambda r: r and r[0] == ctx.prov_date)
        if kind in ("school", "board") and h2 == "at_title" and h3 == "at_course_head":
            def whole_or_school(r, kind=kind):
                return bool(r) and ((ctx.whole is not None and ctx.whole.match(r[0]) is not None)
                                    or (kind == "board" and r[0] == ctx.school_name))
            return "attention-course", lambda b: _mask_table(b.rows, None, whole_or_school)
        if kind in ("school", "board") and h2 == "ov_summary" and _col("habit") in head:
            name = f"{kind}-summary"
            return name, lambda b: _mask_table(b.rows, _cols(b.rows, ctx.mean_cols))
        if kind == "school" and h2 == "ov_school_board" and h3 == "sec_change":
            return "school-change", lambda b: _mask_table(b.rows, _cols(b.rows, ctx.change_cols))
        if kind == "board" and h2 == "ov_schools" and h3 == "sec_change":
            return "board-change", lambda b: _mask_table(b.rows, _cols(b.rows, ctx.change_cols))
        if kind == "board" and h2 == "ov_icc":
            return "board-icc", lambda b: _mask_table(b.rows, _cols(b.rows, {"ICC(1)",
                                                                             "ICC(2)"}))
        if kind == "school" and h2 == "ov_aspiration_school" and h4 == "own_school":
            return "school-own-indicators", lambda b: _mask_table(
                b.rows, _cols(b.rows, ctx.indicator_cols))
        if kind == "board" and h2 == "ov_aspiration" and h4 == "own_board":
            return "board-own-indicators", lambda b: _mask_table(
                b.rows, _cols(b.rows, ctx.indicator_cols))
        if kind == "board" and h2 == "ov_aspiration" and h4 == "per_school":
            if ctx.school_name in block.rows[0]:          # schools as columns
                return "board-per-school", lambda b: _mask_table(
                    b.rows, _cols(b.rows, {ctx.school_name}))
            return "board-per-school", lambda b: _mask_table(     # schools as rows
                b.rows, None, lambda r: r and r[0] == ctx.school_name)
    if block.kind == "text" and kind in ("school", "board") and h2 == "at_title":
        if kind == "board" and h3 == "at_course_head":
            # "k of the n schools are on course": k counts the hidden unit's school too
            return "attention-course", lambda b: (NUMBER.sub("#", b.text), [b.text])
        if kind == "board" and h3 == "at_changes_head":
            def other_schools(b):
                ls = [x for x in b.text.split(LINES_SEP) if not _is_sentence(
                    x, "at_no_changes", wave=None) and not _is_sentence(x, "at_more", n=None)]
                own = [x for x in ls if x.startswith(f"{ctx.school_name}:")]
                return tuple(sorted(x for x in ls if x not in own)), own
            return "attention-school-change", other_schools
        if h3 in ("at_low_head", "at_well_head"):
            # every line compares a unit with the board's mean (every respondent counts) or
            # says where pupils are on course; none may name the hidden team's hidden part
            def no_hidden_part(b):
                ls = b.text.split(LINES_SEP)
                leak = [x for x in ls if x.startswith(f"{ctx.team_name}:") and (
                    ctx.case.kind == "team" or (ctx.habit_label and ctx.habit_label in x))]
                return tuple(leak), [x for x in ls if x not in leak]
            return "attention-board-compare", no_hidden_part
    if block.kind == "figure":
        fig = block.figure
        if kind == "team" and h2 == "sec_habits":
            return "team-profile", lambda b: _mask_figure(b, {ctx.school_name, ctx.board_label})
        if kind == "school" and h2 == "ov_school_board":
            return "school-profile", lambda b: _mask_figure(b, {ctx.school_name,
                                                                ctx.board_label})
        if kind == "board" and h2 == "ov_schools" and fig.heat is not None:
            return "board-school-heatmap", lambda b: _mask_heat(b, ctx.school_name)
        if kind == "school" and h2 == "ov_teams" and h3 == "sec_statements_board" and \
                fig.heat is not None and ctx.case.kind in ("team", "habit"):
            return "school-statements-board", lambda b: _mask_statements(b, ctx)
        if kind == "school" and h2 == "ov_teams" and fig.heat is not None and any(
                together_label(lb) for lb in fig.heat_order):
            return "school-hidden-together", lambda b: _mask_heat(
                b, next(lb for lb in b.figure.heat_order if together_label(lb)))
    return None


def _is_sentence(text: str, key: str, **fields) -> bool:
    """Whether ``text`` is the kit's sentence ``key`` with any values in ``fields``."""
    try:
        pattern = _t(key, **{k: "\x00" for k in fields})
    except Exception:  # noqa: BLE001 - a kit without the sentence
        return False
    pattern = re.escape(" ".join(pattern.split())).replace("\x00", ".+")
    return re.fullmatch(pattern, " ".join(text.split())) is not None


def together_label(label: str) -> bool:
    """Whether a heat-map or table row is the kit's row of a school's hidden teams taken
    together ('Verborgen teams samen (2)')."""
    try:
        text = _t("hidden_together", n=987654)
    except Exception:  # noqa: BLE001 - a kit without such a row
        return False
    pattern = re.escape(" ".join(text.split())).replace("987654", r"\d+")
    return re.fullmatch(pattern, " ".join(label.split())) is not None


def _mask_figure(block: Block, labels: set[str]):
    fig = block.figure
    colours = _legend_colours(fig, labels)
    masked = parse_svg(fig.raw, drop_colours=colours) if colours else fig
    return (masked.svg, tuple(masked.texts)), []


def _mask_heat(block: Block, label: str):
    fig = block.figure
    rows = [lb for lb in fig.heat_order if _same_label(lb, label)]
    allowed = [v for r in rows for v in fig.heat[r]]
    heat = {lb: (["«allowed»"] * len(v) if lb in rows else v) for lb, v in fig.heat.items()}
    raster = fig.raster
    if raster is not None and rows:
        raster = raster.copy()
        h = raster.shape[0]
        n = len(fig.heat_order)
        for r in rows:                 # the row's band of pixels, and the blended edge rows
            k = fig.heat_order.index(r)
            raster[max(0, math.floor(k * h / n) - 1):math.ceil((k + 1) * h / n) + 1] = 0
    key = (_strip_cells(fig.svg), json.dumps(heat, sort_keys=True), tuple(fig.labels),
           None if raster is None else raster.tobytes())
    return key, allowed


def _mask_statements(block: Block, ctx: Context):
    """The statement x team map of differences from the board with the shown teams' cells
    masked: every row for a hidden team, the rows of the hidden habit's statements for a
    hidden habit. The hidden team's column is kept (its cells are dashes, its colour grey);
    when that column or the cells cannot be told apart (no column of the team, a row without a
    cell per column, a number in the hidden part), nothing is masked and any difference
    fails."""
    fig = block.figure
    cols = fig.heat_columns
    own = [k for k, lb in enumerate(cols) if _same_label(lb, ctx.team_name)]
    rows = [lb for lb in fig.heat_order if ctx.statements is None or
            any(_same_label(lb, s) for s in ctx.statements)]
    readable = len(own) == 1 and len(set(cols)) == len(cols) and fig.heat_order and \
        all(len(fig.heat[lb]) == len(cols) for lb in fig.heat_order) and \
        all(fig.heat[lb][own[0]] == "–" for lb in rows)
    if not readable:
        return _block_value(block), []
    shown = [k for k in range(len(cols)) if k != own[0]]
    allowed = [fig.heat[lb][k] for lb in rows for k in shown]
    heat = {lb: ["«allowed»" if lb in rows and k in shown else v for k, v in enumerate(cells)]
            for lb, cells in fig.heat.items()}
    raster = fig.raster
    if raster is not None and rows and shown:
        raster = raster.copy()
        h, w = raster.shape[:2]
        n, m = len(fig.heat_order), len(cols)
        for r in rows:              # the cells' pixels, and the blended edge rows and columns
            i = fig.heat_order.index(r)
            r0, r1 = max(0, math.floor(i * h / n) - 1), math.ceil((i + 1) * h / n) + 1
            for k in shown:
                raster[r0:r1, max(0, math.floor(k * w / m) - 1):math.ceil((k + 1) * w / m) + 1] = 0
    key = (_strip_cells(fig.svg), json.dumps(heat, sort_keys=True), tuple(fig.labels),
           tuple(cols), None if raster is None else raster.tobytes())
    return key, allowed


def _strip_cells(svg: str) -> str:
    """A heat map's SVG without its cell texts (compared through :attr:`Figure.heat`)."""
    return re.sub(r'<text[^>]*text-anchor: middle[^>]*>[^<]*</text>', "", svg)


def _same_label(drawn: str, name: str) -> bool:
    a, b = "".join(drawn.split()), "".join(name.split())
    return a == b or (a.endswith("…") and b.startswith(a[:-1]))


def _block_value(b: Block):
    if b.kind == "table":
        return ("table", json.dumps(b.rows))
    if b.kind == "figure":
        f = b.figure
        return ("figure", f.svg, tuple(f.texts), None if f.raster is None else
                f.raster.tobytes())
    return (b.kind, b.text)


def _table_diff(a: list[list[str]], b: list[list[str]]) -> str:
    head = a[0] if a else []
    out = []
    for i in range(max(len(a), len(b))):
        ra = a[i] if i < len(a) else []
        rb = b[i] if i < len(b) else []
        if ra != rb:
            for k in range(max(len(ra), len(rb))):
                va = ra[k] if k < len(ra) else "∅"
                vb = rb[k] if k < len(rb) else "∅"
                if va != vb:
                    col = head[k] if k < len(head) else f"col {k}"
                    row = (ra or rb)[0] if (ra or rb) else f"row {i}"
                    out.append(f"row '{row}', column '{col}': {va!r} -> {vb!r}")
    return "; ".join(out[:8]) + (f" (+{len(out) - 8} more)" if len(out) > 8 else "")


def _figure_diff(a: Figure, b: Figure) -> str:
    if a.texts != b.texts:
        ca, cb = Counter(a.texts), Counter(b.texts)
        gone = list((ca - cb).elements())[:8]
        new = list((cb - ca).elements())[:8]
        return f"figure texts differ: base only {gone}, modified only {new}"
    if a.heat is not None and a.heat != b.heat:
        rows = [f"{r}: {a.heat.get(r)} -> {b.heat.get(r)}" for r in a.heat_order
                if a.heat.get(r) != b.heat.get(r)]
        return "heat-map cells differ: " + "; ".join(rows[:6])
    if a.raster is not None and b.raster is not None and a.raster.shape == b.raster.shape \
            and a.heat_order:
        diff = np.abs(a.raster - b.raster).reshape(a.raster.shape[0], -1).max(axis=1) > 0
        if diff.any():
            n = len(a.heat_order)
            h = a.raster.shape[0]
            rows = sorted({a.heat_order[min(n - 1, int(i * n / h))] for i in np.where(diff)[0]})
            return f"heat-map colours differ in the rows {rows}"
    # marks: which legend colours moved
    moved = []
    for colour, label in a.legend.items():
        pa = parse_svg(a.raw, drop_colours={colour}).svg
        pb = parse_svg(b.raw, drop_colours={colour}).svg
        if pa == pb:
            moved.append(label)
    if moved:
        return f"figure marks differ; only the marks of {moved} moved"
    return (f"figure marks differ (the marks of several legend entries, or unlabelled ones; "
            f"figure texts: {', '.join(a.labels[:6])[:90]})")


def compare_docs(base: Doc, var: Doc, ctx: Context, *, report: str,
                 fmt: str) -> tuple[list[str], dict[str, list[str]], set[str]]:
    """Differences between a report on the base store and on a modified one.

    Returns (failures, allowed strings per h2 section, names of the allowances used)."""
    fails: list[str] = []
    allowed: dict[str, list[str]] = defaultdict(list)
    used: set[str] = set()
    if base.title != var.title:
        fails.append(f"{report} [{fmt}] page title: {base.title!r} -> {var.title!r}")
    groups_a: dict[tuple, list[Block]] = defaultdict(list)
    groups_b: dict[tuple, list[Block]] = defaultdict(list)
    order: list[tuple] = []
    for b in base.blocks:
        if b.path not in groups_a:
            order.append(b.path)
        groups_a[b.path].append(b)
    for b in var.blocks:
        if b.path not in groups_a and b.path not in groups_b:
            order.append(b.path)
        groups_b[b.path].append(b)
    for path in order:
        la, lb = groups_a.get(path, []), groups_b.get(path, [])
        where = " › ".join(p for p in path if p) or "(top)"
        if [x.kind for x in la] != [x.kind for x in lb]:
            extra = [x.describe() for x in lb if _block_value(x) not in
                     {_block_value(y) for y in la}]
            gone = [x.describe() for x in la if _block_value(x) not in
                    {_block_value(y) for y in lb}]
            fails.append(f"{report} [{fmt}] § {where}: different content; only with the "
                         f"modified data: {extra[:3]}; only with the base data: {gone[:3]}")
            continue
        for xa, xb in zip(la, lb, strict=True):
            if _block_value(xa) == _block_value(xb):
                continue
            rule = allowance_for(base.kind, xa, ctx)
            if rule is not None:
                name, mask = rule
                ka, al_a = mask(xa)
                kb, al_b = mask(xb)
                if ka == kb:
                    used.add(name)
                    allowed[path[0]].extend(al_a + al_b)
                    continue
                detail = f"(beyond the allowed difference '{name}') "
            else:
                detail = ""
            if xa.kind == "table":
                head = " | ".join(xa.rows[0])[:60] if xa.rows else ""
                detail += f"[{head}] " + _table_diff(xa.rows, xb.rows)
            elif xa.kind == "figure":
                detail += _figure_diff(xa.figure, xb.figure)
            else:
                detail += f"{xa.text[:300]!r} -> {xb.text[:300]!r}"
            fails.append(f"{report} [{fmt}] § {where}: {xa.kind}: {detail}")
    return fails, allowed, used


def compare_pdf(base_text: str, var_text: str, headings: list[tuple[str, str]],
                allowed: dict[str, list[str]], *, report: str, stores: tuple[str, str]
                ) -> list[str]:
    """The PDFs' texts per section. A section must read the same (whitespace aside, the
    store's path and the render date masked) unless its HTML had an allowed difference; then
    every token that differs must be part of an allowed cell's text."""
    import difflib
    fails = []
    date = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")

    def norm(s: str, store: str) -> str:
        return date.sub("<DATE>", "".join(s.split()).replace("".join(store.split()), "<STORE>"))

    sa = pdf_sections(base_text, headings)
    sb = pdf_sections(var_text, headings)
    if [h for h, _ in sa] != [h for h, _ in sb]:
        return [f"{report} [pdf]: the headings found differ: {[h for h, _ in sa]} vs "
                f"{[h for h, _ in sb]}"]
    merged_a: dict[str, str] = defaultdict(str)
    merged_b: dict[str, str] = defaultdict(str)
    for (h, ta), (_h, tb) in zip(sa, sb, strict=True):
        merged_a[h] += ta + "\n"
        merged_b[h] += tb + "\n"
    for h in merged_a:
        ta, tb = merged_a[h], merged_b[h]
        if norm(ta, stores[0]) == norm(tb, stores[1]):
            continue
        ok = ["".join(a.split()) for a in allowed.get(h, [])]
        ok = ok and ok + ["".join(x.split()) for x in stores]
        if ok:
            # the whole section without white space (a PDF wraps a file name or the store's
            # path where its table's columns happen to end), every allowed cell taken out
            ra, rb = norm(ta, stores[0]), norm(tb, stores[1])
            for a in sorted(ok, key=len, reverse=True):
                ra, rb = ra.replace(a, "\x00"), rb.replace(a, "\x00")
            if ra == rb:
                continue
            toks_a = Counter(norm(x, stores[0]) for x in ta.split())
            toks_b = Counter(norm(x, stores[1]) for x in tb.split())
            only_a, only_b = list(toks_a - toks_b), list(toks_b - toks_a)

            def wrapped(x: str, other: list[str]) -> bool:
                # a name (never a number) that the PDF wrapped on one side: a part of it, or
                # the whole of which a part is, stands on the other side
                return bool(re.search(r"[^\W\d]", x)) and any(
                    x != y and re.search(r"[^\W\d]", y) and (x in y or y in x)
                    for y in other)
            # the store's path (a parameter, different by construction) stands whole on one
            # side and wrapped on the other where the PDF's columns happen to end
            bad = [x for x in only_a if not any(x in a for a in ok) and not wrapped(x, only_b)
                   and "<STORE>" not in x]
            bad += [x for x in only_b if not any(x in a for a in ok)
                    and not wrapped(x, only_a) and "<STORE>" not in x]
            if not bad:
                continue
            fails.append(f"{report} [pdf] § {h}: text differs beyond the allowed cells: "
                         f"{bad[:10]}")
            continue
        diff = [ln for ln in difflib.unified_diff(ta.splitlines(), tb.splitlines(),
                                                  lineterm="", n=0)
                if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
        fails.append(f"{report} [pdf] § {h}: text differs: " + " | ".join(
            " ".join(d.split()) for d in diff[:8]))
    return fails


# ------------------------------------------------------------------ dashboard views
def _frame_rows(frame: dict | None) -> list[list[str]]:
    """A view's table or plotted numbers (a record's frame) as rows of texts."""
    if frame is None:
        return []

    def f(x):
        if isinstance(x, (float, np.floating)):
            return "–" if not np.isfinite(x) else f"{x:.6g}"
        return str(x)
    return [list(frame["columns"])] + [[f(x) for x in r] for r in frame["rows"]]


def team_views(records: dict, team: str, wave: str) -> dict:
    """One team's view records: (view, habit) -> record."""
    return {(k, h): r for (t, w, k, h), r in records.items() if t == team and w == wave}


def compare_views(base: dict, var: dict, ctx: Context) -> tuple[list[str], set[str]]:
    """The dashboard's views of the hidden unit's team, base against modified: title, notice,
    texts, table, plotted numbers (table and ``data-values``) and the figure."""
    fails, used = [], set()
    allow = {ctx.school_name, ctx.board_label}
    if not base:
        return ["dashboard: no views were built for the team"], used
    for key in base:
        a, b = base[key], var.get(key)
        where = f"dashboard view {key[0]}{' ' + key[1] if key[1] else ''}"
        if b is None:
            fails.append(f"{where}: missing with the modified data")
            continue
        for attr in ("title", "notice", "text", "suppressed", "has_figure"):
            if a[attr] != b[attr]:
                fails.append(f"{where}: {attr} {a[attr]!r} -> {b[attr]!r}")
        ta, tb = _frame_rows(a["table"]), _frame_rows(b["table"])
        if ta != tb:
            fails.append(f"{where}: table: {_table_diff(ta, tb)}")
        da, db_ = _frame_rows(a["data"]), _frame_rows(b["data"])
        va, vb = a["values"], b["values"]
        if key[0] == "overview":
            keep_a = [r for r in da[1:] if r[0] not in allow]
            keep_b = [r for r in db_[1:] if r[0] not in allow]
            if da != db_ or va != vb:
                used.add("view-overview")
            da, db_ = da[:1] + keep_a, db_[:1] + keep_b
            va = [v for v in va if v.get("level") not in ("school", "board")]
            vb = [v for v in vb if v.get("level") not in ("school", "board")]
        if da != db_:
            fails.append(f"{where}: plotted numbers: {_table_diff(da, db_)}")
        if json.dumps(va, sort_keys=True, default=str) != json.dumps(vb, sort_keys=True,
                                                                      default=str):
            fails.append(f"{where}: data-values: {str(va)[:240]} -> {str(vb)[:240]}")
        if a["svg"] is not None and b["svg"] is not None:
            fa, fb = parse_svg(a["svg"]), parse_svg(b["svg"])
            if (fa.svg, fa.texts) != (fb.svg, fb.texts):
                if key[0] == "overview":
                    blk = Block(("", "", ""), "figure")
                    ma, _ = _mask_figure(Block(blk.path, "figure", figure=fa), allow)
                    mb, _ = _mask_figure(Block(blk.path, "figure", figure=fb), allow)
                    if ma == mb:
                        continue
                    fails.append(f"{where}: figure (beyond the allowed difference "
                                 f"'view-overview'): {_figure_diff(fa, fb)}")
                    continue
                fails.append(f"{where}: figure: {_figure_diff(fa, fb)}")
    return fails, used


# ------------------------------------------------------------------ batch status and index
def batch_rows(out: Path) -> tuple[dict, dict]:
    """status.csv rows and index.html table rows per report, without timings and paths made
    relative to the batch folder."""
    from bs4 import BeautifulSoup
    out = Path(out)
    status = {}
    with open(out / "status.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            r = {k: v for k, v in r.items() if k != "seconds"}
            for k in ("html", "pdf"):
                if r.get(k):
                    r[k] = os.path.relpath(r[k], out)
            status[r["name"]] = r
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    index = {}
    for h2 in soup.find_all("h2"):
        table = h2.find_next("table")
        for tr in table.find_all("tr")[1:]:
            cells = tr.find_all("td")
            texts = [c.get_text(" ", strip=True) for c in cells]
            links = [a.get("href") for a in tr.find_all("a")]
            index[(h2.get_text(strip=True), texts[0])] = (tr.get("class"), texts[1],
                                                          texts[3:], links)
    return status, index


def compare_batch(base_out: Path, var_out: Path, *, pdf: bool = True) -> list[str]:
    """status.csv and index.html of a variant's batch against the base batch's rows of the same
    reports (``pdf`` False: the variant printed no PDFs, so their columns and links are not
    compared)."""
    sa, ia = batch_rows(base_out)
    sb, ib = batch_rows(var_out)
    if not pdf:
        for rows in (sa, sb):
            for r in rows.values():
                r["pdf"] = ""
        for rows in (ia, ib):
            for k, (cls, status, note, links) in list(rows.items()):
                rows[k] = (cls, status, [x for x in note if x not in ("PDF", "")],
                           [x for x in links if not x.endswith(".pdf")])
    fails = []
    for name, row in sb.items():
        if name not in sa:
            fails.append(f"status.csv: report {name} missing from the base batch")
        elif row != sa[name]:
            diff = {k: (sa[name].get(k), v) for k, v in row.items() if sa[name].get(k) != v}
            fails.append(f"status.csv, report {name}: {diff}")
    for key, row in ib.items():
        if key not in ia:
            fails.append(f"index.html: row {key} missing from the base batch")
        elif row != ia[key]:
            fails.append(f"index.html, row {key}: {ia[key]} -> {row}")
    return fails


# ================================================================== 5. subtraction
@dataclass
class Pub:
    """One published number: a quantity over a set of teams."""

    quantity: str            # resp | n | mean | pn | pval | n_item | mean_item
    key: str                 # habit, item or indicator id ('' for resp)
    wave: str
    units: frozenset         # team ids
    value: float
    err: float               # half the rounding step (0 when exact)
    source: str


def _num(s: str) -> tuple[float, float] | None:
    """A printed number and half its rounding step; None for dashes, '< 5' and words."""
    s = s.strip().replace("\u2212", "-")
    m = re.fullmatch(r"([-+]?)(\d+)(?:[.,](\d+))?(%?)", s)
    if not m:
        return None
    dec = len(m.group(3) or "")
    v = float(f"{m.group(1)}{m.group(2)}.{m.group(3) or '0'}")
    if m.group(4):                                   # a percentage: 77% is 0.765 .. 0.775
        return v / 100, 0.5 * 10 ** (-dec) / 100
    return v, (0.5 * 10 ** (-dec) if dec else 0.0)


class Reader:
    """A curious reader with every report of the board in hand, and the team sizes of the
    organisation file (printed response rates give a team's n)."""

    def __init__(self, board: str, store, aspiration) -> None:
        self.board = board
        self.store = store
        self.aspiration = aspiration
        teams = store.teams.drop_duplicates("team")
        self.teams = list(teams["team"])
        self.school_of = dict(zip(teams["team"], teams["school"], strict=True))
        self.school_name = dict(zip(teams["school"], teams["school_name"], strict=True))
        self.team_name = dict(zip(teams["team"], teams["team_name"], strict=True))
        self.members = defaultdict(set)
        for tm, s in self.school_of.items():
            self.members[s].add(tm)
        sizes = store.teams.dropna(subset=["size"])
        self.size = {(t, w): float(s) for t, w, s in zip(sizes["team"], sizes["wave"],
                                                         sizes["size"], strict=True)}
        self.habit_of_label = {h.label(LANG): h.id for h in store.instrument.habits}
        self.item_of_text = {i.text(LANG): i.id for i in store.instrument.items}
        self.ind_of_label = {i.label(LANG): i.id for i in aspiration.indicators} \
            if aspiration is not None else {}
        self.pubs: list[Pub] = []
        #: (wave, school, habit) -> the hidden teams a 'taken together' row stands for
        self.together: dict = {}
        #: the statement maps' cells: (wave, item, team, difference, its error, source)
        self.differences: list[tuple] = []

    # ----------------------------------------------------------------- helpers
    def add(self, quantity, key, wave, units, parsed, source) -> None:
        if parsed is None:
            return
        value, err = parsed
        self.pubs.append(Pub(quantity, key, wave, frozenset(units), value, err, source))

    def _team_by_label(self, label: str, school: str | None) -> str | None:
        for tm in self.teams:
            if school is not None and self.school_of[tm] != school:
                continue
            names = [self.team_name[tm]] if school is not None else \
                [f"{self.school_name[self.school_of[tm]]} · {self.team_name[tm]}"]
            if any(_same_label(label, n) for n in names):
                return tm
        return None

    def _school_by_label(self, label: str) -> str | None:
        for s, n in self.school_name.items():
            if _same_label(label, n):
                return s
        return None

    def all_teams(self) -> frozenset:
        return frozenset(self.teams)

    # ----------------------------------------------------------------- sources
    def read_overview(self, doc: Doc, kind: str, wave: str, school: str | None,
                      source: str) -> None:
        """A school report (``school``) or the board report (``school`` None)."""
        own = frozenset(self.members[school]) if school else self.all_teams()
        c_habit, c_n, c_mean = _col("habit"), _col("n"), _col("mean")
        for b in doc.tables("ov_summary"):
            head = b.rows[0]
            if c_habit in head and c_n in head:
                ih, i_n, im = head.index(c_habit), head.index(c_n), head.index(c_mean)
                for r in b.rows[1:]:
                    h = self.habit_of_label.get(r[ih])
                    if h:
                        self.add("n", h, wave, own, _num(r[i_n]), f"{source} summary n")
                        self.add("mean", h, wave, own, _num(r[im]), f"{source} summary mean")
            elif len(head) == 2:          # the board's counts
                for r in b.rows[1:]:
                    if r[0] == c_n:
                        self.add("resp", "", wave, own, _num(r[1]), f"{source} counts n")
                    if r[0] == _col("response_rate"):
                        p = _num(r[1])
                        if p:
                            size = sum(self.size.get((t, wave), 0) for t in own)
                            self.add("resp", "", wave, own, (p[0] * size, p[1] * size),
                                     f"{source} counts response rate x board size")
        team_h2 = "ov_teams" if kind == "school" else "ov_board_teams"
        for b in doc.figures(team_h2):
            if b.path[1] == "sec_statements_board":
                # statements x teams, each cell a team's mean less the board's: never a mean
                self._differences(b.figure, wave, school, source + " statement map")
                continue
            self._heat(b.figure, wave, school, source + " team heat map")
        if kind == "board":
            for b in doc.figures("ov_schools"):
                f = b.figure
                if f.heat is None:
                    continue
                for label, cells in f.heat.items():
                    s = self._school_by_label(label)
                    if s is None:
                        continue
                    for h, cell in zip(self._habit_order(), cells, strict=False):
                        self.add("mean", h, wave, self.members[s], _num(cell),
                                 f"{source} school heat map ({self.school_name[s]})")
        for b in doc.tables(team_h2):
            head = b.rows[0]
            if _col("team") not in head:
                continue
            i_n = head.index(c_n) if c_n in head else None
            i_r = head.index(_col("response_rate")) if _col("response_rate") in head else None
            for r in b.rows[1:]:
                tm = self._team_by_label(r[0], school)
                if tm is None and school is not None and together_label(r[0]) \
                        and i_n is not None:
                    for h in self._habit_order():
                        units = self.together.get((wave, school, h))
                        if units:
                            self.add("n", h, wave, units, _num(r[i_n]),
                                     f"{source} team table n ({r[0]})")
                    continue
                if tm is None:
                    continue
                if i_n is not None:
                    self.add("resp", "", wave, {tm}, _num(r[i_n]),
                             f"{source} team table n ({self.team_name[tm]})")
                if i_r is not None:
                    p = _num(r[i_r])
                    size = self.size.get((tm, wave))
                    if p and size:
                        self.add("resp", "", wave, {tm}, (p[0] * size, p[1] * size),
                                 f"{source} team table response rate x team size "
                                 f"({self.team_name[tm]})")
        if kind == "board":
            for b in doc.tables("ov_icc"):
                head = b.rows[0]
                if c_n in head and c_habit in head:
                    for r in b.rows[1:]:
                        h = self.habit_of_label.get(r[head.index(c_habit)])
                        if h:
                            self.add("n", h, wave, own, _num(r[head.index(c_n)]),
                                     f"{source} ICC table n")
        # the shared aspiration
        asp_h2 = "ov_aspiration_school" if kind == "school" else "ov_aspiration"
        own_h4 = "own_school" if kind == "school" else "own_board"
        per_h4 = "per_team" if kind == "school" else "per_school"
        for b in doc.tables(asp_h2):
            if b.path[2] == own_h4:
                self._own_indicators(b.rows, wave, own, f"{source} own indicators")
            elif b.path[2] == per_h4:
                self._unit_indicators(b.rows, wave, school, kind,
                                      f"{source} indicators per unit")

    def _habit_order(self) -> list[str]:
        return [h.id for h in self.store.instrument.habits]

    def _heat(self, fig: Figure, wave: str, school: str | None, source: str) -> None:
        if fig.heat is None:
            return
        habits = self._habit_order()
        dashed = defaultdict(set)            # habit -> teams drawn without a number
        for label, cells in fig.heat.items():
            tm = self._team_by_label(label, school)
            if tm is None:
                continue
            for h, cell in zip(habits, cells, strict=False):
                self.add("mean", h, wave, {tm}, _num(cell), f"{source} ({self.team_name[tm]})")
                if _num(cell) is None:
                    dashed[h].add(tm)
        for label, cells in fig.heat.items():
            if school is not None and together_label(label):
                for h, cell in zip(habits, cells, strict=False):
                    if _num(cell) is not None and dashed[h]:
                        self.add("mean", h, wave, dashed[h], _num(cell),
                                 f"{source} ({label}: {sorted(dashed[h])})")
                        self.together[(wave, school, h)] = frozenset(dashed[h])

    def _differences(self, fig: Figure, wave: str, school: str | None, source: str) -> None:
        """The school report's statement x team map: each cell a shown team's statement mean
        less the board's (every respondent of the board). Kept as differences; where the
        reader has the team's own statement mean, :meth:`systems` adds the board's statement
        mean it gives (team mean less difference) as a mean over all the board's teams."""
        if fig.heat is None or not fig.heat_columns:
            return
        items = {}
        for label in fig.heat_order:
            found = [i for text, i in self.item_of_text.items() if _same_label(label, text)]
            if len(found) == 1:
                items[label] = found[0]
        teams = [self._team_by_label(c, school) for c in fig.heat_columns]
        for label, cells in fig.heat.items():
            item = items.get(label)
            if item is None or len(cells) != len(teams):
                continue
            for tm, cell in zip(teams, cells, strict=True):
                d = _num(cell)
                if tm is not None and d is not None:
                    self.differences.append((wave, item, tm, d[0], d[1],
                                             f"{source} ({self.team_name[tm]})"))

    def _own_indicators(self, rows, wave, units, source) -> None:
        head = rows[0]
        ci, cv, cn = _col("indicator"), _col("value"), _col("n_pupils")
        if ci not in head:
            return
        for r in rows[1:]:
            ind = self.ind_of_label.get(r[head.index(ci)])
            if ind is None:
                continue
            if cv in head:
                self.add("pval", ind, wave, units, _num(r[head.index(cv)]), source + " value")
            if cn in head:
                self.add("pn", ind, wave, units, _num(r[head.index(cn)]), source + " pupils")

    def _unit_indicators(self, rows, wave, school, kind, source) -> None:
        head = rows[0]
        ci = _col("indicator")
        first = _col("team") if kind == "school" else _col("school")

        def unit(label):
            if kind == "school":
                tm = self._team_by_label(label, school)
                return {tm} if tm else None
            s = self._school_by_label(label)
            return self.members[s] if s else None
        if ci in head:                                # indicators as rows, units as columns
            for r in rows[1:]:
                ind = self.ind_of_label.get(r[head.index(ci)])
                for k, label in enumerate(head):
                    u = unit(label) if k > 0 else None
                    if ind and u:
                        self.add("pval", ind, wave, u, _num(r[k]), f"{source} ({label})")
        elif head and head[0] == first:               # units as rows, indicators across
            for r in rows[1:]:
                u = unit(r[0])
                for k, label in enumerate(head[1:], start=1):
                    ind = self.ind_of_label.get(label)
                    if ind and u:
                        self.add("pval", ind, wave, u, _num(r[k]), f"{source} ({r[0]})")

    def read_team_report(self, doc: Doc, team: str, wave: str, source: str) -> None:
        """A hidden team's own report: what it prints about the team itself."""
        c_habit, c_n, c_mean = _col("habit"), _col("n"), _col("mean")
        for text in doc.notices():
            self._notice_numbers(text, team, wave, source)
        for b in doc.tables("sec_summary"):
            head = b.rows[0]
            if c_habit in head and c_n in head:
                for r in b.rows[1:]:
                    h = self.habit_of_label.get(r[head.index(c_habit)])
                    if h:
                        self.add("n", h, wave, {team}, _num(r[head.index(c_n)]),
                                 f"{source} summary n")
                        self.add("mean", h, wave, {team}, _num(r[head.index(c_mean)]),
                                 f"{source} summary mean")
        for b in doc.tables("sec_aspiration"):
            self._own_indicators(b.rows, wave, {team}, f"{source} aspiration")

    def _notice_numbers(self, text: str, team: str, wave: str, source: str) -> None:
        """A notice such as 'Te weinig respondenten (3, minimaal 5)': the reader takes any
        number that is not the threshold as the team's number of respondents."""
        if not re.search(r"respondent", text, re.I):
            return
        rest = re.sub(r"(minimaal|minder dan|ten minste|at least|fewer than)\s+\d+", "", text,
                      flags=re.I)
        for m in re.finditer(r"(?<![\w.])(\d+)(?![\w.%])", rest):
            self.add("resp", "", wave, {team}, (float(m.group(1)), 0.0),
                     f"{source} notice '{text[:70]}'")

    def read_views(self, views: dict, team: str, wave: str, source: str) -> None:
        """A team's dashboard views (records): the overview's plotted numbers (team, school,
        board), the aspects' numbers and the aspiration table."""
        for (key, habit), v in views.items():
            if v["notice"]:
                self._notice_numbers(v["notice"], team, wave, f"{source} {key}")
            if key == "overview":
                for rec in v["values"]:
                    units = {team} if rec.get("level") == "team" else \
                        self.members[self.school_of[team]] if rec.get("level") == "school" \
                        else self.all_teams()
                    h = rec.get("habit")
                    if rec.get("n") is not None:
                        self.add("n", h, wave, units, (float(rec["n"]), 0.0),
                                 f"{source} overview data-values n ({rec.get('level')})")
                    if rec.get("mean") is not None:
                        self.add("mean", h, wave, units, (float(rec["mean"]), 5e-5),
                                 f"{source} overview data-values mean ({rec.get('level')})")
            elif key == "aspects":
                for rec in v["values"]:
                    if rec.get("n") is not None:
                        self.add("n_item", rec["item"], wave, {team}, (float(rec["n"]), 0.0),
                                 f"{source} aspects {habit}")
                    if rec.get("mean") is not None:
                        self.add("mean_item", rec["item"], wave, {team},
                                 (float(rec["mean"]), 5e-5), f"{source} aspects {habit}")
            elif key == "aspiration" and v["table"] is not None and v["table"]["rows"]:
                rows = [v["table"]["columns"]] + [[_plain(x) for x in r]
                                                  for r in v["table"]["rows"]]
                self._own_indicators(rows, wave, {team}, f"{source} aspiration view")

    # ----------------------------------------------------------------- solving
    def systems(self) -> dict:
        """Published sets and values per (quantity family, wave, key)."""
        by = defaultdict(list)
        for p in self.pubs:
            by[(p.quantity, p.wave, p.key)].append(p)
        # a statement map's difference with the team's own statement mean gives the board's
        # statement mean (a mean over all the board's teams)
        for wave, item, tm, d, err, source in self.differences:
            for p in list(by.get(("mean_item", wave, item), [])):
                if p.units == frozenset({tm}):
                    by[("mean_item", wave, item)].append(Pub(
                        "mean_item", item, wave, self.all_teams(), p.value - d, p.err + err,
                        f"{p.source} {p.value:g} less {source} {d:g}"))
        return by


def _plain(x) -> str:
    """A view table's value as the reader would copy it (4 decimals)."""
    if isinstance(x, (bool, np.bool_)) or x is None:
        return "–"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not np.isfinite(v):
        return "–"
    return f"{v:.4f}" if v != int(v) else str(int(v))


def _vector(units: frozenset, order: list[str]) -> np.ndarray:
    return np.array([1.0 if u in units else 0.0 for u in order])


def in_span(target: np.ndarray, rows: list[np.ndarray]) -> np.ndarray | None:
    """Coefficients c with sum c_i rows_i == target, or None (rank test)."""
    if not rows:
        return None
    a = np.vstack(rows)
    r0 = np.linalg.matrix_rank(a)
    r1 = np.linalg.matrix_rank(np.vstack([a, target]))
    if r1 != r0:
        return None
    c, *_ = np.linalg.lstsq(a.T, target, rcond=None)
    return c


def combination(target: np.ndarray, pubs: list[Pub], order: list[str]) -> np.ndarray | None:
    """A combination of as few publications as needed (exact ones preferred) that gives
    ``target``, as coefficients over ``pubs``; None when ``target`` is not in their span."""
    rows = [_vector(p.units, order) for p in pubs]
    c = in_span(target, rows)
    if c is None:
        return None
    active = [i for i in range(len(rows)) if abs(c[i]) > 1e-9]
    dropped = True
    while dropped:
        dropped = False
        for i in sorted(active, key=lambda i: (-pubs[i].err, abs(c[i]))):
            trial = [j for j in active if j != i]
            c2 = in_span(target, [rows[j] for j in trial]) if trial else None
            if c2 is not None:
                c = np.zeros(len(rows))
                c[trial] = c2
                active = trial
                dropped = True
                break
    return c


@dataclass
class Finding:
    unit: str
    wave: str
    quantity: str
    key: str
    how: str
    value: float | None = None
    err: float | None = None
    truth: float | None = None


def _terms(c: np.ndarray, pubs: list[Pub], names) -> str:
    parts = []
    for k in np.argsort(-c, kind="stable"):            # the totals first, then what is taken off
        if abs(c[k]) < 1e-9:
            continue
        p = pubs[k]
        sign = "+" if c[k] > 0 else "-"
        coef = "" if abs(abs(c[k]) - 1) < 1e-9 else f"{abs(c[k]):.3g}·"
        parts.append(f"{sign} {coef}{p.value:g} [{p.source}]")
    text = " ".join(parts[:7]) + (" …" if len(parts) > 7 else "")
    return text.lstrip("+ ")


def formal_findings(reader: Reader, hidden: dict) -> list[Finding]:
    """The rank test per wave and key: for every hidden unit (``hidden``: (quantity family,
    wave, key) -> set of teams whose value is withheld), is its indicator vector in the span of
    the published sets of that quantity? Families: ``resp`` (respondents), ``n`` and ``sum``
    (n x mean) per habit, ``n_item``/``sum_item`` per statement, ``psum`` per indicator
    (value x pupils; pupil counts are not protected)."""
    sys_ = reader.systems()
    order = reader.teams
    out = []
    for (family, wave, key), units in sorted(hidden.items()):
        pubs = _family_pubs(sys_, family, wave, key, exact=True)
        for u in sorted(units):
            c = combination(_vector(frozenset({u}), order), pubs, order)
            if c is not None:
                out.append(Finding(u, wave, family, key,
                                   "= " + _terms(c, pubs, reader.team_name)))
    return out


def _best(pubs: list[Pub]) -> list[Pub]:
    """One publication per set: the most precise."""
    best: dict = {}
    for p in pubs:
        if p.units not in best or p.err < best[p.units].err:
            best[p.units] = p
    return list(best.values())


def _family_pubs(sys_, family, wave, key, *, exact: bool, skip_singleton: str | None = None
                 ) -> list[Pub]:
    """Publications of a quantity family: for ``sum``/``sum_item``/``psum`` the sets with both
    a mean (value) and an n (value mean x n, its rounding error carried along); for ``n`` the
    exact per-habit counts and, for the curious reader (``exact=False``), every team's printed
    respondents as its n (except the unit being solved for: its own n is the question)."""
    if family == "resp":
        return _best(list(sys_.get(("resp", wave, ""), [])))
    if family in ("n", "n_item"):
        exact_pubs = _best(list(sys_.get((family, wave, key), [])))
        if exact or family == "n_item":
            return exact_pubs
        have = {p.units for p in exact_pubs}
        extra = [p for p in _best(list(sys_.get(("resp", wave, ""), [])))
                 if p.units not in have and
                 not (skip_singleton and p.units == frozenset({skip_singleton}))]
        return exact_pubs + extra
    mq, nq = {"sum": ("mean", "n"), "sum_item": ("mean_item", "n_item"),
              "psum": ("pval", "pn")}[family]
    means = {p.units: p for p in _best(list(sys_.get((mq, wave, key), [])))}
    ns = {p.units: p for p in _best(list(sys_.get((nq, wave, key), [])))}
    if family == "sum":
        for p in _best(list(sys_.get(("resp", wave, ""), []))):
            if p.units not in ns and not (skip_singleton and p.units == frozenset(
                    {skip_singleton})):
                ns[p.units] = p
    out = []
    for units, m in means.items():
        n = ns.get(units)
        if n is None:
            continue
        out.append(Pub(family, key, wave, units, m.value * n.value,
                       m.err * n.value + abs(m.value) * n.err + m.err * n.err,
                       f"{m.source} {m.value:g} x {n.source} {n.value:g}"))
    return out


MEAN_OF = {"sum": "mean", "sum_item": "mean_item", "psum": "pmean"}
N_OF = {"sum": "n", "sum_item": "n_item", "psum": "pn"}


def numeric_findings(reader: Reader, hidden: dict, truth: dict, width) -> list[Finding]:
    """The curious reader's arithmetic: a hidden unit's n (teams' printed n taken as their
    habit n) and its total (mean x n) solved from the printed numbers with their rounding
    intervals. An n comes out when it is determined to within 0.5 and equals the truth; a
    mean comes out when its total and its n are determined and its interval is narrower than
    ``width(family, key)`` (a quarter of the scale) and holds the truth."""
    sys_ = reader.systems()
    order = reader.teams
    out = []
    solved_n: dict = {}
    for family in ("resp", "n", "n_item", "sum", "sum_item", "psum"):
        for (fam, wave, key), units in sorted(hidden.items()):
            if fam != family:
                continue
            for u in sorted(units):
                pubs = _family_pubs(sys_, family, wave, key, exact=False, skip_singleton=u)
                c = combination(_vector(frozenset({u}), order), pubs, order)
                if c is None:
                    continue
                value = float(c @ np.array([p.value for p in pubs]))
                err = float(np.abs(c) @ np.array([p.err for p in pubs]))
                how = "= " + _terms(c, pubs, reader.team_name)
                if family in ("resp", "n", "n_item"):
                    tv = truth.get((family, wave, key, u))
                    solved_n[(family, wave, key, u)] = (value, err)
                    if err < 0.5 and tv is not None and abs(value - tv) < 0.5:
                        out.append(Finding(u, wave, family, key, how, value, err, tv))
                    continue
                nf = N_OF[family]
                n_val = _known_n(sys_, nf, wave, key, u) or solved_n.get((nf, wave, key, u)) \
                    or (solved_n.get(("resp", wave, "", u)) if family == "sum" else None)
                if not n_val or n_val[0] <= 0 or n_val[1] >= 0.5:
                    continue
                n = round(n_val[0])
                mean, half = value / n, err / n
                mt = truth.get((MEAN_OF[family], wave, key, u))
                if 2 * half <= width(family, key) and (mt is None or
                                                       abs(mean - mt) <= half + 1e-6):
                    out.append(Finding(u, wave, MEAN_OF[family], key, f"({how}) / n {n}",
                                       mean, half, mt))
    return out


def _known_n(sys_, nf, wave, key, u):
    for p in sys_.get((nf, wave, key), []):
        if p.units == frozenset({u}):
            return p.value, p.err
    return None


def hidden_units(reader: Reader, waves: list[str], truth: dict) -> dict:
    """Per (family, wave, key) the units that must not come out: teams below a threshold
    (from the raw data) and teams whose value no report prints (hidden by the kit, e.g.
    beside a small one). A team hidden for every habit counts as hidden for its number of
    respondents too (the n of a team hidden beside another is hidden as well)."""
    sys_ = reader.systems()
    out = {}
    habits = reader._habit_order()
    inst = reader.store.instrument
    inds = list(reader.ind_of_label.values())
    for w in waves:
        def printed(q, key, w=w):
            return {next(iter(p.units)) for p in sys_.get((q, w, key), []) if len(p.units) == 1}
        small = {t for t in reader.teams if truth.get(("resp", w, "", t), 0) < THRESHOLD}
        whole = set(reader.teams) - printed("resp", "")      # hidden as a whole
        hidden_h = {}
        for h in habits:
            low = {t for t in reader.teams if truth.get(("n", w, h, t), 0) < THRESHOLD}
            hidden_h[h] = low | (set(reader.teams) - printed("mean", h))
            out[("sum", w, h)] = hidden_h[h]
            # the n of a team shown as a whole but hidden beside a small one for this habit is
            # bounded by its own printed n (it has at least the threshold and at most its n):
            # protected are the n of a group below the threshold and of a team hidden whole
            out[("n", w, h)] = low | (hidden_h[h] & whole) | (hidden_h[h] & small)
        every = set.intersection(*hidden_h.values()) if hidden_h else set()
        out[("resp", w, "")] = small | every | (set(reader.teams) - printed("resp", ""))
        for i in inst.items:
            out[("sum_item", w, i.id)] = set(hidden_h[i.habit])
            out[("n_item", w, i.id)] = set(out[("n", w, i.habit)])
        for ind in inds:
            # a team without pupils for the indicator has nothing to hide
            counted = {next(iter(p.units)) for p in sys_.get(("pn", w, ind), [])
                       if len(p.units) == 1 and p.value > 0}
            has = {t for t in reader.teams if truth.get(("pn", w, ind, t), 0) > 0} | counted
            few = {t for t in has if truth.get(("pn", w, ind, t), MIN_PUPILS) < MIN_PUPILS}
            out[("psum", w, ind)] = few | (has - printed("pval", ind))
    return {k: v for k, v in out.items() if v}


def truth_values(store, aspiration) -> dict:
    """The true n and means, for the messages and to tell a right answer from a guess."""
    tc = truth_counts(store)
    out = {}
    for (t, w), n in tc["resp"].items():
        out[("resp", w, "", t)] = n
    for (t, w, h), n in tc["n"].items():
        out[("n", w, h, t)] = n
        out[("mean", w, h, t)] = tc["mean"][(t, w, h)]
    a = store.answers.merge(store.respondents[["respondent_id", "wave", "team"]],
                            on=["respondent_id", "wave"]).dropna(subset=["value"])
    g = a.groupby(["team", "wave", "item"])["value"]
    for (t, w, i), n in g.size().items():
        out[("n_item", w, i, t)] = n
    for (t, w, i), m in g.mean().items():
        out[("mean_item", w, i, t)] = m
    for (t, w, ind), (n, m, _code) in _observation_truth(store, aspiration).items():
        out[("pn", w, ind, t)] = n
        out[("pmean", w, ind, t)] = m
    return out


def fmt_findings(findings: list[Finding], reader: Reader) -> list[str]:
    """One line per unit, wave and quantity; the keys (habits, statements) that share it are
    listed, with the derivation of the first."""
    groups: dict = {}
    for f in findings:
        groups.setdefault((f.wave, f.unit, f.quantity, f.value is None), []).append(f)
    out = []
    for (_w, _u, _fam, _formal), fs in groups.items():
        line = fmt_finding(fs[0], reader)
        if len(fs) > 1:
            line += f"  [likewise for {', '.join(f.key for f in fs[1:])}]"
        out.append(line)
    return out


def fmt_finding(f: Finding, reader: Reader) -> str:
    name = f"{reader.school_name[reader.school_of[f.unit]]} · {reader.team_name[f.unit]} " \
        f"({f.unit})"
    what = {"resp": "respondents", "n": f"n of {f.key}", "sum": f"total of {f.key}",
            "mean": f"mean of {f.key}", "n_item": f"n of statement {f.key}",
            "sum_item": f"total of statement {f.key}", "mean_item": f"mean of statement {f.key}",
            "psum": f"pupils' total of {f.key}", "pmean": f"pupils' mean of {f.key}"}
    w = what.get(f.quantity, f"{f.quantity} {f.key}")
    if f.value is None:
        return f"[{reader.board}, {f.wave}] {name}: {w} is in the span of the published " \
               f"sets: {f.how}"
    tv = "?" if f.truth is None else f"{f.truth:.4g}"
    return (f"[{reader.board}, {f.wave}] {name}: {w} comes out as {f.value:.3f} ± "
            f"{f.err:.3f} (true {tv}) {f.how}")


