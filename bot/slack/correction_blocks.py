"""Pure Block Kit builders for corrections: the "Wrong error?" modal, the entry search's
options, and the App Home's corrections section with the curator's view of clusters.

Texts from pastes are redacted before they get here and escaped here, so a pasted
``<!channel>`` pings nobody.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    ExternalDataSelectElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.kb import Entry
from bot.slack import ids
from bot.slack.blocks import MAX_BUTTON, MAX_FIELD, MAX_SECTION, clip, escape
from bot.store.clusters import Cluster
from bot.store.wording import template
from bot.triage import plain

__all__ = [
    "DRAFT_FIELDS",
    "MAX_CLUSTERS",
    "NONE_OF_THESE",
    "SECTION_PREFIX",
    "cluster_block",
    "correction_modal",
    "corrections_home",
    "draft_modal",
    "draft_written",
    "entry_options",
    "entry_search",
]

#: The option value of "None of these" in the correction modal's search.
NONE_OF_THESE = "none"
#: The ``block_id`` prefix of every block of the Home's corrections section.
SECTION_PREFIX = "corrections_"
#: Clusters shown in the curator's view (a Home view holds at most 100 blocks).
MAX_CLUSTERS = 10
#: Options returned for one search (Slack shows at most 100).
MAX_OPTIONS = 20
_OPTION_TEXT = 75
_EXAMPLE_CHARS = 600


def _option(entry: Entry) -> Option:
    label = clip(f"{entry.shown_key} {plain(entry.title)}", _OPTION_TEXT)
    return Option(value=entry.id, text=PlainTextObject(text=label, emoji=False))


def _none_option() -> Option:
    return Option(value=NONE_OF_THESE, text=PlainTextObject(text="None of these", emoji=False))


def entry_search(entries: Sequence[Entry], query: str, *, limit: int = MAX_OPTIONS) -> list[Entry]:
    """Entries whose key or title holds every word of ``query``, exact keys first, then keys
    that start with it, then the rest in knowledge order."""
    words = query.lower().split()
    wanted = " ".join(words)
    if not words:
        return []
    ranked: list[tuple[int, int, Entry]] = []
    for order, entry in enumerate(entries):
        haystack = f"{entry.key} {entry.id} {plain(entry.title).lower()}"
        if all(word in haystack for word in words):
            rank = 0 if entry.key == wanted else 1 if entry.key.startswith(wanted) else 2
            ranked.append((rank, order, entry))
    ranked.sort(key=lambda item: item[:2])
    return [entry for _, _, entry in ranked[:limit]]


def entry_options(
    entries: Sequence[Entry], query: str, *, none_of_these: bool = False
) -> list[dict[str, Any]]:
    """The options answering a ``block_suggestion``: matching entries (and "None of these"
    last, for the correction modal)."""
    found = [_option(entry) for entry in entry_search(entries, query)]
    if none_of_these:
        found.append(_none_option())
    return [option.to_dict() for option in found]


def correction_modal(thread_id: int, wrong: Entry | None) -> dict[str, Any]:
    """The "Wrong error?" modal: search for the right entry (or "None of these"), or
    describe it. ``private_metadata`` is the answer's thread id."""
    shown = (
        f"`{escape(wrong.shown_key)}` {escape(clip(plain(wrong.title), 150))}" if wrong else "that"
    )
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"I answered {shown}. Which error was it? Pick it, or tell me what it is; "
                "I'll answer the same paste with it from now on."
            )
        ),
        InputBlock(
            block_id=ids.CORRECTION_ENTRY,
            label="The right error",
            optional=True,
            element=ExternalDataSelectElement(
                action_id=ids.CORRECTION_ENTRY,
                placeholder="Search by code or words (e.g. AADSTS50011)",
                min_query_length=2,
            ),
        ),
        InputBlock(
            block_id=ids.CORRECTION_TEXT,
            label="Or describe it",
            optional=True,
            element=PlainTextInputElement(
                action_id=ids.CORRECTION_TEXT,
                multiline=True,
                max_length=2000,
                placeholder="What the error really was, or what fixed it",
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=ids.CORRECTION_MODAL,
        private_metadata=str(thread_id),
        title="Wrong error?",
        submit="Send",
        close="Cancel",
        blocks=blocks,
    ).to_dict()


def cluster_block(ref: str) -> str:
    """The ``block_id`` of the actions of the cluster ``ref``."""
    return f"{SECTION_PREFIX}curate_{ref}"


def _cluster_blocks(
    cluster: Cluster, titles: Mapping[str, Entry], chosen: str | None
) -> list[Block]:
    """One cluster: how often, an example (redacted), what people said, and the actions."""
    example = escape(clip(cluster.text, _EXAMPLE_CHARS)).replace("```", "'''")
    kinds = [s.ref[0] for s in cluster.samples]
    counts = []
    if kinds.count("u"):
        counts.append(f"{kinds.count('u')} unmatched")
    if kinds.count("c"):
        counts.append(f"{kinds.count('c')} corrected")
    lines = [f"*{cluster.size}×* ({', '.join(counts)})\n```{example}```"]
    notes = [f"Described as: {escape(clip(text, 200))}" for text in cluster.descriptions[:2]]
    if cluster.entry_id and cluster.entry_id in titles:
        notes.insert(0, f"Corrected to `{escape(titles[cluster.entry_id].shown_key)}`")
    entry = titles.get(chosen or "") if chosen else None
    select = ExternalDataSelectElement(
        action_id=ids.CURATE_ENTRY,
        placeholder="Pick the entry…",
        min_query_length=2,
        initial_option=_option(entry) if entry else None,
    )
    value = f"{cluster.ref}:{entry.id}" if entry else cluster.ref
    target = f" to {entry.shown_key}" if entry else ""
    buttons = [
        ButtonElement(
            text=clip(f"Add as alias{target}", MAX_BUTTON),
            action_id=ids.CURATE_ALIAS,
            value=value,
            style="primary" if entry else None,
        ),
        ButtonElement(
            text=clip(f"Add as symptom{target}", MAX_BUTTON),
            action_id=ids.CURATE_SYMPTOM,
            value=value,
        ),
        ButtonElement(text="Draft a new entry", action_id=ids.CURATE_DRAFT, value=cluster.ref),
    ]
    found: list[Block] = [SectionBlock(text=MarkdownTextObject(text=clip(lines[0], MAX_SECTION)))]
    if notes:
        found.append(
            ContextBlock(elements=[MarkdownTextObject(text=clip(n, MAX_FIELD)) for n in notes])
        )
    found.append(ActionsBlock(block_id=cluster_block(cluster.ref), elements=[select, *buttons]))
    return found


def _numbered(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """The blocks as dicts, each with a ``block_id`` of the section (kept where set)."""
    found = []
    for number, block in enumerate(blocks):
        shown = block.to_dict()
        shown.setdefault("block_id", f"{SECTION_PREFIX}{number}")
        found.append(shown)
    return found


def corrections_home(
    corrected: int,
    *,
    clusters: Sequence[Cluster] | None = None,
    entries: Mapping[str, Entry] | None = None,
    chosen: Mapping[str, str] | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """The App Home's corrections section: answers corrected in 7 days for everyone; with
    ``clusters`` (admins only), the curator's view of unmatched and corrected pastes, each
    with the entry search (``chosen``: the entry picked per cluster ref; else the one its
    corrections picked) and its buttons. ``status`` says what the last click did."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=f"*Answers corrected* (last 7 days): {corrected}")
        )
    ]
    if clusters is None:
        return _numbered(blocks)
    by_id = entries or {}
    picks = chosen or {}
    blocks += [
        DividerBlock(),
        HeaderBlock(text="Curator: what I missed"),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Unmatched and corrected pastes (redacted), grouped by wording, most "
                    "frequent first. Nothing is written to the knowledge folder until you "
                    "click; what you add is validated first."
                )
            ]
        ),
    ]
    if status:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(status, MAX_SECTION))))
    if not clusters:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="Nothing to review yet.")))
    for cluster in clusters[:MAX_CLUSTERS]:
        blocks += _cluster_blocks(cluster, by_id, picks.get(cluster.ref) or cluster.entry_id)
    return _numbered(blocks)


#: The draft modal's inputs: (field, label, multiline). Multi-line fields are one item a line.
DRAFT_FIELDS = (
    ("id", "Id (a slug: lower-case, digits, - . _)", False),
    ("provider", "Provider (azure, okta, google... or your own)", False),
    ("code", "Code (the provider's error code)", False),
    ("title", "Title: the literal message", False),
    ("cause", "Why it happens", True),
    ("fix", "Fix steps, one a line", True),
    ("checks", "Checks that narrow it down, one a line", True),
)


def draft_modal(cluster: Cluster) -> dict[str, Any]:
    """The "Draft a new entry" modal, its title filled from the cluster's wording (redacted,
    variable parts as placeholders). ``private_metadata`` is the cluster's ref."""
    notes = "; ".join(cluster.descriptions[:2])
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"A new entry for {cluster.size} paste(s) like this one. It is checked like "
                "`python -m bot kb validate` before it is written to your knowledge folder."
                + (f"\nPeople described it as: {escape(clip(notes, 500))}" if notes else "")
            )
        )
    ]
    for field, label, multiline in DRAFT_FIELDS:
        initial = clip(template(cluster.text), 3000) if field == "title" else None
        blocks.append(
            InputBlock(
                block_id=f"draft_{field}",
                label=label,
                element=PlainTextInputElement(
                    action_id=f"draft_{field}", multiline=multiline, initial_value=initial
                ),
            )
        )
    return View(
        type="modal",
        callback_id=ids.DRAFT_MODAL,
        private_metadata=cluster.ref,
        title="Draft a new entry",
        submit="Validate and write",
        close="Cancel",
        blocks=blocks,
    ).to_dict()


def draft_written(status: str) -> dict[str, Any]:
    """The draft modal once its entry is written: what was done."""
    return View(
        type="modal",
        title="Entry written",
        close="Done",
        blocks=[SectionBlock(text=MarkdownTextObject(text=clip(status, MAX_SECTION)))],
    ).to_dict()
