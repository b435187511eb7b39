"""Throughput, memory and re-run benchmark of ``partyfacts run`` on a synthetic archive.

    python benchmarks/bench.py                 # 2,000 and 10,000 articles (a few minutes)
    python benchmarks/bench.py --sizes 1000 100000 --profile

The archive is built from the dev corpus: each synthetic article mixes paragraphs of several real
pages, with numbers and years perturbed, so no two articles are the same text. It is written as
JSONL files of ``--per-file`` articles (the work units). Prints, for the large archive, articles/s
and MB/s of whole ``partyfacts run`` processes (start-up included) for one worker and for all cores,
with and without the tables; peak RSS at both sizes; the unchanged re-run; and ratios against a
spaCy tokenizer-only floor (and an installed English spaCy model, if there is one).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTYFACTS = str(Path(sys.executable).with_name("partyfacts"))


def corpus_paragraphs() -> list[list[str]]:
    pages = []
    for path in sorted((ROOT / "corpus" / "raw").glob("*.txt")):
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
        pages.append(paragraphs)
    return pages


def synthetic_article(pages: list[list[str]], rng: random.Random) -> str:
    """A page-shaped text: the head of one real page, then paragraphs drawn from others, numbers varied."""
    head = rng.choice(pages)
    body = head[:3] + [p for page in rng.sample(pages, 3) for p in page[3:] if rng.random() < 0.6]
    text = "\n\n".join(body)
    return re.sub(r"\b\d{2,3}\b", lambda m: str(int(m[0]) + rng.randint(0, 9)), text)


def build_archive(folder: Path, size: int, per_file: int, seed: int = 7) -> int:
    """Write ``size`` articles as JSONL files; returns the bytes of article text written."""
    rng = random.Random(seed)
    pages = corpus_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for start in range(0, size, per_file):
        with (folder / f"part-{start // per_file:05d}.jsonl").open("w", encoding="utf-8") as handle:
            for i in range(start, min(start + per_file, size)):
                text = synthetic_article(pages, rng)
                total += len(text.encode("utf-8"))
                handle.write(json.dumps({"id": f"a{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return total


def timed_run(archive: Path, out: Path, jobs: int, *extra: str) -> tuple[float, float, int]:
    """Wall seconds of the process, seconds of the run itself (after imports, from its summary
    line), and peak RSS (KiB, the largest single process) of one ``partyfacts run``."""
    script = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        f"r = subprocess.run([{PARTYFACTS!r}, 'run', {str(archive)!r}, '--out', {str(out)!r}, '--jobs', '{jobs}',"
        f" '--quiet', *{list(extra)!r}], capture_output=True, text=True);"
        "print(time.perf_counter() - t, r.stdout.split(' in ')[-1].split('s ')[0],"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    wall, inside, rss = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                       check=True).stdout.split()
    return float(wall), float(inside), int(rss)


def tokenizer_floor(archive: Path) -> float:
    """Seconds for spacy.blank('en')'s tokenizer alone over the archive's texts."""
    import spacy

    nlp = spacy.blank("en")
    started = time.perf_counter()
    for path in sorted(archive.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                nlp.make_doc(json.loads(line)["text"])
    return time.perf_counter() - started


def model_seconds(archive: Path) -> float | None:
    """Seconds for an installed English spaCy model over the texts, or None if none is installed."""
    import spacy

    for name in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg"):
        if spacy.util.is_package(name):
            nlp = spacy.load(name)
            texts = (json.loads(line)["text"] for p in sorted(archive.glob("*.jsonl")) for line in p.open(encoding="utf-8"))
            started = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=64):
                pass
            return time.perf_counter() - started
    return None


def steady_state(archive: Path) -> float:
    """MB/s of one core once warm: the archive's records made twice in this process, the second pass
    timed in CPU seconds (what every worker of a long run spends per article)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.core import Options, process_all
    from pipeline.ingest import read_articles

    files = [str(p) for p in sorted(archive.glob("*.jsonl"))]
    options = Options(jobs=1, quiet=True, exports=False)
    size = sum(len(json.loads(line)["text"].encode("utf-8")) for f in files for line in open(f, encoding="utf-8"))
    for _ in range(2):  # the first pass warms the caches; the second is timed
        started = time.process_time()
        for item in process_all(read_articles(files), options):
            json.dumps(item.to_dict() if hasattr(item, "to_dict") else item.reason, ensure_ascii=False)
    return size / 1e6 / (time.process_time() - started)


def profile(archive: Path, top: int = 15) -> str:
    """cProfile of one in-process run: the top entries by own time."""
    sys.path.insert(0, str(ROOT))
    from pipeline.batch import run
    from pipeline.core import Options

    with tempfile.TemporaryDirectory() as out:
        profiler = cProfile.Profile()
        profiler.enable()
        run([str(archive)], out, Options(jobs=1, quiet=True, exports=False))
        profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(top)
    return stream.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs=2, type=int, default=[2000, 10000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--per-file", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--profile", action="store_true", help="print the profile's top entries")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="partyfacts-bench-") as tmp:
        tmp = Path(tmp)
        small, large = args.sizes
        small_bytes = build_archive(tmp / "small", small, args.per_file)
        large_bytes = build_archive(tmp / "large", large, args.per_file)
        print(f"archive: {small:,} articles, {small_bytes / 1e6:.1f} MB of text ({args.per_file} per file); "
              f"{large:,} articles, {large_bytes / 1e6:.1f} MB")

        # throughput on the large archive, so that start-up (imports, building the pipeline) counts as it does
        # in a real run without dominating; both stages stream, so memory is compared across the two sizes
        one, one_in, rss_large = timed_run(tmp / "large", tmp / "out1", 1, "--no-tables")
        many, many_in, _ = timed_run(tmp / "large", tmp / "outN", args.jobs, "--no-tables")
        whole, _, _ = timed_run(tmp / "large", tmp / "outW", 1)
        _, _, rss_small = timed_run(tmp / "small", tmp / "outS1", 1, "--no-tables")
        _, _, rss_tables_small = timed_run(tmp / "small", tmp / "outS", args.jobs)
        tables, tables_in, rss_tables = timed_run(tmp / "large", tmp / "outT", args.jobs)
        rerun, rerun_in, _ = timed_run(tmp / "large", tmp / "outT", args.jobs)
        floor = tokenizer_floor(tmp / "small")
        same = (tmp / "out1" / "records.jsonl").read_bytes() == (tmp / "outN" / "records.jsonl").read_bytes()
        mb = large_bytes / 1e6
        print(f"record stage, whole process, {large:,} articles:")
        print(f"  1 job : {large / one:6.0f} articles/s  {mb / one:5.2f} MB/s  (after start-up {mb / one_in:.2f} MB/s)")
        print(f"  {args.jobs} jobs: {large / many:6.0f} articles/s  {mb / many:5.2f} MB/s  = {mb / many / args.jobs:.2f} MB/s "
              f"per core (speed-up {one / many:.2f}x, output identical: {same})")
        print(f"whole run (records + tables), {large:,} articles: 1 job {mb / whole:.2f} MB/s; "
              f"{args.jobs} jobs {mb / tables:.2f} MB/s = {mb / tables / args.jobs:.2f} MB/s per core (goal >= 1.0 per core)")
        print(f"one warm worker (records, CPU time): {steady_state(tmp / 'small'):.2f} MB/s")
        print(f"peak RSS of the record stage, 1 job: {rss_small / 1024:.0f} MB at {small:,} articles, "
              f"{rss_large / 1024:.0f} MB at {large:,} (ratio {rss_large / rss_small:.2f}; goal < 400 MB, flat)")
        print(f"records + tables, {args.jobs} jobs: peak RSS {rss_tables_small / 1024:.0f} MB at {small:,} articles, "
              f"{rss_tables / 1024:.0f} MB at {large:,} ({tables:.1f}s; the table stage streams through DuckDB)")
        print(f"re-run on the unchanged {large:,}-article archive: {rerun:.2f}s wall ({rerun_in:.2f}s after imports) "
              f"vs {tables:.1f}s first run: {tables / rerun:.0f}x ({tables_in / max(rerun_in, 0.01):.0f}x after imports); goal >= 50x")
        print(f"tokenizer-only floor: {floor:.2f}s for the small archive; partyfacts record stage / floor = "
              f"{one_in * small_bytes / large_bytes / floor:.1f}x")
        model = model_seconds(tmp / "small")
        if model is not None:
            print(f"installed English spaCy model: {model:.2f}s for the small archive; partyfacts / model = "
                  f"{one_in * small_bytes / large_bytes / model:.2f}x")
        else:
            print("no English spaCy model installed: model ratio not measured")
        if args.profile:
            print(profile(tmp / "small"))


if __name__ == "__main__":
    main()
