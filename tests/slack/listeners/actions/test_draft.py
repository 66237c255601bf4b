"""``drafts`` mode: the answer goes by DM to the channel's responders; "Post to thread" posts
it in the message's thread once, whoever presses it and however often; "Dismiss" drops it."""

from __future__ import annotations

from bot.store.policies import Mode, Policies, Policy
from tests.slack.slack_harness import AADSTS50011, message

TS = "1700000201.000100"


def draft_to_responders(bot, slack, *, in_thread: bool = True):
    """Set C1 to drafts for U7 and U8, paste there; the two drafts, by responder."""
    policy = Policy(Mode.DRAFTS, in_thread=in_thread, responders=("U7", "U8"))
    Policies(bot.store).save("C1", policy, by="UADMIN")
    bot.event(message(AADSTS50011, channel="C1", ts=TS))
    bot.settle()
    drafts = {post.params["channel"]: post for post in slack.posts()}
    assert set(drafts) == {"DU7", "DU8"}, "nothing is posted in the channel yet"
    return drafts["DU7"], drafts["DU8"]


def in_channel(slack):
    return [post for post in slack.posts() if post.params["channel"] == "C1"]


def test_responders_get_the_draft_privately_with_the_answer_to_post(bot, slack):
    draft, _ = draft_to_responders(bot, slack)
    text = draft.all_text()
    assert "Draft reply" in text and "<@U1>" in text and "<#C1>" in text
    assert "https://test.slack.com/archives/C1/p1700000201000100" in text
    assert "The redirect URI" in text, "the answer as it would read"
    assert set(draft.buttons()) == {"draft_post", "draft_dismiss"}, "only the draft's buttons"
    thread = bot.store.thread(1)
    assert thread is not None and thread.private, "not public until posted"


def test_post_to_thread_posts_once_however_often_it_is_pressed(bot, slack):
    mine, theirs = draft_to_responders(bot, slack)
    bot.click(mine.buttons()["draft_post"], user="U7", on=mine)
    bot.settle()
    (posted,) = in_channel(slack)
    assert posted.params["thread_ts"] == TS
    assert posted.params["text"].startswith("azure:AADSTS50011")
    assert {"more_details", "feedback_helpful"} <= set(posted.buttons())
    shown = posted.params["metadata"]["event_payload"]
    assert (shown["key"], shown["thread_id"]) == ("azure:AADSTS50011", 1), "an answer's metadata"
    assert "metadata" not in mine.params, "the draft itself is no answer yet"
    bot.click(mine.buttons()["draft_post"], user="U7", on=mine)
    bot.click(theirs.buttons()["draft_post"], user="U8", on=theirs)
    bot.settle()
    assert len(in_channel(slack)) == 1, "a second press does not post twice"
    updated = {call.params["channel"]: call.params["text"] for call in slack.updates()}
    assert updated == {"DU7": "Posted in <#C1> by <@U7>.", "DU8": "Posted in <#C1> by <@U7>."}
    thread = bot.store.thread(1)
    assert thread is not None and not thread.private and thread.thread_ts == TS


def test_a_dismissed_draft_is_never_posted(bot, slack):
    mine, theirs = draft_to_responders(bot, slack)
    bot.click(mine.buttons()["draft_dismiss"], user="U7", on=mine)
    bot.click(theirs.buttons()["draft_post"], user="U8", on=theirs)
    bot.settle()
    assert in_channel(slack) == []
    texts = sorted(call.params["text"] for call in slack.updates())
    assert texts == ["Dismissed by <@U7>; nothing was posted in <#C1>."] * 2


def test_only_responders_can_post_a_draft(bot, slack):
    mine, _ = draft_to_responders(bot, slack)
    bot.click(mine.buttons()["draft_post"], user="U2", on=mine)
    (no,) = slack.wait_for("respond")
    assert "Only the channel's responders" in no.params["text"]
    bot.settle()
    assert in_channel(slack) == []


def test_with_replies_in_thread_off_the_draft_is_posted_in_the_channel(bot, slack):
    mine, _ = draft_to_responders(bot, slack, in_thread=False)
    bot.click(mine.buttons()["draft_post"], user="U7", on=mine)
    bot.settle()
    (posted,) = in_channel(slack)
    assert not posted.params.get("thread_ts")
    thread = bot.store.thread(1)
    assert thread is not None and thread.thread_ts == posted.ts, "its checks go under it"
