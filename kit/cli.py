"""The ``kit`` command.

``kit ingest``   read exports into a store, printing the row accounting
``kit report``   render one team, school or board report (HTML, PDF and the executed notebook)
``kit batch``    render every report of a board, in parallel warm kernels, resumable
``kit demo``     ingest the fictional sample board in ``sample_data/`` into ``store/`` and
                 render all its reports into ``reports/``
``kit dashboard`` serve the study-day dashboard (Voilà) on localhost
``kit instrument export`` write the survey for LimeSurvey (.lss), Qualtrics (.qsf) or Forms (.xlsx)

Bad input or configuration ends with one line on standard error naming the file, row and column,
what was expected and how to fix it, and exit code 2 (no traceback). An unexpected failure is a
bug: exit code 1 and a short message naming the file being read, when known (set
``KIT_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from kit import __version__
from kit.errors import KitError
from kit.present.text import LANGS

__all__ = ["main"]


def _repo_sample_dir() -> Path:
    from kit.sample import SAMPLE_DIR
    return SAMPLE_DIR if SAMPLE_DIR.is_dir() else Path.cwd() / "sample_data"


def _add_ingest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", nargs="+", type=Path, help="export files or folders")
    p.add_argument("--org", required=True, type=Path, help="organisation file (YAML)")
    p.add_argument("--roster", type=Path, help="staff roster (CSV/xlsx): e-mail or token -> team")
    p.add_argument("--mapping", type=Path, help="mapping file (YAML) with per-file facts")
    p.add_argument("--wave", help="wave id for every survey response")
    p.add_argument("--key-file", type=Path, help="pseudonym key file (outside the repository)")
    p.add_argument("--instrument", type=Path, help="instrument file (default: the five habits)")
    p.add_argument("--module", action="append", default=[], metavar="ID",
                   help="an optional module (a module id of the kit such as "
                        "psychological_safety, or a module file); repeatable")
    p.add_argument("--free-text", action="store_true",
                   help="also store answers to open questions, scrubbed of e-mail addresses, "
                        "phone numbers and known names (off by default; a mapping entry's "
                        "'free_text: false' wins)")
    p.add_argument("--strict", action="store_true",
                   help="stop (exit code 2) when a file in a folder is not read (a readme, a "
                        "picture, a table no reader recognises); default: list it as skipped")
    p.add_argument("--out", required=True, type=Path, help="store folder to write")
    p.add_argument("--json", type=Path, dest="json_report", help="write the ingest report as JSON")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")


def _cmd_ingest(args: argparse.Namespace) -> int:
    from kit.ingest.run import ingest
    result = ingest(args.sources, org=args.org, roster=args.roster, mapping=args.mapping,
                    wave=args.wave, key_file=args.key_file, instrument=args.instrument,
                    modules=args.module,
                    free_text=args.free_text, strict=args.strict)
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
    from kit.ingest.run import ingest
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

        from kit.reports.batch import BatchConfig, run_batch
        cfg = BatchConfig(store=path.resolve(), out=args.reports.resolve(),
                          aspiration=(sd / "aspiration.yml").resolve(),
                          pdf=not args.no_pdf and shutil.which("chromium") is not None,
                          workers=2, leaders=True)
        print(f"Rendering the sample board's reports into {cfg.out} "
              f"({'HTML and PDF' if cfg.pdf else 'HTML only'}) ...")
        rows = run_batch(cfg, progress=True)
        failed = [r for r in rows if r["status"] == "failed"]
        done = sum(1 for r in rows if r["status"] in ("ok", "skipped"))
        print(f"{done} reports ready, {len(failed)} failed; status table {cfg.out / 'status.csv'}")
        for r in failed:
            print(f"  failed: {r['name']}: {r['error']}")
        print(f"Open {cfg.out / 'index.html'}")
        if failed:
            return 1
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from kit.reports.registry import ReportParameters, kind_of, output_path
    from kit.reports.render import render
    if args.board and (args.school or args.team):
        raise KitError("--board renders the whole board's report",
                       fix="leave out --school and --team, or leave out --board")
    if args.leader and (args.board or args.school or args.team or args.free_text):
        raise KitError("--leader renders one school leader's report",
                       fix="leave out --board, --school, --team and --free-text")
    if not args.board and not args.school and not args.leader:
        raise KitError("say which report: --school S (school report), --school S --team T "
                       "(team report), --board or --leader S (the school leader's report)",
                       fix="add --school, --team, --board or --leader")
    school, leader_id = args.school, None
    if args.leader:
        import kit.store
        from kit.reports.leader import resolve_leader
        school, leader_id = resolve_leader(kit.store.open(args.store), args.leader, args.wave)
    params = ReportParameters(store=args.store, lang=args.lang, wave=args.wave,
                              aspiration=None if args.leader else args.aspiration,
                              school=school, team=args.team, free_text=args.free_text,
                              leader=bool(args.leader), leader_id=leader_id)
    path = output_path(params, args.out)
    from kit.reports.warm import shutdown
    try:
        # the batch's kernel, over local sockets (no TCP port, no unencrypted-TCP warning)
        result = render(kind_of(params).path, params.to_notebook(), path.parent, path.name,
                        pdf=not args.no_pdf, warm=True)
    finally:
        shutdown()
    for path in (result.html, result.pdf, result.ipynb):
        if path:
            print(path)
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from kit.reports.batch import BatchConfig, load_batch, run_batch
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
    if args.kind:
        cfg.kinds = list(dict.fromkeys(args.kind))
    if args.free_text:
        cfg.free_text = True
    if args.leaders:
        cfg.leaders = True
    if args.wait:
        cfg.wait = True
    rows = run_batch(cfg, progress=not args.quiet)
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("ok", "skipped", "failed")}
    print(f"{counts['ok']} rendered, {counts['skipped']} unchanged (skipped), "
          f"{counts['failed']} failed; status table {cfg.out / 'status.csv'}")
    for r in rows:
        if r["status"] == "failed":
            print(f"  failed: {r['name']}: {r['error']}")
    print(f"Index: {cfg.out / 'index.html'}")
    return 1 if counts["failed"] else 0


def _cmd_dashboard(args: argparse.Namespace) -> int:
    from kit.dashboard.serve import serve
    try:
        return serve(args.store, port=args.port, lang=args.lang, aspiration=args.aspiration,
                     out=args.out, open_browser=not args.no_browser)
    except KeyboardInterrupt:
        print("Dashboard stopped.")
        return 0


def _cmd_instrument_export(args: argparse.Namespace) -> int:
    from kit.instrument.export import export_survey
    path = export_survey(args.format, org=args.org, wave=args.wave, out=args.out,
                         lang=args.lang, perspective=args.perspective,
                         collect_email=args.collect_email, instrument=args.instrument,
                         overwrite=args.overwrite, modules=args.module)
    print(f"Survey written to {path}")
    return 0


def _add_instrument_args(sub) -> None:
    p = sub.add_parser("instrument", help="the instrument as a survey to import")
    isub = p.add_subparsers(dest="instrument_command", metavar="ACTION")
    isub.required = True
    p = isub.add_parser("export", help="write the survey for LimeSurvey (.lss), Qualtrics (.qsf) "
                                       "or Microsoft/Google Forms (.xlsx to paste)")
    p.add_argument("--format", required=True, choices=("lss", "qsf", "xlsx"))
    p.add_argument("--org", required=True, type=Path, help="organisation file (teams, waves)")
    p.add_argument("--wave", required=True, help="wave id of the organisation file")
    p.add_argument("--out", required=True, type=Path, help="file to write")
    p.add_argument("--lang", choices=LANGS, default="nl")
    p.add_argument("--perspective", choices=("team", "leader"), default="team",
                   help="whose wording of the statements (default team)")
    p.add_argument("--collect-email", action="store_true",
                   help="let the tool record respondents' e-mail addresses (for a roster); "
                        "off by default")
    p.add_argument("--instrument", type=Path, help="instrument file (default: the five habits)")
    p.add_argument("--module", action="append", default=[], metavar="ID",
                   help="an optional module (a module id of the kit such as "
                        "psychological_safety, or a module file); repeatable")
    p.add_argument("--overwrite", action="store_true", help="replace an existing file")
    p.set_defaults(func=_cmd_instrument_export)


def _cmd_pool(args: argparse.Namespace) -> int:
    from kit.research.pool import pool
    manifest = pool(args.stores, args.out, any_kit_version=args.any_kit_version)
    rows = manifest["rows"]
    versions = manifest["store_kit_versions"]
    if len(versions) > 1 or versions != [manifest["kit_version"]]:
        print(f"Note: stores written by kit {', '.join(versions)} pooled with kit "
              f"{manifest['kit_version']}; their ingest rules may differ (see each board's "
              "store_kit_version in the manifest).")
    print(f"Pooled {len(manifest['boards'])} boards into {args.out}: "
          f"{rows['respondents']} respondents, {rows['answers']} answers, "
          f"{rows['observations']} observations, {rows['tests']} test results "
          f"(manifest: {args.out / 'manifest.json'})")
    return 0


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
    p = sub.add_parser("report", help="render one team, school or board report to HTML and PDF")
    p.add_argument("--store", required=True, type=Path, help="store folder")
    p.add_argument("--school", help="school id (alone: the school report)")
    p.add_argument("--team", help="team id (with --school: the team report)")
    p.add_argument("--board", action="store_true", help="the board report")
    p.add_argument("--leader", metavar="SCHOOL_OR_ID",
                   help="the school leader's own report: the leader's own view beside the "
                        "team's view (a school id, or a leader's id when a school has several)")
    p.add_argument("--free-text", action="store_true",
                   help="team report: show the team's open answers (10 or more, if stored)")
    p.add_argument("--wave", help="wave id (default: the latest)")
    p.add_argument("--lang", choices=LANGS, default="nl")
    p.add_argument("--aspiration", type=Path, help="aspiration file (YAML)")
    p.add_argument("--out", required=True, type=Path, help="folder for the report files")
    p.add_argument("--no-pdf", action="store_true", help="HTML only")
    p.set_defaults(func=_cmd_report)
    p = sub.add_parser("batch", help="render every team and school report and the board report "
                                     "(parallel, resumable)")
    p.add_argument("batch_file", nargs="?", type=Path, help="batch YAML file")
    p.add_argument("--store", type=Path, help="store folder")
    p.add_argument("--out", type=Path, help="output folder (reports, status.csv, index.html)")
    p.add_argument("--aspiration", type=Path, help="aspiration file (YAML)")
    p.add_argument("--school", action="append", help="only this school (repeatable)")
    p.add_argument("--kind", action="append", choices=("board", "school", "team"),
                   help="only this kind of report (repeatable; default all three)")
    p.add_argument("--free-text", action="store_true",
                   help="team reports show the team's open answers (10 or more, if stored)")
    p.add_argument("--leaders", action="store_true",
                   help="also each school leader's own report (where the leader answered)")
    p.add_argument("--workers", type=int, help="local worker processes (default 2)")
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    p.add_argument("--lang", choices=LANGS)
    p.add_argument("--wave", help="wave id (default: the latest)")
    p.add_argument("--no-pdf", action="store_true", help="HTML only")
    p.add_argument("--wait", action="store_true",
                   help="when another batch renders into the same output folder, wait for it "
                        "(default: stop with exit code 2)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_batch)
    p = sub.add_parser("demo", help="ingest the fictional sample board into store/ and render "
                                    "its reports into reports/")
    p.add_argument("--out", type=Path, default=Path("store"), help="store folder (default store/)")
    p.add_argument("--reports", type=Path, default=Path("reports"),
                   help="folder for the sample board's reports (default reports/)")
    p.add_argument("--no-report", action="store_true", help="ingest only")
    p.add_argument("--no-pdf", action="store_true", help="HTML reports only")
    p.add_argument("--sample-data", type=Path, help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_demo)
    p = sub.add_parser("dashboard", help="serve the study-day dashboard (Voilà) on localhost")
    p.add_argument("--store", type=Path, help="store folder (default: the fictional sample board)")
    p.add_argument("--port", type=int, default=8866, help="port on localhost (default 8866)")
    p.add_argument("--lang", choices=LANGS, default="nl", help="first language")
    p.add_argument("--aspiration", type=Path,
                   help="aspiration file (YAML; default with the sample board: its own)")
    p.add_argument("--out", type=Path, help="folder for saved views (default reports/dashboard)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(func=_cmd_dashboard)
    _add_instrument_args(sub)
    p = sub.add_parser("pool", help="combine the stores of many boards into one pooled dataset "
                                    "for research (Parquet by board and wave)")
    p.add_argument("stores", nargs="+", type=Path, metavar="STORE",
                   help="store folders written by `kit ingest`, one board each")
    p.add_argument("--out", required=True, type=Path, help="the pooled folder (replaced if it "
                                                           "is an earlier pooled dataset)")
    p.add_argument("--any-kit-version", action="store_true",
                   help="also pool stores written by other kit versions in this store format "
                        "(listed in the manifest)")
    p.set_defaults(func=_cmd_pool)
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
        where = getattr(err, "kit_file", None)      # set by the ingest for the file it read
        place = f" while reading {where}" if where else ""
        text = " ".join(str(err).split())[:300]
        print(f"kit: internal error{place} ({type(err).__name__}: {text}). This is a bug in the "
              "kit; run again with KIT_DEBUG=1 and report the traceback.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
