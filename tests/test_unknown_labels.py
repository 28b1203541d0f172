"""Labels the scale does not know, with answers worked out once per distinct cell: every such
cell counted, the labels listed most common first (of equal counts, the one met first reading
row by row), and the place of the first cell of the most common one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kit.errors import InputError
from kit.ingest.run import ingest

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
NAME = "S02_2025-najaar_googleforms.csv"


def _with_labels(tmp_path: Path, cells: dict[tuple[int, int], str]) -> Path:
    rows = list(csv.reader(io.StringIO((SAMPLE / NAME).read_text(encoding="utf-8"))))
    for (r, c), text in cells.items():
        rows[r][c] = text
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    path = tmp_path / NAME
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("cells,listing,first", [
    ({(2, 5): "Groen", (1, 9): "Blauw", (3, 4): "Groen", (4, 9): "Blauw",
      (5, 6): "Blauw", (6, 6): "Groen"},
     "6 answer(s) with labels the scale does not know: 'Blauw' (3x), 'Groen' (3x)",
     (2, 9)),
    ({(3, 8): "Paars", (3, 4): "Geel", (4, 4): "Paars", (9, 10): " Paars "},
     "4 answer(s) with labels the scale does not know: 'Paars' (3x), 'Geel' (1x)", (4, 8)),
])
def test_unknown_labels_counted_and_placed(tmp_path, monkeypatch, cells, listing, first):
    monkeypatch.setenv("KIT_PSEUDONYM_KEY", "test-only-key-0123456789")
    data = _with_labels(tmp_path, cells)
    header = next(csv.reader(io.StringIO((SAMPLE / NAME).read_text(encoding="utf-8"))))
    with pytest.raises(InputError) as exc:
        ingest([data], org=SAMPLE / "org.yml", mapping=SAMPLE / "mapping.yml")
    err = exc.value
    assert listing in err.message
    assert (err.where.row, err.where.column) == (first[0], f"{first[1]}:{header[first[1]]}")
