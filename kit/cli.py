"""The ``kit`` command.

``kit ingest``   read exports into a store, printing the row accounting
``kit report``   render one team report (HTML, PDF and the executed notebook)
``kit batch``    render every team report of a board, in parallel, resumable
``kit demo``     ingest the fictional sample board in ``sample_data/`` into ``store/``

Bad input or configuration ends with one line on standard error naming the file, row and column,
what was expected and how to fix it, and exit code 2 (no traceback). An unexpected failure is a
bug: exit code 1 and a short message (set ``KIT_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .errors import KitError

__all__ = ["main"]


def _repo_sample_dir() -> Path:
    here = Path(__file__).resolve().parents[1] / "sample_data"
    return here if here.is_dir() else Path.cwd() / "sample_data"


def _add_ingest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", nargs="+", type=Path, help="export files or folders")
    p.add_argument("--org", required=True, type=Path, help="organisation file (YAML)")
    p.add_argument("--roster", type=Path, help="staff roster (CSV/xlsx): e-mail or token -> team")
    p.add_argument("--mapping", type=Path, help="mapping file (YAML) with per-file facts")
    p.add_argument("--wave", help="wave id for every survey response")
    p.add_argument("--key-file", type=Path, help="pseudonym key file (outside the repository)")
    p.add_argument("--instrument", type=Path, help="instrument file (default: the five habits)")
    p.add_argument("--out", required=True, type=Path, help="store folder to write")
    p.add_argument("--json", type=Path, dest="json_report", help="write the ingest report as JSON")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest.run import ingest
    result = ingest(args.sources, org=args.org, roster=args.roster, mapping=args.mapping,
                    wave=args.wave, key_file=args.key_file, instrument=args.instrument)
    path = result.write(args.out)
    if args.json_report:
        args.json_report.parent.mkdir(parents=True, exist_ok=True)
        args.json_report.write_text(json.dumps(result.report(), indent=2, ensure_ascii=False),
                                    encoding="utf-8")
    if not args.quiet:
        print(result.summary())
        print(f"Store written to {path} ({result.seconds:.1f} s)")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from .ingest.run import ingest
    sd = args.sample_data or _repo_sample_dir()
    if not (sd / "org.yml").is_file():
        raise KitError(f"no sample data at {sd}", fix="run from the repository's top folder")
    result = ingest([sd], org=sd / "org.yml", roster=sd / "roster.csv",
                    mapping=sd / "mapping.yml")
    path = result.write(args.out)
    report = args.out.parent / f"{args.out.name}-ingest.json"
    report.write_text(json.dumps(result.report(), indent=2, ensure_ascii=False), encoding="utf-8")
    print("Sample board ingested (fictional data in sample_data/).")
    print(result.summary())
    print(f"Store written to {path}; ingest report {report}")
    if not args.no_report:
        import shutil

        from .render import NOTEBOOK_DIR, render
        params = {"store": str(path.resolve()), "school": "S01", "team": "S01-BB",
                  "aspiration": str((sd / "aspiration.yml").resolve())}
        rendered = render(NOTEBOOK_DIR / "team_report.ipynb", params, args.reports,
                          "S01-BB_team_report", pdf=shutil.which("chromium") is not None)
        print(f"Sample team report: {rendered.html}" +
              (f" and {rendered.pdf}" if rendered.pdf else " (no chromium: no PDF)"))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .render import NOTEBOOK_DIR, render
    params = {"store": str(args.store.resolve()), "school": args.school, "lang": args.lang}
    if args.team:
        params["team"] = args.team
    if args.wave:
        params["wave"] = args.wave
    if args.aspiration:
        params["aspiration"] = str(args.aspiration.resolve())
    if not args.team:
        raise KitError("only team reports can be rendered so far", fix="pass --team TEAM")
    name = f"{args.team}_{args.wave or 'latest'}_{args.lang}"
    result = render(NOTEBOOK_DIR / "team_report.ipynb", params, args.out, name, pdf=not args.no_pdf)
    for path in (result.html, result.pdf, result.ipynb):
        if path:
            print(path)
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from .batch import BatchConfig, load_batch, run_batch
    if args.batch_file:
        cfg = load_batch(args.batch_file)
    elif args.store and args.out:
        cfg = BatchConfig(store=args.store.resolve(), out=args.out.resolve())
    else:
        raise KitError("give a batch file, or --store and --out",
                       fix="kit batch BATCH.yml, or kit batch --store store --out reports")
    for name in ("workers", "scheduler", "lang", "wave"):
        if getattr(args, name) is not None:
            setattr(cfg, name, getattr(args, name))
    if args.aspiration:
        cfg.aspiration = args.aspiration.resolve()
    if args.school:
        cfg.schools = list(args.school)
    if args.no_pdf:
        cfg.pdf = False
    rows = run_batch(cfg, progress=not args.quiet)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("ok", "skipped", "failed")}
    print(f"{counts['ok']} rendered, {counts['skipped']} unchanged (skipped), "
          f"{counts['failed']} failed; status table {cfg.out / 'status.csv'}")
    for r in rows:
        if r["status"] == "failed":
            print(f"  failed: {r['name']}: {r['error']}")
    print(f"Index: {cfg.out / 'index.html'}")
    return 1 if counts["failed"] else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kit`` command."""
    parser = argparse.ArgumentParser(
        prog="kit", description="Learning-habits team-data kit: exports -> store -> reports.")
    parser.add_argument("--version", action="version", version=f"kit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("ingest", help="read survey and pupil-data exports into a store")
    _add_ingest_args(p)
    p.set_defaults(func=_cmd_ingest)
    p = sub.add_parser("report", help="render one team report to HTML and PDF")
    p.add_argument("--store", required=True, type=Path, help="store folder")
    p.add_argument("--school", required=True, help="school id")
    p.add_argument("--team", help="team id")
    p.add_argument("--wave", help="wave id (default: the latest)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.add_argument("--aspiration", type=Path, help="aspiration file (YAML)")
    p.add_argument("--out", required=True, type=Path, help="folder for the report files")
    p.add_argument("--no-pdf", action="store_true", help="HTML only")
    p.set_defaults(func=_cmd_report)
    p = sub.add_parser("batch", help="render every team report of a board (parallel, resumable)")
    p.add_argument("batch_file", nargs="?", type=Path, help="batch YAML file")
    p.add_argument("--store", type=Path, help="store folder")
    p.add_argument("--out", type=Path, help="output folder (reports, status.csv, index.html)")
    p.add_argument("--aspiration", type=Path, help="aspiration file (YAML)")
    p.add_argument("--school", action="append", help="only this school (repeatable)")
    p.add_argument("--workers", type=int, help="local worker processes (default 2)")
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    p.add_argument("--lang", choices=("nl", "en"))
    p.add_argument("--wave", help="wave id (default: the latest)")
    p.add_argument("--no-pdf", action="store_true", help="HTML only")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_batch)
    p = sub.add_parser("demo", help="ingest the fictional sample board into store/")
    p.add_argument("--out", type=Path, default=Path("store"), help="store folder (default store/)")
    p.add_argument("--reports", type=Path, default=Path("reports"),
                   help="folder for the sample team report (default reports/)")
    p.add_argument("--no-report", action="store_true", help="ingest only")
    p.add_argument("--sample-data", type=Path, help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``kit`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KitError as err:
        print(f"kit: {err.kind}: {err.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kit: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: say so briefly, keep the traceback for KIT_DEBUG
        if os.environ.get("KIT_DEBUG"):
            traceback.print_exc()
        print(f"kit: internal error ({type(err).__name__}: {err}). This is a bug in the kit; "
              "run again with KIT_DEBUG=1 and report the traceback.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
