"""Rendering a report notebook: parameters checked, executed by papermill, exported to HTML
(nbconvert, the kit's template in ``templates/kit_report``) and to PDF (headless Chromium).

Every file is written atomically (to a temporary name in the same folder, then renamed), so a
killed render never leaves a half-written report; the temporary names carry the pid of their
maker, so that the next batch removes what a killed one left (:mod:`kit.reports.tempfiles`).
papermill changes the working directory of its process: render in separate processes, never in
threads.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import ConfigError, KitError, Location, ReportError
from kit.present.markup import md_plain
from kit.reports.registry import KINDS, NOTEBOOK_DIR, TEMPLATE_DIR
from kit.reports.tempfiles import chromium_env, chromium_profile, temp_file

__all__ = ["NOTEBOOK_DIR", "RenderResult", "check_parameters", "render", "to_html", "to_pdf"]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-extensions", "--no-pdf-header-footer"]
#: A report needs no script (its template has none). Names and answers are escaped where they
#: enter the report (:mod:`kit.present.markup`); should one ever slip through, this policy keeps a
#: ``<script>`` or an ``onerror=`` from running when the report is opened, and from blocking
#: Chromium's printing (an ``alert`` hangs headless Chromium until the timeout). Printing with
#: scripts switched off in Chromium itself gives an empty PDF.
CSP = ("<meta http-equiv=\"Content-Security-Policy\" "
       "content=\"script-src 'none'; object-src 'none'; base-uri 'none'\">")


@dataclass
class RenderResult:
    """The files of one rendered report and how long each step took."""

    ipynb: Path
    html: Path
    pdf: Path | None
    seconds: dict = field(default_factory=dict)


def _atomic_target(path: Path) -> Path:
    # named for kit.reports.tempfiles.sweep: a killed render's file is removed by the next batch
    return temp_file(path)


#: Parameters a report notebook must be given: its defaults name the sample board's units, which
#: would silently be wrong for any other store.
REQUIRED = {k.notebook: k.required for k in KINDS.values()}


def check_parameters(notebook: str | Path, parameters: dict) -> dict:
    """Refuse parameters the notebook does not declare (papermill only warns), and missing ones
    the kit's report notebooks need (:data:`REQUIRED`).

    Returns ``parameters`` unchanged (the notebook keeps its own defaults for the others).

    Raises
    ------
    kit.errors.ConfigError
        The notebook has no ``parameters`` cell, a parameter is unknown, or a required one is
        missing.
    """
    import papermill
    nb = Path(notebook)
    if not nb.is_file():
        raise ConfigError("the report notebook does not exist", where=Location(file=nb))
    declared = papermill.inspect_notebook(str(nb))
    if not declared:
        raise ConfigError("the notebook has no cell tagged 'parameters'", where=Location(file=nb),
                          fix="tag the first code cell with 'parameters'")
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ConfigError(f"unknown parameter(s) {unknown} for {nb.name}",
                          expected=f"some of {sorted(declared)}",
                          fix="check the spelling of the parameter names")
    missing = [p for p in REQUIRED.get(nb.name, ()) if parameters.get(p) in (None, "")]
    if missing:
        raise ConfigError(f"missing parameter(s) {missing} for {nb.name}",
                          expected=f"values for {list(REQUIRED[nb.name])}",
                          fix="pass them (papermill -p NAME VALUE, or the kit's --school/--team)")
    return dict(parameters)


def report_title(nb) -> str | None:
    """The report's title: the first level-1 heading a cell displayed (Markdown output), as
    plain text (names in it are escaped with :func:`kit.present.markup.md_text`; the escapes
    are undone here, and the HTML template escapes the title for the page's ``<title>``)."""
    for cell in nb.cells:
        for out in cell.get("outputs", ()):
            md = out.get("data", {}).get("text/markdown", "")
            if isinstance(md, list):
                md = "".join(md)
            first = md.lstrip().splitlines()[0] if md.strip() else ""
            if first.startswith("# "):
                return md_plain(first[2:].strip())
    return None


_EXPORTERS = threading.local()


def _exporter(lang: str):
    """This thread's HTML exporter for ``lang`` (made once: its template environment takes
    longer to set up than a report takes to export)."""
    cache = _EXPORTERS.__dict__.setdefault("by_lang", {})
    if lang not in cache:
        from nbconvert import HTMLExporter
        exporter = HTMLExporter(template_name="kit_report",
                                extra_template_basedirs=[str(TEMPLATE_DIR)])
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        exporter.language_code = lang
        cache[lang] = exporter
    return cache[lang]


def to_html(ipynb: Path, html: Path, *, lang: str = "nl", nb=None) -> Path:
    """Export an executed notebook to HTML without code, through the kit's template.

    ``nb``: the executed notebook ``ipynb`` holds, when the caller has it in memory (it is then
    not read again)."""
    import copy

    import nbformat
    exporter = _exporter(lang)
    if nb is None:
        nb = nbformat.read(str(ipynb), as_version=4)
    else:                         # the title below is the HTML's: the caller's notebook stays
        nb = copy.copy(nb)
        nb.metadata = copy.copy(nb.metadata)
    title = report_title(nb)
    if title:  # the page's <title>, and so the PDF's title, instead of "Notebook"
        nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    body = re.sub(r"(<head\b[^>]*>)", lambda m: m.group(1) + CSP, body, count=1)
    tmp = _atomic_target(html)
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(html)
    return html


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise KitError("no Chromium to print PDF with",
                   fix="install Debian's 'chromium' (apt-get install chromium), or render "
                       "without PDF (--no-pdf)")


def to_pdf(html: Path, pdf: Path, *, timeout: float = 120, keep: bool = False) -> Path:
    """Print an HTML report to PDF with headless Chromium (A4, print CSS of the template).

    With ``keep=True`` (batches) this process's browser prints it, which stays open for the
    next report (:mod:`kit.reports.printer`); else a new Chromium prints it and ends. Both
    print the same PDF.
    """
    if keep:
        from kit.reports import printer
        for attempt in (1, 2):
            used = printer.browser(_chromium(), CHROMIUM_FLAGS)
            try:
                return used.print_pdf(Path(html), Path(pdf), timeout=timeout)
            except KitError as err:
                printer.discard(used)            # never reuse a browser in an unknown state
                if attempt == 2:
                    raise KitError(f"Chromium could not print {Path(html).name}: "
                                   f"{err.message}") from err
    tmp = _atomic_target(pdf)
    with chromium_profile() as profile:
        cmd = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               f"--print-to-pdf={tmp}", html.resolve().as_uri()]
        try:
            # Chromium's own temporary files inside the profile, where the path allows
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env=chromium_env(profile))
        except subprocess.TimeoutExpired as err:
            tmp.unlink(missing_ok=True)
            raise KitError(f"Chromium did not finish printing {html.name} in {timeout:.0f} s") \
                from err
    if proc.returncode != 0 or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        raise KitError(f"Chromium could not print {html.name} (exit {proc.returncode}): "
                       f"{proc.stderr.strip().splitlines()[-1:] or ''}")
    tmp.replace(pdf)
    return pdf


def render(notebook: str | Path, parameters: dict, out_dir: str | Path, name: str, *,
           pdf: bool = True, timeout: int = 600, kernel: str = "python3",
           warm: bool = False) -> RenderResult:
    """Execute ``notebook`` with ``parameters`` and write ``name``.ipynb/.html(/.pdf).

    With ``warm=True`` the notebook runs in this process's warm kernel (:mod:`kit.reports.warm`),
    which is started on the first report and reused, reset, for the next ones (batches).

    Raises
    ------
    kit.errors.ReportError
        A failing cell: ``cell_index``, ``ename``, ``evalue`` and the executed notebook
        (``notebook``, kept as ``NAME.failed.ipynb``).
    kit.errors.KitError
        Bad parameters or a failing export.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError
    nb = Path(notebook)
    values = check_parameters(nb, parameters)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ipynb, html, pdf_path = out / f"{name}.ipynb", out / f"{name}.html", out / f"{name}.pdf"
    seconds = {}
    engine = None
    if warm:
        from kit.reports.warm import ENGINE as engine
    t0 = time.perf_counter()
    tmp = _atomic_target(ipynb)
    try:
        # saved once when done (and when a cell failed), not after every cell as well
        executed = papermill.execute_notebook(
            str(nb), str(tmp), parameters=values, kernel_name=kernel, progress_bar=False,
            execution_timeout=timeout, cwd=str(nb.parent), log_output=False,
            engine_name=engine, request_save_on_cell_execute=False)
    except PapermillExecutionError as err:
        failed = out / f"{name}.failed.ipynb"
        tmp.replace(failed)
        evalue = str(err.evalue).splitlines()[0] if err.evalue else ""
        raise ReportError(f"cell {err.cell_index} of {nb.name} failed: {err.ename}: {evalue}",
                          cell_index=err.cell_index, ename=err.ename, evalue=evalue,
                          notebook=failed, fix=f"see the executed notebook {failed}") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(ipynb)
    (out / f"{name}.failed.ipynb").unlink(missing_ok=True)
    seconds["execute"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    to_html(ipynb, html, lang=str(parameters.get("lang", "nl")), nb=executed)
    seconds["html"] = time.perf_counter() - t0
    if pdf:
        t0 = time.perf_counter()
        to_pdf(html, pdf_path, keep=warm)          # a batch's worker keeps its browser open
        seconds["pdf"] = time.perf_counter() - t0
    return RenderResult(ipynb, html, pdf_path if pdf else None, seconds)


def stamp() -> str:
    """The render time for provenance (UTC, seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
