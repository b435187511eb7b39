"""The ``partyfacts`` command: a thin layer over :mod:`pipeline.core` and :mod:`pipeline.evaluate`."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from . import __version__
from .batch import run
from .core import Options
from .evaluate import below_floors, evaluate, format_scores, load_gold, load_records

DEFAULT_GOLD = "corpus/gold"
DEFAULT_FLOORS = "corpus/floors.json"


def _run(args: argparse.Namespace) -> int:
    options = Options(model=args.model, language=args.language, quiet=args.quiet, jobs=args.jobs,
                      engine=args.engine, scheduler=args.scheduler, exports=not args.no_tables)
    summary = run(args.inputs, args.out, options)
    with open(Path(args.out) / "errors.jsonl", encoding="utf-8") as errors:
        for line in errors:
            error = json.loads(line)
            print(f"error: {error['source']}: {error['reason']}", file=sys.stderr)
    print(summary.line() + f" -> {args.out}")
    return 1 if summary.failed else 0


def _export(args: argparse.Namespace) -> int:
    from .export import export

    if not (Path(args.dir) / "records.jsonl").is_file():
        print(f"error: no records.jsonl in {args.dir}", file=sys.stderr)
        return 2
    written = export(args.dir)
    print(f"{len(written)} files written -> {args.dir}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    gold_dir = Path(args.gold)
    if not gold_dir.is_dir():
        print(f"error: gold directory not found: {gold_dir}", file=sys.stderr)
        return 2
    if args.records:
        records_path = Path(args.records)
    else:
        out = Path(tempfile.mkdtemp(prefix="partyfacts-eval-"))
        raw_dir = gold_dir.parent / "raw"
        run([str(raw_dir)], out, Options(quiet=True, exports=False, jobs=1))
        records_path = out / "records.jsonl"
    scores = evaluate(load_records(records_path), load_gold(gold_dir))
    if args.json:
        print(json.dumps({k: v for k, v in scores.items() if k != "notes"}, indent=1))
    else:
        if args.verbose:
            print("\n".join("  " + n for n in scores["notes"]))
        print(format_scores(scores))
    floors_path = Path(args.floors)
    if args.floors and floors_path.is_file():
        failures = below_floors(scores, json.loads(floors_path.read_text(encoding="utf-8")))
        for failure in failures:
            print(f"BELOW FLOOR: {failure}", file=sys.stderr)
        if failures:
            return 1
        print(f"all floors in {floors_path} met")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="partyfacts", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"partyfacts {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="extract records (and fact tables) from articles")
    p.add_argument("inputs", nargs="+", help="files, directories, globs; '-' reads JSONL from stdin")
    p.add_argument("--out", "-o", required=True, help="output directory")
    p.add_argument("--model", help="an installed spaCy pipeline adding PERSON/ORG candidates")
    p.add_argument("--language", choices=("en", "vi"), help="force the language instead of detecting it")
    p.add_argument("--jobs", "-j", type=int, help="worker processes (default: all cores)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="run work units in local processes or on a Dask cluster (pip install partyfacts[dask])")
    p.add_argument("--scheduler", help="Dask scheduler address (default: a local cluster)")
    p.add_argument("--no-tables", action="store_true",
                   help="write records.jsonl and errors.jsonl only (build the tables later with 'export')")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=_run)

    p = sub.add_parser("export", help="rebuild the fact tables (CSV, Parquet, DuckDB) from DIR/records.jsonl")
    p.add_argument("dir", help="an output directory of 'partyfacts run'")
    p.set_defaults(func=_export)

    p = sub.add_parser("evaluate", help="score records against gold and check the pinned floors")
    p.add_argument("--gold", default=DEFAULT_GOLD, help=f"gold directory (default {DEFAULT_GOLD})")
    p.add_argument("--records", help="records.jsonl to score (default: run on the gold's ../raw)")
    p.add_argument("--floors", default=DEFAULT_FLOORS, help=f"floors file (default {DEFAULT_FLOORS}); '' for none")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list every miss and extra")
    p.set_defaults(func=_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
