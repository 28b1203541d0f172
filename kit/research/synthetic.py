"""A synthetic national-scale pooled dataset with planted relations, written straight into the
pooled layout (vectorised numpy and pyarrow; no store, no ingest).

At ``scale=1``: 1,000 boards, 6,000 schools, 25,000 teams, about 150,000 staff responses
(39 statements each: 5.9 million answers) and about 10,000,000 pupil observation rows (about
625,000 pupils, four ZIEN!-like indicators, four observations each), one wave. ``scale`` shrinks
every count (tests use ``scale=0.002``: 2 boards, 12 schools, 50 teams).

Planted (:data:`PLANTED`): a team's mean engagement (``BT``) rises with its habit ``H3`` and
its social autonomy (``SA``) with ``H1``; the other habit x indicator pairs are unrelated. Each
habit's team level is a board, a school and a team part (sd 0.1, 0.15, 0.3 around 3.6);
respondents scatter around their team (sd 0.5) and items around the respondent (sd 0.7),
rounded to the 1-5 scale, 3 % unanswered; about one team in six has fewer than 5 respondents
and about one in twenty fewer than 10 pupils, so the gate has work to do. The set's
aspiration file (the four indicators, means of observations) is written beside it as
``aspiration.yml``.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.dataset as pds
import pyarrow.parquet as pq

from kit.errors import ArgumentError
from kit.instrument.loader import DEFAULT_PATH
from kit.research.layout import NO_WAVE, POOLED_TABLES, write_manifest
from kit.store.layout import STORE_FORMAT, kit_version

__all__ = ["PLANTED", "WAVE", "example_set", "generate"]

WAVE = "2026-voorjaar"
_WAVE_START, _WAVE_DAYS = np.datetime64("2026-02-01"), 180
#: (habit, indicator, slope of the team's indicator mean on its habit level)
PLANTED = (("H3", "BT", 0.5), ("H1", "SA", 0.4))
INDICATORS = ("BT", "SA", "WB", "ZV")
_ASPIRATION = """\
# The synthetic national set's aspiration: four ZIEN!-like indicators (means of observations).
aspiration:
  statement: {nl: Synthetische gegevens, en: Synthetic data}
indicators:
""" + "".join(f"""  - id: {i.lower()}
    name: {{nl: {i}, en: {i}}}
    part: attitude
    source: observations
    indicator: {i}
    statistic: mean
    target: 2.9
    direction: higher
""" for i in INDICATORS)


def _spread(rng, n_parent: int, n_child: int) -> np.ndarray:
    """Parent index of each child: every parent at least one child, the rest at random;
    sorted, so children of one parent are contiguous."""
    if n_child < n_parent:
        raise ArgumentError(f"{n_child} cannot be spread over {n_parent} parents")
    return np.sort(np.concatenate([np.arange(n_parent),
                                   rng.integers(0, n_parent, n_child - n_parent)]))


def _dict(indices: np.ndarray, values: list[str]) -> pa.Array:
    """``values[indices]`` as a plain string array. (Not a dictionary array: pyarrow would
    write the whole dictionary, e.g. 625,000 pupil ids, into every board's file.)"""
    return pa.array(values, pa.string()).take(pa.array(indices, pa.int32()))


def _write(root: Path, name: str, columns: dict, board_idx: np.ndarray, boards: list[str],
           wave: str = WAVE) -> None:
    table = pa.table({**columns, "board": _dict(board_idx, boards),
                      "wave": pa.array(np.full(len(board_idx), wave), pa.string())})
    part = pds.partitioning(pa.schema([("board", pa.string()), ("wave", pa.string())]),
                            flavor="hive")
    pds.write_dataset(table, root / name, format="parquet", partitioning=part,
                      basename_template="part-{i}.parquet", max_partitions=100_000,
                      max_open_files=4096, existing_data_behavior="overwrite_or_ignore")


def generate(out: str | Path, *, scale: float = 1.0, seed: int = 2026) -> dict:
    """Write the synthetic pooled set into ``out`` (replaced if it exists); returns the
    manifest (``rows`` per table, ``synthetic``: scale, seed and the planted relations)."""
    from kit import instrument
    if not 0 < scale <= 1:
        raise ArgumentError(f"scale must be in (0, 1], got {scale!r}")
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    nb = max(2, round(1000 * scale))
    ns = max(nb, round(6000 * scale))
    nt = max(ns, round(25000 * scale))
    boards = [f"B{k:04d}" for k in range(nb)]
    school_board = _spread(rng, nb, ns)
    team_school = _spread(rng, ns, nt)
    team_board = school_board[team_school]
    schools = [f"S{k:05d}" for k in range(ns)]
    teams = [f"S{s:05d}-T{k:05d}" for k, s in enumerate(team_school)]
    inst = instrument.load()
    habits = [h.id for h in inst.habits]
    # team level of each habit: board + school + team parts
    level = (3.6 + rng.normal(0, 0.1, (nb, len(habits)))[team_board]
             + rng.normal(0, 0.15, (ns, len(habits)))[team_school]
             + rng.normal(0, 0.3, (nt, len(habits))))
    # staff: about 6 per team, some teams small
    n_resp = rng.poisson(150_000 * scale / nt - 1, nt) + 1
    r_team = np.repeat(np.arange(nt), n_resp)
    nr = len(r_team)
    r_ids = [f"{boards[b]}:{k:024x}" for k, b in enumerate(team_board[r_team])]
    items = inst.items
    h_of = np.array([habits.index(i.habit) for i in items])
    rev = np.array([bool(i.reverse) for i in items])
    person = level[r_team] + rng.normal(0, 0.5, (nr, len(habits)))
    ans = np.clip(np.rint(person[:, h_of] + rng.normal(0, 0.7, (nr, len(items)))), 1, 5)
    ans = np.where(rev, 6 - ans, ans)
    ans[rng.random(ans.shape) < 0.03] = np.nan
    date = _WAVE_START + rng.integers(0, 60, nr).astype("timedelta64[D]")
    _write(out, "respondents", {
        "respondent_id": pa.array(r_ids, pa.string()),
        "school": _dict(team_school[r_team], schools),
        "team": _dict(r_team, teams),
        "role": pa.array(np.full(nr, "leerkracht"), pa.string()),
        "submitted_at": pa.array(date.astype("datetime64[us]"), pa.timestamp("us", tz="UTC")),
        "tool": pa.array(np.full(nr, "synthetic"), pa.string()),
        "source_file": pa.array(np.full(nr, "synthetic.csv"), pa.string()),
        "source_row": pa.array(np.arange(2, nr + 2), pa.int64()),
        "n_answered": pa.array((~np.isnan(ans)).sum(1), pa.int64())},
        team_board[r_team], boards)
    _write(out, "answers", {
        "respondent_id": _dict(np.repeat(np.arange(nr), len(items)), r_ids),
        "item": _dict(np.tile(np.arange(len(items)), nr), [i.id for i in items]),
        "value": pa.array(ans.ravel(), pa.float64(), from_pandas=True)},
        np.repeat(team_board[r_team], len(items)), boards)
    # pupils: about 25 per team (one team in twenty a small group of about 7)
    small = rng.random(nt) < 0.05
    per = 10_000_000 * scale / nt / (4 * len(INDICATORS))
    n_pup = np.where(small, rng.poisson(7, nt), rng.poisson(max(per, 1), nt))
    p_team = np.repeat(np.arange(nt), n_pup)
    npup = len(p_team)
    jg = rng.integers(1, 9, npup)
    pupil_ids = [f"{boards[b]}:p{k:023x}" for k, b in enumerate(team_board[p_team])]
    team_value = {}
    for ind in INDICATORS:
        v = 2.8 + rng.normal(0, 0.05, nb)[team_board] + rng.normal(0, 0.05, ns)[team_school] \
            + rng.normal(0, 0.1, nt)
        for h, i, slope in PLANTED:
            if i == ind:
                v = v + slope * (level[:, habits.index(h)] - 3.6)
        team_value[ind] = v
    reps = 4
    rows_per = len(INDICATORS) * reps
    o_pupil = np.repeat(np.arange(npup), rows_per)
    o_ind = np.tile(np.repeat(np.arange(len(INDICATORS)), reps), npup)
    pupil_eff = rng.normal(0, 0.35, (npup, len(INDICATORS)))
    tv = np.column_stack([team_value[i] for i in INDICATORS])
    base = tv[p_team[o_pupil], o_ind] + pupil_eff[o_pupil, o_ind]
    value = np.clip(base + rng.normal(0, 0.25, len(o_pupil)), 1, 4)
    no = len(o_pupil)
    o_team = p_team[o_pupil]
    _write(out, "observations", {
        "pupil_id": _dict(o_pupil, pupil_ids),
        "school": _dict(team_school[o_team], schools),
        "group": _dict(jg[o_pupil] - 1, [f"groep {k}" for k in range(1, 9)]),
        "jaargroep": pa.array(jg[o_pupil], pa.int64()),
        "team": _dict(o_team, teams),
        "date": pa.array((_WAVE_START + rng.integers(0, _WAVE_DAYS, no)
                          .astype("timedelta64[D]")).astype("datetime64[us]"),
                         pa.timestamp("us")),
        "school_year": pa.array(np.full(no, "2025-2026"), pa.string()),
        "indicator": _dict(o_ind, list(INDICATORS)),
        "value": pa.array(value, pa.float64()),
        "source_file": pa.array(np.full(no, "synthetic_zien.csv"), pa.string()),
        "source_row": pa.array(np.arange(2, no + 2), pa.int64())},
        team_board[o_team], boards)
    size = n_resp + rng.integers(0, 4, nt)
    _write(out, "teams", {
        "school": _dict(team_school, schools),
        "school_name": _dict(team_school, schools),
        "team": pa.array(teams, pa.string()), "team_name": pa.array(teams, pa.string()),
        "size": pa.array(size, pa.int64()), "groups": pa.array(np.full(nt, ""), pa.string())},
        team_board, boards)
    end = _WAVE_START + np.timedelta64(_WAVE_DAYS - 1, "D")
    _write(out, "waves", {
        "start": pa.array(np.full(nb, _WAVE_START).astype("datetime64[us]"), pa.timestamp("us")),
        "end": pa.array(np.full(nb, end).astype("datetime64[us]"), pa.timestamp("us")),
        "label_nl": pa.array(np.full(nb, "voorjaar 2026"), pa.string()),
        "label_en": pa.array(np.full(nb, "spring 2026"), pa.string()),
        "order": pa.array(np.zeros(nb, dtype="int64"), pa.int64())},
        np.arange(nb), boards)
    _empty_tests(out, boards[0])
    shutil.copyfile(DEFAULT_PATH, out / "instrument.yml")
    (out / "aspiration.yml").write_text(_ASPIRATION, encoding="utf-8")
    rows = {"respondents": nr, "answers": nr * len(items), "observations": no,
            "tests": 0, "teams": nt, "waves": nb}
    manifest = {
        "kit_version": kit_version(), "store_format": STORE_FORMAT,
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": list(POOLED_TABLES), "rows": rows,
        "boards": [{"board": b, "board_name": f"Synthetisch bestuur {b}",
                    "source": f"synthetic (kit.research.synthetic, scale {scale}, seed {seed})",
                    "waves": [WAVE]} for b in boards],
        "synthetic": {"scale": scale, "seed": seed, "schools": ns, "teams": nt,
                      "pupils": int(npup),
                      "planted": [{"habit": h, "indicator": i, "slope": s}
                                  for h, i, s in PLANTED]},
        "privacy": "synthetic data: no real person"}
    write_manifest(out, manifest)
    return manifest


def example_set(scale: float = 0.002, seed: int = 2026, cache: str | Path | None = None
                ) -> Path:
    """A small synthetic pooled set for notebooks and examples, made once per cache folder
    (default ``$KIT_CACHE``, else a new temporary folder); returns its path."""
    import os
    import tempfile
    base = cache or os.environ.get("KIT_CACHE") or tempfile.mkdtemp(prefix="kit-research-")
    out = Path(base) / f"research-synthetic-{scale}-{seed}"
    if not (out / "manifest.json").is_file():
        generate(out, scale=scale, seed=seed)
    return out


def _empty_tests(root: Path, board: str) -> None:
    from kit.store import empty
    part = root / "tests" / f"board={board}" / f"wave={NO_WAVE}"
    part.mkdir(parents=True)
    t = empty("tests")
    t["date"] = t["date"].astype("datetime64[us]")
    pq.write_table(pa.Table.from_pandas(t, preserve_index=False), part / "part-0.parquet")
