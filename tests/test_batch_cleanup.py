"""Batches that clean up after themselves (issue 16, part 3): a batch killed with SIGKILL leaves
its temporary files, the next batch removes them (and nothing else), a successful batch leaves
none, and one output folder takes one batch at a time.

The batches run as ``kit batch`` subprocesses in their own process group, with a Jupyter
runtime folder and a temporary folder of the test's own (``JUPYTER_RUNTIME_DIR``, ``TMPDIR``),
so that what they leave is seen exactly, apart from other programs on the machine.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from kit.errors import KitError
from kit.reports import tempfiles
from kit.reports.tempfiles import OutputLock, sweep

ROOT = Path(__file__).resolve().parents[1]
ASP = (ROOT / "sample_data" / "aspiration.yml").resolve()
#: a subset of the sample board: the three team reports of one school, with PDF
SUBSET = ["--school", "S04", "--kind", "team", "--workers", "2"]


@contextlib.contextmanager
def _short_dir():
    """A new folder with a short path, removed afterwards: Chromium's socket path under it
    must stay under 108 bytes (pytest's own temporary paths are too long for that)."""
    base = Path(tempfile.mkdtemp(prefix="kb", dir="/tmp" if os.path.isdir("/tmp") else None))
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _env(base: Path) -> tuple[dict, Path, Path]:
    runtime, tmp = base / "r", base / "t"
    runtime.mkdir(parents=True)
    tmp.mkdir()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime), TMPDIR=str(tmp))
    # this checkout's kit, also in the kernels the batch starts
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env, runtime, tmp


def _command(store: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kit.cli", "batch", "--store", str(store), "--out", str(out),
            "--aspiration", str(ASP), *SUBSET, "--quiet", *extra]


def _start(store: Path, out: Path, env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(_command(store, out, *extra), cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def _wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (ppid, process group, state) of every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry)] = (int(fields[1]), int(fields[2]), fields[0])
    return found


def _running(pid: int) -> bool:
    state = _processes().get(pid)
    return state is not None and state[2] != "Z"


def _kit_temporaries(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob(".kit-tmp-*"))


def _files(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}


def _normalised(html: str) -> str:
    """A report's HTML without what differs between two renders of the same report: times
    (the provenance stamp, the SVG's date), the random id papermill gives its parameters cell
    and the random ids matplotlib gives the parts of an SVG (no ``svg.hashsalt``)."""
    def svg(m: re.Match) -> str:
        text = base64.b64decode(m.group(1)).decode()
        text = re.sub(r"<dc:date>[^<]*</dc:date>", "", text)
        return "svg:" + re.sub(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)", lambda k: "png:" +
                               hashlib.sha256(k.group(1).encode()).hexdigest(), text)
    html = re.sub(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", svg, html)
    html = re.sub(r'id="cell-id=[0-9a-f-]+"', 'id="cell-id"', html)
    html = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?", "TIME", html)
    ids: dict[str, str] = {}
    return re.sub(r"\b(?:[mp]|image)[0-9a-f]{10}\b",
                  lambda m: ids.setdefault(m.group(0), f"id{len(ids)}"), html)


def _statuses(out: Path) -> dict[str, str]:
    with open(out / "status.csv", encoding="utf-8") as fh:
        return {r["name"]: r["status"] for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def clean_run(sample_store_path):
    """A clean batch (A) on the subset; while it runs, a second batch into the same folder
    (B, stops) and a third with ``--wait`` (C, starts when A has finished)."""
    with _short_dir() as base:
        yield _clean_run(sample_store_path, base)


def _clean_run(sample_store_path: Path, base: Path) -> SimpleNamespace:
    env, runtime, tmp = _env(base)
    out = base / "reports"
    a = _start(sample_store_path, out, env)
    lock = out / ".kit-batch" / "lock"
    holds = _wait_for(lambda: lock.is_file() and f"pid {a.pid} " in lock.read_text(), 120)
    assert holds, a.communicate(timeout=600)
    t0 = time.monotonic()
    b = subprocess.run(_command(sample_store_path, out), cwd=ROOT, env=env, text=True,
                       capture_output=True, timeout=120)
    b_seconds = time.monotonic() - t0
    c = _start(sample_store_path, out, env, "--wait")
    a_out, a_err = a.communicate(timeout=600)
    c_out, c_err = c.communicate(timeout=300)
    return SimpleNamespace(out=out, runtime=runtime, tmp=tmp, a=a, a_out=a_out, a_err=a_err,
                           b=b, b_seconds=b_seconds, c=c, c_out=c_out, c_err=c_err)


@pytest.mark.slow
def test_a_second_batch_into_the_same_folder_stops_or_waits(clean_run):
    r = clean_run
    assert r.a.returncode == 0, (r.a_out, r.a_err)
    assert "3 rendered, 0 unchanged (skipped), 0 failed" in r.a_out
    # B: at once, exit code 2, naming the folder and the other batch's pid; rendered nothing
    assert r.b.returncode == 2, r.b.stderr
    assert f"another kit batch (pid {r.a.pid} on " in r.b.stderr
    assert f"is rendering into {r.out}" in r.b.stderr and "--wait" in r.b.stderr
    assert r.b.stdout == "" and r.b_seconds < 60
    # C (--wait): said it waits, then found every report unchanged
    assert r.c.returncode == 0, r.c_err
    assert f"another kit batch (pid {r.a.pid} on " in r.c_err and "waiting" in r.c_err
    assert "0 rendered, 3 unchanged (skipped), 0 failed" in r.c_out
    assert (r.out / ".kit-batch" / "lock").read_text().startswith(f"pid {r.c.pid} on ")


@pytest.mark.slow
def test_a_successful_batch_leaves_no_temporary_file(clean_run):
    r = clean_run
    assert _kit_temporaries(r.out) == []
    assert not [p for p in r.out.rglob(".*") if p.name != ".kit-batch"]
    assert os.listdir(r.runtime) == []      # kernel sockets and connection files
    assert os.listdir(r.tmp) == []          # Chromium profiles, anything else
    assert {p.name for p in (r.out / "S04").glob("*.pdf")} == {
        "S04-OB_nl.pdf", "S04-BB_nl.pdf", "S04-PK_nl.pdf"}


@pytest.mark.slow
def test_a_killed_batch_is_cleaned_up_by_the_next_one(clean_run, sample_store_path):
    with _short_dir() as base:
        _kill_and_run_again(clean_run, sample_store_path, base)


def _kill_and_run_again(clean_run: SimpleNamespace, sample_store_path: Path, base: Path) -> None:
    env, runtime, tmp = _env(base)
    out = base / "reports"
    proc = _start(sample_store_path, out, env)

    def printing() -> bool:      # a Chromium prints a PDF: every kind of temporary exists
        return any(tmp.glob("kit-chromium-*")) and any(out.rglob(".kit-tmp-*.pdf"))

    assert _wait_for(printing, 300), f"no PDF printed before the end: {proc.communicate()}"
    procs = _processes()
    group = {pid for pid, (_, pgid, _) in procs.items() if pgid == proc.pid}
    kernels = {pid for pid, (ppid, pgid, _) in procs.items() if ppid in group and
               pgid != proc.pid}            # Jupyter starts kernels in a session of their own
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)

    # what the killed batch left, each name with the pid of a process of its group
    left = {"out": _kit_temporaries(out), "runtime": sorted(os.listdir(runtime)),
            "tmp": sorted(os.listdir(tmp))}
    assert any(p.endswith(".pdf") for p in left["out"]), left
    assert any(n.endswith(".json") for n in left["runtime"]) and len(left["runtime"]) >= 6, left
    assert any(n.startswith("kit-chromium-") for n in left["tmp"]), left
    owners = {int(m.group(1)) for n in left["out"] + left["runtime"] + left["tmp"]
              if (m := re.search(r"kit-(?:tmp|warm|chromium)-(\d+)-", n))}
    assert owners <= group, (owners, group)
    # besides the kit's names only Chromium's socket folder, where the profile's path is long
    assert all(n.startswith(("kit-chromium-", "org.chromium.Chromium.")) for n in left["tmp"])
    # the kernels end by themselves when their worker is gone (ipykernel's parent poller)
    assert kernels and _wait_for(lambda: not any(_running(k) for k in kernels), 30)

    # what is not the kit's, or belongs to a live process, stays
    keep = [out / f".kit-tmp-{os.getpid()}-mine.ipynb", out / ".notes.ipynb",
            runtime / "kernel-1234.json", tmp / f"kit-chromium-{os.getpid()}-live",
            tmp / "kit-chromium-abcd1234"]
    for path in keep:
        path.mkdir() if "chromium" in path.name else path.write_text("{}")

    again = subprocess.run(_command(sample_store_path, out), cwd=ROOT, env=env, text=True,
                           capture_output=True, timeout=600)
    assert again.returncode == 0, again.stderr
    removed = len(left["out"]) + len(left["runtime"]) + len(left["tmp"])
    assert f"removed {removed} temporary file(s) left by killed runs" in again.stderr
    assert all(p.exists() for p in keep)
    assert _kit_temporaries(out) == [keep[0].name]
    assert sorted(os.listdir(runtime)) == [keep[2].name]
    assert sorted(os.listdir(tmp)) == sorted(p.name for p in keep[3:])

    # the same reports as the clean run's
    for path in keep:
        path.rmdir() if path.is_dir() else path.unlink()
    assert _files(out) == _files(clean_run.out)
    assert set(_statuses(out).values()) <= {"ok", "skipped"}
    assert _statuses(out).keys() == _statuses(clean_run.out).keys()
    for name in ("S04-OB_nl", "S04-BB_nl", "S04-PK_nl"):
        html = (out / "S04" / f"{name}.html").read_text(encoding="utf-8")
        clean = (clean_run.out / "S04" / f"{name}.html").read_text(encoding="utf-8")
        assert _normalised(html) == _normalised(clean), name
        assert (out / "S04" / f"{name}.pdf").stat().st_size > 10_000


def test_sweep_removes_only_what_dead_kit_processes_left(tmp_path, monkeypatch):
    runtime, tmp, out = tmp_path / "runtime", tmp_path / "tmp", tmp_path / "out"
    for d in (runtime, tmp, out / "S01"):
        d.mkdir(parents=True)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    dead = subprocess.Popen(["true"])
    dead.wait()
    me = os.getpid()
    gone = [out / f".kit-tmp-{dead.pid}-board_nl.ab12cd34.ipynb",
            out / "S01" / f".kit-tmp-{dead.pid}-S01-X_nl.ab12cd34.pdf",
            runtime / f"kit-warm-{dead.pid}-1-3", runtime / f"kit-warm-{dead.pid}-1.json",
            runtime / f"kit-warm-{dead.pid}-482910-5",       # the name before issue 16
            tmp / f"kit-chromium-{dead.pid}-x1y2z3"]
    stay = [out / f".kit-tmp-{me}-board_nl.ab12cd34.ipynb",  # a live process's
            out / ".board_nl.ab12cd34.ipynb", out / f".kit-tmp-x{dead.pid}-a.pdf",
            out / "S01" / f"kit-tmp-{dead.pid}-a.pdf",         # not hidden: not the kit's
            runtime / f"kit-warm-{me}-1-1", runtime / f"kit-warm-{dead.pid}-1.txt",
            runtime / "kernel-5f3c.json", tmp / f"kit-chromium-{me}-a1",
            tmp / "kit-chromium-a1b2c3d4", tmp / f"kit-chromium-{dead.pid}"]
    for path in gone + stay:
        if "chromium" in path.name:
            (path / "Default").mkdir(parents=True)
        else:
            path.write_text("x")
    # a pid taken over by a process started after the file was last changed: its maker is gone
    reused = runtime / f"kit-warm-{me}-2-1"
    reused.write_text("x")
    os.utime(reused, (time.time() - 86400 * 365, time.time() - 86400 * 365))
    gone.append(reused)
    # a symbolic link named like a profile is never followed
    target = tmp_path / "precious"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    link = tmp / f"kit-chromium-{dead.pid}-link"
    link.symlink_to(target)
    # a profile's socket folder outside it goes with it, not a folder it does not own
    scratch = tmp / "org.chromium.Chromium.Ab12Cd"
    scratch.mkdir()
    (tmp / f"kit-chromium-{dead.pid}-x1y2z3" / "SingletonSocket").symlink_to(
        scratch / "SingletonSocket")
    gone.append(scratch)
    elsewhere = tmp_path / "org.chromium.Chromium.Zz99Yy"
    elsewhere.mkdir()
    (tmp / f"kit-chromium-{dead.pid}-q").mkdir()
    (tmp / f"kit-chromium-{dead.pid}-q" / "SingletonSocket").symlink_to(
        elsewhere / "SingletonSocket")
    gone.append(tmp / f"kit-chromium-{dead.pid}-q")
    removed = sweep(out)
    assert elsewhere.is_dir()
    assert sorted(removed) == sorted(gone + [link])
    assert not any(p.exists() for p in gone) and all(p.exists() for p in stay)
    assert (target / "keep.txt").is_file()
    assert sweep(out) == []


def test_the_output_lock_is_exclusive_and_names_its_holder(tmp_path):
    first = OutputLock(tmp_path).acquire()
    try:
        with pytest.raises(KitError, match=rf"pid {os.getpid()} on .* is rendering into "
                                           rf"{re.escape(str(tmp_path))}.*--wait"):
            OutputLock(tmp_path).acquire()
    finally:
        first.release()
    with OutputLock(tmp_path) as again:      # released: free again
        assert again.holder().startswith(f"pid {os.getpid()} on ")


def test_temporary_names_carry_the_pid(tmp_path):
    tmp = tempfiles.temp_file(tmp_path / "S01" / "S01-A_nl.pdf")
    assert tmp.parent == tmp_path / "S01" and tmp.suffix == ".pdf"
    assert tmp.name.startswith(f".kit-tmp-{os.getpid()}-S01-A_nl.") and tmp.stat().st_size == 0
    assert oct(tmp.stat().st_mode & 0o777) == "0o644"
    with tempfiles.chromium_profile() as profile:
        assert Path(profile).name.startswith(f"kit-chromium-{os.getpid()}-")
    assert Path(tempfiles.kernel_files()).name.startswith(f"kit-warm-{os.getpid()}-")


@pytest.mark.slow
def test_a_batch_killed_alone_frees_its_folder_and_its_workers_end(sample_store_path,
                                                                    monkeypatch):
    with _short_dir() as base:
        env, runtime, tmp = _env(base)
        monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))
        out = base / "reports"
        proc = _start(sample_store_path, out, env, "--no-pdf")

        def kernels() -> set[int]:
            procs = _processes()
            workers = {pid for pid, (ppid, _, _) in procs.items() if ppid == proc.pid}
            return {pid for pid, (ppid, _, st) in procs.items() if ppid in workers and st != "Z"}

        assert _wait_for(lambda: len(kernels()) == 2, 240), proc.communicate()
        workers = {pid for pid, (ppid, _, _) in _processes().items() if ppid == proc.pid}
        started = kernels()
        os.kill(proc.pid, signal.SIGKILL)            # the batch alone, not its group
        proc.communicate(timeout=60)
        # its workers held no lock: the folder is free at once
        with OutputLock(out):
            pass
        # and they end (else they would wait for work forever), and so do their kernels
        assert _wait_for(lambda: not any(_running(w) for w in workers), 30)
        assert _wait_for(lambda: not any(_running(k) for k in started), 30)
        assert sweep(out) and os.listdir(runtime) == []
