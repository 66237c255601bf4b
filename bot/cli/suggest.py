"""``python -m bot kb suggest``: what the store's unmatched and corrected pastes suggest adding
to the knowledge, clustered as the App Home's curator view shows them, printed as draft YAML
for review (nothing is written). Exit status 0, also when there is nothing to suggest."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.cli.errors import load_knowledge_or_exit
from bot.config import DEFAULT_DATABASE_URL
from bot.kb.curated import dump, extension
from bot.store import StoreError, open_engine
from bot.store.clusters import Cluster, cluster
from bot.store.corrections import Corrections
from bot.store.wording import template

__all__ = ["suggest"]

_TABLES = ("unmatched", "corrections")


def _missing_sqlite_file(url: str) -> str | None:
    """The SQLite file ``url`` names when it does not exist (opening it would create it)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return None if Path(database).exists() else database


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _draft(number: int, found: Cluster) -> dict[str, Any]:
    """A new entry to fill in, titled with the cluster's wording."""
    return {
        "id": f"draft-{number}",
        "provider": "TODO",
        "code": "TODO",
        "title": template(found.text),
        "cause": "TODO: why it happens, in your own words.",
        "fix": ["TODO: the first step to try."],
        "checks": ["TODO: a question that narrows the cause down."],
    }


def _comment(found: Cluster, key: str | None) -> str:
    kinds = [sample.ref[0] for sample in found.samples]
    parts = [f"{kinds.count('u')} unmatched"] if "u" in kinds else []
    if "c" in kinds:
        parts.append(f"{kinds.count('c')} corrected" + (f" to {key}" if key else ""))
    lines = [f"# {found.size} paste(s) worded like this ({', '.join(parts)})"]
    lines += [f"# described as: {_one_line(text)[:200]}" for text in found.descriptions[:3]]
    return "\n".join(lines)


def suggest(args: argparse.Namespace) -> int:
    """Print the store's clusters as draft YAML; one line saying why when there are none."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    missing = _missing_sqlite_file(url)
    if missing is not None:
        print(f"nothing to suggest: there is no store at {missing} (DATABASE_URL)")
        return 0
    try:
        engine = open_engine(url)
    except StoreError as err:
        print(f"nothing to suggest: cannot read the store ({err})")
        return 0
    try:
        present = set(inspect(engine).get_table_names())
        if not set(_TABLES) <= present:
            print("nothing to suggest: the store has no corrections yet (start the bot once)")
            return 0
        samples = Corrections(engine).samples()
    except SQLAlchemyError as err:
        print(f"nothing to suggest: cannot read the store ({type(err).__name__})")
        return 0
    finally:
        engine.dispose()
    if not samples:
        print("nothing to suggest: the store holds no unmatched or corrected pastes")
        return 0
    by_id = {entry.id: entry for entry in load_knowledge_or_exit().entries}
    clusters = cluster(samples)
    shown = clusters[: args.limit]
    print(
        f"# {len(samples)} redacted paste(s) in {len(clusters)} cluster(s), most frequent first"
        f"{f'; the first {len(shown)}' if len(shown) < len(clusters) else ''}. Nothing was "
        "written: review, then add what is right to a KNOWLEDGE_PATH folder."
    )
    for number, found in enumerate(shown, 1):
        entry = by_id.get(found.entry_id or "")
        item = (
            extension(entry.id, aliases=[template(found.text)]) if entry else _draft(number, found)
        )
        print()
        print(_comment(found, entry.key if entry else None))
        print(dump([item]), end="")
    return 0
