"""Shared by the survey-format tests (test_formats.py, test_formats_variants.py): the instrument,
the example organisation, a pseudonymizer, writers for CSV and xlsx fixtures, and ``run``, which
reads one export and processes it, checking that every row is accounted for."""

from __future__ import annotations

import csv
import io

import openpyxl

from kit import instrument
from kit.ingest.base import SourceOptions, detect_reader, get_reader
from kit.ingest.mapping import SourceMapping
from kit.ingest.org import load_org
from kit.ingest.survey import process_survey
from kit.ingest.table import read_table
from kit.pseudonym import Pseudonymizer

INST = instrument.load()
ITEMS = INST.items[:6]          # H1_01 .. H1_06
ORG = load_org("templates/org.example.yml")
PSEUDO = Pseudonymizer(b"test-key-0123456789")


def write_csv(path, rows, *, delimiter=",", encoding="utf-8", bom=False, quote_all=False):
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n",
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows, title="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def run(path, free_text=False, **mapping):
    """Read ``path`` (tool detected, or ``tool=``) and process it with ``mapping``; returns
    (reader name, export, result)."""
    t = read_table(path)
    reader = get_reader(mapping.pop("tool")) if "tool" in mapping else detect_reader(t)
    export = reader.read(t, SourceOptions(date_order=mapping.get("date_order"),
                                          columns=mapping.get("columns", {})))
    res = process_survey(export, instrument=INST, org=ORG,
                         mapping=SourceMapping(**{"school": "S01", **mapping}),
                         pseudonymizer=PSEUDO, free_text=free_text)
    acc = res.account
    assert acc.rows_read == acc.accepted + sum(acc.rejected.values())   # every row accounted
    return reader.name, export, res
