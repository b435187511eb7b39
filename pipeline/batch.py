"""Batch runs over whole archives: parallel, incremental and resumable.

Each input file is one work unit. A unit's results (records and errors, as JSON lines) are written
atomically to a shard in ``OUT/.partyfacts/shards/`` named by a hash of the pipeline version, the
file's path and its bytes, and by its counts of records and errors. A re-run reuses every shard
whose key is unchanged without reading it, and a run killed at any point resumes from the shards it
finished. Shards are merged into ``records.jsonl`` and ``errors.jsonl`` in input order, so the
output is the same bytes whatever the number of workers or engine. A stamp beside the shards names
the shards merged and the size and modification time of the files written; when both still hold,
the merge is skipped, and the tables likewise, so an unchanged archive costs only hashing.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .aggregate import SCRATCH_PREFIX
from .core import Options, process_all
from .ingest import expand_inputs, read_articles, read_jsonl
from .patterns import MODELS_DIR
from .records import ProcessingError

STATE_DIR = ".partyfacts"
TMP_FILES = ".*.[0-9]*.tmp*"  # ".<name>.<pid>.tmp" (and a database's ".wal"): being written, renamed when complete


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
    """The key of one input file's shard: a hash of the pipeline version, the path and the content."""
    digest = hashlib.sha256(pipeline_version().encode())
    digest.update(str(path).encode("utf-8", "surrogateescape"))
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:32]


RECORD, ERROR = '{"record": ', '{"error": '
SHARD_NAME = re.compile(r"([0-9a-f]{32})-(\d+)-(\d+)\.jsonl")  # unit key, records, errors
MERGE_STAMP, TABLES_STAMP = "merged.json", "tables.json"
MERGED_FILES = ("records.jsonl", "errors.jsonl")


def _line(kind: str, payload: dict) -> str:
    """A shard line: the payload wrapped so that merging can cut it out without parsing it."""
    return f"{kind}{json.dumps(payload, ensure_ascii=False)}}}\n"


def shard_name(key: str, result: UnitResult) -> str:
    """A finished shard's file name: its unit key and its counts, so a re-run need not read it."""
    return f"{key}-{result.records}-{result.errors}.jsonl"


def finished_shards(shards: Path) -> dict[str, UnitResult]:
    """The counts of every finished shard in ``shards``, by unit key (from the file names)."""
    found = {}
    for name in os.listdir(shards):
        match = SHARD_NAME.fullmatch(name)
        if match:
            found[match[1]] = UnitResult(int(match[2]), int(match[3]))
    return found


def _write_shard(items: Iterator, shards: Path, key: str) -> UnitResult:
    tmp = shards / f".{key}.{os.getpid()}.tmp"
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
    result = UnitResult(records, errors)
    os.replace(tmp, shards / shard_name(key, result))
    return result


def process_unit(path: str, shards: str, key: str, options: Options) -> UnitResult:
    """Process one input file into its shard (runs in workers)."""
    return _write_shard(process_all(read_articles([path]), options), Path(shards), key)


def _dask_results(jobs: dict[str, str], shards: Path, options: Options, scheduler: str | None) -> Iterator[UnitResult]:
    from dask.distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=options.jobs or os.cpu_count(), threads_per_worker=1,
                                                  processes=True, dashboard_address=None)
    with Client(scheduler or cluster) as client:
        futures = client.map(process_unit, list(jobs.values()), [str(shards)] * len(jobs), list(jobs),
                             options=options, pure=False)
        for future in futures:
            yield future.result()
    if cluster is not None:
        cluster.close()


def _pool_results(jobs: dict[str, str], shards: Path, options: Options, workers: int) -> Iterator[UnitResult]:
    if workers <= 1 or len(jobs) <= 1:
        for key, path in jobs.items():
            yield process_unit(path, str(shards), key, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(process_unit, list(jobs.values()), [str(shards)] * len(jobs), list(jobs),
                            [options] * len(jobs), chunksize=1)


def _progress(results: Iterator[UnitResult], files: int, articles: int) -> Iterator[UnitResult]:
    """``results`` as they come, counted on a progress bar (files, articles, rate, ETA)."""
    from tqdm import tqdm

    with tqdm(total=files, unit=" files", desc="partyfacts") as bar:
        for result in results:
            articles += result.records + result.errors
            bar.update(1)
            bar.set_postfix(articles=articles, refresh=False)
            yield result


def run(inputs: list[str], out_dir: str | Path, options: Options = Options()) -> RunSummary:
    """Process every input into ``out_dir/records.jsonl`` and ``errors.jsonl`` (then the tables)."""
    started = time.perf_counter()
    out = Path(out_dir)
    shards = out / STATE_DIR / "shards"
    shards.mkdir(parents=True, exist_ok=True)
    finished = finished_shards(shards)

    keys: list[str] = []  # the unit key of each input, in input order
    results: dict[str, UnitResult] = {}  # by unit key
    jobs: dict[str, str] = {}  # unit key -> input file still to process
    for item in expand_inputs(inputs):
        try:
            key = unit_key(item) if isinstance(item, Path) else None
        except OSError:
            key = None  # unreadable: its error is recorded by processing it inline
        if key is None:  # stdin or a missing path: processed here, every run
            key = f"inline{len(keys)}"
            stream = read_jsonl(sys.stdin, "<stdin>", "stdin") if item == "-" else read_articles([str(item)])
            results[key] = _write_shard(process_all(stream, options), shards, key)
        elif key in finished:
            results[key] = finished[key]
        else:
            jobs[key] = str(item)
        keys.append(key)

    workers = options.jobs or os.cpu_count() or 1
    processed = (_dask_results(jobs, shards, options, options.scheduler) if options.engine == "dask" and jobs
                 else _pool_results(jobs, shards, options, workers))
    if jobs and not options.quiet and sys.stderr.isatty():
        processed = _progress(processed, len(jobs), sum(r.records + r.errors for r in results.values()))
    results.update(zip(jobs, processed))

    summary = RunSummary()
    for key in keys:
        summary.read += results[key].records + results[key].errors
        summary.failed += results[key].errors
        summary.written += results[key].records
        summary.skipped += results[key].records if key in finished else 0
    names = [shard_name(key, results[key]) for key in keys]
    keep = {name for name in names if SHARD_NAME.fullmatch(name)}  # not the inline shards, redone every run
    digest = _merge_if_changed(names, shards, out, reusable=keep.issuperset(names))
    for stale in shards.iterdir():  # shards of changed or removed inputs, inline shards, leftovers of a kill
        if stale.name not in keep:
            stale.unlink()
    if options.exports:
        _export_if_changed(out, digest)
    for leftover in [*out.glob(TMP_FILES), *(out / STATE_DIR).glob(TMP_FILES)]:  # of a run killed mid-write
        leftover.unlink()
    for scratch in out.glob(f"{SCRATCH_PREFIX}*"):  # the table stage's, if a run was killed during it
        shutil.rmtree(scratch, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _file_stats(out: Path, names: Iterable[str]) -> dict[str, list[int]]:
    """Size and modification time (ns) of each named file of ``out`` that exists."""
    stats = {}
    for name in names:
        try:
            stat = (out / name).stat()
        except FileNotFoundError:
            continue
        stats[name] = [stat.st_size, stat.st_mtime_ns]
    return stats


def _current_stamp(path: Path, expected: dict, out: Path) -> dict | None:
    """The stamp at ``path`` if it holds ``expected`` and the files it lists are still the files
    written then (same size and modification time); else None."""
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = stamp.get("files", {})
    if all(stamp.get(k) == v for k, v in expected.items()) and _file_stats(out, files) == files:
        return stamp
    return None


def _write_stamp(path: Path, stamp: dict, out: Path, files: Iterable[str]) -> None:
    with AtomicWriter(path) as handle:
        json.dump({**stamp, "files": _file_stats(out, files)}, handle)


def _merge_if_changed(names: list[str], shards: Path, out: Path, reusable: bool) -> str:
    """Merge the shards unless records.jsonl and errors.jsonl were merged from these very shards
    and are untouched since; returns the digest of the records."""
    path = out / STATE_DIR / MERGE_STAMP
    stamp = _current_stamp(path, {"shards": names}, out) if reusable else None
    if stamp is not None:
        return stamp["records_sha256"]
    path.unlink(missing_ok=True)
    digest = _merge([shards / name for name in names], out)
    if reusable:  # an inline shard's name says nothing of its content
        _write_stamp(path, {"shards": names, "records_sha256": digest}, out, MERGED_FILES)
    return digest


def _merge(shards: list[Path], out: Path) -> str:
    """Concatenate the shards, in input order, into records.jsonl and errors.jsonl (atomically);
    returns a digest of the records written."""
    digest = hashlib.sha256()
    records_path, errors_path = (out / name for name in MERGED_FILES)
    with AtomicWriter(records_path) as records, AtomicWriter(errors_path) as errors:
        for shard in shards:
            with shard.open(encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith(RECORD):
                        record = line[len(RECORD):-2] + "\n"
                        digest.update(record.encode("utf-8"))
                        records.write(record)
                    else:
                        errors.write(line[len(ERROR):-2] + "\n")
    return digest.hexdigest()


def _export_if_changed(out: Path, digest: str) -> None:
    """Rebuild the tables unless they were built from these very records by this pipeline version
    and are untouched since."""
    path = out / STATE_DIR / TABLES_STAMP
    stamp = {"pipeline": pipeline_version(), "records_sha256": digest}
    if _current_stamp(path, stamp, out) is not None:
        return
    from .export import export

    path.unlink(missing_ok=True)
    written = export(out)
    _write_stamp(path, stamp, out, [str(Path(p).relative_to(out)) for p in written])
