"""Grade the matcher on a labelled case set, through the batch interface graders use.

    python bench/grade.py tests/data/heldout_cases.jsonl [--asked] [--show-misses]

A case is ``{"id", "text", "expect": ["provider:code", ...], "kind", "borderline"}``;
an empty ``expect`` marks a text the bot must not answer (borderline ones are left
out). Prints top1 (first answer is an expected key), top3 (one of the first three
is) over the positive cases, fp (share of negatives answered at all) per kind and
overall, and exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _answers(cases: list[dict[str, Any]], *, asked: bool) -> dict[str, list[str]]:
    """Each case's answer keys, best first, from ``python -m bot lookup --json --jsonl -``."""
    extra = {"asked": True} if asked else {}
    lines = "".join(json.dumps({"id": c["id"], "text": c["text"], **extra}) + "\n" for c in cases)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "lookup", "--json", "--jsonl", "-"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    rows = (json.loads(line) for line in proc.stdout.splitlines() if line.strip())
    return {
        row["id"]: [f"{m['provider']}:{m['code']}".lower() for m in row["matches"]] for row in rows
    }


def _grade(cases: list[dict[str, Any]], answers: dict[str, list[str]]) -> dict[str, list[float]]:
    """Per group (``all`` and ``kind:...``): [positives, top1 hits, top3 hits, negatives, fps]."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for case in cases:
        got = answers.get(case["id"], [])
        expect = {key.lower() for key in case["expect"]}
        if not expect and case.get("borderline"):
            continue
        for group in ("all", f"kind:{case.get('kind', '?')}"):
            row = totals[group]
            if expect:
                row[0] += 1
                row[1] += bool(got[:1] and got[0] in expect)
                row[2] += bool(expect & set(got[:3]))
            else:
                row[3] += 1
                row[4] += bool(got)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--asked", action="store_true", help="send every case as a direct ask")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.cases.open(encoding="utf-8") if line.strip()]
    answers = _answers(cases, asked=args.asked)
    for group, (pos, top1, top3, neg, fps) in sorted(_grade(cases, answers).items()):
        rates = f"top1={top1 / pos:.3f} top3={top3 / pos:.3f}" if pos else "top1=- top3=-"
        print(f"{group:24} n={pos:<4.0f} {rates} fp={fps / neg if neg else 0:.3f} (neg={neg:.0f})")
    if args.show_misses:
        for case in cases:
            got = answers.get(case["id"], [])
            expect = {key.lower() for key in case["expect"]}
            if (expect and got[:1] != [g for g in got[:1] if g in expect]) or (not expect and got):
                print(f"MISS {case['id']}: expected {sorted(expect) or 'silence'}, got {got[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
