"""Evaluation harness: score article records against gold per field, and gate on pinned floors.

The matching rules are those of the contract's independent scorer (``shared/tools/score.py``):
officials by normalised name, documents by canonical number, terms by year pair, congresses by
ordinal, counts by (measure, value) as a multiset; organisations by content-word overlap.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

STOP = {"the", "of", "party", "committee", "s", "and", "a", "'s", "in", "for", "on", "to"}
FACT_FIELDS = ("officials", "documents", "terms", "congresses", "counts")
RATIOS = ("keep", "drop", "title", "date", "otitle", "ddate", "corg", "cqual", "ctarget")


def norm(s: object) -> str:
    """Lower case, no diacritics (đ → d), punctuation to spaces."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFKD", str(s).replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^\w/ -]", " ", s.lower())).strip()


def content_words(s: object) -> set[str]:
    return {t for t in re.split(r"[\s/-]+", norm(s)) if t and t not in STOP}


def document_key(s: object) -> str:
    return re.sub(r"\s+", "", norm(s)).upper()


def org_match(a: object, b: object) -> bool:
    """Two organisation names share at least 60% of the shorter one's content words."""
    ca, cb = content_words(a), content_words(b)
    return bool(ca and cb) and len(ca & cb) / min(len(ca), len(cb)) >= 0.6


def title_match(predicted: object, gold: str) -> bool:
    g = content_words(gold.split(";")[0])
    return bool(g) and len(g & content_words(predicted or "")) / len(g) >= 0.7


class Tally:
    """Running counts for one set of articles."""

    def __init__(self):
        self.prf = {k: [0, 0, 0] for k in (*FACT_FIELDS, "organisations")}
        self.ok = Counter()
        self.total = Counter()
        self.org_pred = self.org_good = 0
        self.notes: list[str] = []

    def ratio(self, name: str, ok: bool) -> None:
        self.total[name] += 1
        self.ok[name] += bool(ok)

    def add(self, field: str, tp: int, n_pred: int, n_gold: int) -> None:
        self.prf[field] = [a + b for a, b in zip(self.prf[field], (tp, n_pred, n_gold))]

    def score_article(self, aid: str, record: dict | None, gold: dict) -> None:
        if record is None:
            self.notes.append(f"missing record {aid}")
            record = {}
        text = record.get("text") or ""
        for s in gold.get("must_contain", []):
            self.ratio("keep", s in text)
            if s not in text:
                self.notes.append(f"{aid}: lost content {s[:50]!r}")
        for s in gold.get("must_not_contain", []):
            self.ratio("drop", s not in text)
            if s in text:
                self.notes.append(f"{aid}: kept boilerplate {s[:50]!r}")
        if gold.get("title") is not None:
            self.ratio("title", norm(record.get("title")) == norm(gold["title"]))
        if gold.get("published") is not None:
            self.ratio("date", (record.get("published") or "")[:10] == gold["published"])

        po = {norm(o.get("name")): o for o in record.get("officials") or []}
        go = {norm(o["name"]): o for o in gold["officials"]}
        self.add("officials", len(set(po) & set(go)), len(po), len(go))
        for name in sorted(set(po) & set(go)):
            ok = title_match(po[name].get("title"), go[name]["title"])
            self.ratio("otitle", ok)
            if not ok:
                self.notes.append(f"{aid}: title of {name}: {po[name].get('title')!r} vs {go[name]['title']!r}")
        self.notes += [f"{aid}: extra official {n!r}" for n in sorted(set(po) - set(go))]
        self.notes += [f"{aid}: missed official {n!r}" for n in sorted(set(go) - set(po))]

        pd = {document_key(d.get("number")): d for d in record.get("documents") or []}
        gd = {document_key(d["number"]): d for d in gold["documents"]}
        self.add("documents", len(set(pd) & set(gd)), len(pd), len(gd))
        for n in sorted(set(pd) & set(gd)):
            if gd[n].get("date"):
                self.ratio("ddate", (pd[n].get("date") or "")[:10] == gd[n]["date"])
        self.notes += [f"{aid}: document {'extra' if n in pd else 'missed'} {n}" for n in sorted(set(pd) ^ set(gd))]

        pt = {(t.get("start_year"), t.get("end_year")) for t in record.get("terms") or []}
        gt = {tuple(t) for t in gold["terms"]}
        self.add("terms", len(pt & gt), len(pt), len(gt))
        self.notes += [f"{aid}: term {'extra' if t in pt else 'missed'} {t}" for t in sorted(pt ^ gt)]

        pc = {c.get("ordinal") for c in record.get("congresses") or []}
        gc = {c["ordinal"] for c in gold["congresses"]}
        self.add("congresses", len(pc & gc), len(pc), len(gc))
        self.notes += [f"{aid}: congress {'extra' if c in pc else 'missed'} {c}" for c in sorted(pc ^ gc)]

        self._score_counts(aid, record.get("counts") or [], gold["counts"])

        porgs = sorted({o.get("name") for o in record.get("organisations") or [] if o.get("name")})
        self.prf["organisations"][0] += sum(any(org_match(p, g) for p in porgs) for g in gold["organisations"])
        self.prf["organisations"][2] += len(gold["organisations"])
        self.org_pred += len(porgs)
        for p in porgs:
            good = any(org_match(p, g) for g in gold["organisations"])
            self.org_good += good
            if not good:
                self.notes.append(f"{aid}: extra organisation {p!r}")

    def _score_counts(self, aid: str, predicted: list[dict], gold: list[dict]) -> None:
        pk = [(c.get("measure"), c.get("value")) for c in predicted]
        gk = [(c["measure"], c["value"]) for c in gold]
        self.add("counts", sum((Counter(pk) & Counter(gk)).values()), len(pk), len(gk))
        used: set[int] = set()
        for g in gold:
            for i, p in enumerate(predicted):
                if i in used or (p.get("measure"), p.get("value")) != (g["measure"], g["value"]):
                    continue
                used.add(i)
                ok = org_match(p.get("org"), g["org"])
                self.ratio("corg", ok)
                self.ratio("cqual", (p.get("qualifier") or "exact") == g.get("qualifier", "exact"))
                self.ratio("ctarget", bool(p.get("is_target")) == bool(g.get("is_target")))
                if not ok:
                    self.notes.append(f"{aid}: count {g['measure']}={g['value']} org {p.get('org')!r} vs {g['org']!r}")
                break
        self.notes += [f"{aid}: extra count {k}" for k in (Counter(pk) - Counter(gk)).elements()]
        self.notes += [f"{aid}: missed count {k}" for k in (Counter(gk) - Counter(pk)).elements()]

    def result(self) -> dict:
        out: dict = {}
        for name, (tp, n_pred, n_gold) in self.prf.items():
            if name == "organisations":
                n_pred = self.org_pred
                p = self.org_good / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
            else:
                p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
            r = tp / n_gold if n_gold else 1.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[name] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "pred": n_pred, "gold": n_gold}
        for name in RATIOS:
            out[name] = round(self.ok[name] / self.total[name], 3) if self.total[name] else None
        out["macro_f1"] = round(sum(out[k]["f1"] for k in FACT_FIELDS) / len(FACT_FIELDS), 3)
        return out


def load_records(path: str | Path) -> dict[str, dict]:
    records = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[str(record.get("article_id"))] = record
    return records


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(gold_dir).glob("*.json"))}


def gold_language(aid: str, gold: dict, record: dict | None) -> str:
    return gold.get("language") or (record or {}).get("language") or "en"


def evaluate(records: dict[str, dict], golds: dict[str, dict]) -> dict[str, dict]:
    """Scores for all articles and for each language: ``{"all": {...}, "en": {...}, "vi": {...}}``."""
    tallies: dict[str, Tally] = {"all": Tally()}
    for aid, gold in golds.items():
        record = records.get(aid)
        lang = gold_language(aid, gold, record)
        for key in ("all", lang):
            tallies.setdefault(key, Tally()).score_article(aid, record, gold)
    scores = {key: tally.result() for key, tally in tallies.items()}
    scores["notes"] = tallies["all"].notes
    return scores


def metric(scores: dict, path: str) -> float | None:
    """A value addressed as ``"all.officials.f1"`` or ``"en.keep"``."""
    value: object = scores
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, (int, float)) else None


def below_floors(scores: dict, floors: dict[str, float]) -> list[str]:
    """Every pinned metric that the scores fall below, as readable lines."""
    failures = []
    for path, floor in sorted(floors.items()):
        value = metric(scores, path)
        if value is None or value + 1e-9 < floor:
            failures.append(f"{path} = {value} < floor {floor}")
    return failures


def format_scores(scores: dict, keys: Iterable[str] = ("all", "en", "vi")) -> str:
    lines = []
    for key in keys:
        if key not in scores:
            continue
        s = scores[key]
        lines.append(f"[{key}]")
        for name in (*FACT_FIELDS, "organisations"):
            v = s[name]
            lines.append(f"  {name:<14} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}  (tp {v['tp']}, pred {v['pred']}, gold {v['gold']})")
        lines.append("  " + "  ".join(f"{name}={s[name]}" for name in RATIOS))
        lines.append(f"  macro_f1={s['macro_f1']}")
    return "\n".join(lines)
