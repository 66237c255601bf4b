"""Pure Block Kit builders: answers, suggestions, help, escalations and the App Home (the
follow-up checks are in :mod:`bot.slack.check_blocks`).

Every builder returns a :class:`Message` whose fallback ``text`` is always set, built with
slack_sdk's block models and clipped to Block Kit's limits (50 blocks, 3000 characters per
section, 2000 per field, 150 per header, 75 per button label). Text that came from a paste
or from the knowledge base is escaped, so a pasted ``<!channel>`` pings nobody.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.explain import Insights, Problem
from bot.kb.model import Entry
from bot.safety.rotation import rotation_advice
from bot.slack import ids
from bot.store import Stats
from bot.store.state import ButtonValue
from bot.triage import Facts, Match
from bot.triage.match import ANSWER_THRESHOLD

__all__ = [
    "MAX_BLOCKS",
    "Message",
    "answer_message",
    "clip",
    "escalation_message",
    "escape",
    "help_message",
    "home_view",
    "no_match_message",
    "notice",
    "problem_message",
    "secrets_message",
    "usage_message",
]

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_HEADER = 150
MAX_BUTTON = 75
MAX_TEXT = 3000
MAX_SUGGESTIONS = 5
_MAX_VALUE = 200
_HIGH_CONFIDENCE = 90.0
_SLACK_ID = re.compile(r"^[A-Z0-9]{2,30}$")


@dataclass(frozen=True)
class Message:
    """A message ready for ``chat.postMessage`` or ``respond``: fallback text and blocks."""

    text: str
    blocks: list[dict[str, Any]]

    def kwargs(self) -> dict[str, Any]:
        """``text`` and ``blocks`` as keyword arguments."""
        return {"text": self.text, "blocks": self.blocks}


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` the way Slack expects, so nothing in it is a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, never inside an ``&...;`` escape."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&", max(len(cut) - 5, 0))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def _mention(user: str | None) -> str:
    return f"<@{user}>" if user and _SLACK_ID.match(user) else "someone"


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, MAX_SECTION)))


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=clip(" ".join(text.split()), MAX_HEADER))


def _context(*texts: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(t, MAX_FIELD)) for t in texts[:10]])


def _button(label: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=clip(label, MAX_BUTTON), action_id=action_id, value=value[:2000], style=style
    )


def _message(text: str, blocks: Sequence[Block]) -> Message:
    return Message(clip(text, MAX_TEXT), [block.to_dict() for block in blocks[:MAX_BLOCKS]])


def _label(entry: Entry) -> str:
    return f"{entry.provider}:{entry.code}"


def _confidence(score: float) -> str:
    level = "high" if score >= _HIGH_CONFIDENCE else "good" if score >= ANSWER_THRESHOLD else "low"
    return f"confidence {level} ({score:.0f}/100)"


def _numbered(items: Sequence[str]) -> str:
    return "\n".join(f"{i}. {escape(item)}" for i, item in enumerate(items, 1))


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {escape(item)}" for item in items)


def _bundle_lines(entry: Entry, facts: Facts) -> list[str]:
    lines = [f"Error: {_label(entry)} ({entry.title})"]
    codes = [code for _, code in facts.codes]
    for name, values in (
        ("Codes", codes),
        ("Error fields", facts.errors),
        ("HTTP status", [str(s) for s in facts.http_statuses]),
    ):
        if values:
            lines.append(f"{name}: {', '.join(values)}")
    lines += [f"{kind.capitalize()} ID: {value}" for kind, value in facts.ids]
    lines += [f"Timestamp: {stamp}" for stamp in facts.timestamps[:2]]
    return [clip(escape(line), _MAX_VALUE) for line in lines]


def _bundle(entry: Entry, facts: Facts) -> SectionBlock:
    """The error and the extracted facts, as a code block for a ticket with the provider."""
    head = "*Support bundle* (paste it into a ticket with the provider):\n```\n"
    budget = MAX_SECTION - len(head) - 4
    kept: list[str] = []
    for line in _bundle_lines(entry, facts):
        if len(line) + 1 > budget:
            break
        kept.append(line)
        budget -= len(line) + 1
    return _section(head + "\n".join(kept) + "```")


def _match_blocks(match: Match) -> list[Block]:
    entry = match.entry
    links = " · ".join(f"<{escape(url)}|{escape(entry.provider)} docs>" for url in entry.links[:2])
    why = f"*Why this answer:* {escape(match.reason)} · {_confidence(match.score)}"
    return [
        _header(f"{_label(entry)} · {entry.title}"),
        _section(f"*What it means*\n{escape(entry.cause)}"),
        _section(f"*What to do*\n{_numbered(entry.fix)}"),
        _section(f"*Follow-up checks*\n{_bullets(entry.checks)}"),
        _context(*([why, links] if links else [why])),
    ]


def _feedback_buttons(thread_id: int) -> list[ButtonElement]:
    value = ButtonValue(thread_id).encode()
    return [
        _button("Helpful", ids.FEEDBACK_HELPFUL, value),
        _button("Not helpful", ids.FEEDBACK_UNHELPFUL, value),
    ]


def _feedback(thread_id: int, *, share: bool = False) -> ActionsBlock:
    buttons = _feedback_buttons(thread_id)
    if share:
        value = ButtonValue(thread_id).encode()
        buttons.insert(0, _button("Share in channel", ids.SHARE, value, "primary"))
    return ActionsBlock(elements=buttons)


def _fit(groups: Sequence[list[Block]], tail: list[Block]) -> list[Block]:
    """The groups in turn, divided, as many as fit before ``tail`` within the block limit."""
    body: list[Block] = []
    for shown, group in enumerate(groups):
        room = MAX_BLOCKS - len(tail) - len(body) - (1 if body else 0) - 1
        if len(group) > room:
            left = len(groups) - shown
            note = f"{left} more answer{'s' if left > 1 else ''} left out to fit Slack's limits."
            return [*body, _context(note), *tail]
        body += [DividerBlock(), *group] if body else group
    return [*body, *tail]


def _insight_lines(insights: Insights) -> list[str]:
    """Token notes, then how the redirect URI sent differs from the registered one."""
    lines = list(insights.token_notes)
    redirect = insights.redirect
    if redirect and redirect.differences:
        lines.append(
            f"Redirect URI sent: {redirect.sent}; closest registered: {redirect.registered}."
        )
        lines += [f"Difference in {d}." for d in redirect.differences]
    return lines


def answer_message(
    matches: Sequence[Match],
    facts: Facts,
    *,
    thread_id: int,
    share: bool = False,
    note: str | None = None,
    insights: Insights | None = None,
    unsure: bool = False,
) -> Message:
    """The answer to a paste: each match in turn, the support bundle, the first check, feedback.

    ``share`` adds a "Share in channel" button (for answers shown only to the asker);
    ``note`` is a remark of the bot's own, shown above the support bundle; ``insights`` are
    what the paste itself reveals (token claims, redirect-URI differences). ``unsure``
    (a direct ask read with low confidence) shows the first match as the most likely one
    and offers the others as buttons to pick from instead of explaining them all.
    """
    from bot.slack.check_blocks import _check_blocks  # late: check_blocks imports this module

    top = matches[0].entry
    shown = _insight_lines(insights) if insights else []
    lead: list[Block] = []
    others: Sequence[Match] = ()
    prompt = "Or was it one of these?"
    if unsure:
        others, matches = matches[1:], matches[:1]
        code = matches[0].entry.code
        if others and all(m.entry.code.lower() == code.lower() for m in others):
            lead = [_section(f"*Most likely* (`{escape(code)}` is used by several providers):")]
            prompt = "Which provider answered? Pick it to see its own explanation:"
        else:
            lead = [_section(f"*Most likely* (I'm not sure; {_confidence(matches[0].score)}):")]
    tail = [
        *(_pick_blocks(others, thread_id, prompt) if others else []),
        *([_section(f"*What your paste shows*\n{_bullets(shown)}")] if shown else []),
        *([_context(note)] if note else []),
        _bundle(top, facts),
        *_check_blocks(top, 0, thread_id),
        _feedback(thread_id, share=share),
    ]
    blocks = _fit([lead + _match_blocks(m) for m in matches], [DividerBlock(), *tail])
    text = "; ".join(f"{_label(m.entry)}: {m.entry.title}" for m in matches)
    return _message(escape(("Most likely " if unsure else "") + text), blocks)


def escalation_message(
    entry: Entry,
    facts: Facts,
    *,
    ruled_out: Sequence[str],
    user: str | None,
    permalink: str | None,
) -> Message:
    """The summary posted to the escalation channel."""
    where = f" · <{escape(permalink)}|open the thread>" if permalink else ""
    checked = _bullets(ruled_out) if ruled_out else "None: no check was answered."
    return _message(
        escape(f"Escalated: {_label(entry)} {entry.title}"),
        [
            _header(f"Escalated: {_label(entry)}"),
            _section(f"{escape(entry.title)}\n\nRaised by {_mention(user)}{where}"),
            _section(f"*Checks ruled out*\n{checked}"),
            _bundle(entry, facts),
        ],
    )


def _pick_blocks(candidates: Sequence[Match], thread_id: int, prompt: str) -> list[Block]:
    """A prompt and one button per candidate; a click explains that candidate."""
    buttons = [
        _button(
            f"{_label(m.entry)} {m.entry.title}",
            f"{ids.SUGGESTION}_{i}",
            ButtonValue(thread_id, m.entry.id).encode(),
        )
        for i, m in enumerate(candidates[:MAX_SUGGESTIONS])
    ]
    return [_section(prompt), ActionsBlock(elements=buttons)]


def no_match_message(suggestions: Sequence[Match], thread_id: int) -> Message:
    """Nothing confident: say so plainly and offer the closest candidates as buttons."""
    text = "I couldn't match this to a known error with confidence."
    blocks: list[Block] = [_section(text)]
    if suggestions:
        blocks += _pick_blocks(
            suggestions, thread_id, "Closest candidates; pick one to see its explanation:"
        )
    blocks.append(
        _context(
            "Paste the whole error: the code, the `error` and `error_description` fields, "
            "or the URL the browser stopped at."
        )
    )
    return _message(text, blocks)


def _how_to(command: str) -> str:
    return (
        "*How to use me*\n"
        "• Mention me with an error, or mention me in the thread under one.\n"
        "• Send me the error in a direct message.\n"
        f"• `{command} <error text>` answers only you, with a button to share.\n"
        "• On any message: *More actions* > *Explain this error*.\n"
        f"• `{command} watch` in a channel: I reply in threads to errors I recognise; "
        f"`{command} unwatch` stops it."
    )


def usage_message(command: str) -> Message:
    """How to ask, for an empty paste or an empty slash command."""
    return _message(
        f"Paste an OAuth or sign-in error and I'll explain it. Try {command} help.",
        [
            _section("Paste an OAuth or sign-in error and I'll explain it."),
            _section(_how_to(command)),
        ],
    )


def help_message(command: str, providers: Mapping[str, int]) -> Message:
    """What the bot knows (entries per provider) and how to use it."""
    total = sum(providers.values())
    known = ", ".join(f"{escape(p)} ({n})" for p, n in sorted(providers.items()))
    return _message(
        f"I know {total} errors. {command} <error text> explains one.",
        [
            _section(f"*What I know*\n{total} errors: {known or 'none loaded yet'}."),
            _section(_how_to(command)),
        ],
    )


def problem_message(problem: Problem, length: int, limit: int) -> Message:
    """A polite answer to a paste that cannot be read: too long, binary, or empty."""
    texts = {
        Problem.TOO_LONG: (
            f"That paste is {length:,} characters; I read at most {limit:,}. Paste just the "
            "error: the message, the error code and the lines around it."
        ),
        Problem.BINARY: (
            "That looks like binary data rather than an error message. Paste the error text "
            "instead (copy it from the log, the browser or the terminal)."
        ),
    }
    text = texts.get(problem, "Paste an OAuth or sign-in error and I'll explain it.")
    return _message(text, [_section(text)])


def notice(text: str) -> Message:
    """A one-section message; ``text`` is mrkdwn written by the bot, not by users."""
    return _message(text, [_section(text)])


def secrets_message(kinds: Sequence[str]) -> Message:
    """The private note to someone whose paste held secrets: kinds, never values, and where
    to rotate each."""
    text = (
        f"Your paste contained secrets ({escape(', '.join(kinds))}). I removed them before "
        "reading, storing or posting anything, but your message is now in the channel's "
        "history for everyone in it: delete or edit it, and rotate those credentials."
    )
    advice = _bullets(rotation_advice(kinds))
    return _message(text, [_section(f":warning: {text}"), _section(f"*Where to rotate*\n{advice}")])


def home_view(stats: Stats, titles: Mapping[str, str], command: str) -> dict[str, Any]:
    """The App Home tab: the last 7 days at a glance, and how to use the bot."""
    top = "\n".join(
        f"{i}. `{escape(key)}` {escape(titles.get(key, ''))} ({n})"
        for i, (key, n) in enumerate(stats.top, 1)
    )
    fields = [
        f"*Answers*\n{stats.answers}",
        f"*Unmatched pastes*\n{stats.unmatched}",
        f"*Helpful*\n{stats.helpful}",
        f"*Not helpful*\n{stats.not_helpful}",
        f"*Escalations*\n{stats.escalations}",
    ]
    blocks: list[Block] = [
        _header("OAuth error triage"),
        _section("*The last 7 days*"),
        SectionBlock(fields=[MarkdownTextObject(text=clip(f, MAX_FIELD)) for f in fields]),
        _section(f"*Most frequent errors*\n{top or 'None yet.'}"),
        DividerBlock(),
        _section(_how_to(command)),
    ]
    return View(type="home", blocks=blocks).to_dict()
