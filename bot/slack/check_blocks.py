"""Pure Block Kit builders for the follow-up checks: a check, the fix it found, or every
check ruled out. Built like :mod:`bot.slack.blocks`, with its helpers and limits."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.kb.model import Entry
from bot.slack import ids
from bot.slack.blocks import (
    Message,
    _bundle,
    _button,
    _context,
    _feedback,
    _feedback_buttons,
    _label,
    _message,
    _numbered,
    _section,
    escape,
)
from bot.store.state import ButtonValue
from bot.triage import Facts

__all__ = ["check_message", "confirmed_message", "exhausted_message"]


def _check_blocks(entry: Entry, index: int, thread_id: int) -> list[Block]:
    value = ButtonValue(thread_id, str(index)).encode()
    question = (
        f"*Check {index + 1} of {len(entry.checks)}* for `{escape(_label(entry))}`\n"
        f"{escape(entry.checks[index])}"
    )
    return [
        _section(question),
        ActionsBlock(
            elements=[
                _button("That's it", ids.CHECK_CONFIRM, value, "primary"),
                _button("Next check", ids.CHECK_NEXT, value),
            ]
        ),
    ]


def check_message(entry: Entry, index: int, thread_id: int) -> Message:
    """The next follow-up check, with "That's it" / "Next check"."""
    text = f"Check {index + 1} of {len(entry.checks)}: {entry.checks[index]}"
    return _message(escape(text), _check_blocks(entry, index, thread_id))


def confirmed_message(entry: Entry, index: int, thread_id: int) -> Message:
    """The fix for the cause a check confirmed."""
    found = f"*Found it:* {escape(entry.checks[index])}"
    return _message(
        escape(f"Found it: {entry.checks[index]}"),
        [
            _section(f"{found}\n\n*What to do*\n{_numbered(entry.fix)}"),
            _feedback(thread_id),
        ],
    )


def exhausted_message(
    entry: Entry, facts: Facts, thread_id: int, *, escalation_channel: str | None
) -> Message:
    """Every check ruled out: the support bundle and, when configured, an offer to escalate."""
    text = f"None of the {len(entry.checks)} checks for {_label(entry)} found the cause."
    blocks: list[Block] = [_section(escape(text)), _bundle(entry, facts)]
    if escalation_channel:
        blocks.append(
            _context(f"Escalating posts a summary of this thread to <#{escalation_channel}>.")
        )
        blocks.append(
            ActionsBlock(
                elements=[
                    _button("Escalate", ids.ESCALATE, ButtonValue(thread_id).encode(), "danger"),
                    *_feedback_buttons(thread_id),
                ]
            )
        )
    else:
        blocks += [_context("Open a ticket with the provider and include the bundle above.")]
        blocks.append(_feedback(thread_id))
    return _message(escape(text), blocks)
