"""The kit's own temporary files, named so that a later run recognises them, and the lock on a
batch's output folder.

A render writes every file through a temporary one and a rename (:mod:`kit.reports.render`), a
warm kernel talks over socket files in Jupyter's runtime folder (:mod:`kit.reports.warm`), and
Chromium prints with a profile folder of its own. A process killed with SIGKILL removes none of
them, so every such name carries the pid of the process that made it:

* ``.kit-tmp-PID-NAME.XXXXXXXX.EXT``: a report, state or status file being written (in the
  output folder, at any depth);
* ``kit-warm-PID-N-PORT`` and ``kit-warm-PID-N.json``: a warm kernel's sockets and connection
  file (Jupyter's runtime folder);
* ``kit-chromium-PID-XXXXXXXX/``: a Chromium profile (the system's temporary folder), which
  holds Chromium's own temporary folder too (:func:`chromium_env`), or, where that path would be
  too long for a socket, names it (``SingletonSocket``, a link into
  ``org.chromium.Chromium.XXXXXX/``), so that it goes with the profile.

:func:`sweep` removes exactly those names whose process is gone (no such pid, a zombie, or a
pid taken since by a process started well after the file was last changed) and that belong to
this user; a live batch's files and every other name stay. A batch sweeps when it starts, holding
the lock on its output folder (:class:`OutputLock`, ``fcntl.flock`` on ``.kit-batch/lock``),
which the system releases when the holder dies, even by SIGKILL: a second batch into the same
folder stops at once with a message naming the other's pid, or waits for it (``wait=True``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

from kit.errors import KitError

__all__ = ["OutputLock", "chromium_env", "chromium_profile", "kernel_files", "sweep",
           "temp_file"]

_OUT = re.compile(r"\.kit-tmp-(\d+)-.+\Z")
_KERNEL = re.compile(r"kit-warm-(\d+)-\d+(?:-\d+|\.json)\Z")
_CHROMIUM = re.compile(r"kit-chromium-(\d+)-[A-Za-z0-9_]+\Z")
_SERIAL = itertools.count(1)
#: seconds a process may seem to have started after its file was changed and still own it
REUSE_MARGIN = 300
#: the lock files this process holds open (closed in forked children, see _forget_locks)
_HELD: set[int] = set()


def _forget_locks() -> None:
    """In a forked child (a batch's worker): close the inherited lock files, so that only the
    batch itself holds its folder's lock, and a batch killed alone never leaves its workers
    holding it."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks)


def temp_file(path: Path) -> Path:
    """A new empty temporary file beside ``path``, to be renamed onto it when complete
    (``.kit-tmp-PID-STEM.XXXXXXXX.SUFFIX``, readable by everyone as reports are)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".kit-tmp-{os.getpid()}-{path.stem}.",
                               suffix=path.suffix, dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)
    return Path(tmp)


def chromium_profile() -> tempfile.TemporaryDirectory:
    """A temporary folder for one Chromium's profile (``kit-chromium-PID-XXXXXXXX``), removed
    when the ``with`` block ends."""
    return tempfile.TemporaryDirectory(prefix=f"kit-chromium-{os.getpid()}-")


def chromium_env(profile: str | Path) -> dict:
    """The environment to start Chromium in: its temporary files (the folder of its singleton
    socket) inside ``profile`` when the socket's path stays short enough (a Unix socket's path
    has at most 107 bytes), else in the usual temporary folder."""
    scratch = Path(profile, "t")
    if len(str(scratch)) + len("/org.chromium.Chromium.XXXXXX/SingletonSocket") > 100:
        return dict(os.environ)
    scratch.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(scratch)}


def runtime_dir(create: bool = True) -> Path:
    """Jupyter's runtime folder (connection files and socket files of kernels)."""
    from jupyter_core.paths import jupyter_runtime_dir
    path = Path(jupyter_runtime_dir())
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def kernel_files() -> str:
    """The common start of one new kernel's file names in Jupyter's runtime folder
    (``.../kit-warm-PID-N``: sockets ``-PORT``, connection file ``.json``)."""
    return str(runtime_dir() / f"kit-warm-{os.getpid()}-{next(_SERIAL)}")


def _started(pid: int) -> tuple[float, str] | None:
    """When process ``pid`` started (epoch seconds, to about 1 s) and its state letter, from
    /proc; None where there is no /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        btime = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                     if line.startswith("btime "))
    except (OSError, StopIteration, ValueError):
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return btime + int(fields[19]) / os.sysconf("SC_CLK_TCK"), fields[0]


def _alive(pid: int, changed: float) -> bool:
    """Whether the process that made a file last changed at ``changed`` still runs."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:       # another user's process: alive
        return True
    found = _started(pid)
    if found is None:
        return True
    started, state = found
    # a zombie is dead; a process started well after the file changed took over a freed pid
    # (the margin covers the clock's steps: too soon is never, too late is the next run)
    return state != "Z" and started <= changed + REUSE_MARGIN


def _chromium_scratch(profile: Path) -> list[Path]:
    """The folder of a profile's singleton socket when it is outside the profile: in the
    temporary folder, named by Chromium, ours."""
    try:
        folder = Path(os.readlink(profile / "SingletonSocket")).parent
        inside = os.path.realpath(folder.parent) == os.path.realpath(profile.parent)
        ours = folder.lstat().st_uid == os.getuid()
    except OSError:
        return []
    name = folder.name.startswith("org.chromium.Chromium.") and not folder.is_symlink()
    return [folder] if inside and ours and name else []


def _owned_dead(path: Path, pid: str) -> bool:
    try:
        st = path.lstat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not _alive(int(pid), st.st_mtime)


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:               # gone already, or not ours to remove
        return False
    return True


def sweep(out: Path | None = None) -> list[Path]:
    """Remove what killed kit processes left: their temporary files in ``out`` (at any depth),
    their kernels' files in Jupyter's runtime folder and their Chromium profiles in the
    temporary folder (with the folder of the profile's socket, where it is outside).

    Only the names of the module docstring, of processes that no longer run, owned by this
    user, are removed. Returns the paths removed.
    """
    found: list[Path] = []
    if out is not None and Path(out).is_dir():
        for root, _dirs, files in os.walk(out):
            found += [Path(root, f) for f in files if _OUT.match(f)]
    places = [(runtime_dir(create=False), _KERNEL), (Path(tempfile.gettempdir()), _CHROMIUM)]
    for folder, pattern in places:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found += [folder / n for n in names if pattern.match(n)]
    removed = []
    for path in found:
        profile = _CHROMIUM.match(path.name)
        pid = (_OUT.match(path.name) or _KERNEL.match(path.name) or profile).group(1)
        if not _owned_dead(path, pid):
            continue
        if profile and path.is_dir() and not path.is_symlink():
            removed += [p for p in _chromium_scratch(path) if _remove(p)]
        if _remove(path):
            removed.append(path)
    return removed


class OutputLock:
    """An exclusive lock on a batch's output folder: ``fcntl.flock`` on ``.kit-batch/lock``,
    which names the holder (pid, host, start). The system releases it when the holder ends,
    however it ends.

    Parameters
    ----------
    out : path
        The output folder.
    wait : bool
        Wait for another holder to finish instead of raising.
    on_wait : callable, optional
        Called with a message (naming the other holder) before waiting.
    """

    def __init__(self, out: Path, *, wait: bool = False,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.out = Path(out)
        self.path = self.out / ".kit-batch" / "lock"
        self.wait = wait
        self.on_wait = on_wait
        self.fd: int | None = None

    def holder(self) -> str:
        """Who holds the lock, as its file says (``pid N on HOST since TIME``)."""
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        return text or "pid unknown"

    def acquire(self) -> OutputLock:
        """Take the lock (or wait for it with ``wait=True``).

        Raises
        ------
        kit.errors.KitError
            Another process holds the lock, and ``wait`` is False.
        """
        import fcntl
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                other = f"another kit batch ({self.holder()}) is rendering into {self.out}"
                if not self.wait:
                    raise KitError(other, fix="wait until it has finished, run this one with "
                                              "--wait (it then starts when the other ends), or "
                                              "give another output folder") from None
                if self.on_wait:
                    self.on_wait(f"{other}; waiting until it has finished")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            since = dt.datetime.now().isoformat(timespec="seconds")
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()} since {since}\n"
                     .encode())
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        _HELD.add(fd)
        return self

    def release(self) -> None:
        """Give the lock up (the lock file stays: removing it would race with a waiter)."""
        if self.fd is not None and self.fd in _HELD:
            import fcntl
            _HELD.discard(self.fd)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
        self.fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
