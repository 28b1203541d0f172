"""Figures tested by their data and artists, not pixels; texts in both languages."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kit import instrument  # noqa: E402
from kit.errors import ArgumentError  # noqa: E402
from kit.present.plots import habit_profile  # noqa: E402
from kit.present.text import _TEXT, t  # noqa: E402

INST = instrument.load()


def _rows():
    rows = []
    for unit, base, hidden in (("T1", 3.0, False), ("T2", 4.0, False), ("T3", np.nan, True)):
        for k, h in enumerate(INST.habits):
            m = base + 0.1 * k
            rows.append({"unit": unit, "habit": h.id, "mean": m, "ci_low": m - 0.2,
                         "ci_high": m + 0.3, "suppressed": hidden})
    return pd.DataFrame(rows)


def test_habit_profile_draws_shown_units_only():
    fig = habit_profile(_rows(), INST, lang="en", highlight="T2")
    ax = fig.axes[0]
    lines = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(lines) == 2                                      # T3 is suppressed: not drawn
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["T2", "T1"]
    t2 = lines[0]
    assert list(t2.get_xdata()) == pytest.approx([4.0, 4.1, 4.2, 4.3, 4.4])
    assert ax.get_xlim() == (1, 5)
    assert [lb.get_text() for lb in ax.get_yticklabels()][0] == INST.habit("H1").label("en")


def test_habit_profile_dutch_and_bad_input():
    fig = habit_profile(_rows(), INST)
    assert "Score op de gewoonte" in fig.axes[0].get_xlabel()
    with pytest.raises(ArgumentError):
        habit_profile(_rows().drop(columns="ci_low"), INST)


def test_every_text_in_both_languages():
    assert set(_TEXT["nl"]) == set(_TEXT["en"])
    assert t("too_few_teams", "en", n=5, min=8).startswith("Too few teams (5")
    with pytest.raises(ValueError):
        t("n", "de")


def test_sample_store_is_cached(sample_store_path):
    from kit.sample import SAMPLE_DIR, sample_store
    stamp = (sample_store_path / "manifest.json").stat().st_mtime_ns
    assert sample_store(sample_store_path.parent) == sample_store_path
    # without a folder: $KIT_CACHE, the session's temporary cache (conftest.py), which kernels
    # and subprocesses inherit; not .kit-cache in the checkout
    assert sample_store() == sample_store_path
    assert Path(os.environ["KIT_CACHE"]) == sample_store_path.parent
    assert not sample_store_path.is_relative_to(SAMPLE_DIR.parent)
    assert (sample_store_path / "manifest.json").stat().st_mtime_ns == stamp   # not written again


def test_item_bars_diverge_around_zero():
    from kit.present.plots import item_bars
    rows = pd.DataFrame({
        "item": ["H4_02", "H4_01", "H4_03"], "suppressed": [False, False, True],
        "share_1": [0.1, 0.0, 0.2], "share_2": [0.1, 0.2, 0.2], "share_3": [0.2, 0.2, 0.2],
        "share_4": [0.4, 0.4, 0.2], "share_5": [0.2, 0.2, 0.2]})
    fig = item_bars(rows, INST, lang="en")
    ax = fig.axes[0]
    bars = ax.patches
    assert len(bars) == 2 * 5                                   # suppressed item not drawn
    # H4_01 comes first (item order): its bars are those at y = 0, in option order
    first = sorted((b for b in bars if abs(b.get_y() + b.get_height() / 2) < 1e-9),
                   key=lambda b: b.get_x())
    assert len(first) == 5
    assert first[0].get_x() == pytest.approx(-0.3)             # 0 + 0.2 + half of 0.2
    assert sum(b.get_width() for b in first) == pytest.approx(1.0)
    assert first[2].get_x() + first[2].get_width() / 2 == pytest.approx(0.0)   # neutral centred
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0].startswith("I listen out of wanting to understand")
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "Strongly disagree"
    with pytest.raises(ArgumentError):
        item_bars(rows.drop(columns="share_5"), INST)
