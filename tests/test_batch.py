"""Board batches: parallel processes, failures isolated, resumable, status table and index."""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.reports import batch
from kit.reports.batch import BatchConfig, load_batch, run_batch

ROOT = Path(__file__).resolve().parents[1]
ASP = (ROOT / "sample_data" / "aspiration.yml").resolve()


# `sample_store_path`, the sample board's store, comes from conftest.py


def test_batch_isolates_a_failing_report_and_resumes(sample_store_path, tmp_path, monkeypatch):
    cfg = BatchConfig(store=sample_store_path, out=tmp_path / "reports", aspiration=ASP,
                      schools=["S04"], pdf=False, workers=2, kinds=["team"])
    real_plan = batch.plan

    def plan_with_a_bad_job(c):
        jobs = real_plan(c)
        bad = replace(jobs[0], name="S04-XX_nl", team="S04-XX",
                      params={**jobs[0].params, "team": "S04-XX"}, key="bad")
        return jobs + [bad]

    monkeypatch.setattr(batch, "plan", plan_with_a_bad_job)
    rows = run_batch(cfg, progress=False)
    status = {r["name"]: r for r in rows}
    assert [status[n]["status"] for n in ("S04-OB_nl", "S04-BB_nl", "S04-PK_nl")] == ["ok"] * 3
    assert status["S04-XX_nl"]["status"] == "failed"
    assert "unknown team" in status["S04-XX_nl"]["error"] and status["S04-XX_nl"]["cell"]
    with open(cfg.out / "status.csv", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == 4 and {r["status"] for r in table} == {"ok", "failed"}
    index = (cfg.out / "index.html").read_text(encoding="utf-8")
    assert 'href="S04/S04-OB_nl.html"' in index and "unknown team" in index
    # resumable: unchanged reports are skipped; the failed one is tried again
    rows = run_batch(cfg, progress=False)
    assert sorted(r["status"] for r in rows) == ["failed", "skipped", "skipped", "skipped"]
    # a changed parameter renders again
    rows = run_batch(replace(cfg, lang="en"), progress=False)
    assert {r["status"] for r in rows if r["team"] != "S04-XX"} == {"ok"}


def test_batch_file_and_command(sample_store_path, tmp_path):
    f = tmp_path / "batch.yml"
    f.write_text(f"store: {sample_store_path}\nout: out\naspiration: {ASP}\nschools: [S04]\n"
                 "pdf: false\nworkers: 2\n", encoding="utf-8")
    cfg = load_batch(f)
    assert cfg.out == (tmp_path / "out").resolve() and cfg.schools == ["S04"] and not cfg.pdf
    r = subprocess.run([sys.executable, "-m", "kit.cli", "batch", str(f), "--quiet"],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    # the board report, the school report of S04 and its three team reports
    assert "5 rendered, 0 unchanged (skipped), 0 failed" in r.stdout
    with open(cfg.out / "status.csv", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [(x["kind"], x["name"]) for x in table] == [
        ("board", "board_nl"), ("school", "school_S04_nl"), ("team", "S04-OB_nl"),
        ("team", "S04-BB_nl"), ("team", "S04-PK_nl")]
    index = (cfg.out / "index.html").read_text(encoding="utf-8")
    assert "<h2>Bestuur</h2>" in index and "Sterrenwacht (S04)" in index
    style = index.split("<style>")[1].split("</style>")[0]
    assert style.count("{") == style.count("}") and "}}" not in style
    assert 'href="board_nl.html">Bestuursrapport</a>' in index
    assert 'href="S04/school_S04_nl.html">Schoolrapport</a>' in index
    assert 'href="S04/S04-PK_nl.html">Plusteam (S04-PK)</a>' in index
    bad_kind = tmp_path / "kind.yml"
    bad_kind.write_text("store: x\nout: y\nkinds: [team, bord]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="kinds"):
        load_batch(bad_kind)
    bad = tmp_path / "bad.yml"
    bad.write_text("store: x\nout: y\nworkrs: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="workrs"):
        load_batch(bad)
    r = subprocess.run([sys.executable, "-m", "kit.cli", "batch", "--store",
                        str(sample_store_path), "--out", str(tmp_path / "o"), "--school", "S99"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 2 and "unknown school" in r.stderr


def test_batch_on_a_dask_cluster(sample_store_path, tmp_path):
    from distributed import LocalCluster
    cfg = BatchConfig(store=sample_store_path, out=tmp_path / "reports", aspiration=ASP,
                      schools=["S04"], pdf=False, kinds=["team"])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        rows = run_batch(replace(cfg, scheduler=cluster.scheduler_address), progress=False)
    assert [r["status"] for r in rows] == ["ok", "ok", "ok"]
    assert (cfg.out / "S04" / "S04-PK_nl.html").is_file()
    assert "S04-BB_nl" in (cfg.out / "index.html").read_text(encoding="utf-8")
