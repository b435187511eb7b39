"""Batch runs over whole archives: parallel, incremental and resumable.

Each input file is one work unit. A unit's results (records and errors, as JSON lines) are written
atomically to a shard named by the hash of the pipeline version, the file's path and its bytes, in
``OUT/.partyfacts/shards/``. A re-run reuses every shard whose key is unchanged, so an unchanged
archive costs only hashing, and a run killed at any point resumes from the shards it finished.
Shards are merged into ``records.jsonl`` and ``errors.jsonl`` in input order, so the output is the
same bytes whatever the number of workers or engine.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .core import Options, process_all
from .ingest import expand_inputs, read_articles, read_jsonl
from .patterns import MODELS_DIR
from .records import ProcessingError

STATE_DIR = ".partyfacts"


@dataclass
class RunSummary:
    """What a batch run did."""

    read: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.read} articles read, {self.written} written ({self.skipped} unchanged), "
                f"{self.failed} failed in {self.seconds:.1f}s")


@dataclass(frozen=True)
class UnitResult:
    """What processing (or reusing) one work unit produced."""

    records: int
    errors: int


class AtomicWriter:
    """A text file written to a temporary name and renamed into place when closed cleanly."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")

    def __enter__(self):
        self.handle = self.tmp.open("w", encoding="utf-8", newline="\n")
        return self.handle

    def __exit__(self, exc_type, exc, tb):
        self.handle.close()
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A digest of the code and the rule data: any change to either invalidates every shard."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted([*package.rglob("*.py"), *MODELS_DIR.rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def unit_key(path: Path) -> str:
    """The shard name of one input file: pipeline version + path + content."""
    digest = hashlib.sha256(pipeline_version().encode())
    digest.update(str(path).encode("utf-8", "surrogateescape"))
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:32]


RECORD, ERROR = '{"record": ', '{"error": '


def _line(kind: str, payload: dict) -> str:
    """A shard line: the payload wrapped so that merging can cut it out without parsing it."""
    return f"{kind}{json.dumps(payload, ensure_ascii=False)}}}\n"


def _write_shard(items: Iterator, shard: Path) -> UnitResult:
    tmp = shard.with_name(f".{shard.name}.{os.getpid()}.tmp")
    records = errors = 0
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        for item in items:
            if isinstance(item, ProcessingError):
                errors += 1
                handle.write(_line(ERROR, {"source": item.source, "article_id": item.article_id,
                                           "reason": item.reason}))
            else:
                records += 1
                handle.write(_line(RECORD, item.to_dict()))
    os.replace(tmp, shard)
    return UnitResult(records, errors)


def _count_shard(shard: Path) -> UnitResult:
    """The records and errors of a finished shard."""
    records = errors = 0
    with shard.open(encoding="utf-8") as handle:
        for line in handle:
            records += line.startswith(RECORD)
            errors += line.startswith(ERROR)
    return UnitResult(records, errors)


def process_unit(path: str, shard: str, options: Options) -> UnitResult:
    """Process one input file into its shard, or count the shard if it exists (runs in workers)."""
    shard_path = Path(shard)
    if shard_path.exists():
        return _count_shard(shard_path)
    return _write_shard(process_all(read_articles([path]), options), shard_path)


def _dask_results(jobs: list[tuple[str, str]], options: Options, scheduler: str | None) -> Iterator[UnitResult]:
    from dask.distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=options.jobs or os.cpu_count(), threads_per_worker=1,
                                                  processes=True, dashboard_address=None)
    with Client(scheduler or cluster) as client:
        futures = client.map(process_unit, [p for p, _ in jobs], [s for _, s in jobs], options=options, pure=False)
        for future in futures:
            yield future.result()
    if cluster is not None:
        cluster.close()


def _pool_results(jobs: list[tuple[str, str]], options: Options, workers: int) -> Iterator[UnitResult]:
    if workers <= 1 or len(jobs) <= 1:
        for path, shard in jobs:
            yield process_unit(path, shard, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(process_unit, [p for p, _ in jobs], [s for _, s in jobs],
                            [options] * len(jobs), chunksize=1)


def run(inputs: list[str], out_dir: str | Path, options: Options = Options()) -> RunSummary:
    """Process every input into ``out_dir/records.jsonl`` and ``errors.jsonl`` (then the tables)."""
    from tqdm import tqdm

    started = time.perf_counter()
    out = Path(out_dir)
    shards = out / STATE_DIR / "shards"
    shards.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()

    units: list[tuple[str, str]] = []  # (input, shard path); stdin and missing paths are done here
    inline: dict[int, Path] = {}
    for item in expand_inputs(inputs):
        if isinstance(item, Path):
            try:
                units.append((str(item), str(shards / f"{unit_key(item)}.jsonl")))
                continue
            except OSError:
                pass  # unreadable: its error is recorded by processing it inline
        shard = shards / f"inline-{len(units)}.jsonl"
        stream = read_jsonl(sys.stdin, "<stdin>", "stdin") if item == "-" else read_articles([str(item)])
        _write_shard(process_all(stream, options), shard)
        inline[len(units)] = shard
        units.append((str(item), str(shard)))

    pending = {i for i, (_, shard) in enumerate(units) if i not in inline and not Path(shard).exists()}
    for i, (_, shard) in enumerate(units):
        if i not in pending:  # finished earlier (an unchanged file) or just now (stdin, a missing path)
            result = _count_shard(Path(shard))
            summary.read += result.records + result.errors
            summary.failed += result.errors
            summary.skipped += 0 if i in inline else result.records
    jobs = [unit for i, unit in enumerate(units) if i in pending]
    workers = options.jobs or os.cpu_count() or 1
    results = (_dask_results(jobs, options, options.scheduler) if options.engine == "dask"
               else _pool_results(jobs, options, workers))
    show = not options.quiet and sys.stderr.isatty()
    with tqdm(total=len(jobs), unit=" files", disable=not show, desc="partyfacts") as bar:
        for result in results:
            summary.read += result.records + result.errors
            summary.failed += result.errors
            bar.update(1)
            bar.set_postfix(articles=summary.read, refresh=False)

    digest = _merge([Path(s) for _, s in units], out, summary)
    for shard in inline.values():
        shard.unlink(missing_ok=True)
    keep = {Path(s).name for _, s in units}
    for stale in shards.glob("*.jsonl"):
        if stale.name not in keep:
            stale.unlink()
    if options.exports:
        _export_if_changed(out, digest)
    summary.seconds = time.perf_counter() - started
    return summary


def _merge(shards: list[Path], out: Path, summary: RunSummary) -> str:
    """Concatenate the shards, in input order, into records.jsonl and errors.jsonl (atomically);
    returns a digest of the records written."""
    digest = hashlib.sha256()
    with AtomicWriter(out / "records.jsonl") as records, AtomicWriter(out / "errors.jsonl") as errors:
        for shard in shards:
            with shard.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith(RECORD):
                        summary.written += 1
                        record = line[len(RECORD):-2] + "\n"
                        digest.update(record.encode("utf-8"))
                        records.write(record)
                    else:
                        errors.write(line[len(ERROR):-2] + "\n")
    return digest.hexdigest()


def _export_if_changed(out: Path, digest: str) -> None:
    """Rebuild the tables unless they were built from these very records by this pipeline version."""
    from .export import DB_FILE, export

    stamp = out / STATE_DIR / "tables.sha256"
    current = f"{pipeline_version()} {digest}\n"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == current and (out / DB_FILE).exists():
        return
    stamp.unlink(missing_ok=True)
    export(out)
    stamp.write_text(current, encoding="utf-8")
