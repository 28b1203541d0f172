"""The `kit` command: exit codes and one-line messages, through a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_kit(*args: str, cwd: Path | None = None, env: dict | None = None):
    e = {**os.environ, **(env or {})}
    e.pop("KIT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=e, timeout=300)


def test_version():
    r = run_kit("--version")
    assert r.returncode == 0 and r.stdout.startswith("kit 0.")


def test_usage_error_exits_2():
    r = run_kit("ingest")
    assert r.returncode == 2 and "usage" in r.stderr


@pytest.mark.parametrize("org_text,words", [
    (None, "does not exist"),
    ("board: {id: B}\nschools: []\n", "non-empty list"),
    ("board: [\n", "not valid YAML"),
])
def test_bad_org_one_line_exit_2(tmp_path, org_text, words):
    org = tmp_path / "org.yml"
    if org_text is not None:
        org.write_text(org_text, encoding="utf-8")
    data = tmp_path / "x.csv"
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    r = run_kit("ingest", str(data), "--org", str(org), "--out", str(tmp_path / "st"))
    assert r.returncode == 2, r.stderr
    assert words in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "st").exists()
