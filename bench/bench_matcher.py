"""Benchmark the matcher: load time, per-paste latency by size, and dev-set accuracy.

    python bench/bench_matcher.py [--cases tests/data/dev_cases.jsonl]

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stats import percentile
from bot.explain import explain
from bot.triage import Triager

ROOT = Path(__file__).resolve().parent.parent


#: Short texts with exact evidence: a code or error string however typed.
EXACT = [
    "AADSTS50011",
    "getting aadsts 50011 on login",
    "okta e0000004",
    "zoom 4733",
    "redirect_uri_mismatch",
    "Error 400: redirect_uri_mismatch",
    "BrowserAuthError: interaction_in_progress",
    "IDX10223: Lifetime validation failed",
]
#: Short asked texts in people's own words: no code, so they reach every stage.
OWN_WORDS = [
    "login loop after MFA",
    "Wrong reply URL",
    "the consent screen says needs admin approval",
    "google refresh token stops working after 7 days",
    "Invalid Scope at Okta Login",
    "az login fails due to MFA",
    "msal popup blocked in safari",
    "nextauth sign in with google after github fails",
]


def timed(triager: Triager, texts: list[str], repeat: int, *, asked: bool = False) -> list[float]:
    samples = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            triager.triage(text, asked=asked)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def padded(cases: list[dict], size: int, rng: random.Random) -> list[str]:
    """Pastes of about ``size`` characters: a real case surrounded by log noise."""
    noise = [c["text"] for c in cases if not c["expect"]] or ["INFO request finished in 12 ms"]
    out = []
    for case in cases:
        text = case["text"]
        while len(text) < size:
            text = rng.choice(noise) + "\n" + text + "\n" + rng.choice(noise)
        out.append(text[:size])
    return out


def hostile(rng: random.Random) -> list[str]:
    """Worst cases for regular expressions and the index: long runs, nesting, noise."""
    return [
        '"' * 40_000,
        "[" * 20_000 + "]" * 20_000,
        '\\"' * 20_000,
        "client_secret=" * 3_000,
        "code " * 8_000,
        "-----BEGIN PRIVATE KEY-----" * 1_400,
        "y" * 40_000,
        "a_" * 20_000,
        "".join(rng.choice(string.printable) for _ in range(40_000)),
        bytes(rng.randrange(256) for _ in range(40_000)).decode("latin-1"),
    ]


def accuracy(triager: Triager, cases: list[dict]) -> str:
    top1 = top3 = positives = negatives = false_answers = 0
    for case in cases:
        keys = [m.key for m in triager.triage(case["text"]).matches]
        expect = [e.lower() for e in case["expect"]]
        if not expect:
            if not case.get("borderline"):
                negatives += 1
                false_answers += bool(keys)
            continue
        positives += 1
        top1 += bool(keys[:1] and keys[0] in expect)
        top3 += any(k in expect for k in keys[:3])
    return (
        f"top1={top1 / positives:.3f} top3={top3 / positives:.3f} "
        f"fp={false_answers / max(negatives, 1):.3f} (n={positives}, negatives={negatives})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "data" / "dev_cases.jsonl")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.cases.read_text().splitlines() if line.strip()]

    for label, cache in (("cold, no cache", "off"), ("warm cache", None)):
        if cache:
            os.environ["KNOWLEDGE_CACHE_DIR"] = cache
        else:
            os.environ.pop("KNOWLEDGE_CACHE_DIR", None)
            Triager.load()  # make sure the cache exists
        started = time.perf_counter()
        triager = Triager.load()
        load_ms = (time.perf_counter() - started) * 1000
        print(
            f"knowledge load+index ({label}): {load_ms:.0f} ms, "
            f"{len(triager.index.entries)} entries"
        )
    tracemalloc.start()
    Triager.load()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory while loading: {peak / 2**20:.1f} MiB")

    rng = random.Random(7)
    texts = [c["text"] for c in cases]
    timed(triager, texts, 1)  # warm up
    samples = timed(triager, texts, 5)
    print(
        f"dev pastes (as is):  p50={statistics.median(samples):.2f} ms  "
        f"p99={percentile(samples, 0.99):.2f} ms"
    )
    for label, short in (("exact evidence", EXACT), ("own words, asked", OWN_WORDS)):
        timed(triager, short, 1, asked=True)
        samples = timed(triager, short, 20, asked=True)
        print(
            f"short texts, {label:16}: p50={statistics.median(samples):.2f} ms  "
            f"p99={percentile(samples, 0.99):.2f} ms"
        )
    for size in (1_000, 4_000, 40_000):
        samples = timed(triager, padded(cases, size, rng), 1 if size > 4_000 else 3)
        print(
            f"pastes of {size:>6} chars: p50={statistics.median(samples):.2f} ms  "
            f"p99={percentile(samples, 0.99):.2f} ms  max={max(samples):.2f} ms"
        )
    worst = 0.0
    for text in hostile(rng):
        started = time.perf_counter()
        explain(triager, text)
        worst = max(worst, (time.perf_counter() - started) * 1000)
    print(f"hostile 40,000-char pastes (redact + match): worst {worst:.2f} ms")
    print("dev set:", accuracy(triager, cases))


if __name__ == "__main__":
    main()
