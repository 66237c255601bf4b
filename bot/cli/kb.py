"""``python -m bot kb``: validate, lint, coverage, stats and suggestions for knowledge authors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.errors import load_entries_or_exit, load_knowledge_or_exit
from bot.cli.suggest import suggest
from bot.kb.authoring import coverage, json_schema, lint, provenance, stats

__all__ = ["register"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``kb`` command and its sub-commands."""
    parser = commands.add_parser("kb", help="check and measure the knowledge base")
    actions = parser.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    actions.add_parser("validate", help="load every entry; file:line errors, exit 1").set_defaults(
        run=_validate
    )
    actions.add_parser("lint", help="entries that would answer badly").set_defaults(run=_lint)
    actions.add_parser("stats", help="entries, aliases and checks per provider").set_defaults(
        run=_stats
    )
    schema = actions.add_parser("schema", help="print the JSON Schema of knowledge files")
    schema.set_defaults(run=_schema)
    cover = actions.add_parser("coverage", help="codes of a reference TSV that have no entry")
    cover.add_argument("tsv", type=Path, help="reference file; first column is the code")
    cover.add_argument("--provider", help="provider of the codes (default: from the file)")
    cover.set_defaults(run=_coverage)
    hints = actions.add_parser(
        "suggest", help="draft YAML from the store's unmatched and corrected pastes"
    )
    hints.add_argument("--limit", type=int, default=20, help="clusters shown (default 20)")
    hints.set_defaults(run=suggest)


def _validate(args: argparse.Namespace) -> int:
    knowledge = load_knowledge_or_exit()
    print(f"ok: {len(knowledge.entries)} entries, {len(knowledge.providers)} providers")
    return 0


def _lint(args: argparse.Namespace) -> int:
    knowledge = load_knowledge_or_exit()
    findings = lint(knowledge.entries, providers=knowledge.providers)
    for finding in findings:
        print(finding)
    print(f"{len(findings)} finding(s)")
    return 1 if findings else 0


def _stats(args: argparse.Namespace) -> int:
    entries = load_entries_or_exit()
    rows = stats(entries)
    print(f"{'provider':<12} {'entries':>7} {'aliases':>7} {'checks':>7}")
    for provider, row in rows.items():
        print(f"{provider:<12} {row['entries']:>7} {row['aliases']:>7} {row['checks']:>7}")
    for name, value in provenance(entries).items():
        shown = f"{value:.0%}" if value <= 1 and name != "entries" else f"{value:.2f}"
        print(f"{name}: {shown}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2))
    return 0


def _coverage(args: argparse.Namespace) -> int:
    if not args.tsv.is_file():
        print(f"error: {args.tsv}: no such file", file=sys.stderr)
        return 2
    knowledge = load_knowledge_or_exit()
    report = coverage(
        knowledge.entries, args.tsv, provider=args.provider, providers=knowledge.providers
    )
    for code in report.missing:
        print(f"missing: {report.provider}:{code}")
    print(
        f"{report.provider}: {report.covered}/{report.total} codes covered ({report.percent:.1f}%)"
    )
    return 0
