"""Damaged exports for the readers: mutations of the sample exports, run in-process.

Each case takes one real export from ``sample_data/`` (every supported format: Microsoft Forms
xlsx, Google Forms, Qualtrics (numeric and text), LimeSurvey, SurveyMonkey, observation and
test exports, CSV and xlsx), damages it (bytes flipped, inserted or deleted, truncation,
columns dropped, other encodings, delimiters and quotes; inside a workbook: its XML parts
damaged and zipped again so that the CRC holds, numbers blown up, parts removed, a sheet's
dimension or a far cell made enormous) and feeds it to what ``kit ingest`` does with one file:
:func:`kit.ingest.table.read_table`, :func:`kit.ingest.registry.choose_reader` and the reader's
``ingest``. The outcome is a clean read (every row accepted or rejected: rows read = accepted +
rejected), the kit's own :class:`~kit.errors.KitError`, or a failure: any other exception, or a
case over ``HANG_SECONDS`` (a hang).

``tests/test_fuzz_readers.py`` runs a few hundred cases per format through hypothesis; this
script runs many thousands and prints the count per outcome (``make fuzz``)::

    python tests/fuzz_readers.py [--cases 20000] [--seed 1] [--out .fuzz-failures]

A failing case is written to ``--out`` (the damaged file and how it was made) to reproduce.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import signal
import sys
import tempfile
import time
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "sample_data"
#: the exports to damage: every format the kit reads, CSV and xlsx
EXPORTS = sorted(p for p in SAMPLE.iterdir()
                 if p.suffix in (".csv", ".xlsx") and p.name != "roster.csv")
#: a case taking longer is a hang
HANG_SECONDS = 30.0
#: format -> the sample exports in it (file name patterns)
FORMATS = {
    "msforms-xlsx": "S01_*msforms.xlsx",
    "googleforms-csv": "S02_*googleforms*.csv",
    "qualtrics-csv": "S03_*qualtrics*.csv",
    "limesurvey-csv": "S04_*limesurvey.csv",
    "surveymonkey-csv": "S04_*surveymonkey.csv",
    "observations-csv": "S0[23]_zien_*.csv",
    "observations-xlsx": "S0[14]_zien*.xlsx",
    "tests-csv": "S0[124]_*toetsen.csv",
    "tests-xlsx": "S03_toetsen.xlsx",
}


def exports_of(fmt: str) -> list[str]:
    """The sample exports of a format (names)."""
    return sorted(p.name for p in SAMPLE.glob(FORMATS[fmt]))


class Hang(Exception):
    """A case ran past :data:`HANG_SECONDS`."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`Hang` in the main thread after ``seconds`` (SIGALRM; no-op elsewhere)."""
    if not hasattr(signal, "setitimer") or os.name == "nt":
        yield
        return

    def alarm(_sig, _frame):
        raise Hang(f"over {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- mutations: (data, rng) -> data -------------------------------------------------------------

def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice([1, 2, 5, 20])):
        i = rng.randrange(len(b))
        b[i] = rng.randrange(256) if rng.random() < 0.5 else b[i] ^ (1 << rng.randrange(8))
    return bytes(b)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


def delete_range(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 64):]


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return data[:i] + junk + data[i:]


def duplicate_range(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 200))
    return data[:j] + data[i:j] + data[j:]


BYTE_MUTATIONS = [flip_bytes, truncate, delete_range, insert_bytes, duplicate_range]


def _text(data: bytes) -> tuple[str, str]:
    for enc in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            return data.decode(enc), enc
        except UnicodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def drop_column(data: bytes, rng: random.Random) -> bytes:
    text, enc = _text(data)
    d = _delimiter(text)
    lines = text.split("\n")
    k = rng.randrange(max(1, lines[0].count(d) + 1))
    out = []
    for ln in lines:       # naive split: quoted delimiters make ragged rows, as a careless edit
        cells = ln.split(d)
        if k < len(cells):
            del cells[k]
        out.append(d.join(cells))
    return "\n".join(out).encode("utf-8" if enc == "utf-8-sig" else enc, "replace")


def reencode(data: bytes, rng: random.Random) -> bytes:
    text, _ = _text(data)
    enc = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252",
                      "latin-1", "cp437", "utf-32", "mac-roman"])
    return text.encode(enc, "replace")


def change_delimiter(data: bytes, rng: random.Random) -> bytes:
    text, enc = _text(data)
    d = _delimiter(text)
    new = rng.choice([c for c in (",", ";", "\t", "|", " ") if c != d])
    return text.replace(d, new).encode("utf-8" if enc == "utf-8-sig" else enc, "replace")


def break_quotes(data: bytes, rng: random.Random) -> bytes:
    text, enc = _text(data)
    i = rng.randrange(len(text))
    text = text[:i] + '"' * rng.randint(1, 3) + text[i:]
    return text.encode("utf-8" if enc == "utf-8-sig" else enc, "replace")


def long_cell(data: bytes, rng: random.Random) -> bytes:
    text, enc = _text(data)
    lines = text.split("\n")
    k = rng.randrange(1, max(2, len(lines)))
    filler = rng.choice(["a", "x@", "0 ", "j.devries@school.nl ", "é"]) * \
        (rng.choice([10_000, 70_000]))
    lines[min(k, len(lines) - 1)] += filler
    return "\n".join(lines).encode("utf-8" if enc == "utf-8-sig" else enc, "replace")


def line_ends(data: bytes, rng: random.Random) -> bytes:
    text, enc = _text(data)
    text = text.replace("\r\n", "\n").replace("\n", rng.choice(["\r", "\r\n", "\n\n", "\x0c"]))
    return text.encode("utf-8" if enc == "utf-8-sig" else enc, "replace")


CSV_MUTATIONS = [drop_column, reencode, change_delimiter, break_quotes, long_cell, line_ends]


def _rezip(data: bytes, change) -> bytes:
    """The workbook with ``change(name, content) -> content or None`` (None drops the part)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            content = change(info.filename, src.read(info))
            if content is not None:
                z.writestr(info.filename, content)
    return out.getvalue()


def _pick_part(data: bytes, rng: random.Random) -> str:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    sheets = [n for n in names if "worksheets/" in n]
    return rng.choice(sheets) if sheets and rng.random() < 0.6 else rng.choice(names)


def damage_part(data: bytes, rng: random.Random) -> bytes:
    part = _pick_part(data, rng)
    m = rng.choice(BYTE_MUTATIONS)
    return _rezip(data, lambda n, c: m(c, rng) if n == part and c else c)


def drop_part(data: bytes, rng: random.Random) -> bytes:
    part = _pick_part(data, rng)
    return _rezip(data, lambda n, c: None if n == part else c)


_NUMBER = re.compile(rb"(?<=[\"'>])\d+(?=[\"'<])")
_HUGE = [b"0", b"-1", b"1048577", b"16385", b"99999999999", b"18446744073709551615",
         b"4294967296", b"1e308", b"3.27", b"NaN"]


def blow_number(data: bytes, rng: random.Random) -> bytes:
    part = _pick_part(data, rng)

    def change(n: str, c: bytes) -> bytes:
        if n != part:
            return c
        spots = list(_NUMBER.finditer(c))
        for m in rng.sample(spots, min(len(spots), rng.choice([1, 3]))):
            c = c[:m.start()] + rng.choice(_HUGE) + c[m.end():]
            break                       # positions move after a change: one at a time is enough
        return c

    return _rezip(data, change)


def drop_xlsx_column(data: bytes, rng: random.Random) -> bytes:
    col = rng.choice("ABCDEFGHIJ").encode()
    pat = re.compile(rb"<c r=\"" + col + rb"\d+\"[^>]*?(?:/>|>.*?</c>)", re.S)
    return _rezip(data, lambda n, c: pat.sub(b"", c) if "worksheets/" in n else c)


def sheet_edit(data: bytes, rng: random.Random) -> bytes:
    """The damages of issue 14: an enormous dimension, a far cell, a date cell '3.27', an
    empty <fill/>, a huge shared-strings count, cells without references."""
    kind = rng.randrange(6)

    def change(n: str, c: bytes) -> bytes:
        if kind == 0 and "worksheets/" in n:
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', c)
        if kind == 1 and "worksheets/" in n:
            return c.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v>'
                                              b'</c></row></sheetData>')
        if kind == 2 and "worksheets/" in n:
            return c.replace(b"</sheetData>", b'<row r="60000"><c r="B60000" t="d"><v>3.27'
                                              b'</v></c></row></sheetData>')
        if kind == 3 and n.endswith("styles.xml"):
            return re.sub(rb"<fill>.*?</fill>", b"<fill/>", c, count=1, flags=re.S)
        if kind == 4 and "worksheets/" in n:
            return re.sub(rb' r="[A-Z]+\d+"', b"", c)
        if kind == 5 and "worksheets/" in n:
            return c.replace(b"<sheetData>", b"<sheetData>" + b"<row><c><v>1</v></c></row>" * 50)
        return c

    return _rezip(data, change)


XLSX_MUTATIONS = [damage_part, drop_part, blow_number, drop_xlsx_column, sheet_edit]


def mutations_for(name: str) -> list:
    """The mutations that make sense for an export (byte damage for every file)."""
    return BYTE_MUTATIONS + (XLSX_MUTATIONS * 2 if name.endswith(".xlsx") else CSV_MUTATIONS)


# --- running a case -----------------------------------------------------------------------------

@dataclass
class Case:
    export: str
    mutation: str
    seed: int


class Runner:
    """What ``kit ingest`` does with one file, with the sample board's organisation, roster and
    mapping loaded once."""

    def __init__(self, short: bool = False) -> None:
        from kit import instrument as instrument_mod
        from kit.ingest.mapping import load_mapping
        from kit.ingest.org import load_org
        from kit.ingest.registry import IngestContext
        from kit.ingest.roster import load_roster
        from kit.pseudonym import Pseudonymizer

        org = load_org(SAMPLE / "org.yml")
        self.mapping = load_mapping(SAMPLE / "mapping.yml")
        self.context = IngestContext(
            org=org, pseudonymizer=Pseudonymizer(b"fuzz-only-key-not-secret-0123456789"),
            instrument=instrument_mod.load(None), roster=load_roster(SAMPLE / "roster.csv", org),
            wave=None, free_text=True)
        self.folder = Path(tempfile.mkdtemp(prefix="kit-fuzz-"))
        self.originals = {p.name: p.read_bytes() for p in EXPORTS}
        if short:                       # the first rows only: the same damage, faster cases
            for name, data in self.originals.items():
                cut = _shorten(name, data)
                if cut != data and self.run(Case(name, "", 0), cut) == "read":
                    self.originals[name] = cut

    def mutate(self, case: Case) -> bytes:
        rng = random.Random(f"{case.export}/{case.mutation}/{case.seed}")
        data = self.originals[case.export]
        fn = globals()[case.mutation]
        for _ in range(rng.choice([1, 1, 1, 2])):
            data = fn(data, rng) if data else data
        return data

    def run(self, case: Case, data: bytes | None = None) -> str:
        """``"read"`` or ``"InputError: <what>"``; anything else raises (a failure)."""
        from kit.errors import KitError
        from kit.ingest.registry import choose_reader
        from kit.ingest.table import read_table

        data = self.mutate(case) if data is None else data
        f = self.folder / case.export                 # the export's name: the mapping applies
        f.write_bytes(data)
        try:
            with time_limit(HANG_SECONDS):
                sm = self.mapping.for_file(f)
                table = read_table(f, sheet=sm.sheet)
                result = choose_reader(table, kind=sm.kind, tool=sm.tool).ingest(
                    table, sm, self.context)
        except KitError as err:
            return f"{type(err).__name__}: {_category(err.problem)}"
        acc = result.account
        assert acc.rows_read == acc.accepted + sum(acc.rejected.values()), \
            f"rows not accounted for: {acc.as_dict()}"
        return "read"


def _shorten(name: str, data: bytes, rows: int = 40) -> bytes:
    """An export cut after its first ``rows`` data rows (kept only when it still reads)."""
    if name.endswith(".xlsx"):
        def keep(n: str, c: bytes) -> bytes:
            if "worksheets/" not in n:
                return c
            return re.sub(rb'<row r="(\d+)".*?</row>',
                          lambda m: m.group(0) if int(m.group(1)) <= rows + 3 else b"",
                          c, flags=re.S)
        return _rezip(data, keep)
    lines = data.split(b"\n")
    return b"\n".join(lines[:rows + 3]) + b"\n" if len(lines) > rows + 3 else data


def _category(problem: str) -> str:
    """The message without its particulars (numbers, quoted names), to count outcomes."""
    s = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", problem)
    s = re.sub(r"0x[0-9a-f]{2}|\d[\d,.]*", "N", s)
    s = s.split(":")[0] if "damaged" in s or "cannot be read" in s else s
    return s[:90]


def cases(n: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n):
        export = rng.choice(EXPORTS).name
        yield Case(export, rng.choice(mutations_for(export)).__name__, rng.randrange(2**32))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / ".fuzz-failures")
    args = ap.parse_args(argv)
    os.environ.setdefault("KIT_PSEUDONYM_KEY", "fuzz-only-key-not-secret")
    runner = Runner()
    outcomes: Counter = Counter()
    per_format: Counter = Counter()
    longest, longest_case = 0.0, None
    failures = 0
    t_start = time.perf_counter()
    for k, case in enumerate(cases(args.cases, args.seed), start=1):
        t0 = time.perf_counter()
        try:
            outcome = runner.run(case)
        except BaseException as err:  # noqa: BLE001 - a failure is counted, not raised
            if isinstance(err, KeyboardInterrupt):
                raise
            failures += 1
            outcome = f"FAILURE {'hang' if isinstance(err, Hang) else type(err).__name__}"
            args.out.mkdir(parents=True, exist_ok=True)
            stem = f"{failures:04d}_{case.mutation}_{case.seed}_{case.export}"
            (args.out / stem).write_bytes(runner.mutate(case))
            (args.out / f"{stem}.txt").write_text(f"{case}\n{type(err).__name__}: {err}\n",
                                                  encoding="utf-8")
        took = time.perf_counter() - t0
        if took > longest:
            longest, longest_case = took, case
        outcomes[outcome] += 1
        per_format[(case.export, "ok" if not outcome.startswith("FAILURE") else "FAILURE")] += 1
        if k % 1000 == 0:
            print(f"  {k:,} cases, {time.perf_counter() - t_start:.0f} s, {failures} failures",
                  flush=True)
    print(f"\n{args.cases:,} cases in {time.perf_counter() - t_start:.0f} s "
          f"(seed {args.seed}); longest case {longest:.2f} s: {longest_case}")
    print("outcomes:")
    for outcome, n in outcomes.most_common():
        print(f"  {n:7,}  {outcome}")
    print("cases per export:")
    for name in sorted({e for e, _ in per_format}):
        print(f"  {per_format[(name, 'ok')] + per_format[(name, 'FAILURE')]:7,}  {name}"
              + (f"  ({per_format[(name, 'FAILURE')]} failures)"
                 if per_format[(name, 'FAILURE')] else ""))
    if failures:
        print(f"{failures} failure(s); the damaged files are in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
