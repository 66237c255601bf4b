"""Pure Block Kit builders for the follow-up checks, asked one at a time as questions with
"This is it" / "Not this", and what the answer leads to: the fix, or every check ruled out.

The checks hold one region of the answer message: the blocks whose ``block_id`` starts with
:data:`~bot.slack.ids.CHECK_BLOCK`. Each answer rebuilds that region (:func:`next_step`) and
:func:`replace_checks` swaps it into the message, which is updated in place. A region is
never longer than the first check's two blocks, so the message stays within Block Kit's
limits. The ``*_message`` builders give each step as a message of its own, for when the
answer cannot be updated. Built like :mod:`bot.slack.blocks`, with its helpers and limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.kb.model import Entry
from bot.slack import ids
from bot.slack.blocks import (
    MAX_SECTION,
    Message,
    _bundle,
    _button,
    _feedback,
    _feedback_buttons,
    _message,
    _numbered,
    clip,
    escape,
)
from bot.store.state import ButtonValue, ThreadStatus
from bot.triage import Facts

__all__ = [
    "Step",
    "check_message",
    "confirmed_message",
    "exhausted_message",
    "is_check_block",
    "next_step",
    "replace_checks",
]

#: At most this much of one check is shown among the ruled-out ones.
_MAX_RULED_OUT = 300
_MAX_QUESTION = 1500
_CHECK_BUTTONS = (ids.CHECK_CONFIRM, ids.CHECK_NEXT)


def is_check_block(block: Mapping[str, Any]) -> bool:
    """Whether ``block`` (as Slack returns it) belongs to the checks' region."""
    return str(block.get("block_id", "")).startswith(f"{ids.CHECK_BLOCK}_")


def _block_id(index: int, part: str) -> str:
    """A new id for each step, as Slack asks of blocks in an updated message."""
    return f"{ids.CHECK_BLOCK}_{index}_{part}"


def _part(index: int, part: str, text: str) -> SectionBlock:
    return SectionBlock(
        block_id=_block_id(index, part), text=MarkdownTextObject(text=clip(text, MAX_SECTION))
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _ruled_out(entry: Entry, count: int, budget: int) -> list[str]:
    """The first ``count`` checks, each answered "not this", as many as fit ``budget``."""
    lines: list[str] = []
    for i, check in enumerate(entry.checks[:count]):
        line = f"• {clip(escape(_one_line(check)), _MAX_RULED_OUT)} _Not this._"
        if len(line) + 1 > budget:
            lines.append(f"• …and {count - i} more, not this either.")
            break
        lines.append(line)
        budget -= len(line) + 1
    return lines


def _heading(entry: Entry, index: int) -> str:
    return f"*Check {index + 1} of {len(entry.checks)}* for `{escape(entry.shown_key)}`"


def _check_blocks(entry: Entry, index: int, thread_id: int) -> list[Block]:
    """Check ``index`` as a question, after the ones already ruled out, with the buttons."""
    value = ButtonValue(thread_id, str(index)).encode()
    head = _heading(entry, index)
    question = f">{clip(escape(_one_line(entry.checks[index])), _MAX_QUESTION)}"
    ruled = _ruled_out(entry, index, MAX_SECTION - len(head) - len(question) - 40)
    return [
        _part(index, "ask", "\n".join([head, *ruled, question])),
        ActionsBlock(
            block_id=_block_id(index, "answer"),
            elements=[
                _button("This is it", ids.CHECK_CONFIRM, value, "primary"),
                _button("Not this", ids.CHECK_NEXT, value),
            ],
        ),
    ]


def _found_blocks(entry: Entry, index: int) -> list[Block]:
    """The check that found the cause, and the fix."""
    where = f"check {index + 1} of {len(entry.checks)} for `{escape(entry.shown_key)}`"
    check = clip(escape(_one_line(entry.checks[index])), _MAX_QUESTION)
    text = f"*Found it* ({where}):\n>{check}\n\n*What to do*\n{_numbered(entry.fix)}"
    return [_part(index, "found", text)]


def _summary(entry: Entry) -> str:
    return f"None of the {len(entry.checks)} checks for {entry.shown_key} found the cause."


def _exhausted(entry: Entry, channel: str | None, *, bundle: str) -> SectionBlock:
    """Every check ruled out, and the way on: escalate, or a ticket with the provider
    including the support bundle (``bundle`` says where it is)."""
    count = len(entry.checks)
    if channel:
        way = (
            f"Escalating posts a summary of this thread to <#{channel}>: the checks ruled out "
            "and the support bundle."
        )
    else:
        way = f"Open a ticket with the provider and include the support bundle ({bundle})."
    head = escape(_summary(entry))
    ruled = _ruled_out(entry, count, MAX_SECTION - len(head) - len(way) - 40)
    return _part(count, "none", "\n".join([head, *ruled, way]))


def _escalate(thread_id: int) -> ButtonElement:
    return _button("Escalate", ids.ESCALATE, ButtonValue(thread_id).encode(), "danger")


def _exhausted_blocks(entry: Entry, thread_id: int, channel: str | None) -> list[Block]:
    blocks: list[Block] = [_exhausted(entry, channel, bundle="*More* shows it")]
    if channel:
        escalate_id = _block_id(len(entry.checks), "escalate")
        blocks.append(ActionsBlock(block_id=escalate_id, elements=[_escalate(thread_id)]))
    return blocks


@dataclass(frozen=True)
class Step:
    """Where the checks stand after an answer: the region for the answer message, and the
    same step as a message of its own."""

    blocks: list[dict[str, Any]]
    message: Message


def next_step(
    entry: Entry,
    facts: Facts,
    *,
    thread_id: int,
    index: int,
    status: ThreadStatus,
    escalation_channel: str | None,
) -> Step:
    """The step a thread is at: check ``index`` asked, confirmed, or every check ruled out."""
    if status is ThreadStatus.CONFIRMED:
        region = _found_blocks(entry, index)
        message = confirmed_message(entry, index, thread_id)
    elif status is ThreadStatus.OPEN and index < len(entry.checks):
        region = _check_blocks(entry, index, thread_id)
        message = check_message(entry, index, thread_id)
    else:
        region = _exhausted_blocks(entry, thread_id, escalation_channel)
        message = exhausted_message(entry, facts, thread_id, escalation_channel=escalation_channel)
    return Step([block.to_dict() for block in region], message)


def _span(blocks: Sequence[Mapping[str, Any]]) -> tuple[int, int] | None:
    """Where the checks' region is in ``blocks``: first and last index, or None."""
    found = [i for i, block in enumerate(blocks) if is_check_block(block)]
    if found:
        return found[0], found[-1]
    for i, block in enumerate(blocks):  # sent before the region had block ids
        elements = (block.get("elements") or []) if block.get("type") == "actions" else []
        if any(e.get("action_id") in _CHECK_BUTTONS for e in elements):
            return (i - 1 if i and blocks[i - 1].get("type") == "section" else i), i
    return None


def replace_checks(
    blocks: Sequence[Mapping[str, Any]], region: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]] | None:
    """``blocks`` with their checks' region replaced by ``region``; None when they hold none."""
    span = _span(blocks)
    if span is None:
        return None
    kept = [dict(block) for block in blocks]
    return [*kept[: span[0]], *map(dict, region), *kept[span[1] + 1 :]]


def check_message(entry: Entry, index: int, thread_id: int) -> Message:
    """Check ``index`` on its own, with "This is it" / "Not this"."""
    text = f"Check {index + 1} of {len(entry.checks)}: {entry.checks[index]}"
    return _message(escape(text), _check_blocks(entry, index, thread_id))


def confirmed_message(entry: Entry, index: int, thread_id: int) -> Message:
    """The fix for the cause a check confirmed, on its own."""
    return _message(
        escape(f"Found it: {entry.checks[index]}"),
        [*_found_blocks(entry, index), _feedback(thread_id)],
    )


def exhausted_message(
    entry: Entry, facts: Facts, thread_id: int, *, escalation_channel: str | None
) -> Message:
    """Every check ruled out, on its own: the support bundle and, when configured, an offer
    to escalate."""
    buttons = [
        *([_escalate(thread_id)] if escalation_channel else []),
        *_feedback_buttons(thread_id),
    ]
    blocks = [
        _exhausted(entry, escalation_channel, bundle="below"),
        _bundle(entry, facts),
        ActionsBlock(elements=buttons),
    ]
    return _message(escape(_summary(entry)), blocks)
