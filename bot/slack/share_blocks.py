"""Pure Block Kit builder for an answer shared in a channel: who shared it and the first
line of the paste it answers, above the answer. Built like :mod:`bot.slack.blocks`."""

from __future__ import annotations

import re

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.slack.blocks import MAX_BLOCKS, Message, _mention, clip, escape

__all__ = ["first_line", "shared_message"]

#: How much of the paste's first line is quoted.
MAX_QUOTE = 150
#: Words Slack may turn into a ping when it reads mrkdwn; a word joiner after the ``@`` stops it.
_BROADCAST = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)


def first_line(paste: str) -> str:
    """The paste's first line that is not blank, its whitespace collapsed."""
    return next((" ".join(line.split()) for line in paste.splitlines() if line.strip()), "")


def shared_message(answer: Message, *, user: str | None, paste: str) -> Message:
    """``answer`` led by who shared it and the first line of ``paste`` (redacted), quoted,
    escaped and not parsed, so it pings nobody. A divider makes room at the block limit."""
    quoted = clip(_BROADCAST.sub("@\u2060", escape(first_line(paste))), MAX_QUOTE)
    text = f"Shared by {_mention(user)}" + (f", about:\n>{quoted}" if quoted else ".")
    lead = SectionBlock(text=MarkdownTextObject(text=text, verbatim=True)).to_dict()
    body = list(answer.blocks)
    if len(body) >= MAX_BLOCKS:
        dividers = [i for i, block in enumerate(body) if block.get("type") == "divider"]
        del body[dividers[-1] if dividers else -1]
    return Message(answer.text, [lead, *body[: MAX_BLOCKS - 1]])
