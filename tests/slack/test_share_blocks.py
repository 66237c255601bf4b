"""A shared answer says who shared it and quotes the paste's first line, safely."""

from __future__ import annotations

from hypothesis import given, settings

from bot.slack import blocks
from bot.slack.share_blocks import MAX_QUOTE, first_line, shared_message
from bot.triage import Facts, Match
from tests.slack.slack_harness import ENTRIES
from tests.slack.test_blocks import TEXT, assert_within_limits, mrkdwn


def answer() -> blocks.Message:
    return blocks.answer_message([Match(ENTRIES[0], 99.0, "code")], Facts(), thread_id=4)


def test_the_first_line_that_is_not_blank_is_quoted():
    assert first_line("\n  \n  invalid_grant:   code   expired \nsecond") == (
        "invalid_grant: code expired"
    )
    shared = shared_message(answer(), user="U123", paste="\ninvalid_grant\nmore")
    assert shared.blocks[0]["text"]["text"] == "Shared by <@U123>, about:\n>invalid_grant"
    assert shared.blocks[1:] == answer().blocks
    assert shared.text == answer().text


def test_no_paste_no_quote_and_an_odd_user_is_someone():
    shared = shared_message(answer(), user="<!channel>", paste="  \n")
    assert shared.blocks[0]["text"]["text"] == "Shared by someone."


@settings(max_examples=25, deadline=None)
@given(TEXT)
def test_the_quote_is_clipped_escaped_and_pings_nobody(pasted):
    paste = f"<!channel> @here @Everyone {pasted}"
    shared = shared_message(answer(), user="U1", paste=paste)
    lead = shared.blocks[0]["text"]
    assert lead["verbatim"] is True
    quote = lead["text"].split("\n>", 1)[1]
    assert len(quote) <= MAX_QUOTE and "\n" not in quote
    assert quote.startswith("&lt;!channel&gt; @\u2060here @\u2060Everyone")
    for text in mrkdwn(shared.blocks):
        assert "<!" not in text


def test_at_the_block_limit_a_divider_makes_room():
    one = answer().blocks
    padding = [{"type": "divider"} if i % 2 else one[1] for i in range(50 - len(one))]
    full = blocks.Message("t", [*padding, *one])
    shared = shared_message(full, user="U1", paste="AADSTS50011")
    assert_within_limits(shared)
    assert len(shared.blocks) == blocks.MAX_BLOCKS
    dividers = sum(b["type"] == "divider" for b in full.blocks)
    assert sum(b["type"] == "divider" for b in shared.blocks) == dividers - 1

    def content(found: list[dict]) -> list[dict]:
        return [b for b in found if b["type"] != "divider"]

    assert content(shared.blocks[1:]) == content(full.blocks)
