"""Board batches: every team report of a board, in parallel processes, resumable, with a status
table and an index page.

* Jobs run in separate processes (``--workers N``; papermill changes the working directory of
  its process, so never threads), or on an existing Dask cluster (``--scheduler tcp://...``).
* One failing report never stops the batch: ``status.csv`` and ``index.html`` list every report
  as ok, failed (with the first line of the error and the cell it failed in) or skipped.
* Resumable: a report whose inputs (store files, aspiration file), parameters, notebook and kit
  version are unchanged since its last successful render is skipped (content hash in
  ``.kit-batch/``). Every file is written atomically.
* One batch at a time per output folder: a batch holds a lock on it (``.kit-batch/lock``,
  released by the system when the batch ends, also when killed); a second one stops at once
  naming the first one's pid, or waits for it (``wait``). Holding the lock, a batch first
  removes what killed kit processes left: temporary files in the folder, kernel files in
  Jupyter's runtime folder, Chromium profiles (:mod:`kit.reports.tempfiles`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kit.errors import ConfigError, KitError, ReportError
from kit.present.markup import html_text
from kit.present.text import LANGS, t
from kit.reports.registry import KINDS as REPORT_KINDS
from kit.reports.registry import ReportParameters, kind_of, output_path
from kit.reports.render import CSP
from kit.reports.tempfiles import OutputLock, sweep, temp_file
from kit.yamlio import load_yaml

__all__ = ["BatchConfig", "Job", "load_batch", "plan", "run_batch"]

#: the report kinds a batch renders, from :mod:`kit.reports.registry` (leader reports only when
#: asked for: ``leaders``)
KINDS = tuple(k for k in REPORT_KINDS if k != "leader")

STATUS_COLUMNS = ["name", "kind", "school", "team", "status", "seconds", "error", "cell",
                  "html", "pdf"]


@dataclass
class BatchConfig:
    """What to render: from a batch YAML file or the command line."""

    store: Path
    out: Path
    aspiration: Path | None = None
    lang: str = "nl"
    wave: str | None = None
    schools: list[str] = field(default_factory=list)
    pdf: bool = True
    workers: int = 2
    scheduler: str | None = None
    timeout: int = 600
    kinds: list[str] = field(default_factory=lambda: list(KINDS))
    free_text: bool = False
    wait: bool = False
    leaders: bool = False       # also each school leader's own report (issue 15)


@dataclass
class Job:
    """One report to render."""

    name: str
    kind: str
    school: str
    team: str | None
    notebook: str
    params: dict
    out: str
    pdf: bool
    timeout: int
    key: str = ""
    warm: bool = True


def load_batch(path: str | Path) -> BatchConfig:
    """Read a batch YAML file (keys: store, out, aspiration, lang, wave, schools, kinds,
    free_text, leaders, pdf, workers, scheduler, timeout, wait); relative paths are relative
    to the file."""
    doc = load_yaml(path, what="batch file")
    d = doc.data if isinstance(doc.data, dict) else None
    if d is None:
        raise doc.error((), "must be a mapping with at least 'store' and 'out'")
    known = {f for f in BatchConfig.__dataclass_fields__}
    for k in d:
        if k not in known:
            raise doc.error((k,), "is not a batch option", expected=f"one of {sorted(known)}")
    for k in ("store", "out"):
        if not d.get(k):
            raise doc.error((k,), "is missing")
    base = Path(path).resolve().parent

    def rel(v: object) -> Path | None:
        return None if v in (None, "") else (base / str(v)).resolve()

    if d.get("lang", "nl") not in LANGS:
        raise doc.error(("lang",), f"must be one of {list(LANGS)}, got {d['lang']!r}")
    workers = d.get("workers", 2)
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise doc.error(("workers",), f"must be a whole number >= 1, got {workers!r}")
    schools = d.get("schools") or []
    if not isinstance(schools, list):
        raise doc.error(("schools",), "must be a list of school ids")
    for k in ("free_text", "wait", "leaders"):
        if not isinstance(d.get(k, False), bool):
            raise doc.error((k,), f"must be true or false, got {d[k]!r}")
    kinds = d.get("kinds") or list(KINDS)
    if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
        raise doc.error(("kinds",), f"must be a list of report kinds, got {kinds!r}",
                        expected=f"some of {list(KINDS)}")
    return BatchConfig(store=rel(d["store"]), out=rel(d["out"]),
                       aspiration=rel(d.get("aspiration")),
                       lang=d.get("lang", "nl"), wave=d.get("wave"),
                       schools=[str(s) for s in schools], pdf=bool(d.get("pdf", True)),
                       workers=workers, scheduler=d.get("scheduler"),
                       timeout=int(d.get("timeout", 600)), kinds=[str(k) for k in kinds],
                       free_text=d.get("free_text", False), wait=d.get("wait", False),
                       leaders=d.get("leaders", False))


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _inputs_hash(cfg: BatchConfig) -> str:
    from kit import __version__
    h = hashlib.sha256(__version__.encode())
    for p in sorted(cfg.store.glob("*")):
        if p.is_file():
            h.update(p.name.encode() + _sha(p).encode())
    if cfg.aspiration:
        h.update(_sha(cfg.aspiration).encode())
    return h.hexdigest()


def plan(cfg: BatchConfig) -> list[Job]:
    """The jobs of a batch: the board report, then per selected school its school report and
    one team report per team (``kinds`` selects which of the three); with ``leaders``, then
    the report of each school's leader who answered the batch's wave."""
    import kit.store
    st = kit.store.open(cfg.store)
    teams = st.teams.drop_duplicates("team")
    unknown = sorted(set(cfg.schools) - set(teams["school"]))
    if unknown:
        raise ConfigError(f"unknown school(s) {unknown} in the batch",
                          expected=f"some of {sorted(set(teams['school']))}")
    if cfg.schools:
        teams = teams[teams["school"].isin(cfg.schools)]
    base = _inputs_hash(cfg)
    common = {"store": cfg.store, "lang": cfg.lang, "wave": cfg.wave,
              "aspiration": cfg.aspiration}
    wanted = []
    if "board" in cfg.kinds:
        wanted.append(ReportParameters(**common))
    for school in dict.fromkeys(teams["school"]):
        if "school" in cfg.kinds:
            wanted.append(ReportParameters(**common, school=school))
        if "team" in cfg.kinds:
            for team in teams.loc[teams["school"] == school, "team"]:
                wanted.append(ReportParameters(**common, school=school, team=team,
                                               free_text=cfg.free_text))
    if cfg.leaders:
        from kit.reports.leader import leader_report_parameters
        wanted += leader_report_parameters(st, common, list(dict.fromkeys(teams["school"])))
    jobs = []
    for p in wanted:
        kind = kind_of(p)
        params = p.to_notebook()
        path = output_path(p, cfg.out)
        key = hashlib.sha256((base + _sha(kind.path) + json.dumps(params, sort_keys=True) +
                              str(cfg.pdf)).encode()).hexdigest()
        jobs.append(Job(name=path.name, kind=kind.name, school=p.school or "", team=p.team,
                        notebook=str(kind.path), params=params, out=str(path.parent),
                        pdf=cfg.pdf, timeout=cfg.timeout, key=key))
    return jobs


def _run_job(job: dict) -> dict:
    """Render one report (in a worker process); never raises."""
    from kit.reports.render import render
    t0 = time.perf_counter()
    row = {"name": job["name"], "kind": job["kind"], "school": job["school"],
           "team": job["team"], "error": "", "cell": "", "html": "", "pdf": ""}
    for attempt in (1, 2):
        try:
            res = render(job["notebook"], job["params"], job["out"], job["name"],
                         pdf=job["pdf"], timeout=job["timeout"], warm=job.get("warm", True))
            row.update(status="ok", html=str(res.html), pdf=str(res.pdf or ""), error="",
                       steps=res.seconds)    # seconds per step, for benchmarks/batch.py
            break
        except ReportError as err:
            row.update(status="failed", error=err.message.splitlines()[0][:300],
                       cell=str(err.cell_index))
            break
        except KitError as err:
            row.update(status="failed", error=err.message.splitlines()[0][:300])
            break
        except Exception as err:  # a bug in one report must not stop the batch
            row.update(status="failed", error=f"{type(err).__name__}: {err}"[:300])
            # a kernel that died under the report (killed, out of memory) gets one more try,
            # in a new kernel; an error of the report itself does not
            if type(err).__name__ != "DeadKernelError" or attempt == 2:
                break
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


def _watch_parent(parent: int) -> None:
    """In each worker process: end when the batch process is gone. Killed alone, a batch would
    else leave its workers waiting for work forever, each with its kernel."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(70)
    threading.Thread(target=watch, daemon=True, name="kit-batch-parent").start()


def _state_file(cfg: BatchConfig, job: Job) -> Path:
    return cfg.out / ".kit-batch" / f"{job.name}.json"


def _atomic_write(path: Path, text: str) -> None:
    tmp = temp_file(path)
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def run_batch(cfg: BatchConfig, *, progress: bool = True,
              on_result: Callable[[dict], None] | None = None) -> list[dict]:
    """Render every job of :func:`plan`; write ``status.csv`` and ``index.html``.

    Holds the lock on ``cfg.out`` meanwhile (:class:`kit.reports.tempfiles.OutputLock`), and
    first removes what killed runs left (:func:`kit.reports.tempfiles.sweep`).

    Returns the status rows (columns :data:`STATUS_COLUMNS`).

    Raises
    ------
    kit.errors.KitError
        Another batch renders into ``cfg.out`` (and ``cfg.wait`` is False).
    """
    jobs = plan(cfg)
    cfg.out.mkdir(parents=True, exist_ok=True)

    def note(message: str) -> None:          # also without progress: a wait is no hang
        print(f"kit: {message}", file=sys.stderr, flush=True)

    with OutputLock(cfg.out, wait=cfg.wait, on_wait=note):
        removed = sweep(cfg.out)
        if removed:
            note(f"removed {len(removed)} temporary file(s) left by killed runs")
        return _run_locked(cfg, jobs, progress=progress, on_result=on_result)


def _run_locked(cfg: BatchConfig, jobs: list[Job], *, progress: bool,
                on_result: Callable[[dict], None] | None) -> list[dict]:
    rows: list[dict] = []
    todo = []
    for job in jobs:
        state = _state_file(cfg, job)
        html_path = Path(job.out) / f"{job.name}.html"
        if state.is_file() and html_path.is_file() and \
                json.loads(state.read_text(encoding="utf-8")).get("key") == job.key:
            rows.append({"name": job.name, "kind": job.kind, "school": job.school,
                         "team": job.team, "status": "skipped", "seconds": 0.0,
                         "error": "unchanged since the last render", "cell": "",
                         "html": str(html_path), "pdf": ""})
        else:
            todo.append(job)
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(jobs), initial=len(rows), unit="report", desc="kit batch")

    def done(job: Job, row: dict) -> None:
        rows.append(row)
        if row["status"] == "ok":
            _atomic_write(_state_file(cfg, job), json.dumps({"key": job.key}))
        if bar is not None:
            bar.update(1)
        if on_result:
            on_result(row)

    if cfg.scheduler:
        from distributed import Client, wait
        with Client(cfg.scheduler, timeout=30) as client:
            futures = {client.submit(_run_job, asdict(j), pure=False): j for j in todo}
            # bound the whole batch: a hung kernel must not hang the board's night run
            limit = cfg.timeout * max(1, -(-len(todo) // max(1, len(client.nthreads()))))
            finished, pending = wait(list(futures), timeout=limit + 60,
                                     return_when="ALL_COMPLETED") \
                if futures else (set(), set())
            for fut in futures:
                job = futures[fut]
                if fut in finished and fut.status == "finished":
                    done(job, fut.result())
                else:
                    fut.cancel()
                    done(job, {"name": job.name, "kind": job.kind, "school": job.school,
                               "team": job.team, "status": "failed", "seconds": float(limit),
                               "error": f"did not finish on the cluster ({fut.status})",
                               "cell": "", "html": "", "pdf": ""})
    elif cfg.workers == 1 or len(todo) <= 1:
        for job in todo:
            done(job, _run_job(asdict(job)))
    else:
        with ProcessPoolExecutor(max_workers=cfg.workers, initializer=_watch_parent,
                                 initargs=(os.getpid(),)) as pool:
            futures = {pool.submit(_run_job, asdict(j)): j for j in todo}
            for fut in as_completed(futures):
                done(futures[fut], fut.result())
    if bar is not None:
        bar.close()
    order = {j.name: k for k, j in enumerate(jobs)}
    rows.sort(key=lambda r: order.get(r["name"], 0))
    _write_status(cfg, rows)
    _write_index(cfg, rows)
    return rows


def _write_status(cfg: BatchConfig, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=STATUS_COLUMNS)
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in STATUS_COLUMNS})
    _atomic_write(cfg.out / "status.csv", buf.getvalue())


def _write_index(cfg: BatchConfig, rows: list[dict]) -> None:
    lang = cfg.lang
    title = t("index_title", lang)
    # school and team names come from the board's org.yml: every text is escaped
    parts = [f"<!DOCTYPE html><html lang=\"{html_text(cfg.lang)}\"><head>{CSP}"
             "<meta charset=\"utf-8\">"
             f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:60rem;"
             "margin:2rem auto}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd}"
             ".failed{color:#b00020}.skipped{color:#555}</style></head><body>",
             f"<h1>{title}</h1><p>{html_text(dt.datetime.now().strftime('%Y-%m-%d %H:%M'))}"
             "</p>"]
    by_school: dict[str, list[dict]] = {}
    for r in rows:
        by_school.setdefault(r["school"] or "", []).append(r)
    try:
        import kit.store
        t_ = kit.store.open(cfg.store).teams
        names = dict(zip(t_["school"], t_["school_name"], strict=True))
        team_names = dict(zip(t_["team"], t_["team_name"], strict=True))
    except KitError:
        names, team_names = {}, {}
    names[""] = t("board", lang)
    kinds = {"board": t("index_board", lang), "school": t("index_school", lang),
             "leader": t("index_leader", lang)}

    def label(r: dict) -> str:
        if r["kind"] == "team":
            return f"{team_names.get(r['team'], r['team'])} ({r['team']})"
        return kinds.get(r["kind"], r["name"])
    for school, items in sorted(by_school.items()):
        head = f"{names.get(school, school)} ({school})" if school else names[""]
        parts.append(f"<h2>{html_text(head)}</h2><table><tr><th>"
                     f"{t('index_report', lang)}</th><th>status</th>"
                     "<th>s</th><th></th></tr>")
        for r in items:
            link = html_text(os.path.relpath(r["html"], cfg.out)) if r.get("html") else ""
            name = f'<a href="{link}">{html_text(label(r))}</a>' if link and \
                r["status"] != "failed" else html_text(label(r))
            pdf_path = r.get("pdf") or (str(Path(r["html"]).with_suffix(".pdf"))
                                        if r["status"] == "skipped" and r.get("html") else "")
            pdf = ""
            if pdf_path and Path(pdf_path).is_file():
                pdf = f'<a href="{html_text(os.path.relpath(pdf_path, cfg.out))}">PDF</a>'
            note = html_text(r.get("error", "")) if r["status"] == "failed" else pdf
            status = html_text(r["status"])
            parts.append(f'<tr class="{status}"><td>{name}</td><td>{status}</td>'
                         f'<td>{html_text(r["seconds"])}</td><td>{note}</td></tr>')
        parts.append("</table>")
    parts.append("</body></html>")
    _atomic_write(cfg.out / "index.html", "\n".join(parts))
