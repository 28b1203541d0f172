"""``kit dashboard``: check the store, then serve ``notebooks/study_day.ipynb`` with Voilà.

The store is opened and checked here, before Voilà starts, so a missing, empty or outdated store
ends with one line and exit code 2 instead of an empty page. The notebook learns its store,
aspiration, language and save folder from ``KIT_DASHBOARD_*`` environment variables (Voilà has
no notebook parameters). Voilà keeps one kernel ready with the notebook already executed
(``--preheat_kernel``), so opening the page costs no kernel start, imports or computation; the
notebook touches the file named by ``KIT_DASHBOARD_READY`` when that kernel is ready, and only
then is the address announced (and the browser opened).

Nothing is loaded from outside the machine (a school laptop may have no internet): Voilà's own
``lab`` template links FontAwesome from a CDN, so the page is rendered with the kit's template
:data:`TEMPLATE` (the ``lab`` template without those links; the dashboard uses no icons), written
into the server's temporary folder and found through ``JUPYTER_PATH``.

:class:`VoilaServer` does the same for the browser tests and the benchmark, on a free port.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from kit.errors import KitError, Location
from kit.resources import resource_dir

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "NOTEBOOK", "TEMPLATE", "VoilaServer", "dashboard_env",
           "free_port", "port_is_free", "serve", "voila_command", "write_template"]

#: the dashboard notebook
NOTEBOOK = resource_dir("notebooks") / "study_day.ipynb"

#: Debian's Chromium, driven by Playwright in the browser tests and the benchmark
CHROMIUM = "/usr/bin/chromium"
#: flags for a headless Chromium on a server without a sandbox, GPU or network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


#: name of the kit's Voilà template (see :func:`write_template`)
TEMPLATE = "kit_dashboard"

#: the template's page: Voilà's ``lab`` page whose ``notebook_css`` block is the same minus the
#: two FontAwesome stylesheets from cdn.jsdelivr.net (``super.super()`` skips Voilà's block and
#: keeps nbconvert's; tests/test_dashboard_offline.py fails if anything still leaves localhost)
_INDEX = """{#- The kit's study-day page: Voila's lab template without any CDN link. -#}
{%- extends 'lab/index.html.j2' -%}
{% import "spinner.macro.html.j2" as spinner %}

{%- block notebook_css -%}
  {% if frontend == "voila" %}
    {{ resources.include_js("static/voila-style.js") | replace("<script ", "<script defer ") }}
  {% endif %}
  {{ spinner.css() }}
  <style>
    .jp-mod-noOutputs.jp-mod-noInput { display: none; }
    /* the first view as a picture (kit.dashboard.preview) until the live view is there */
    body:has(.kit-preview-host) #loading { display: none !important; }
    body:has(.kit-view-box) .kit-preview-host { display: none; }
    body:has(.kit-preview-host):not(:has(.kit-view-box)) #rendered_cells {
      visibility: hidden; position: absolute; }
    .kit-preview-host { padding: 4px 16px; }
    .kit-preview-selection { margin: 4px 0; }
    .kit-preview-loading { margin: 4px 0 8px 0; color: #555; font-style: italic; }
  </style>
  {{ super.super() }}
{%- endblock notebook_css -%}

{#- The preview output (kit.dashboard.preview) is written into the page as HTML, moved before
    the cells (which stay hidden until the widget code has loaded) by a script that runs as soon
    as the browser has read it; every other output goes to Voila's widget code as usual. -#}
{% block data_priority scoped %}
{%- if output and output.metadata and output.metadata.kit_preview -%}
  {%- set html = output.data['text/html'] -%}
  <div class="kit-preview-host">{{ html if html is string else html | join('') }}</div>
  <script>(function () { var h = document.currentScript.previousElementSibling,
    c = document.getElementById("rendered_cells");
    if (!h || !c) { return; }
    c.parentNode.insertBefore(h, c);
    /* gone from the page once the live view is there (the style sheet hides it already) */
    new MutationObserver(function (_m, obs) {
      if (document.querySelector(".kit-view-box")) { obs.disconnect(); h.remove(); }
    }).observe(c, {childList: true, subtree: true}); })();</script>
{%- else -%}
  {{ super() }}
{%- endif -%}
{% endblock data_priority %}
"""


def write_template(root: str | Path) -> Path:
    """Write the kit's Voilà template under ``root`` (a Jupyter data folder, to be put first
    in ``JUPYTER_PATH``); returns the template's folder."""
    folder = Path(root) / "voila" / "templates" / TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text('{"base_template": "lab"}\n', encoding="utf-8")
    (folder / "index.html.j2").write_text(_INDEX, encoding="utf-8")
    return folder


def free_port() -> int:
    """A TCP port on localhost that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def voila_command(port: int, *, notebook: str | Path = NOTEBOOK, open_browser: bool = False,
                  preheat: bool = True, template: str | None = TEMPLATE) -> list[str]:
    """The command line that serves the dashboard notebook on 127.0.0.1:``port``.

    ``template`` (default :data:`TEMPLATE`) must be findable: see :func:`write_template`;
    None uses Voilà's own ``lab`` template (which links a CDN).
    """
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--theme=light",
           "--show_tracebacks=False"]
    if template:
        cmd.append(f"--template={template}")
    if not open_browser:
        cmd.append("--no-browser")
    if preheat:
        # one kernel kept ready with the notebook executed; the next one is prepared 5 s after it
        # was taken, so a reload (or a second screen) soon finds a ready kernel again
        cmd += ["--preheat_kernel=True", "--pool_size=1",
                "--VoilaKernelManager.fill_delay=5"]
    return cmd


def dashboard_env(store: Path, *, aspiration: Path | None, lang: str,
                  out: Path | None) -> dict[str, str]:
    """The environment that tells the notebook what to show."""
    from kit.dashboard.preview import PREVIEW_ENV
    env = {**os.environ, "KIT_DASHBOARD_STORE": str(store), "KIT_DASHBOARD_LANG": lang,
           PREVIEW_ENV: "1"}
    for name, value in (("KIT_DASHBOARD_ASPIRATION", aspiration), ("KIT_DASHBOARD_OUT", out)):
        if value is not None:
            env[name] = str(value)
        else:
            env.pop(name, None)
    return env


class VoilaServer:
    """Voilà serving the dashboard on localhost until stopped.

    Use as a context manager: entering checks the inputs, starts Voilà and waits until a kernel
    with the notebook executed is ready; leaving stops Voilà and its kernels in any case.

    Parameters
    ----------
    store : path, optional
        A store (default: the sample board, with its aspiration).
    aspiration : path, optional
        Aspiration file (checked before Voilà starts).
    port : int, optional
        Default: a free port.
    env : dict, optional
        Extra environment variables (e.g. ``KIT_DASHBOARD_OUT``).
    preheat : bool
        Keep a kernel ready with the notebook executed (as ``kit dashboard`` does).
    timeout : float
        Seconds to wait for the server and its first kernel.
    log : path, optional
        Where Voilà's output goes (default: nowhere; ``"-"``: this process's output).
    notebook : path, optional
        The notebook to serve (default :data:`NOTEBOOK`; the benchmark serves a trivial one
        to measure Voilà's own share). It must touch ``KIT_DASHBOARD_READY`` when preheated.

    Raises
    ------
    kit.errors.KitError
        Bad store, bad aspiration file, busy port, Voilà not installed, no notebook, or Voilà
        stopped or did not get ready in time.
    """

    def __init__(self, store: str | Path | None = None, *, aspiration: str | Path | None = None,
                 lang: str = "nl", out: str | Path | None = None, port: int | None = None,
                 env: dict | None = None, preheat: bool = True, timeout: float = 120,
                 log: str | Path | None = None, notebook: str | Path | None = None) -> None:
        from kit.dashboard.data import open_store
        from kit.present.text import LANGS
        from kit.sample import resolve_inputs
        if lang not in LANGS:
            raise KitError(f"unknown language {lang!r}", expected=f"one of {list(LANGS)}")
        if store is None:
            store, aspiration = resolve_inputs(store, aspiration)
        self.store = Path(open_store(store).path).resolve()
        if aspiration is not None:
            from kit.analysis.aspiration import load_aspiration
            load_aspiration(aspiration)                 # a bad file fails here, in one line
            aspiration = Path(aspiration).resolve()
        self.notebook = Path(notebook).resolve() if notebook else NOTEBOOK
        if not self.notebook.is_file():
            raise KitError("the dashboard notebook is missing",
                           where=Location(file=self.notebook),
                           fix="run kit from its repository checkout")
        if importlib.util.find_spec("voila") is None:
            raise KitError("Voilà is not installed", fix="pip install 'voila>=0.5' (or make venv)")
        if port is None:
            port = free_port()
        if not 0 < port < 65536 or not port_is_free(port):
            raise KitError(f"port {port} is not free", fix="choose another with --port")
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        self.preheat = preheat
        self.timeout = timeout
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.ready_file: Path | None = None
        self.env = {**dashboard_env(self.store, aspiration=aspiration, lang=lang,
                                    out=Path(out).resolve() if out else None), **(env or {})}
        self.log = log
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> VoilaServer:
        self._tmp = tempfile.TemporaryDirectory(prefix="kit-voila-")
        self.ready_file = Path(self._tmp.name) / "ready"
        data = Path(self._tmp.name) / "jupyter"
        write_template(data)
        env = {**self.env, "KIT_DASHBOARD_READY": str(self.ready_file),
               "JUPYTER_PATH": os.pathsep.join(p for p in (str(data),
                                                           self.env.get("JUPYTER_PATH")) if p)}
        if self.log == "-":
            out = None
        elif self.log:
            out = open(self.log, "wb")  # noqa: SIM115 - closed with the process
        else:
            out = subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(voila_command(self.port, notebook=self.notebook,
                                                       preheat=self.preheat),
                                         env=env, cwd=self.notebook.parent, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            if out not in (None, subprocess.DEVNULL):
                out.close()
        try:
            self._wait()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise KitError(f"Voilà stopped with exit code {self.proc.returncode}",
                               fix=f"see {self.log}" if self.log not in (None, "-")
                               else "run it by hand to see why")
            # never request the page itself here: that would take the preheated kernel
            if not self.preheat or self.ready_file.exists():
                try:
                    with urllib.request.urlopen(self.url + "voila/static/voila.js",
                                                timeout=5) as r:
                        if r.status == 200:
                            return
                except (urllib.error.URLError, OSError):
                    pass
            time.sleep(0.3)
        raise KitError(f"Voilà did not serve the dashboard within {self.timeout:.0f} s")

    def wait(self) -> int:
        """Block until Voilà stops; its exit code."""
        return self.proc.wait()

    def stop(self) -> None:
        """Stop Voilà (which shuts its kernels down), then its process group."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(store: str | Path | None = None, *, port: int = 8866, lang: str = "nl",
          aspiration: str | Path | None = None, out: str | Path | None = None,
          open_browser: bool = True, preheat: bool = True) -> int:
    """Serve the dashboard until interrupted; returns Voilà's exit code.

    Parameters
    ----------
    store : path, optional
        A store folder (default: the sample board, with its aspiration).
    port : int
        Port on localhost (default 8866).
    open_browser : bool
        Open the page in the default browser once it is ready.

    Raises
    ------
    kit.errors.KitError
        Bad store, bad aspiration file, busy port, Voilà not installed, no notebook.
    """
    server = VoilaServer(store, aspiration=aspiration, lang=lang, out=out, port=port,
                         preheat=preheat, timeout=300, log="-")
    print(f"Starting the dashboard for {server.store} ...", flush=True)
    import threading
    if threading.current_thread() is threading.main_thread():
        # a plain `kill` stops Voilà and its kernels too (they run in their own session)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with server:
        print(f"Dashboard ready: {server.url} (Ctrl+C stops it)", flush=True)
        if open_browser:
            import webbrowser
            webbrowser.open(server.url)
        return server.wait()
