"""Wall time and peak memory of the table stage (``partyfacts export DIR``) at several archive sizes.

    python benchmarks/tables.py                       # 1,000, 10,000 and 100,000 articles
    python benchmarks/tables.py --sizes 1000 5000

The records come from one run of the pipeline on ``corpus/raw``. Each synthetic article copies a real
record under a new id and date, with its numbers varied, a fifth of its words replaced (so copies of
one record are not near-duplicates of each other), some organisations renamed after one of a bounded
set of communes and some document numbers renumbered; one article in twenty is a near copy (a few
words changed) of a recent synthetic article, so near-duplicate clusters exist.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
PARTYFACTS = str(Path(sys.executable).with_name("partyfacts"))
COMMUNES = 2_000      # distinct organisation names grow far slower than articles
COPY_SHARE = 0.05     # articles that are near copies of a recent one
WORD_SHARE = 0.2      # words of a text replaced in a fresh article


def real_records() -> list[dict]:
    """The records of the bundled corpus (the pipeline run once, without tables)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([PARTYFACTS, "run", str(ROOT / "corpus" / "raw"), "--out", out, "--no-tables", "--quiet"],
                       check=True, capture_output=True)
        return [json.loads(line) for line in (Path(out) / "records.jsonl").open(encoding="utf-8") if line.strip()]


def _numbers(text: str, rng: random.Random) -> str:
    return re.sub(r"\b\d{2,3}\b", lambda m: str(int(m[0]) + rng.randint(0, 9)), text)


def _words(text: str, vocabulary: list[str], share: float, rng: random.Random) -> str:
    return re.sub(r"\w+", lambda m: rng.choice(vocabulary) if rng.random() < share else m[0], text)


def _facts(record: dict, rng: random.Random) -> dict:
    """The record's facts with numbers varied, some organisations and document numbers renamed."""
    def commune(name):
        return f"Xa {rng.randrange(COMMUNES)} Commune Party Committee" if name and rng.random() < 0.2 else name

    out = {}
    for facts in ("officials", "organisations", "terms", "congresses"):
        out[facts] = [dict(f) for f in record[facts]]
    for fact in out["organisations"]:
        fact["name"] = commune(fact["name"])
    out["documents"] = [dict(d, number=re.sub(r"^\d+", str(rng.randint(1, 500)), d["number"]))
                        if rng.random() < 0.3 else dict(d) for d in record["documents"]]
    out["counts"] = [dict(c, value=c["value"] + rng.randint(0, 50), org=commune(c["org"])) for c in record["counts"]]
    return out


def write_records(path: Path, size: int, records: list[dict], seed: int = 7) -> int:
    """Write ``size`` synthetic records to ``path``; returns how many are near copies."""
    rng = random.Random(seed)
    vocabulary = sorted({w for r in records for w in re.findall(r"\w+", r["text"]) if not w.isdigit()})
    recent: deque[dict] = deque(maxlen=50)
    copies = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            if recent and rng.random() < COPY_SHARE:
                record = dict(rng.choice(recent))
                record["text"] = _words(record["text"], vocabulary, 0.01, rng)
                copies += 1
            else:
                base = rng.choice(records)
                record = dict(base, title=_numbers(base["title"] or "", rng),
                              text=_words(_numbers(base["text"], rng), vocabulary, WORD_SHARE, rng), **_facts(base, rng))
                recent.append(record)
            record.update(article_id=f"s{i:07d}", source=f"synthetic/s{i:07d}.txt",
                          published=f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return copies


def timed_export(out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one ``partyfacts export`` process."""
    script = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        f"subprocess.run([{PARTYFACTS!r}, 'export', {str(out)!r}], check=True, stdout=subprocess.DEVNULL);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    wall, rss = subprocess.run([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    return float(wall), int(rss)


def table_stage(sizes: list[int]) -> list[str]:
    """Lines reporting time and peak RSS of the table stage at each archive size."""
    records = real_records()
    lines, peaks = [], []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="partyfacts-tables-") as folder:
            out = Path(folder)
            copies = write_records(out / "records.jsonl", size, records)
            megabytes = (out / "records.jsonl").stat().st_size / 1e6
            wall, rss = timed_export(out)
            facts = sum(1 for _ in (out / "facts.csv").open(encoding="utf-8-sig")) - 1
            with duckdb.connect(str(out / "partyfacts.duckdb"), read_only=True) as con:
                clustered = con.execute("SELECT count(*) FROM articles WHERE cluster_size > 1").fetchone()[0]
        peaks.append(rss / 1024)
        lines.append(f"table stage, {size:,} articles ({megabytes:,.0f} MB of records, {facts:,} facts, "
                     f"{copies:,} near copies, {clustered:,} articles in clusters): "
                     f"{wall:.1f}s, peak RSS {rss / 1024:.0f} MB")
    if len(peaks) > 1:
        lines.append(f"peak RSS {sizes[-1]:,} / {sizes[0]:,} articles: {peaks[-1] / peaks[0]:.2f} "
                     f"(goal < 400 MB, flat)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    for line in table_stage(parser.parse_args().sizes):
        print(line, flush=True)


if __name__ == "__main__":
    main()
