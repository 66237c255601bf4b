"""The command line: one module per command, each adding its own sub-parser."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import kb, lookup, render, serve

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m bot`` parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Explain pasted OAuth and sign-in errors."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (lookup, kb, render, serve):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        sys.stderr.close()
        return 0
