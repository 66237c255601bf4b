"""``python -m bot render "paste"``: the exact Block Kit reply the bot would post, as JSON.

Paste the output into Block Kit Builder (https://app.slack.com/block-kit-builder) to see it.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.errors import load_triager_or_exit
from bot.slack.answers import reply_for
from bot.slack.paste import read_paste

__all__ = ["register"]


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``render`` command."""
    parser = commands.add_parser("render", help="print the Block Kit reply for a paste (JSON)")
    parser.add_argument("text", nargs="*", help="the pasted error (or read stdin when omitted)")
    parser.add_argument(
        "--private",
        action="store_true",
        help="the private reply (slash command, shortcut) with its Share button",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    triager = load_triager_or_exit()
    text = " ".join(args.text) if args.text else sys.stdin.read()
    message = reply_for(read_paste(triager, text, asked=True), thread_id=0, share=args.private)
    print(json.dumps(message.kwargs(), indent=2, ensure_ascii=False))
    return 0
