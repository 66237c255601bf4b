"""The App Home's corrections section, and the curator's clicks in it: the section for a
person (curators as :mod:`bot.slack.admins` says), swapping it in a published Home view,
and writing what a curator adds to the organisation's knowledge folder."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.kb import KnowledgeError, KnowledgeSource
from bot.kb.curated import add
from bot.slack.admins import is_curator
from bot.slack.blocks import escape
from bot.slack.correction_blocks import MAX_CLUSTERS, SECTION_PREFIX, corrections_home
from bot.slack.services import Services
from bot.store.clusters import Cluster, cluster
from bot.store.corrections import Corrections

__all__ = [
    "Written",
    "clusters_of",
    "corrections_section",
    "find_cluster",
    "org_folders",
    "refresh_section",
    "write",
]

log = logging.getLogger(__name__)


def clusters_of(found: Services) -> list[Cluster]:
    """The store's unmatched and corrected pastes, clustered."""
    return cluster(Corrections(found.store.engine).samples())


def find_cluster(found: Services, ref: str) -> Cluster | None:
    """The cluster holding the sample ``ref`` now, if any."""
    return next((c for c in clusters_of(found) if any(s.ref == ref for s in c.samples)), None)


def _open(found: Services, clusters: Sequence[Cluster]) -> list[Cluster]:
    """The clusters still to review: a group of only unmatched pastes that the knowledge as
    loaded now answers with confidence (someone added it) is left out."""
    triager = found.triager
    kept: list[Cluster] = []
    for group in clusters:
        if len(kept) >= MAX_CLUSTERS:
            break
        unmatched = all(sample.ref.startswith("u") for sample in group.samples)
        if not (unmatched and triager.triage(group.text).matches):
            kept.append(group)
    return kept


def corrections_section(
    found: Services,
    client: WebClient,
    user: str,
    *,
    chosen: Mapping[str, str] | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """The Home's corrections section for ``user``: the 7-day count, and for curators the
    clusters to review."""
    corrected = Corrections(found.store.engine).corrected(days=7)
    if not is_curator(found, client, user):
        return corrections_home(corrected)
    return corrections_home(
        corrected,
        clusters=_open(found, clusters_of(found)),
        entries=found.triager.index.by_id,
        chosen=chosen,
        status=status,
    )


def refresh_section(
    client: WebClient, view: Mapping[str, Any], section: Sequence[dict[str, Any]]
) -> None:
    """Replace the corrections section of the published Home ``view`` with ``section``,
    leaving the other sections as they are (``views.update``)."""
    blocks = list(view.get("blocks") or [])
    ours = [
        i for i, b in enumerate(blocks) if str(b.get("block_id", "")).startswith(SECTION_PREFIX)
    ]
    at = ours[0] if ours else len(blocks)
    kept = [b for b in blocks if not str(b.get("block_id", "")).startswith(SECTION_PREFIX)]
    updated = {"type": "home", "blocks": kept[:at] + list(section) + kept[at:]}
    try:
        client.views_update(view_id=view["id"], view=updated)
    except (SlackApiError, OSError, KeyError) as err:
        log.warning("views.update failed: %s", err)


def org_folders(found: Services) -> list[Path] | None:
    """The knowledge folders the bot serves, when the last is an organisation's one
    (``KNOWLEDGE_PATH``) where curated knowledge can be written; else None."""
    engine = found.engine
    folders = engine.folders if isinstance(engine, KnowledgeSource) else []
    return folders if len(folders) > 1 else None


@dataclass(frozen=True)
class Written:
    """What a curator's addition came to: the file written, or why nothing was."""

    path: Path | None
    #: Why nothing was written (the validator's ``file:line`` problems), plain text.
    problems: tuple[str, ...] = ()

    def status(self) -> str:
        """What to tell the curator, as mrkdwn."""
        if self.path is not None:
            shown = escape(str(self.path))
            return f"Written to `{shown}` and validated; I answer with it within seconds."
        listed = "\n".join(f"• `{escape(problem)}`" for problem in self.problems[:5])
        return f"Not written:\n{listed}"


def write(found: Services, item: Mapping[str, Any]) -> Written:
    """Add ``item`` to the organisation's ``curated.yaml`` once the knowledge with it
    validates (``kb validate``'s checks); nothing is written otherwise."""
    folders = org_folders(found)
    if folders is None:
        return Written(
            None,
            (
                "there is no organisation knowledge folder; set KNOWLEDGE_PATH to a folder "
                "of your own and restart me",
            ),
        )
    try:
        return Written(add(item, folders=folders))
    except KnowledgeError as err:
        return Written(None, tuple(f"it would not validate: {p}" for p in err.problems))
    except OSError as err:
        return Written(None, (f"{type(err).__name__} writing to {folders[-1]}",))
