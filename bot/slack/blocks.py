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
from bot.kb.model import Entry, key_of
from bot.safety.rotation import rotation_advice
from bot.slack import ids
from bot.store import Stats
from bot.store.state import ButtonValue
from bot.triage import Facts, Match, fill, plain
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
    """A message ready for ``chat.postMessage`` or ``respond``: fallback text and blocks, and
    Slack message metadata when it is an answer (:mod:`bot.slack.metadata`)."""

    text: str
    blocks: list[dict[str, Any]]
    metadata: dict[str, Any] | None = None

    def kwargs(self) -> dict[str, Any]:
        """``text``, ``blocks`` and any ``metadata`` as keyword arguments."""
        found = {"text": self.text, "blocks": self.blocks}
        return found if self.metadata is None else {**found, "metadata": self.metadata}


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
    """A plain-text header; angle brackets from a paste are shown as look-alikes."""
    shown = " ".join(text.split()).replace("<", "‹").replace(">", "›")
    return HeaderBlock(text=clip(shown, MAX_HEADER))


def _context(*texts: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(t, MAX_FIELD)) for t in texts[:10]])


def _button(label: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=clip(label, MAX_BUTTON), action_id=action_id, value=value[:2000], style=style
    )


def _message(text: str, blocks: Sequence[Block]) -> Message:
    return Message(clip(text, MAX_TEXT), [block.to_dict() for block in blocks[:MAX_BLOCKS]])


def _confidence(score: float) -> str:
    level = "high" if score >= _HIGH_CONFIDENCE else "good" if score >= ANSWER_THRESHOLD else "low"
    return f"confidence {level} ({score:.0f}/100)"


def _numbered(items: Sequence[str]) -> str:
    return "\n".join(f"{i}. {escape(item)}" for i, item in enumerate(items, 1))


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {escape(item)}" for item in items)


def _bundle_lines(entry: Entry, facts: Facts, paste: str = "") -> list[str]:
    lines = [f"Error: {entry.shown_key} ({fill(entry.title, paste).text})"]
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


def _bundle(entry: Entry, facts: Facts, *, paste: str = "") -> SectionBlock:
    """The error and the extracted facts, as a code block for a ticket with the provider."""
    head = "*Support bundle* (paste it into a ticket with the provider):\n```\n"
    budget = MAX_SECTION - len(head) - 4
    kept: list[str] = []
    for line in _bundle_lines(entry, facts, paste):
        if len(line) + 1 > budget:
            break
        kept.append(line)
        budget -= len(line) + 1
    return _section(head + "\n".join(kept) + "```")


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


#: Fix steps shown in the answer; the rest are behind "More".
_FIRST_STEPS = 3
#: The cause is cut at a sentence end near this length in the answer (whole behind "More").
_CAUSE_CHARS = 400
#: A fix step is cut here in the answer (whole behind "More").
_STEP_CHARS = 220
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _summary(text: str, limit: int) -> str:
    """The first sentences of ``text`` that fit in ``limit`` characters (at least one)."""
    kept = ""
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        if kept and len(kept) + len(sentence) + 1 > limit:
            return kept
        kept = f"{kept} {sentence}".strip()
    return clip(kept, limit)


def _value_lines(values: Sequence[tuple[str, str]]) -> list[str]:
    """``Redirect URI: http://...`` for each value the title names that the paste holds."""
    names = {"uri": "URI", "id": "ID", "app": "App", "appid": "App ID", "name": "Name"}
    return [
        f"{names.get(name, name.replace('_', ' ').capitalize())}: {value}" for name, value in values
    ]


def _shown_lines(
    facts: Facts, values: Sequence[tuple[str, str]], insights: Insights | None
) -> list[str]:
    """What the paste itself shows, most useful first: the redirect difference and token
    notes, the codes, the values the message names, the trace and correlation IDs."""
    lines = _insight_lines(insights) if insights else []
    codes = list(dict.fromkeys(code for _, code in facts.codes))
    if codes:
        lines.append(f"Code{'s' if len(codes) > 1 else ''}: {', '.join(codes)}")
    lines += _value_lines(values)
    lines += [f"{kind.capitalize()} ID: {value}" for kind, value in facts.ids[:3]]
    return [clip(line, _MAX_VALUE) for line in lines[:8]]


def _sentence(entry: Entry, title: str) -> str:
    """The notification text: the key and the title's first sentence, short."""
    first = _SENTENCE_END.split(" ".join(title.split()))[0]
    return clip(f"{entry.shown_key}: {first}", 150)


def _answer_actions(thread_id: int, *, share: bool) -> ActionsBlock:
    """Share (for answers shown only to the asker), More, the feedback buttons, and "Wrong
    error?" (pick or describe the right one)."""
    value = ButtonValue(thread_id).encode()
    buttons = [
        _button("More: all steps and checks", ids.MORE, value),
        *_feedback_buttons(thread_id),
        _button("Wrong error?", ids.WRONG_ERROR, value),
    ]
    if share:
        buttons.insert(0, _button("Share in channel", ids.SHARE, value, "primary"))
    return ActionsBlock(elements=buttons)


def answer_message(
    matches: Sequence[Match],
    facts: Facts,
    *,
    thread_id: int,
    share: bool = False,
    note: str | None = None,
    insights: Insights | None = None,
    unsure: bool = False,
    paste: str = "",
) -> Message:
    """The answer to a paste: one error, what the paste shows of it, what it means, the
    first steps and the first check; other candidates as one "Also possible" row of
    buttons. Several errors stated in one paste each get a short section.

    ``paste`` (redacted) fills the title's placeholders; ``share`` adds a "Share in
    channel" button (for answers shown only to the asker); ``note`` is a remark of the
    bot's own; ``insights`` are what the paste itself reveals (token claims, redirect-URI
    differences). ``unsure`` (a direct ask read with low confidence) says "most likely".
    """
    from bot.slack.check_blocks import _check_blocks  # late: check_blocks imports this module

    top = matches[0]
    entry = top.entry
    title = fill(entry.title, paste)
    stated = {key_of(provider, code) for provider, code in facts.codes}
    also_stated = [m for m in matches[1:] if m.key in stated and m.key != top.key]
    others = [m for m in matches[1:] if m not in also_stated]
    blocks: list[Block] = []
    prompt = "Also possible:"
    if unsure:
        code = entry.code.lower()
        if others and all(m.entry.code.lower() == code for m in others):
            lead = f"*Most likely* (`{escape(entry.code)}` is used by several providers):"
            prompt = "Which provider answered? Pick it to see its own explanation:"
        else:
            lead = f"*Most likely* (I'm not sure; {_confidence(top.score)}):"
            prompt = "Or was it one of these?"
        blocks.append(_section(lead))
    blocks.append(_header(_SENTENCE_END.split(" ".join(title.text.split()))[0]))
    shown = _shown_lines(facts, title.values, insights)
    if shown:
        blocks.append(_section(f"*What your paste shows*\n{_bullets(shown)}"))
    blocks.append(_section(f"*What it means*\n{escape(_summary(entry.cause, _CAUSE_CHARS))}"))
    steps = _numbered([clip(step, _STEP_CHARS) for step in entry.fix[:_FIRST_STEPS]])
    if len(entry.fix) > _FIRST_STEPS:
        steps += f"\n_{len(entry.fix) - _FIRST_STEPS} more under More._"
    blocks.append(_section(f"*What to do*\n{steps}"))
    for match in also_stated[:2]:
        other = fill(match.entry.title, paste).text
        blocks.append(
            _section(
                f"*Also in your paste:* {escape(clip(other, 200))}\n"
                f"First step: {escape(match.entry.fix[0])}"
            )
        )
    blocks += _check_blocks(entry, 0, thread_id)
    links = " · ".join(f"<{escape(url)}|{escape(entry.provider)} docs>" for url in entry.links[:2])
    why = f"`{escape(entry.shown_key)}` · {_confidence(top.score)} · {escape(top.reason)}"
    blocks.append(_context(*([why, links] if links else [why]), *([note] if note else [])))
    if others:
        blocks += _pick_blocks(others, thread_id, prompt, compact=not unsure)
    blocks.append(_answer_actions(thread_id, share=share))
    return _message(
        escape(("Most likely " if unsure else "") + _sentence(entry, title.text)), blocks
    )


def same_error_message(top: Match, link: str | None, count: int, minutes: int) -> Message:
    """A short reply to a paste of an error already answered in this channel moments ago."""
    where = f"<{escape(link)}|this thread>" if link else "an earlier thread in this channel"
    title = plain(top.entry.title)
    text = (
        f"Same error as in {where}: `{escape(top.entry.shown_key)}` {escape(clip(title, 150))}\n"
        f"{count} people hit it here in the last {minutes} minutes; the answer and the "
        "checks are in that thread."
    )
    return _message(
        escape(f"Same error as an earlier thread: {top.entry.shown_key}"), [_section(text)]
    )


def incident_message(
    top: Match, channel: str, count: int, minutes: int, link: str | None
) -> Message:
    """The escalation channel's note that many people hit the same error at once."""
    where = f" · <{escape(link)}|first thread>" if link else ""
    text = (
        f"*{count} people hit `{escape(top.entry.shown_key)}` in <#{escape(channel)}> within "
        f"{minutes} minutes* (a provider incident?){where}\n{escape(plain(top.entry.title))}"
    )
    return _message(
        escape(f"{count} people hit {top.entry.shown_key} in {minutes} minutes"), [_section(text)]
    )


def details_message(entry: Entry, facts: Facts, *, paste: str = "") -> Message:
    """Everything about one answer: the whole cause, every step and check, the support
    bundle and the links (behind the answer's "More" button)."""
    title = fill(entry.title, paste).text
    links = " · ".join(f"<{escape(url)}|{escape(url)}>" for url in entry.links[:4])
    blocks: list[Block] = [
        _section(f"*{escape(clip(title, 200))}*\n{escape(entry.cause)}"),
        _section(f"*What to do*\n{_numbered(entry.fix)}"),
        _section(f"*Checks that narrow it down*\n{_bullets(entry.checks)}"),
        _bundle(entry, facts, paste=paste),
        *([_context(links)] if links else []),
    ]
    return _message(escape(f"More on {entry.shown_key}"), blocks)


def escalation_message(
    entry: Entry,
    facts: Facts,
    *,
    ruled_out: Sequence[str],
    user: str | None,
    permalink: str | None,
    paste: str = "",
) -> Message:
    """The summary posted to the escalation channel."""
    where = f" · <{escape(permalink)}|open the thread>" if permalink else ""
    checked = _bullets(ruled_out) if ruled_out else "None: no check was answered."
    title = fill(entry.title, paste).text
    return _message(
        escape(f"Escalated: {_sentence(entry, title)}"),
        [
            _header(f"Escalated: {entry.shown_key}"),
            _section(f"{escape(title)}\n\nRaised by {_mention(user)}{where}"),
            _section(f"*Checks ruled out*\n{checked}"),
            _bundle(entry, facts, paste=paste),
        ],
    )


def _pick_blocks(
    candidates: Sequence[Match], thread_id: int, prompt: str, *, compact: bool = False
) -> list[Block]:
    """A prompt (a small context line when ``compact``) and one button per candidate; a
    click explains that candidate."""
    buttons = [
        _button(
            f"{m.entry.shown_key} {plain(m.entry.title)}",
            f"{ids.SUGGESTION}_{i}",
            ButtonValue(thread_id, m.entry.id).encode(),
        )
        for i, m in enumerate(candidates[:MAX_SUGGESTIONS])
    ]
    return [_context(prompt) if compact else _section(prompt), ActionsBlock(elements=buttons)]


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
        f"{i}. `{escape(key)}` {escape(plain(titles.get(key, '')))} ({n})"
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
