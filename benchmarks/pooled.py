"""Benchmark: research on the pooled data of many boards (issue 16, part 2).

In one run, each step against the same computation in plain pandas (each side in its own
fresh process, so that each one's peak memory is its own):

1. writes the synthetic national set (:mod:`kit.research.synthetic`: at ``--scale 1`` 1,000
   boards, 6,000 schools, 25,000 teams, ~150,000 staff responses, ~10,000,000 observation
   rows), timed but not part of the analysis;
2. pooling: ``--stores`` boards' stores (the sample board written again under other board ids
   by ``kit.store.write``) pooled by :func:`kit.research.pool` against plain pandas (read every
   table, add board and wave, ``to_parquet`` with partitions);
3. team aggregates over all teams of the national set (habit means, intervals, rwg(j) and
   the indicators per team, through the kit's gate) by :mod:`kit.research` (DuckDB) against
   plain pandas (``read_parquet`` of the whole dataset, ``groupby``; the same gate);
4. the relations of every habit with every indicator across all teams (the kit's
   ``team_relations``) from those aggregates;

and prints the seconds of each, the ratios, the peak memory of the kit's analysis (VmHWM)
and whether the planted relations were found (planted pairs: Fisher interval above 0.3; every
other pair: |r| < 0.1). The last line::

    national set: X s in all, Y x plain pandas, peak Z GB, planted relations found: yes

with X the kit's steps 3 and 4 on the national set and Y pandas' time over the kit's for them.

    nice python benchmarks/pooled.py [--scale 1] [--stores 20] [--out DIR] [--scheduler ADDR]

Develop at ``--scale 0.05``. Not part of the test suite (``tests/test_research.py`` runs the
same code on a tiny set).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _peak_gb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from
    the parent through exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 ** 2
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


def _cpu() -> float:
    """CPU seconds of this process, every thread (DuckDB's too)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _kit_analysis(root: str, scheduler: str | None) -> dict:
    import kit
    from kit.research import open_pooled, relations, team_habits, team_indicators
    ds = open_pooled(root)
    asp = kit.load_aspiration(Path(root) / "aspiration.yml")
    t0, c0 = time.perf_counter(), _cpu()
    h = team_habits(ds, scheduler=scheduler)
    i = team_indicators(ds, asp, scheduler=scheduler)
    t1, c1 = time.perf_counter(), _cpu()
    rel = relations(h, i)
    t2, c2 = time.perf_counter(), _cpu()
    return {"aggregates": t1 - t0, "relations": t2 - t1, "peak_gb": _peak_gb(),
            "cpu_aggregates": c1 - c0, "cpu_relations": c2 - c1,
            "teams": int(h["unit"].nunique()), "shown": int((~h["suppressed"]).sum()),
            "relations_table": rel}


def _pandas_habits(root: Path, inst) -> pd.DataFrame:
    from scipy import stats as sps

    from kit.research.teams import TEAM_COLUMNS, _decisions
    resp = pd.read_parquet(root / "respondents",
                           columns=["respondent_id", "school", "team", "board", "wave"])
    ans = pd.read_parquet(root / "answers")
    for df in (resp, ans):
        for c in ("board", "wave"):
            df[c] = df[c].astype(str)
    habit = {i.id: i.habit for i in inst.items}
    rev = {i.id for i in inst.items if i.reverse}
    ans["item"] = ans["item"].astype(str)
    ans["habit"] = ans["item"].map(habit)
    ends = inst.scale.min + inst.scale.max
    ans["v"] = np.where(ans["item"].isin(rev), ends - ans["value"], ans["value"])
    need = {h.id: int(np.ceil(len(h.items) * inst.min_answered_share - 0.01))
            for h in inst.habits}
    keys = ["board", "wave", "respondent_id", "habit"]
    s = ans.groupby(keys, observed=True)["v"].agg(score="mean", k="count").reset_index()
    s.loc[s["k"] < s["habit"].map(need), "score"] = np.nan
    s = s.merge(resp, on=["board", "wave", "respondent_id"])
    g = s.groupby(["board", "wave", "habit", "team"], observed=True)
    stats = g["score"].agg(n="count", mean="mean", sd="std").reset_index()
    stats["school"] = g["school"].first().to_numpy()
    # rwg(j): respondents with every item of the habit present in the board's wave
    a = ans.dropna(subset=["v"]).merge(resp, on=["board", "wave", "respondent_id"])
    j = a.groupby(["board", "wave", "habit"])["item"].nunique().rename("j")
    per = a.groupby(keys)["v"].count().rename("c").reset_index().merge(j.reset_index())
    done = per[per["c"] == per["j"]][keys]
    c = a.merge(done, on=keys)
    iv = c.groupby(["board", "wave", "habit", "team", "item"])["v"].agg(["var", "count"])
    rw = iv.groupby(level=[0, 1, 2, 3]).agg(mean_var=("var", "mean"), gsize=("count", "max"),
                                             j=("var", "size")).reset_index()
    stats = stats.merge(rw, on=["board", "wave", "habit", "team"], how="left")
    n = stats["n"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = stats["sd"] / np.sqrt(n)
        half = sps.t.ppf(0.975, n - 1) * se
        null = (inst.scale.n_options ** 2 - 1) / 12
        ratio = np.minimum(stats["mean_var"], null) / null
        rwg = (stats["j"] * (1 - ratio) / (stats["j"] * (1 - ratio) + ratio)) \
            .where(stats["gsize"] > 1)
    units = a.groupby(["board", "wave", "school", "team"])["respondent_id"].nunique() \
        .rename("n").reset_index()
    stats = stats.astype({k: object for k in ("board", "wave", "habit", "school", "team")})
    units = units.astype({k: object for k in ("board", "wave", "school", "team")})
    dec = _decisions(units, stats, [h.id for h in inst.habits], 5)
    reason = [dec.get(k, "below_threshold") for k in
              zip(stats["board"], stats["wave"], stats["habit"], stats["team"], strict=True)]
    hide = np.array([r is not None for r in reason])
    out = pd.DataFrame({"board": stats["board"], "level": "team", "unit": stats["team"],
                        "school": stats["school"], "wave": stats["wave"],
                        "habit": stats["habit"], "n": stats["n"],
                        "mean": stats["mean"].where(~hide), "sd": stats["sd"].where(~hide),
                        "se": se.where(~hide), "ci_low": (stats["mean"] - half).where(~hide),
                        "ci_high": (stats["mean"] + half).where(~hide),
                        "rwg_j": rwg.where(~hide), "size": pd.NA, "response_rate": np.nan,
                        "suppressed": hide, "suppression": reason})
    return out[TEAM_COLUMNS]


def _pandas_indicators(root: Path, asp) -> pd.DataFrame:
    from kit.analysis.privacy import gate
    obs = pd.read_parquet(root / "observations", columns=[
        "board", "wave", "school", "team", "pupil_id", "indicator", "value", "jaargroep"])
    for c in ("board", "wave", "school", "team", "pupil_id", "indicator"):
        obs[c] = obs[c].astype(str)
    parts = []
    for ind in asp.indicators:
        o = obs[obs["indicator"] == ind.indicator]
        if ind.jaargroep:
            o = o[o["jaargroep"].isin(ind.jaargroep)]
        pv = o.groupby(["board", "wave", "school", "team", "pupil_id"])["value"].mean()
        t = pv.groupby(level=[0, 1, 2, 3]).agg(["mean", "size"]).reset_index()
        t = t.rename(columns={"wave": "period", "size": "n"})
        dec = gate(t.astype(object), threshold=10, slice_by=["board", "period"])
        dec = dec[dec["level"] == "team"]
        shown = dict(zip(zip(dec["board"], dec["period"], dec["unit"], strict=True),
                         dec["shown"], strict=True))
        hide = ~np.array([shown.get(k, False) for k in
                          zip(t["board"], t["period"], t["team"], strict=True)])
        parts.append(pd.DataFrame({"board": t["board"], "indicator": ind.id, "unit_level": "team",
                                   "unit": t["team"], "school": t["school"],
                                   "period": t["period"], "value": t["mean"].where(~hide),
                                   "suppressed": hide}))
    return pd.concat(parts, ignore_index=True)


def _pandas_analysis(root: str) -> dict:
    import kit
    from kit import instrument
    from kit.research import relations
    t0, c0 = time.perf_counter(), _cpu()
    h = _pandas_habits(Path(root), instrument.load(Path(root) / "instrument.yml"))
    i = _pandas_indicators(Path(root), kit.load_aspiration(Path(root) / "aspiration.yml"))
    t1, c1 = time.perf_counter(), _cpu()
    rel = relations(h, i)
    t2, c2 = time.perf_counter(), _cpu()
    return {"aggregates": t1 - t0, "relations": t2 - t1, "peak_gb": _peak_gb(),
            "cpu_aggregates": c1 - c0, "cpu_relations": c2 - c1,
            "relations_table": rel}


def _stores(tmp: Path, n: int) -> list[Path]:
    import kit.store
    from kit.sample import sample_store
    from kit.store.schemas import TABLES
    st = kit.store.open(sample_store(tmp / "cache"))
    tables = {t: st.table(t) for t in TABLES}
    out = []
    for k in range(n):
        board = f"BRD{k + 1:03d}"
        t = dict(tables)
        for name in ("respondents", "teams", "free_text"):
            t[name] = tables[name].assign(board=board)
        out.append(kit.store.write(tmp / "stores" / board, t,
                                   manifest_extra={"board": board},
                                   instrument_file=st.path / "instrument.yml"))
    return out


def _kit_pool(stores: list[str], out: str) -> dict:
    from kit.research import pool
    t0 = time.perf_counter()
    pool(stores, out)
    return {"seconds": time.perf_counter() - t0}


def _pandas_pool(stores: list[str], out: str) -> dict:
    import json

    from kit.research.layout import POOLED_TABLES
    t0 = time.perf_counter()
    for name in POOLED_TABLES:
        parts = []
        for s in map(Path, stores):
            board = json.loads((s / "manifest.json").read_text())["board"]
            df = pd.read_parquet(s / f"{name}.parquet").assign(board=board)
            if "wave" not in df:
                df["wave"] = "_none"
            df["wave"] = df["wave"].astype(str)
            parts.append(df)
        pd.concat(parts, ignore_index=True).to_parquet(Path(out) / name,
                                                       partition_cols=["board", "wave"])
    return {"seconds": time.perf_counter() - t0}


def _in_child(func, *args) -> dict:
    with mp.get_context("spawn").Pool(1) as p:
        return p.apply(func, args)


def _found(rel: pd.DataFrame, planted: list[dict]) -> bool:
    keys = {(p["habit"], p["indicator"].lower()) for p in planted}
    ok = True
    for r in rel.itertuples():
        if (r.habit, r.indicator) in keys:
            ok &= bool(r.pearson_ci_low > 0.3)
        else:
            ok &= bool(abs(r.pearson_r) < 0.1)
    return ok and len(rel) > 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--stores", type=int, default=20, help="boards' stores to pool")
    ap.add_argument("--out", type=Path, help="working folder (default: a temporary one)")
    ap.add_argument("--scheduler", help="Dask scheduler address for the kit's analysis")
    args = ap.parse_args(argv)
    from kit.research.synthetic import generate
    work = args.out or Path(tempfile.mkdtemp(prefix="kit-pooled-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        manifest = generate(work / "national", scale=args.scale)
        print(f"synthetic set (scale {args.scale}): {len(manifest['boards'])} boards, "
              f"{manifest['synthetic']['schools']} schools, {manifest['synthetic']['teams']} "
              f"teams, {manifest['rows']['respondents']} staff responses, "
              f"{manifest['rows']['observations']} observation rows: written in "
              f"{time.perf_counter() - t0:.1f} s")
        stores = [str(s) for s in _stores(work, args.stores)]
        kp = _in_child(_kit_pool, stores, str(work / "pooled-kit"))
        (work / "pooled-pandas").mkdir()
        pp = _in_child(_pandas_pool, stores, str(work / "pooled-pandas"))
        print(f"pooling {args.stores} stores: kit {kp['seconds']:.2f} s, plain pandas "
              f"{pp['seconds']:.2f} s ({pp['seconds'] / kp['seconds']:.2f} x; the kit also "
              "checks versions, hashes pseudonyms again and checksums every file)")
        k = _in_child(_kit_analysis, str(work / "national"), args.scheduler)
        p = _in_child(_pandas_analysis, str(work / "national"))
        for step in ("aggregates", "relations"):
            cs = f"cpu_{step}"
            print(f"{step} over {k['teams']} teams: kit {k[step]:.2f} s ({k[cs]:.1f} s CPU), "
                  f"plain pandas {p[step]:.2f} s ({p[cs]:.1f} s CPU): {p[step] / k[step]:.2f} x")
        print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}: on a shared "
              "machine the seconds include waiting for a core; the CPU seconds do not")
        print(f"peak memory: kit {k['peak_gb']:.2f} GB, plain pandas {p['peak_gb']:.2f} GB")
        rel = k["relations_table"]
        print(rel[["habit", "indicator", "n_teams", "pearson_r", "pearson_ci_low",
                   "pearson_ci_high"]].round(3).to_string(index=False))
        found = _found(rel, manifest["synthetic"]["planted"])
        total = k["aggregates"] + k["relations"]
        ratio = (p["aggregates"] + p["relations"]) / total
        print(f"national set: {total:.1f} s in all, {ratio:.1f} x plain pandas, peak "
              f"{k['peak_gb']:.1f} GB, planted relations found: {'yes' if found else 'no'}")
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
