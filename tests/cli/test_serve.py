"""``python -m bot serve`` refuses a setting it cannot use with one line naming it, exit 1."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.store import Store
from tests.cli.conftest import Ran
from tests.slack.slack_standin import SlackStandIn

SETTINGS = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "PORT",
    "DATABASE_URL",
    "TRIAGE_CHANNELS",
    "TRIAGE_ADMINS",
    "RETENTION_DAYS",
)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    standin = SlackStandIn()
    yield standin
    standin.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serve(
    run: Callable[..., Ran], slack: SlackStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Ran]:
    """``serve(PORT="x")``: run serve with working settings except those given."""

    def serve(**changes: str) -> Ran:
        for name in SETTINGS:
            monkeypatch.delenv(name, raising=False)
        env = {
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": "secret",
            "SLACK_API_URL": slack.api_url,
            "PORT": str(free_port()),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        }
        return run("serve", "--host", "127.0.0.1", env=env | changes)

    return serve


def refused(ran: Ran, setting: str) -> str:
    """The one line ``ran`` printed, checked to name ``setting`` after exit status 1."""
    assert ran.returncode == 1, ran
    assert "Traceback" not in ran.stderr
    (line,) = ran.stderr.splitlines()
    assert line.startswith(f"error: {setting}"), line
    return line


def test_missing_tokens_are_named_on_one_line(serve):
    line = refused(serve(SLACK_BOT_TOKEN="", SLACK_SIGNING_SECRET=""), "SLACK_BOT_TOKEN")
    assert "SLACK_SIGNING_SECRET is not set" in line


@pytest.mark.parametrize("port", ["http", "3000x", "0", "65536", "-80"])
def test_a_port_that_is_not_a_port(serve, port):
    assert "is not a whole number from 1 to 65535" in refused(serve(PORT=port), "PORT")


def test_a_port_already_taken(serve):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = refused(serve(PORT=str(port)), "PORT")
    assert f"cannot listen on 127.0.0.1:{port}" in line


def test_an_unparsable_database_url(serve):
    line = refused(serve(DATABASE_URL="db.example.com:5432"), "DATABASE_URL")
    assert "not a database URL" in line


def test_an_unreachable_database(serve, tmp_path):
    url = f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}"
    line = refused(serve(DATABASE_URL=url), "DATABASE_URL")
    assert "cannot connect" in line


def test_a_database_from_a_newer_release(serve, tmp_path):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    with Store(url).engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    line = refused(serve(DATABASE_URL=url), "DATABASE_URL")
    assert "cannot migrate the tables" in line
    assert "f00d" in line


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_without_its_driver_names_the_extra(serve, monkeypatch, scheme):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "psycopg2", None)
    ran = serve(DATABASE_URL=f"{scheme}://bot:hunter2@db.example.com:5432/triage")
    line = refused(ran, "DATABASE_URL")
    assert "install the 'postgres' extra: pip install '.[postgres]'" in line
    assert "hunter2" not in line


@pytest.mark.parametrize("error", ["invalid_auth", "token_revoked", "not_authed"])
def test_a_token_slack_refuses(serve, slack, error):
    slack.fail("auth.test", error)
    line = refused(serve(), "SLACK_BOT_TOKEN")
    assert f"Slack refused the token ({error})" in line
    assert "xoxb-test" not in line


def test_an_unreachable_web_api(serve):
    url = f"http://127.0.0.1:{free_port()}/api/"
    line = refused(serve(SLACK_API_URL=url), "SLACK_API_URL")
    assert f"cannot reach {url}auth.test" in line


def test_a_web_api_url_that_is_not_a_url(serve):
    refused(serve(SLACK_API_URL="slack.com/api"), "SLACK_API_URL")


def test_a_retention_that_is_not_a_number_of_days(serve):
    refused(serve(RETENTION_DAYS="forever"), "RETENTION_DAYS")


def test_an_admin_list_that_is_not_user_ids(serve):
    line = refused(serve(TRIAGE_ADMINS="U0123ABC,alice@example.com"), "TRIAGE_ADMINS")
    assert "'alice@example.com' is not a Slack user ID" in line
