"""No planted secret reaches Slack, the logs or the store, and each paste is still answered."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.triage import Triager
from tests.safety.corpus import CASES
from tests.slack.slack_harness import RunningBot


@pytest.fixture(scope="module")
def real_triager() -> Triager:
    return Triager.load()


def _stored_rows(database_url: str) -> str:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = [
            dict(row._mapping)
            for table in inspect(engine).get_table_names()
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        ]
    engine.dispose()
    return json.dumps(rows, default=str)


def test_planted_secrets_never_leave_the_paste(slack, tmp_path, caplog, real_triager):
    caplog.set_level(logging.DEBUG)
    bot = RunningBot(slack, tmp_path, triager=real_triager)
    try:
        for number, case in enumerate(CASES):
            ts = f"1700001{number:03d}.000100"
            bot.event(
                {
                    "type": "message",
                    "user": "U1",
                    "text": case.text,
                    "ts": ts,
                    "channel": "D1",
                    "channel_type": "im",
                    "event_ts": ts,
                },
                event_id=f"Ev{number:04d}",
            )
        bot.settle()
        posted = json.dumps([call.params for call in slack.calls], default=str)
        logged = "\n".join(record.getMessage() for record in caplog.records)
        assert caplog.records, "the logs were captured"
        stored = _stored_rows(bot.settings.database_url)
    finally:
        bot.close()
    answers = {call.params.get("thread_ts"): call for call in slack.posts()}
    for number, case in enumerate(CASES):
        for secret in case.secrets:
            assert secret not in posted, case.name
            assert secret not in logged, case.name
            assert secret not in stored, case.name
        if case.expect:
            answer = answers[f"1700001{number:03d}.000100"]
            assert answer.params["text"].lower().startswith(case.expect), case.name
    warnings = slack.calls_to("chat.postEphemeral")
    assert len(warnings) == len(CASES)
    assert all("Where to rotate" in json.dumps(w.params) for w in warnings)


def test_answer_shows_token_insight_and_redirect_difference(slack, tmp_path, real_triager):
    from tests.safety.test_insight import token

    jwt = token({"aud": "api://orders", "exp": 1_600_000_000, "scp": "User.Read"})
    pastes = {
        "1700002001.000100": f"Authorization: Bearer {jwt}\nHTTP/1.1 401 Unauthorized",
        "1700002002.000100": (
            'Callback URL mismatch. The url "http://app.test/cb/" is not in the list of '
            "allowed callback URLs: https://app.test/cb"
        ),
    }
    bot = RunningBot(slack, tmp_path, triager=real_triager)
    try:
        for ts, paste in pastes.items():
            bot.event(
                {
                    "type": "message",
                    "user": "U1",
                    "text": paste,
                    "ts": ts,
                    "channel": "D1",
                    "channel_type": "im",
                    "event_ts": ts,
                }
            )
        bot.settle()
    finally:
        bot.close()
    answers = {call.params["thread_ts"]: call.all_text() for call in slack.posts()}
    token_answer = answers["1700002001.000100"]
    assert "What your paste shows" in token_answer
    assert "The token expired" in token_answer and "api://orders" in token_answer
    assert jwt not in token_answer
    redirect_answer = answers["1700002002.000100"]
    assert "Difference in scheme: sent http, registered https." in redirect_answer
    assert "Difference in trailing slash: sent with one, registered without." in redirect_answer
