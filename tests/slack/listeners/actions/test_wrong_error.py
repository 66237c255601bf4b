"""'Wrong error?' on an answer: the person picks (or describes) the right error in a modal, the
correction is stored with the redacted paste, and the same wording is answered with it after."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.store.models import Correction
from bot.store.policies import Mode, Policies, Policy
from tests.slack.curation_requests import search, submit
from tests.slack.slack_standin import SlackStandIn

PASTE = (
    "The redirect URI in the request did not match a registered redirect URI "
    "client_secret=Zq8vLmN3pR5tW7yA9cE2"
)
SECRET = "Zq8vLmN3pR5tW7yA9cE2"


def dm(text: str, ts: str) -> dict:
    return {
        "type": "message",
        "user": "U1",
        "text": text,
        "ts": ts,
        "channel": "D1",
        "channel_type": "im",
        "event_ts": ts,
    }


def answers(slack: SlackStandIn) -> list:
    """The bot's answers (not its private notes about secrets), in order."""
    return [
        p for p in slack.posts() if p.params.get("thread_ts") and "Wrong error?" in p.all_text()
    ]


def open_modal(bot, slack: SlackStandIn, answer) -> dict:
    bot.click(answer.buttons()["wrong_error"], on=answer, channel=answer.params["channel"])
    (opened,) = slack.wait_for("views.open")
    view = opened.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_a_correction_is_stored_and_the_same_paste_is_answered_with_it(bot, slack):
    bot.event(dm(PASTE, "1700000100.000100"))
    bot.settle()
    (first,) = answers(slack)
    assert first.params["text"].startswith("google:redirect_uri_mismatch")

    modal = open_modal(bot, slack, first)
    assert modal["callback_id"] == "correction" and "google:redirect_uri_mismatch" in str(modal)
    assert "azure-aadsts50011" in search(bot, "correction_entry", "50011")
    assert search(bot, "correction_entry", "redirect")[-1] == "none"
    assert submit(bot, modal, {"correction_entry": "azure-aadsts50011"}) == {}
    bot.settle()
    corrected = answers(slack)[-1]
    assert corrected.params["text"].startswith("azure:AADSTS50011")
    assert corrected.params["thread_ts"] == "1700000100.000100", "answered in the same thread"
    assert "corrected my answer" in corrected.all_text()
    payload = corrected.params["metadata"]["event_payload"]
    assert (payload["key"], payload["state"]) == ("azure:AADSTS50011", "open")

    with bot.store.engine.connect() as connection:
        (row,) = connection.execute(select(Correction)).all()
    assert (row.wrong_key, row.entry_id, row.user) == (
        "google:redirect_uri_mismatch",
        "azure-aadsts50011",
        "U1",
    )
    assert SECRET not in row.paste and "[redacted client secret" in row.paste

    bot.event(dm(PASTE.replace(SECRET, "Other0Secret1Value2x"), "1700000200.000100"))
    bot.settle()
    again = answers(slack)[-1]
    assert again.params["thread_ts"] == "1700000200.000100"
    assert again.params["text"].startswith("azure:AADSTS50011")
    assert "someone here corrected my answer to this wording" in again.all_text()


def test_a_description_alone_is_kept_redacted_and_the_answer_is_unchanged(bot, slack):
    bot.event(dm(PASTE, "1700000300.000100"))
    bot.settle()
    (first,) = answers(slack)
    modal = open_modal(bot, slack, first)
    described = f"It was our proxy <!channel> dropping the cookie, password={SECRET}"
    assert submit(bot, modal, {"correction_text": described}) == {}
    bot.settle()
    notes = [c.params["text"] for c in slack.calls_to("chat.postEphemeral")]
    assert any(note.startswith("Thanks, noted") for note in notes)
    with bot.store.engine.connect() as connection:
        (row,) = connection.execute(select(Correction)).all()
    assert row.entry_id is None and SECRET not in row.description
    assert "proxy" in row.description

    bot.event(dm(PASTE, "1700000400.000100"))
    bot.settle()
    assert answers(slack)[-1].params["text"].startswith("google:redirect_uri_mismatch")


def test_an_empty_correction_keeps_the_modal_open_with_a_reason(bot, slack):
    bot.event(dm(PASTE, "1700000500.000100"))
    bot.settle()
    modal = open_modal(bot, slack, answers(slack)[0])
    answer = submit(bot, modal, {})
    assert answer["response_action"] == "errors"
    assert "Pick the right error" in answer["errors"]["correction_entry"]
    with bot.store.engine.connect() as connection:
        assert connection.execute(select(Correction)).all() == []


def test_the_home_tab_counts_answers_corrected(bot, slack):
    bot.event(dm(PASTE, "1700000600.000100"))
    bot.settle()
    modal = open_modal(bot, slack, answers(slack)[0])
    submit(bot, modal, {"correction_entry": "none"})
    bot.settle()
    bot.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    (publish,) = slack.wait_for("views.publish")
    assert "*Answers corrected* (last 7 days): 1" in json.dumps(publish.params["view"])


def test_a_private_answer_corrected_is_answered_again_by_dm(bot, slack):
    bot.command("The redirect URI in the request did not match a registered redirect URI")
    (reply,) = slack.wait_for("respond")
    assert reply.params["text"].startswith("google:redirect_uri_mismatch")
    bot.click(reply.buttons()["wrong_error"], on=reply)
    (opened,) = slack.wait_for("views.open")
    modal = opened.params["view"]
    modal = json.loads(modal) if isinstance(modal, str) else modal
    assert submit(bot, modal, {"correction_entry": "azure-aadsts50011"}) == {}
    bot.settle()
    (dm_post,) = slack.posts()
    assert dm_post.params["channel"] == "DU1", "privately, not in the channel"
    assert dm_post.params["text"].startswith("azure:AADSTS50011")


def test_a_learnt_wording_is_also_what_a_drafts_channel_drafts(bot, slack):
    bot.event(dm(PASTE, "1700000100.000100"))
    bot.settle()
    (first,) = answers(slack)
    assert (
        submit(bot, open_modal(bot, slack, first), {"correction_entry": "azure-aadsts50011"}) == {}
    )
    bot.settle()
    Policies(bot.store).save("C1", Policy(Mode.DRAFTS, responders=("U7",)), by="UADMIN")
    pasted = {"type": "message", "user": "U2", "channel": "C1", "channel_type": "channel"}
    bot.event(pasted | {"text": PASTE, "ts": "1700000300.000100", "event_ts": "1700000300.000100"})
    bot.settle()
    (draft,) = [p for p in slack.posts() if p.params["channel"] == "DU7"]
    assert "azure:AADSTS50011" in draft.all_text()
    assert "google:redirect_uri_mismatch" not in draft.all_text()
