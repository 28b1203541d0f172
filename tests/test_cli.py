"""The `kit` command: exit codes and one-line messages, through a real subprocess."""

from __future__ import annotations

import os
import shutil
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


def test_ingest_sample_board_with_json_report(tmp_path):
    sd = ROOT / "sample_data"
    report = tmp_path / "report.json"
    r = run_kit("ingest", str(sd), "--org", str(sd / "org.yml"), "--roster",
                str(sd / "roster.csv"), "--mapping", str(sd / "mapping.yml"),
                "--out", str(tmp_path / "st"), "--json", str(report))
    assert r.returncode == 0, r.stderr
    import json
    data = json.loads(report.read_text(encoding="utf-8"))
    assert len(data["files"]) == 20
    t = data["totals"]
    assert t["rows_read"] == t["accepted"] + t["rejected"] and t["rejected"] == 10
    lime = next(f for f in data["files"] if f["format"] == "limesurvey")
    assert lime["respondents_per_team"]["S04-PK"] == 3
    assert "rows read" in r.stdout and "respondents per team" in r.stdout


@pytest.mark.slow
def test_demo_renders_the_whole_board(tmp_path):
    import csv
    r = run_kit("demo", "--out", str(tmp_path / "store"), "--reports", str(tmp_path / "reports"))
    assert r.returncode == 0, r.stderr
    assert "Store written to" in r.stdout and (tmp_path / "store" / "manifest.json").is_file()
    reports = tmp_path / "reports"
    rows = list(csv.DictReader((reports / "status.csv").open(encoding="utf-8")))
    # the sample board: 14 team reports, 4 school reports, 1 board report and each school
    # leader's own report (the four directors answered in autumn 2026), all rendered
    assert sorted({x["kind"] for x in rows}) == ["board", "leader", "school", "team"]
    assert [sum(x["kind"] == k for x in rows)
            for k in ("team", "school", "board", "leader")] == [14, 4, 1, 4]
    assert {x["status"] for x in rows} == {"ok"}, [x for x in rows if x["status"] != "ok"]
    for x in rows:
        assert Path(x["html"]).is_file()
        if shutil.which("chromium"):
            assert Path(x["pdf"]).read_bytes()[:5] == b"%PDF-"
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert index.count('href="') >= 19 and "board_nl.html" in index and "S04/S04-PK_nl.html" \
        in index
    assert f"Open {reports / 'index.html'}" in r.stdout


def test_real_data_without_key_is_refused(tmp_path):
    sd = ROOT / "sample_data"
    data = tmp_path / "export.csv"
    data.write_bytes((sd / "S02_2025-najaar_googleforms.csv").read_bytes())
    r = run_kit("ingest", str(data), "--org", str(sd / "org.yml"), "--out",
                str(tmp_path / "st"), env={"KIT_PSEUDONYM_KEY": ""})
    assert r.returncode == 2 and "no pseudonym key" in r.stderr
    assert not (tmp_path / "st").exists()


@pytest.mark.parametrize("content,words", [
    (b"", "empty"),
    (b"\x00\x01PKbinary\x00", "binary"),
    (b"Tijdstempel,E-mailadres\n", "header but no responses"),
    (b"Tijdstempel,Team,Ik luister vanuit willen begrijpen.\n2025/10/14 9:00:00 a.m. CEST,"
     b"Onderbouw,Soms\n", "labels the scale does not know"),
    (b"foo,bar,baz\n1,2,3\n", "not recognised"),
])
def test_bad_exports_one_line_exit_2(tmp_path, content, words):
    sd = ROOT / "sample_data"
    data = tmp_path / "bad.csv"
    data.write_bytes(content)
    r = run_kit("ingest", str(data), "--org", str(sd / "org.yml"), "--out", str(tmp_path / "st"),
                env={"KIT_PSEUDONYM_KEY": "test-key-for-the-cli-tests"})
    assert r.returncode == 2, r.stderr
    assert words in r.stderr and "bad.csv" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "st").exists()
