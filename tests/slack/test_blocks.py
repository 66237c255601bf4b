"""The Block Kit builders are pure, within Block Kit's limits, and escape what they echo."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kb.model import Entry
from bot.slack import blocks, check_blocks
from bot.store import Stats
from bot.store.state import ButtonValue, ThreadStatus
from bot.triage import Facts, Match
from tests.slack.slack_harness import ENTRIES

#: Short texts, some repeated into long ones (long random texts make hypothesis slow).
TEXT = st.builds(
    lambda text, times: text * times,
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("<>&!@*`"),
        min_size=1,
        max_size=60,
    ).filter(str.strip),
    st.integers(1, 80),
)


@st.composite
def entries(draw) -> Entry:
    return Entry(
        id=draw(st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True)),
        provider="acme",
        code=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_]{0,40}", fullmatch=True)) * 4,
        title=draw(TEXT),
        cause=draw(TEXT),
        fix=draw(st.lists(TEXT, min_size=1, max_size=8)),
        checks=draw(st.lists(TEXT, min_size=1, max_size=6)),
        links=["https://example.com/" + "a" * draw(st.integers(1, 3000))],
    )


def facts(text: str) -> Facts:
    return Facts(
        codes=(("azure", "AADSTS50011"),),
        errors=("invalid_grant",),
        http_statuses=(400,),
        ids=(("trace", text), ("correlation", text)),
        timestamps=(text,),
    )


def mrkdwn(found: list[dict]) -> list[str]:
    """Every mrkdwn text in the blocks (where Slack would turn ``<!channel>`` into a ping)."""
    texts = []
    for block in found:
        parts = [block.get("text"), *block.get("fields", []), *block.get("elements", [])]
        texts += [p["text"] for p in parts if isinstance(p, dict) and p.get("type") == "mrkdwn"]
    return texts


def assert_within_limits(message: blocks.Message) -> None:
    assert message.text.strip() and len(message.text) <= 3000
    assert 0 < len(message.blocks) <= 50
    for block in message.blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 2000 for e in block["elements"])
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            for button in block["elements"]:
                assert len(button["text"]["text"]) <= 75
                assert len(button["value"]) <= 2000


@settings(max_examples=25, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=12), TEXT)
def test_answers_stay_within_block_kit_limits_and_ping_nobody(found, pasted):
    matches = [Match(e, 99.0, f"wording matches {pasted}") for e in found]
    message = blocks.answer_message(matches, facts(pasted), thread_id=7, share=True)
    assert_within_limits(message)
    for text in [message.text, *mrkdwn(message.blocks)]:
        assert "<!" not in text and "<@" not in text
    assert message.blocks[-1]["type"] == "actions"


@settings(max_examples=15, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=8), TEXT)
def test_other_messages_stay_within_limits(found, pasted):
    entry = found[0]
    suggestions = [Match(e, 50.0, "wording") for e in found]
    for message in (
        blocks.no_match_message(suggestions, 3),
        check_blocks.check_message(entry, len(entry.checks) - 1, 3),
        check_blocks.confirmed_message(entry, 0, 3),
        check_blocks.exhausted_message(entry, facts(pasted), 3, escalation_channel="CESC"),
        blocks.escalation_message(
            entry, facts(pasted), ruled_out=entry.checks, user="U1", permalink="https://x/p1"
        ),
        blocks.secrets_message([pasted]),
    ):
        assert_within_limits(message)


def test_one_answer_however_many_candidates_and_the_rest_as_buttons():
    matches = [Match(ENTRIES[i % 3], 99.0 - i, "code") for i in range(20)]
    message = blocks.answer_message(matches, Facts(), thread_id=1)
    headers = [b for b in message.blocks if b["type"] == "header"]
    assert len(headers) == 1 and len(message.blocks) <= 12
    picks = [
        element["action_id"]
        for block in message.blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"].startswith("suggestion_")
    ]
    assert 1 <= len(picks) <= blocks.MAX_SUGGESTIONS
    assert "Also possible" in json.dumps(message.blocks)
    assert message.blocks[-1]["type"] == "actions"


def test_several_errors_stated_in_one_paste_each_get_a_short_section():
    first, second = ENTRIES[0], ENTRIES[1]
    stated = Facts(codes=((first.provider, first.code), (second.provider, second.code)))
    message = blocks.answer_message(
        [Match(first, 100.0, "code"), Match(second, 99.9, "code")], stated, thread_id=1
    )
    dumped = json.dumps(message.blocks)
    assert "Also in your paste" in dumped and "{" + "uri}" not in dumped


def test_pasted_mentions_are_escaped():
    message = blocks.answer_message(
        [Match(ENTRIES[0], 100.0, "AADSTS50011 appears in the paste")],
        facts("<!channel> <@U123> & co"),
        thread_id=1,
    )
    dumped = json.dumps(message.blocks)
    assert "&lt;!channel&gt; &lt;@U123&gt; &amp; co" in dumped
    assert "<!channel>" not in dumped and "<@U123>" not in dumped


def test_clip_never_cuts_an_escape_in_half():
    assert blocks.clip("a" * 10, 5) == "aaaa…"
    assert blocks.clip("aa&amp;bbbb", 5) == "aa…"


def test_home_view_shows_the_figures_and_how_to_use_the_bot():
    stats = Stats(
        answers=4,
        top=(("azure:aadsts50011", 3),),
        unmatched=2,
        helpful=1,
        not_helpful=0,
        escalations=1,
    )
    view = blocks.home_view(stats, {"azure:aadsts50011": "The redirect URI"}, "/oauthhelp")
    dumped = json.dumps(view)
    assert view["type"] == "home"
    assert "azure:aadsts50011" in dumped and "(3)" in dumped
    assert "/oauthhelp watch" in dumped


def test_every_button_value_names_its_thread():
    entry = ENTRIES[0]
    suggestions = [Match(e, 50.0, "wording") for e in ENTRIES]
    values = {
        button["action_id"]: ButtonValue.decode(button["value"])
        for message in (
            blocks.answer_message([Match(entry, 99.0, "code")], Facts(), thread_id=7, share=True),
            check_blocks.check_message(entry, 2, 7),
            check_blocks.exhausted_message(entry, Facts(), 7, escalation_channel="CESC"),
            blocks.no_match_message(suggestions, 7),
        )
        for block in message.blocks
        if block["type"] == "actions"
        for button in block["elements"]
    }
    assert {value.thread_id for value in values.values()} == {7}
    assert values["check_next"].check_index == 2
    assert values["suggestion_1"].detail == ENTRIES[1].id
    assert values["share_answer"] == values["escalate"] == ButtonValue(7)


def steps(entry: Entry, thread_id: int = 3) -> list[check_blocks.Step]:
    """Every step of an entry's checks: each asked, each confirmed, all ruled out."""
    count = len(entry.checks)
    return [
        *(
            check_blocks.next_step(
                entry,
                facts("x"),
                thread_id=thread_id,
                index=i,
                status=status,
                escalation_channel=channel,
            )
            for i in range(count)
            for status in (ThreadStatus.OPEN, ThreadStatus.CONFIRMED)
            for channel in ("CESC", None)
        ),
        *(
            check_blocks.next_step(
                entry,
                facts("x"),
                thread_id=thread_id,
                index=count,
                status=ThreadStatus.EXHAUSTED,
                escalation_channel=channel,
            )
            for channel in ("CESC", None)
        ),
    ]


@settings(max_examples=15, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=12), TEXT)
def test_every_check_step_fits_in_the_answer_in_place_of_the_first(found, pasted):
    matches = [Match(e, 99.0, "code") for e in found]
    answer = blocks.answer_message(matches, facts(pasted), thread_id=3, share=True)
    others = [b for b in answer.blocks if not check_blocks.is_check_block(b)]
    for step in steps(found[0]):
        assert 1 <= len(step.blocks) <= 2
        updated = check_blocks.replace_checks(answer.blocks, step.blocks)
        assert updated is not None
        assert_within_limits(blocks.Message(answer.text, updated))
        assert [b for b in updated if not check_blocks.is_check_block(b)] == others
        assert_within_limits(step.message)
        for text in [step.message.text, *mrkdwn(step.blocks), *mrkdwn(step.message.blocks)]:
            assert "<!" not in text and "<@" not in text


def test_each_step_has_new_block_ids_and_only_open_checks_have_check_buttons():
    seen: set[str] = set()
    for step in steps(ENTRIES[0]):
        ids = {b["block_id"] for b in step.blocks}
        assert len(ids) == len(step.blocks) and all(i.startswith("oauth_check_") for i in ids)
        seen |= ids
        buttons = {
            e["action_id"]: e["text"]["text"]
            for b in step.blocks
            if b["type"] == "actions"
            for e in b["elements"]
        }
        asked = any(i.endswith("_ask") for i in ids)
        if buttons.keys() & {"check_confirm", "check_next"}:
            assert buttons == {"check_confirm": "This is it", "check_next": "Not this"}
        assert asked == ("check_confirm" in buttons)
    assert len(seen) == 3 * 3 + 2  # per check: question, buttons, found; then none, escalate


def test_replacing_the_checks_keeps_the_rest_and_reads_old_answers_too():
    entry = ENTRIES[0]
    answer = blocks.answer_message([Match(entry, 99.0, "code")], Facts(), thread_id=7)
    ask = next(s for s in steps(entry, 7) if "Check 2 of 3" in s.message.text)
    updated = check_blocks.replace_checks(answer.blocks, ask.blocks)
    assert updated is not None and len(updated) == len(answer.blocks)
    assert "Check 2 of 3" in json.dumps(updated) and "Check 1 of 3" not in json.dumps(updated)
    old = [{k: v for k, v in b.items() if k != "block_id"} for b in answer.blocks]
    assert check_blocks.replace_checks(old, ask.blocks) == updated
    assert check_blocks.replace_checks([b for b in old if b["type"] != "actions"], []) is None
