"""The App Home tab: the last 7 days and how to use the bot."""

from __future__ import annotations

import json

from bot.store.state import StoredAnswer


def test_home_tab_shows_the_last_week(bot, slack):
    answer = StoredAnswer("azure-aadsts50011", "azure:aadsts50011", 100.0, "r")
    bot.store.open_thread(
        channel="C1",
        thread_ts="1.1",
        user="U1",
        private=False,
        paste="p",
        answers=[answer],
        check_count=3,
    )
    bot.store.record_unmatched("C1", "U1", "something odd")
    bot.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    (publish,) = slack.wait_for("views.publish")
    assert publish.params["user_id"] == "U1"
    view = publish.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"
    fields = [f["text"] for b in view["blocks"] for f in b.get("fields", [])]
    assert "*Unmatched pastes*\n1" in fields
    assert "*Answers*\n1" in fields
    text = json.dumps(view)
    assert "azure:aadsts50011" in text and "redirect URI" in text
    assert "{uri}" not in text and "{app}" not in text, "titles read without placeholders"
    assert "/oauthhelp" in text
