"""A channel's policy as the listeners apply it: the stored one, else the settings' default
(``TRIAGE_CHANNELS`` and channels watched before policies existed are ``auto``; any other
channel is ``mention``)."""

from __future__ import annotations

from dataclasses import replace

from bot.explain import Explanation
from bot.slack.services import Services
from bot.store.policies import Mode, Policies, Policy

__all__ = ["policy_for", "responders_for", "unasked"]


def policy_for(found: Services, channel: str) -> Policy:
    """``channel``'s policy: the one its admins set, else the default."""
    stored = Policies(found.store).stored(channel)
    if stored is not None:
        return stored
    auto = channel in found.settings.triage_channels or found.store.is_watched(channel)
    return Policy(Mode.AUTO if auto else Mode.MENTION)


def unasked(paste: Explanation, policy: Policy) -> Explanation:
    """``paste`` (read unasked) without the matches below the channel's threshold."""
    if policy.threshold is None:
        return paste
    threshold = policy.threshold
    kept = tuple(m for m in paste.triage.matches if m.score >= threshold)
    return replace(paste, triage=replace(paste.triage, matches=kept))


def responders_for(found: Services, policy: Policy) -> tuple[str, ...]:
    """Who gets a channel's drafts: its responders, else the users in ``TRIAGE_ADMINS``."""
    return policy.responders or tuple(sorted(found.settings.triage_admins))
