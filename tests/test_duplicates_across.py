"""Across survey files, the respondent's latest submission is kept: the selection by columns
(:func:`kit.ingest.duplicates.supersede_across`) against the row-by-row rule it replaced
(the first submission is kept unless a later one in file order has a time that is later, or
the kept one has none)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import kit.ingest.duplicates as dup


def _reference(results) -> dict[int, list[int]]:
    best: dict = {}
    for fi, r in enumerate(results):
        for ri, ident in r._identity.items():
            row = r.respondents.iloc[ri]
            key = (ident, row["wave"])
            if key not in best:
                best[key] = (fi, ri)
                continue
            t_old = results[best[key][0]].respondents.iloc[best[key][1]]["submitted_at"]
            if pd.notna(row["submitted_at"]) and (pd.isna(t_old) or row["submitted_at"] > t_old):
                best[key] = (fi, ri)
    drop: dict[int, list[int]] = {}
    for fi, r in enumerate(results):
        for ri, ident in r._identity.items():
            if best[(ident, r.respondents.iloc[ri]["wave"])] != (fi, ri):
                drop.setdefault(fi, []).append(ri)
    return drop


def _results(seed: int, files: int = 3, rows: int = 60):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(files):
        stamps = pd.to_datetime(rng.integers(0, 5, rows), unit="D", origin="2025-10-01",
                                utc=True)
        stamps = stamps.where(rng.random(rows) > .3)        # some without a time
        resp = pd.DataFrame({"wave": rng.choice(["w1", "w2"], rows), "submitted_at": stamps})
        ident = {int(i): f"email:p{rng.integers(0, 15)}" for i in range(rows)
                 if rng.random() > .2}                       # some anonymous
        out.append(SimpleNamespace(_identity=ident, respondents=resp))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_the_latest_submission_is_kept_as_row_by_row(monkeypatch, seed):
    results = _results(seed)
    dropped: dict[int, list[int]] = {}
    monkeypatch.setattr(dup, "_drop_rows",
                        lambda r, rows: dropped.setdefault(results.index(r), rows))
    assert dup.supersede_across(results) is results
    want = _reference(results)
    assert dropped == want and sum(map(len, want.values())) > 10


def test_no_identified_respondents(monkeypatch):
    results = [SimpleNamespace(_identity={}, respondents=pd.DataFrame(
        {"wave": ["w1"], "submitted_at": pd.to_datetime(["2025-10-01"], utc=True)}))]
    monkeypatch.setattr(dup, "_drop_rows", lambda *a: pytest.fail("nothing to drop"))
    assert dup.supersede_across(results) is results
    assert dup.supersede_across([]) == []
