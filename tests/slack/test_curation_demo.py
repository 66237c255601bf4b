"""The demonstration for the closing note: a paste the bot missed, an admin's two clicks in
the App Home, and the same paste answered afterwards (the shipped knowledge, a temporary
organisation folder, signed requests against the Web API stand-in)."""

from __future__ import annotations

import yaml

from tests.slack.curation_requests import cluster_actions, home_click, home_of
from tests.slack.listeners.actions.test_curate import ADMIN, dm, org_bot

PASTE = "Contoso portal: sign-in blocked (ERR-PORTAL-7), the return address is not on our list"
MISSED_REPLY = "I couldn't match this to a known error with confidence."
ANSWERED_REPLY = (
    "azure:AADSTS50011: The redirect URI specified in the request does not match the "
    "redirect URIs configured for the application."
)


def test_a_missed_paste_two_admin_clicks_and_the_same_paste_answered(slack, tmp_path):
    org = tmp_path / "org-knowledge"
    org.mkdir()
    bot = org_bot(slack, tmp_path, org, "demo")
    try:
        # 1. Someone pastes an error the bot does not know.
        bot.event(dm(PASTE, "1700000001.000100"))
        bot.settle()
        (missed,) = slack.posts()
        assert missed.params["text"] == MISSED_REPLY

        # 2. An admin opens the App Home: the paste waits in the curator's view.
        bot.event({"type": "app_home_opened", "user": ADMIN, "channel": "D9", "tab": "home"})
        bot.settle()
        (row,) = cluster_actions(home_of(slack, ADMIN))

        # Click 1: pick the entry it belongs to.
        search = row["elements"][0]
        home_click(
            bot, home_of(slack, ADMIN), search, block_id=row["block_id"],
            selected="azure-aadsts50011", user=ADMIN,
        )  # fmt: skip
        bot.settle()
        (row,) = cluster_actions(home_of(slack, ADMIN))
        add = next(e for e in row["elements"] if e["action_id"] == "curate_alias")
        assert add["text"]["text"] == "Add as alias to azure:AADSTS50011"

        # Click 2: add the paste's wording as an alias; validated, then written.
        home_click(bot, home_of(slack, ADMIN), add, block_id=row["block_id"], user=ADMIN)
        bot.settle()
        (written,) = yaml.safe_load((org / "curated.yaml").read_text())
        assert written == {"extends": "azure-aadsts50011", "aliases": [PASTE]}

        # 3. The same paste, pasted again, is answered (knowledge reloaded from the folder).
        bot.event(dm(PASTE, "1700000002.000100"))
        bot.settle()
        answered = slack.posts()[-1]
        assert answered.params["thread_ts"] == "1700000002.000100"
        assert answered.params["text"] == ANSWERED_REPLY
    finally:
        bot.close()
