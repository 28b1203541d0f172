"""Property-based tests: mangled exports raise only the kit's own errors, each saying where
(the file, and the row, and the column where it is about a cell), and every row that is read is
accounted for as accepted or rejected."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import instrument
from kit.errors import KitError
from kit.ingest.base import SourceOptions, detect_reader
from kit.ingest.mapping import load_mapping
from kit.ingest.org import load_org
from kit.ingest.pupils import detect_pupil_kind, read_observations, read_tests
from kit.ingest.roster import load_roster
from kit.ingest.survey import process_survey
from kit.ingest.table import read_table
from kit.pseudonym import Pseudonymizer

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
INST = instrument.load()
ORG = load_org(SAMPLE / "org.yml")
MAPPING = load_mapping(SAMPLE / "mapping.yml")
ROSTER = load_roster(SAMPLE / "roster.csv", ORG)
PSEUDO = Pseudonymizer(b"property-test-key-0123")
CSV_FILES = sorted(p.name for p in SAMPLE.glob("*.csv") if p.name != "roster.csv")
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def ingest_one(path: Path):
    """The per-file path of `kit ingest`; returns the FileAccount."""
    sm = MAPPING.for_file(path)
    table = read_table(path)
    kind = detect_pupil_kind(table)
    if kind == "observations":
        return read_observations(table, mapping=sm, org=ORG, pseudonymizer=PSEUDO).account, \
            len(table.rows)
    if kind == "tests":
        return read_tests(table, mapping=sm, org=ORG, pseudonymizer=PSEUDO).account, \
            len(table.rows)
    export = detect_reader(table).read(table, SourceOptions(date_order=sm.date_order))
    res = process_survey(export, instrument=INST, org=ORG, mapping=sm, pseudonymizer=PSEUDO,
                         roster=ROSTER)
    assert res.account.rows_read == len(export.records)
    return res.account, len(table.rows)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


#: problems of a file as a whole, before any row: their location is the file alone
WHOLE_FILE = ("this is a binary file", "the file is empty")
#: problems with answers in cells: their location names the row and the column
CELLS = ("answer(s) with labels the scale does not know",)


def assert_located(err: KitError, f: Path, n_rows: int) -> None:
    """``err`` says where, as `kit ingest` prints it: the file, the row (1-based, at most the
    file's rows) unless the problem is the file as a whole, and the column for a cell."""
    where = err.where
    assert where is not None and where.file is not None, f"no location: {err.message}"
    assert Path(where.file).name == f.name, err.message
    assert err.message.startswith(f"{where}: "), err.message
    if not err.problem.startswith(WHOLE_FILE):
        assert where.row is not None and 1 <= where.row <= n_rows, err.message
    if any(p in err.problem for p in CELLS):
        assert where.column, err.message


@st.composite
def mangled(draw):
    name = draw(st.sampled_from(CSV_FILES))
    data = (SAMPLE / name).read_bytes()
    lines = _lines(data)[:40]
    ops = draw(st.lists(st.sampled_from(["drop_line", "dup_line", "swap_cells", "cut_line",
                                         "insert_bytes", "delimiter", "blank_cell",
                                         "truncate"]), min_size=1, max_size=4))
    for op in ops:
        k = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "drop_line" and len(lines) > 1:
            del lines[k]
        elif op == "dup_line":
            lines.insert(k, lines[k])
        elif op == "swap_cells":
            sep = b";" if lines[0].count(b";") > lines[0].count(b",") else b","
            cells = lines[k].split(sep)
            if len(cells) > 3:
                i, j = draw(st.integers(0, len(cells) - 1)), draw(st.integers(0, len(cells) - 1))
                cells[i], cells[j] = cells[j], cells[i]
            lines[k] = sep.join(cells)
        elif op == "cut_line":
            lines[k] = lines[k][: draw(st.integers(0, len(lines[k])))]
        elif op == "insert_bytes":
            pos = draw(st.integers(0, len(lines[k])))
            lines[k] = lines[k][:pos] + draw(st.binary(min_size=1, max_size=6)) + lines[k][pos:]
        elif op == "delimiter":
            lines[k] = lines[k].replace(b";", b"\t").replace(b",", b";")
        elif op == "blank_cell":
            lines[k] = lines[k].replace(b'"Mee eens"', b'""').replace(b"Mee eens", b"")
        elif op == "truncate":
            lines = lines[: max(1, k)]
    return name, b"\n".join(lines)


@SETTINGS
@given(case=mangled())
def test_mangled_csv_exports(tmp_path_factory, case):
    name, data = case
    f = tmp_path_factory.mktemp("m") / name
    f.write_bytes(data)
    try:
        account, _n = ingest_one(f)
    except KitError as err:
        assert_located(err, f, n_rows=len(_lines(data)))
        return
    assert account.rows_read == account.accepted + sum(account.rejected.values())


CELL = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
                st.integers(-5, 9), st.floats(allow_nan=True))


@SETTINGS
@given(cells=st.lists(st.lists(CELL, min_size=1, max_size=12), min_size=1, max_size=8),
       header=st.sampled_from([
           ["Tijdstempel", "E-mailadres", "In welk team werk je?", INST.items[0].nl],
           ["Leerlingnummer", "Groep", "Datum", "Betrokkenheid", "Welbevinden"],
           ["Leerlingnummer", "Groep", "Toets", "Vaardigheidsscore", "Niveau"],
           ["ID", "Start time", "Completion time", "Email", "Name", INST.items[1].en]]))
def test_random_xlsx_rows(tmp_path_factory, cells, header):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in cells:
        ws.append(row)
    f = tmp_path_factory.mktemp("x") / "random.xlsx"
    wb.save(f)
    try:
        account, _ = ingest_one(f)
    except KitError as err:
        assert_located(err, f, n_rows=1 + len(cells))
        return
    assert account.rows_read == account.accepted + sum(account.rejected.values())


@pytest.mark.parametrize("name", CSV_FILES)
def test_sample_files_balance(name):
    account, _ = ingest_one(SAMPLE / name)
    assert account.rows_read == account.accepted + sum(account.rejected.values())
