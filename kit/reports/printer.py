"""One headless Chromium per batch worker, printing report after report to PDF.

Starting Chromium costs about a second per report; a batch worker therefore keeps one open
(:func:`browser`) and talks to it over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: the browser reads commands on its file descriptor 3 and answers on
4, each message JSON ended by a NUL byte), so no port is opened and no library is needed. One tab
loads report after report (a new tab per report started a new renderer each time; after a
failure the tab and the browser are replaced), and each is printed with the settings of
Chromium's own ``--print-to-pdf --no-pdf-header-footer`` (the page's ``@page`` size and margins,
backgrounds, no header or footer), so the PDF is the one a new Chromium would print.

The browser's profile is a ``kit-chromium-PID-XXXXXXXX`` folder (:mod:`kit.reports.tempfiles`),
removed when the browser is closed, and by the next batch's sweep when its process was killed.
Chromium ends by itself when its pipe closes, so a killed worker leaves no browser behind.
"""

from __future__ import annotations

import base64
import json
import multiprocessing.util
import os
import select
import signal
import threading
import time
from pathlib import Path

from kit.errors import KitError
from kit.reports.tempfiles import chromium_env, chromium_profile, temp_file

__all__ = ["PDF_SETTINGS", "Browser", "browser", "shutdown"]

#: Page.printToPDF's settings: those of ``chromium --print-to-pdf --no-pdf-header-footer``
PDF_SETTINGS = {"printBackground": True, "preferCSSPageSize": True,
                "displayHeaderFooter": False, "generateTaggedPDF": True}


_LOADED_OR_GONE = ("Page.loadEventFired", "Inspector.detached", "Target.detachedFromTarget",
                   "Target.targetCrashed")


def _high(fd: int) -> int:
    """``fd`` moved above the standard descriptors and 3 and 4 (the pipe's numbers in the
    browser), so that setting those up in the new process never overwrites it."""
    import fcntl
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Browser:
    """A headless Chromium kept open, printing HTML files to PDF one after another.

    Parameters
    ----------
    executable : str
        The Chromium to start (Debian's ``/usr/bin/chromium``).
    flags : list of str
        Its command-line switches (those of :data:`kit.reports.render.CHROMIUM_FLAGS`).
    """

    def __init__(self, executable: str, flags: list[str], *, timeout: float = 60) -> None:
        self.lock = threading.Lock()
        self._profile = chromium_profile()
        profile = self._profile.name
        to_browser, commands = (_high(fd) for fd in os.pipe())
        answers, from_browser = (_high(fd) for fd in os.pipe())
        # no window of its own: its first tab's renderer would not survive the pipe's tabs
        argv = [executable, *flags, "--remote-debugging-pipe", "--no-startup-window",
                f"--user-data-dir={profile}"]
        actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_DUP2, to_browser, 3),
                   (os.POSIX_SPAWN_DUP2, from_browser, 4)]
        try:
            # its own process group, so that helpers it leaves behind can be ended with it
            self.pid = os.posix_spawn(executable, argv, chromium_env(profile),
                                      file_actions=actions, setpgroup=0)
        except OSError as err:
            for fd in (to_browser, commands, answers, from_browser):
                os.close(fd)
            self._profile.cleanup()
            raise KitError(f"Chromium could not be started: {err}") from err
        os.close(to_browser)
        os.close(from_browser)
        self._out, self._in = commands, answers
        self._buffer = b""
        self._next = 0
        self._events: list[dict] = []
        self._target: str | None = None
        self._session: str | None = None
        try:
            self.call("Target.getTargets", timeout=timeout)
        except KitError:
            self.close()
            raise

    # --- the protocol ----------------------------------------------------------------------
    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            try:
                data = data[os.write(self._out, data):]
            except OSError as err:
                raise KitError(f"Chromium stopped listening ({err})") from err
        return self._next

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise KitError("Chromium did not answer in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise KitError("Chromium ended unexpectedly")
            self._buffer += chunk
        msg, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(msg)

    def _until(self, match, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        for k, msg in enumerate(self._events):
            if match(msg):
                return self._events.pop(k)
        while True:
            msg = self._receive(deadline)
            if match(msg):
                return msg
            if "method" in msg:               # an event: kept until asked for (or dropped)
                self._events = [*self._events[-50:], msg]

    def call(self, method: str, params: dict | None = None, session: str | None = None, *,
             timeout: float = 60) -> dict:
        """Send one command and wait for its answer; its ``result``."""
        n = self._send(method, params, session)
        msg = self._until(lambda m: m.get("id") == n, timeout)
        if "error" in msg:
            raise KitError(f"Chromium refused {method}: {msg['error'].get('message', '')}")
        return msg.get("result", {})

    # --- printing --------------------------------------------------------------------------
    def print_pdf(self, html: Path, pdf: Path, *, timeout: float = 120) -> Path:
        """Print ``html`` to ``pdf`` (written atomically) in a new tab."""
        # the temporary file first, as a new Chromium writes it: a run killed while printing
        # leaves it, named for the next batch's sweep
        tmp = temp_file(pdf)
        try:
            body = self._print(Path(html), timeout)
            if not body:
                raise KitError(f"Chromium printed an empty PDF of {Path(html).name}")
            tmp.write_bytes(body)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        tmp.replace(pdf)
        return pdf

    def _tab(self, timeout: float) -> str:
        """The session of this browser's tab, opened on first use (a new tab per report cost
        a renderer's start, 0.1-0.3 s)."""
        if self._session is None:
            target = self.call("Target.createTarget", {"url": "about:blank"},
                               timeout=timeout)["targetId"]
            try:
                session = self.call("Target.attachToTarget",
                                    {"targetId": target, "flatten": True},
                                    timeout=timeout)["sessionId"]
                self.call("Page.enable", session=session, timeout=timeout)
            except BaseException:
                self.call("Target.closeTarget", {"targetId": target}, timeout=timeout)
                raise
            self._target, self._session = target, session
        return self._session

    def _close_tab(self, timeout: float) -> None:
        target, self._target, self._session = self._target, None, None
        if target is not None:
            self.call("Target.closeTarget", {"targetId": target}, timeout=timeout)

    def _print(self, html: Path, timeout: float) -> bytes:
        with self.lock:
            session = self._tab(timeout)
            try:
                self._events = []
                self.call("Page.navigate", {"url": html.resolve().as_uri()}, session,
                          timeout=timeout)
                loaded = self._until(lambda m: m.get("method") in _LOADED_OR_GONE and (
                    m.get("sessionId") == session
                    or m.get("params", {}).get("sessionId") == session), timeout)
                if loaded["method"] != "Page.loadEventFired":
                    raise KitError(f"Chromium's tab ended while loading {html.name}")
                data = self.call("Page.printToPDF", PDF_SETTINGS, session,
                                 timeout=timeout)["data"]
            except BaseException:
                # a tab in an unknown state is never used again (the caller also ends the
                # browser): closed when the browser still answers
                try:
                    self._close_tab(min(timeout, 5))
                except KitError:
                    pass
                raise
        return base64.b64decode(data)

    def alive(self) -> bool:
        """Whether the browser still runs."""
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False

    def close(self) -> None:
        """End the browser (closing its pipe ends it), then remove its profile."""
        for fd in (self._out, self._in):
            try:
                os.close(fd)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        try:
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                time.sleep(0.05)
        except (ChildProcessError, ProcessLookupError):
            pass
        _end_group(self.pid)
        _remove_profile(self._profile)


def _end_group(pgid: int) -> None:
    """End what is left of the browser's process group (its renderer and helper processes
    outlive a browser that was killed, and may still write to its profile)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _remove_profile(profile, tries: int = 20) -> None:
    """Remove the profile folder; a process that was still ending may add a file while it is
    removed, so try again for a second, then leave what remains to the next batch's sweep."""
    import shutil
    for _ in range(tries):
        try:
            profile.cleanup()
            return
        except OSError:
            time.sleep(0.05)
    shutil.rmtree(profile.name, ignore_errors=True)


_BROWSER: Browser | None = None
_GUARD = threading.Lock()


def browser(executable: str, flags: list[str]) -> Browser:
    """This process's browser, started (or replaced when it died) on demand; closed when the
    process ends."""
    global _BROWSER
    with _GUARD:
        if _BROWSER is not None and not _BROWSER.alive():
            _BROWSER.close()
            _BROWSER = None
        if _BROWSER is None:
            _BROWSER = Browser(executable, flags)
            # multiprocessing workers end with os._exit, which skips atexit
            multiprocessing.util.Finalize(_BROWSER, Browser.close, args=(_BROWSER,),
                                          exitpriority=10)
        return _BROWSER


def shutdown() -> None:
    """Close this process's browser (if any)."""
    global _BROWSER
    with _GUARD:
        if _BROWSER is not None:
            _BROWSER.close()
            _BROWSER = None


def discard(old: Browser) -> None:
    """Forget and close ``old`` (after a failed print: never reuse a browser in an unknown
    state)."""
    global _BROWSER
    with _GUARD:
        if _BROWSER is old:
            _BROWSER = None
    old.close()
