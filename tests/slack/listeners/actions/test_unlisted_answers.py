"""An answer for a code the knowledge base does not hold keeps working after the knowledge
reloads: its buttons answer with that code, not "I no longer have that answer"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.kb import KnowledgeSource
from bot.store.state import ButtonValue
from bot.triage import Triager
from tests.slack.slack_harness import AADSTS50011, ESCALATION_CHANNEL, RunningBot, mention
from tests.slack.slack_standin import SlackStandIn

UNLISTED = "AADSTS5999999: The widget is not registered for the application."

ENTRY = """\
- id: acme-{slug}
  provider: acme
  code: {slug}
  title: "Acme gateway refused the widget token {slug}"
  cause: Because.
  fix: [Do this.]
  checks: ["Is it that?", "Or that?"]
"""


class Reloading:
    """A bot serving knowledge from a folder, and a way to change that knowledge."""

    def __init__(self, slack: SlackStandIn, tmp_path: Path) -> None:
        self.folder = tmp_path / "knowledge"
        self.folder.mkdir()
        self.versions = 0
        self._write()
        self.source = KnowledgeSource(Triager.of, folders=[self.folder], interval=0)
        self.bot = RunningBot(slack, tmp_path, triager=self.source)

    def _write(self) -> None:
        self.versions += 1
        path = self.folder / "acme.yaml"
        path.write_text(ENTRY.format(slug=f"v{self.versions}"), encoding="utf-8")
        os.utime(path, ns=(1, self.versions * 10**18))

    def reload(self) -> None:
        """Change the knowledge and wait until the bot serves the new version."""
        self.bot.settle()
        before = self.source.current()
        self._write()
        assert self.source.current() is not before


@pytest.fixture
def served(slack: SlackStandIn, tmp_path: Path):
    reloading = Reloading(slack, tmp_path)
    yield reloading
    reloading.bot.close()


def test_next_check_and_escalate_keep_the_unlisted_answer_after_a_reload(served, slack):
    bot = served.bot
    bot.event(mention(UNLISTED, ts="1700000050.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.params["text"].startswith("azure:AADSTS5999999")
    served.reload()
    shown = post
    for count in (1, 2, 3):
        bot.click(shown.buttons()["check_next"], on=shown)
        shown = slack.wait_for("chat.update", count=count)[-1]
    assert shown.params["ts"] == post.ts
    assert "None of the 3 checks for azure:AADSTS5999999" in shown.all_text()
    served.reload()
    bot.click(shown.buttons()["escalate"], on=shown)
    posts = slack.wait_for("chat.postMessage", count=3)
    summary = next(p for p in posts if p.params["channel"] == ESCALATION_CHANNEL)
    assert "azure:AADSTS5999999" in summary.all_text()
    assert "The widget is not registered" in summary.all_text()
    bot.settle()
    assert slack.calls_to("respond") == []


def test_that_is_it_shows_the_unlisted_fix_after_a_reload(served, slack):
    bot = served.bot
    bot.event(mention(UNLISTED, ts="1700000051.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    served.reload()
    bot.click(post.buttons()["check_confirm"], on=post)
    (found,) = slack.wait_for("chat.update")
    assert "Found it" in found.all_text()
    assert "login.microsoftonline.com/error?code=5999999" in found.all_text()


def test_share_posts_the_unlisted_answer_after_a_reload(served, slack):
    bot = served.bot
    bot.command(UNLISTED)
    (reply,) = slack.wait_for("respond")
    served.reload()
    bot.click(reply.buttons()["share_answer"])
    (shared,) = slack.wait_for("chat.postMessage")
    assert shared.params["channel"] == "C1"
    assert shared.params["text"].startswith("azure:AADSTS5999999")
    done = slack.wait_for("respond", count=2)[-1]
    assert "Shared in the channel" in done.params["text"]


def test_buttons_of_an_unlisted_answer_work_in_a_restarted_bot(slack, tmp_path):
    first = RunningBot(slack, tmp_path)
    try:
        first.event(mention(UNLISTED, ts="1700000052.000100"))
        (post,) = slack.wait_for("chat.postMessage")
        first.settle()
    finally:
        first.close()
    second = RunningBot(slack, tmp_path, triager=Triager([]))
    try:
        second.click(post.buttons()["check_next"], on=post)
        (nxt,) = slack.wait_for("chat.update")
        assert "Check 2 of 3" in nxt.all_text()
        assert "azure:AADSTS5999999" in nxt.all_text()
    finally:
        second.close()


def test_only_entries_missing_from_the_knowledge_are_kept_with_the_thread(bot, slack):
    bot.event(mention(f"{AADSTS50011}\n{UNLISTED}", ts="1700000053.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    bot.settle()
    thread = bot.store.thread(ButtonValue.decode(post.buttons()["check_next"]["value"]).thread_id)
    kept = {answer.key: answer.entry for answer in thread.stored_answers}
    assert kept["azure:aadsts50011"] is None
    assert kept["azure:aadsts5999999"].title == "The widget is not registered for the application."
