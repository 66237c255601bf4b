"""Pure Block Kit builders for per-channel policy: the App Home's "Channel settings" section,
the settings modal, and the drafts sent to a channel's responders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.slack.blocks import MAX_BLOCKS, Message, clip
from bot.store.policies import DraftStatus, Mode, Policy
from bot.store.state import ButtonValue
from bot.triage.match import ANSWER_THRESHOLD

__all__ = [
    "CHANNEL_PICK",
    "DRAFT_DISMISS",
    "DRAFT_POST",
    "IN_THREAD",
    "MODE",
    "RESPONDERS",
    "SETTINGS_VIEW",
    "THRESHOLD",
    "THRESHOLDS",
    "decided_message",
    "describe",
    "draft_message",
    "home_section",
    "notice_modal",
    "settings_modal",
]

#: The Home's channel picker (``conversations_select``).
CHANNEL_PICK = "policy_channel_pick"
#: The settings modal's ``callback_id``; its ``private_metadata`` is the channel ID.
SETTINGS_VIEW = "channel_policy"
#: The modal's inputs (each the ``block_id`` and the ``action_id`` of its element).
MODE = "policy_mode"
THRESHOLD = "policy_threshold"
IN_THREAD = "policy_in_thread"
RESPONDERS = "policy_responders"
#: The draft's buttons.
DRAFT_POST = "draft_post"
DRAFT_DISMISS = "draft_dismiss"

#: Thresholds offered: the matcher's own (the default, stored as none), or stricter ones.
#: Never lower: below it the bot answers unasked what it is not sure of.
THRESHOLDS = (round(ANSWER_THRESHOLD), 75, 80, 85, 90, 95)

#: Each mode's label and description (Block Kit allows 75 characters each).
_MODES = {
    Mode.MENTION: ("Only when asked", "Answer @mentions, never plain messages"),
    Mode.AUTO: ("Auto-triage", "Reply to plain messages holding an error I recognise"),
    Mode.DRAFTS: ("Drafts", "Triage plain messages; responders post or dismiss each answer"),
}
_PLACES = {
    "thread": ("In the message's thread", None),
    "channel": ("In the channel, as a new message", None),
}


def _markdown(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=clip(text, 3000))


#: Channels listed on the Home with their settings, at most.
LISTED = 10


def describe(policy: Policy) -> str:
    """One line saying what a policy does.

    >>> describe(Policy(Mode.AUTO, 85.0, in_thread=False))
    'Auto-triage, score 85 or more unasked, replies in the channel'
    """
    needed = f"score {round(policy.threshold)} or more unasked" if policy.threshold else ""
    place = "replies in the thread" if policy.in_thread else "replies in the channel"
    responders = ", ".join(f"<@{user}>" for user in policy.responders)
    to = f"drafts to {responders}" if policy.mode is Mode.DRAFTS and responders else ""
    return ", ".join(part for part in (_MODES[policy.mode][0], needed, place, to) if part)


def home_section(configured: Sequence[tuple[str, Policy]] = ()) -> list[dict[str, Any]]:
    """The App Home's "Channel settings" section: the channels with settings of their own
    (``configured``, most recent first), and a picker to see and change a channel's."""
    lines = [f"<#{channel}>: {describe(policy)}" for channel, policy in configured[:LISTED]]
    if len(configured) > LISTED:
        lines.append(f"... and {len(configured) - LISTED} more")
    listed = "\n".join(lines) or "None yet: every channel follows the app's settings."
    blocks: list[Block] = [
        DividerBlock(),
        HeaderBlock(text="Channel settings"),
        SectionBlock(text=_markdown(f"*Channels with settings of their own*\n{listed}")),
        SectionBlock(
            text=_markdown(
                "Pick a channel to see and change when I answer there, how sure I must be "
                "to answer unasked, and where replies go."
            )
        ),
        ActionsBlock(
            elements=[
                ConversationSelectElement(
                    placeholder="Pick a channel",
                    action_id=CHANNEL_PICK,
                    filter=ConversationFilter(
                        include=["public", "private"], exclude_bot_users=True
                    ),
                )
            ]
        ),
        ContextBlock(
            elements=[
                _markdown(
                    "Workspace admins, the channel's creator and the people in the app's "
                    "TRIAGE_ADMINS setting can change a channel's settings."
                )
            ]
        ),
    ]
    return [block.to_dict() for block in blocks]


def _option(value: str, label: str, description: str | None) -> Option:
    return Option(value=value, label=label, description=description)


def _threshold_option(score: int) -> Option:
    label = f"{score} (the default)" if score == THRESHOLDS[0] else f"{score}"
    return Option(text=label, value=str(score))


def settings_modal(channel: str, policy: Policy, *, fallback_responders: bool) -> dict[str, Any]:
    """The modal showing ``channel``'s policy, with controls to change it.

    ``fallback_responders``: drafts go to ``TRIAGE_ADMINS`` when no responder is picked.
    """
    modes = [_option(mode.value, *text) for mode, text in _MODES.items()]
    places = [_option(value, *text) for value, text in _PLACES.items()]
    thresholds = [_threshold_option(score) for score in THRESHOLDS]
    chosen = THRESHOLDS[0] if policy.threshold is None else round(policy.threshold)
    threshold = next((o for o in thresholds if o.value == str(chosen)), thresholds[0])
    who = (
        "Drafts go to the responders picked here, else to the people in TRIAGE_ADMINS."
        if fallback_responders
        else "Drafts go to the responders picked here (pick at least one for drafts)."
    )
    blocks: list[Block] = [
        SectionBlock(text=_markdown(f"Settings for <#{channel}>.")),
        InputBlock(
            block_id=MODE,
            label="When I answer",
            element=RadioButtonsElement(
                action_id=MODE,
                options=modes,
                initial_option=modes[list(_MODES).index(policy.mode)],
            ),
        ),
        InputBlock(
            block_id=THRESHOLD,
            label="Score needed to answer unasked (0 to 100)",
            hint="Higher means fewer, surer unasked answers; mentions always get one.",
            element=StaticSelectElement(
                action_id=THRESHOLD, options=thresholds, initial_option=threshold
            ),
        ),
        InputBlock(
            block_id=IN_THREAD,
            label="Where replies go",
            element=RadioButtonsElement(
                action_id=IN_THREAD,
                options=places,
                initial_option=places[0 if policy.in_thread else 1],
            ),
        ),
        InputBlock(
            block_id=RESPONDERS,
            label="Responders (drafts mode)",
            optional=True,
            hint=who,
            element=UserMultiSelectElement(
                action_id=RESPONDERS,
                placeholder="Pick people",
                initial_users=list(policy.responders) or None,
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=SETTINGS_VIEW,
        private_metadata=channel,
        title="Channel settings",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    ).to_dict()


def notice_modal(text: str) -> dict[str, Any]:
    """A modal that only says ``text`` (mrkdwn, already escaped)."""
    return View(
        type="modal",
        title="Channel settings",
        close="Close",
        blocks=[SectionBlock(text=_markdown(text))],
    ).to_dict()


def _preview(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A reply's blocks without its buttons: pressing them belongs in the channel."""
    shown = [b for b in blocks if b.get("type") != "actions"]
    return [{k: v for k, v in b.items() if k != "accessory"} for b in shown]


def draft_message(
    reply: Message, *, thread_id: int, channel: str, author: str | None, link: str | None
) -> Message:
    """The draft sent to a responder: where it would go, the reply as it would read, and
    "Post to thread" / "Dismiss"."""
    whose = f"<@{author}>'s message" if author else "a message"
    where = f"<{link}|{whose}>" if link else whose
    value = ButtonValue(thread_id).encode()
    lead = SectionBlock(text=_markdown(f"*Draft reply* to {where} in <#{channel}>:"))
    actions = ActionsBlock(
        elements=[
            ButtonElement(
                text="Post to thread", action_id=DRAFT_POST, value=value, style="primary"
            ),
            ButtonElement(text="Dismiss", action_id=DRAFT_DISMISS, value=value),
        ]
    )
    preview = _preview(reply.blocks)[: MAX_BLOCKS - 2]
    return Message(
        clip(f"Draft reply in #{channel}: {reply.text}", 3000),
        [lead.to_dict(), *preview, actions.to_dict()],
    )


def decided_message(status: DraftStatus, user: str | None, channel: str) -> Message:
    """What a draft's message becomes once posted or dismissed."""
    who = f"<@{user}>" if user else "someone"
    text = (
        f"Posted in <#{channel}> by {who}."
        if status is DraftStatus.POSTED
        else f"Dismissed by {who}; nothing was posted in <#{channel}>."
    )
    return Message(text, [SectionBlock(text=_markdown(text)).to_dict()])
