"""``python -m bot lookup``: the matcher at a terminal, and the batch JSON the graders read."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from typing import Any, TextIO

from bot.cli.errors import load_triager_or_exit
from bot.cli.report import format_explanation
from bot.explain import Explanation, explain
from bot.triage import Match, Triager

__all__ = ["register", "triage_json"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``lookup`` command."""
    parser = commands.add_parser("lookup", help="explain an error text")
    parser.add_argument("text", nargs="*", help="the pasted error (or read stdin when omitted)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a report")
    parser.add_argument(
        "--asked",
        action="store_true",
        help="with --json: answer as to a direct ask (the readable report always does)",
    )
    parser.add_argument(
        "--jsonl", metavar="FILE", help='read JSON Lines {"id", "text"} from FILE ("-" for stdin)'
    )
    parser.set_defaults(run=run)


def _match_json(match: Match) -> dict[str, Any]:
    entry = match.entry
    return {
        "id": entry.id,
        "provider": entry.provider,
        "code": entry.code,
        "title": entry.title,
        "score": match.score,
        "reason": match.reason,
    }


def triage_json(explanation: Explanation, elapsed_ms: float) -> dict[str, Any]:
    """The interface's JSON shape for one result (without the case ``id``)."""
    result = explanation.triage
    row: dict[str, Any] = {
        "matches": [_match_json(m) for m in result.matches],
        "suggestions": [_match_json(m) for m in result.suggestions],
        "elapsed_ms": round(elapsed_ms, 3),
    }
    if explanation.redacted.secrets:
        row["redacted"] = list(explanation.redacted.kinds)
    if explanation.problem is not None:
        row["problem"] = explanation.problem.value
    return row


def _explain_timed(triager: Triager, text: str, *, asked: bool) -> tuple[Explanation, float]:
    started = time.perf_counter()
    explanation = explain(triager, text, asked=asked)
    return explanation, (time.perf_counter() - started) * 1000


def _batch(triager: Triager, stream: TextIO) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            text = case["text"]
            if not isinstance(text, str):
                raise TypeError("text must be a string")
        except (ValueError, KeyError, TypeError) as err:
            yield {"id": None, "line": number, "error": f"bad input line: {err}", "matches": []}
            continue
        asked = case.get("asked") is True
        yield {"id": case.get("id"), **triage_json(*_explain_timed(triager, text, asked=asked))}


def _write_batch(triager: Triager, stream: TextIO) -> None:
    triager.triage("warm-up: AADSTS50011 invalid_grant")  # first-call costs stay out of elapsed_ms
    for row in _batch(triager, stream):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(args: argparse.Namespace) -> int:
    triager = load_triager_or_exit()
    if args.jsonl == "-":
        _write_batch(triager, sys.stdin)
        return 0
    if args.jsonl:
        with open(args.jsonl, encoding="utf-8", errors="replace") as stream:
            _write_batch(triager, stream)
        return 0
    text = " ".join(args.text) if args.text else sys.stdin.read()
    explanation, elapsed_ms = _explain_timed(triager, text, asked=args.asked or not args.json)
    if args.json:
        print(json.dumps(triage_json(explanation, elapsed_ms), ensure_ascii=False))
    else:
        print(format_explanation(explanation))
    return 0
