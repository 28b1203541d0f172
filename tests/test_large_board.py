"""A larger board than the sample (benchmarks/large_board.py, reduced to 8 schools and 30
teams), in-process: every row and every team accounted for, the board's heat map in page-sized
parts covering all teams, suppressed teams without numbers, and the planted relation (H3 x
Betrokkenheid) found across the teams and shown in the reports' relations table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    name = "kit_benchmark_large_board"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" /
                                                      "large_board.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


@pytest.mark.slow
def test_reduced_large_board(tmp_path):
    import kit.store
    from kit.analysis.aspiration import load_aspiration
    from kit.reports.board import BoardReport
    from kit.reports.overview import MAX_HEATMAP_ROWS
    from kit.reports.team import TeamReport

    lb = _bench()
    exports = tmp_path / "exports"
    info = lb.write_board(exports, schools=8, teams=30)
    teams = info["teams"]
    assert len(teams) == 30 and len(info["schools"]) == 8
    res = lb.ingest_board(exports, tmp_path / "store")

    # every row accounted for, per file and in total, with exactly the planted rejections
    assert lb.check_accounting(res, info) == []
    tot = res.report()["totals"]
    assert tot["rows_read"] == tot["accepted"] + tot["rejected"]
    assert tot["rejected"] == sum(sum(f["rejected"].values()) for f in info["files"].values())

    st = kit.store.open(tmp_path / "store")
    asp = load_aspiration(exports / "aspiration.yml")
    wave = lb.W2
    board = BoardReport(st, wave=wave, aspiration=asp)
    labels = board.team_labels()                          # organisation order
    assert sorted(labels) == sorted(teams)

    # all teams in the team table, the planted small teams as "minder dan 5" (in words, never
    # their count) without a response rate
    table = board.present(board.team_table())
    assert table["Team"].tolist() == list(labels.values())
    small = [t for t, v in teams.items() if v["below_threshold"][wave]]
    assert small, "the reduced board must plant teams below the threshold"
    for t in small:
        row = table[table["Team"] == labels[t]].iloc[0]
        assert row["n"] == "minder dan 5" and row["Respons"] == "–"

    # heat map parts: at most 25 rows each, together every team once and in order; the grey
    # (all-NaN) rows are exactly the suppressed teams
    rows = board.team_rows()
    suppressed = set(rows.groupby("unit")["suppressed"].all().loc[lambda s: s].index)
    assert set(small) <= suppressed
    for max_rows in (MAX_HEATMAP_ROWS, 8):
        figs = board.team_heatmaps(max_rows=max_rows)
        try:
            parts = [f.kit_data for f in figs]
            assert len(parts) >= 2
            assert all(0 < len(p) <= max_rows for p in parts)
            assert [u for p in parts for u in p.index] == list(labels)
            for p in parts:
                for u, values in p.iterrows():
                    if u in suppressed:
                        assert values.isna().all(), u
                    else:
                        assert values.notna().all() and values.between(1, 5).all(), u
        finally:
            for f in figs:
                plt.close(f)

    # the planted relation, across the teams with scores
    rel = board.analysis.relations
    h3 = rel[(rel.habit == "H3") & (rel.indicator == "betrokkenheid") & (rel.wave == wave)]
    assert len(h3) == 1
    h3 = h3.iloc[0]
    assert h3.status == "ok"
    assert h3.n_teams >= 8 and h3.n_teams <= len(teams) - len(suppressed)
    assert 0 < h3.pearson_ci_low < h3.pearson_r < h3.pearson_ci_high
    others = rel[(rel.habit != "H3") & (rel.indicator == "betrokkenheid") & (rel.wave == wave)]
    assert (others.pearson_r.abs() < h3.pearson_r).all()

    # ... and in a team report's relations table (a suppressed team's report shows it too)
    h3_label = st.instrument.habit("H3").label("nl")
    bt_label = next(i for i in asp.indicators if i.id == "betrokkenheid").label("nl")
    shown = next(t for t in labels if t not in suppressed)
    hidden = sorted(suppressed)[0]
    for team in (shown, hidden):
        rep = TeamReport(st, teams[team]["school"], team, wave=wave, aspiration=asp)
        assert rep.suppressed == (team in suppressed)
        rt = rep.relations_table()
        match = rt[(rt["Gewoonte"] == h3_label) & (rt["Indicator"] == bt_label)]
        assert len(match) == 1
        assert int(match["Teams"].iloc[0]) == h3.n_teams
        assert match["r"].iloc[0] == f"{h3.pearson_r:.2f}".replace(".", ",")
        ci = f"{h3.pearson_ci_low:.2f} – {h3.pearson_ci_high:.2f}".replace(".", ",")
        assert match["95%-interval"].iloc[0] == ci
    assert TeamReport(st, teams[hidden]["school"], hidden, wave=wave,
                      aspiration=asp).summary().empty

    # the board report's multilevel models: 8 schools, so three levels where the schools
    # differ (the planted school effect on Betrokkenheid), else the school variance is zero
    # and the two-level fit is reported; never a missing result
    ml = board.analysis.multilevel(wave)
    assert len(ml) == 10 and (ml.status == "ok").all() and set(ml.levels) <= {2, 3}
    bt = ml[(ml.habit == "H3") & (ml.indicator == "betrokkenheid")].iloc[0]
    assert bt.ci_low > 0 and bt.n_teams >= 8
    zero = ml[ml.levels == 2]
    assert (zero.note == "school variance estimated at zero: two levels").all()
    html = board.multilevel_html()
    assert "geen bewijs van oorzaak" in html and "8 scholen" in html
