"""The registry of report kinds: one naming for `kit report` and `kit batch`, typed parameters,
and a ReportError that carries its facts."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kit.errors import ConfigError, ReportError
from kit.reports.batch import BatchConfig, plan
from kit.reports.registry import (
    KINDS,
    NOTEBOOK_DIR,
    ReportParameters,
    kind_of,
    output_path,
    report_kind,
)
from kit.reports.render import REQUIRED, check_parameters

# `sample_store_path`, the sample board's store, comes from conftest.py


def test_every_kind_names_an_existing_notebook_with_its_required_parameters():
    import papermill
    assert list(KINDS) == ["board", "school", "team", "leader"]    # leader: issue 15
    for kind in KINDS.values():
        assert kind.path.is_file() and kind.path.parent == NOTEBOOK_DIR
        declared = papermill.inspect_notebook(str(kind.path))
        assert set(kind.required) <= set(declared), kind.name
        assert REQUIRED[kind.notebook] == kind.required
    with pytest.raises(ConfigError, match="expected one of"):
        report_kind("pupil")


@pytest.mark.parametrize("params,path", [
    (dict(), "out/board_nl"),
    (dict(school="S01", lang="en"), "out/S01/school_S01_en"),
    (dict(school="S01", team="S01-BB", wave="2026-voorjaar"), "out/S01/S01-BB_2026-voorjaar_nl"),
    (dict(school="S01", leader=True), "out/S01/leader_S01_nl"),
    (dict(school="S01", leader=True, leader_id="R1a2b"), "out/S01/leader_S01_R1a2b_nl"),
])
def test_output_names(params, path):
    p = ReportParameters(store="store", **params)
    assert output_path(p, "out").as_posix() == path
    assert kind_of(p).name == ("leader" if "leader" in params else "team" if "team" in params
                               else "school" if "school" in params else "board")


@pytest.mark.parametrize("bad,words", [
    (dict(lang="de"), "unknown language"),
    (dict(threshold=2), "below the minimum"),
    (dict(team="S01-BB"), "needs the team's school"),
    (dict(school="S01", free_text=True), "only in team reports"),
    (dict(leader=True), "one school's leader"),
    (dict(school="S01", leader_id="R1"), "names a leader report"),
])
def test_bad_parameters_are_refused(bad, words):
    with pytest.raises(Exception, match=words) as exc:
        ReportParameters(store="store", **bad)
    assert exc.type.__module__.startswith("kit.")


def test_notebook_parameters_are_absolute_and_only_what_was_given(tmp_path):
    p = ReportParameters(store=tmp_path, school="S01", team="S01-BB", free_text=True)
    out = p.to_notebook()
    assert out == {"store": str(tmp_path.resolve()), "lang": "nl", "school": "S01",
                   "team": "S01-BB", "free_text": True}
    check_parameters(kind_of(p).path, out)       # the notebook declares them all


def test_batch_and_report_name_the_same_report_the_same(sample_store_path, tmp_path):
    jobs = plan(BatchConfig(store=Path(sample_store_path), out=tmp_path, lang="en"))
    for job in jobs:
        p = ReportParameters(store=sample_store_path, lang="en", school=job.school or None,
                             team=job.team)
        assert Path(job.out) / job.name == output_path(p, tmp_path)
        assert job.notebook == str(kind_of(p).path)
    assert {j.kind for j in jobs} == set(KINDS) - {"leader"}     # leaders only when asked


def test_report_error_carries_its_facts_and_survives_a_process_pool(tmp_path):
    err = ReportError("cell 3 of team_report.ipynb failed: ValueError: x", cell_index=3,
                      ename="ValueError", evalue="x", notebook=tmp_path / "a.failed.ipynb",
                      fix="see the executed notebook")
    back = pickle.loads(pickle.dumps(err))
    assert (back.cell_index, back.ename, back.evalue, back.notebook) == (
        3, "ValueError", "x", tmp_path / "a.failed.ipynb")
    assert back.message == err.message and back.kind == "report error"
