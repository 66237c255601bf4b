"""Many workspaces: the OAuth install flow end to end against the Web API stand-in.

Install in two workspaces through ``/slack/install`` and ``/slack/oauth_redirect``; each
workspace's events are then answered with its own bot token; an uninstall forgets it.
"""

from __future__ import annotations

import html
import http.client
import re
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.cli import main
from bot.slack.app import workspace_client
from bot.slack.install import manifest_scopes
from tests.slack.slack_harness import AADSTS50011, ENTRIES, RunningBot, ServeProcess, mention
from tests.slack.slack_standin import SlackStandIn

OAUTH = {"bot_token": None, "client_id": "1.2", "client_secret": "cs", "state_secret": "ss"}


class RunningBotAt:
    """Just enough of :class:`RunningBot` for :func:`get`: a server on ``port``."""

    def __init__(self, port: int) -> None:
        self.server = type("Server", (), {"server_port": port})()


def get(
    bot: RunningBot | RunningBotAt, path: str, cookie: str = ""
) -> tuple[int, dict[str, str], str]:
    """GET ``path`` without following redirects: status, headers (lower-case), body."""
    connection = http.client.HTTPConnection("127.0.0.1", bot.server.server_port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    headers = {k.lower(): v for k, v in response.getheaders()}
    body = response.read().decode()
    connection.close()
    return response.status, headers, body


def install_link(bot: RunningBot | RunningBotAt) -> tuple[str, str]:
    """``GET /slack/install``: the Add to Slack link's URL and the state cookie."""
    status, headers, body = get(bot, "/slack/install")
    assert status == 200
    (link,) = re.findall(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', body)
    cookie = SimpleCookie(headers["set-cookie"])
    return html.unescape(link), f"slack-app-oauth-state={cookie['slack-app-oauth-state'].value}"


def install(bot: RunningBot | RunningBotAt, team: str) -> str:
    """Install the app in ``team`` as a person would; the callback page's body."""
    link, cookie = install_link(bot)
    state = parse_qs(urlsplit(link).query)["state"][0]
    query = urlencode({"code": f"code-{team}", "state": state})
    status, _, body = get(bot, f"/slack/oauth_redirect?{query}", cookie)
    assert status == 200, body
    return body


def installations(bot: RunningBot) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id="1.2", engine=bot.store.engine)


@pytest.fixture
def oauth_bot(slack: SlackStandIn, tmp_path: Path):
    running = RunningBot(slack, tmp_path, **OAUTH)
    yield running
    running.close()


def test_install_link_asks_for_the_manifest_scopes_with_a_state(oauth_bot):
    link, cookie = install_link(oauth_bot)
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == ["1.2"]
    assert query["scope"][0].split(",") == manifest_scopes()
    state = query["state"][0]
    assert state and cookie == f"slack-app-oauth-state={state}"


def test_two_workspaces_install_and_each_is_answered_with_its_own_token(oauth_bot, slack):
    install(oauth_bot, "T1")
    install(oauth_bot, "T2")
    tokens = {team: token for token, team in slack.tokens.items()}
    assert set(tokens) == {"T1", "T2"}
    store = installations(oauth_bot)
    for team in ("T1", "T2"):
        found = store.find_installation(enterprise_id=None, team_id=team)
        assert found is not None and found.bot_token == tokens[team]

    assert oauth_bot.event(mention("", ts="1700000101.000100"), team="T1") == 200
    assert oauth_bot.event(mention("", ts="1700000102.000100"), team="T2") == 200
    posts = slack.wait_for("chat.postMessage", 2)
    oauth_bot.settle()
    by_thread = {p.params["thread_ts"]: p.headers["authorization"] for p in posts}
    assert by_thread == {
        "1700000101.000100": f"Bearer {tokens['T1']}",
        "1700000102.000100": f"Bearer {tokens['T2']}",
    }

    oauth_bot.event({"type": "app_uninstalled"}, team="T2")
    oauth_bot.settle()
    assert store.find_installation(enterprise_id=None, team_id="T2") is None
    assert store.find_bot(enterprise_id=None, team_id="T2") is None
    assert store.find_installation(enterprise_id=None, team_id="T1") is not None

    oauth_bot.event(mention("", ts="1700000103.000100"), team="T2")
    oauth_bot.event(mention("", ts="1700000104.000100"), team="T1")
    slack.wait_for("chat.postMessage", 3)
    oauth_bot.settle()
    later = slack.posts()[2:]
    assert [p.params["thread_ts"] for p in later] == ["1700000104.000100"]
    assert later[0].headers["authorization"] == f"Bearer {tokens['T1']}"


def test_buttons_escalation_and_the_command_use_the_workspace_token(oauth_bot, slack):
    install(oauth_bot, "T1")
    install(oauth_bot, "T2")
    t2 = "Bearer " + next(token for token, team in slack.tokens.items() if team == "T2")
    oauth_bot.event(mention(AADSTS50011, ts="1700000401.000100"), team="T2")
    shown = slack.wait_for("chat.postMessage")[0]
    for count in range(1, len(ENTRIES[0].checks) + 1):
        oauth_bot.click(shown.buttons()["check_next"], on=shown, team="T2")
        shown = slack.wait_for("chat.update", count=count)[-1]
    oauth_bot.click(shown.buttons()["escalate"], on=shown, team="T2")
    escalated = slack.wait_for("chat.postMessage", 2)[1]
    oauth_bot.command("watch", channel="C2", user="UCREATOR", team="T2")
    slack.wait_for("respond")
    oauth_bot.settle()
    assert escalated.params["channel"] == "CESC"
    used = [c for c in slack.calls if c.method not in ("oauth.v2.access", "auth.test", "respond")]
    assert {c.method for c in used} >= {
        "chat.postMessage",
        "chat.update",
        "chat.getPermalink",
        "users.info",
        "conversations.info",
    }
    assert {c.headers["authorization"] for c in used} == {t2}


def test_a_revoked_bot_token_forgets_the_workspace(oauth_bot, slack):
    install(oauth_bot, "T2")
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    oauth_bot.event(event, team="T2")
    oauth_bot.settle()
    assert installations(oauth_bot).find_installation(enterprise_id=None, team_id="T2") is None


def test_a_forged_or_reused_state_installs_nothing(oauth_bot, slack):
    link, cookie = install_link(oauth_bot)
    state = parse_qs(urlsplit(link).query)["state"][0]
    raw = state.rpartition(".")[0]
    forged = f"{raw}.{'0' * 32}"
    query = urlencode({"code": "code-T1", "state": forged})
    status, _, _ = get(
        oauth_bot, f"/slack/oauth_redirect?{query}", f"slack-app-oauth-state={forged}"
    )
    assert status == 401
    assert slack.calls_to("oauth.v2.access") == []

    query = urlencode({"code": "code-T1", "state": state})
    assert get(oauth_bot, f"/slack/oauth_redirect?{query}", cookie)[0] == 200
    assert get(oauth_bot, f"/slack/oauth_redirect?{query}", cookie)[0] == 401
    assert len(slack.calls_to("oauth.v2.access")) == 1


def test_rotating_tokens_are_refreshed_before_the_reply(oauth_bot, slack):
    slack.token_lifetime = 60  # expires within Bolt's 120 minutes: refreshed at once
    install(oauth_bot, "T1")
    (first,) = slack.tokens
    oauth_bot.event(mention("", ts="1700000201.000100"), team="T1")
    (post,) = slack.wait_for("chat.postMessage")
    oauth_bot.settle()
    refreshes = slack.calls_to("oauth.v2.access")[1:]
    assert [c.params.get("grant_type") for c in refreshes] == ["refresh_token"]
    fresh = post.headers["authorization"].removeprefix("Bearer ")
    assert fresh != first and slack.tokens[fresh] == "T1"
    found = installations(oauth_bot).find_bot(enterprise_id=None, team_id="T1")
    assert found is not None and found.bot_token == fresh


def test_without_the_oauth_settings_there_are_no_install_pages(bot, slack):
    assert get(bot, "/slack/install")[0] == 404
    assert get(bot, "/slack/oauth_redirect?code=code-T1&state=x")[0] == 404
    bot.event(mention("", ts="1700000301.000100"))
    (post,) = slack.wait_for("chat.postMessage")
    assert post.headers["authorization"] == "Bearer xoxb-test"


def test_python_m_bot_serve_installs_without_a_bot_token(slack, tmp_path):
    served = ServeProcess(
        slack,
        tmp_path,
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID="1.2",
        SLACK_CLIENT_SECRET="cs",
        SLACK_STATE_SECRET="ss",
        WEB_CONCURRENCY="2",
    )
    try:
        port = int(urlsplit(served.url).port or 0)
        page = RunningBotAt(port)
        install(page, "T2")
        assert served.event(mention("", ts="1700000501.000100"), team="T2") == 200
        (post,) = slack.wait_for("chat.postMessage")
        assert post.headers["authorization"] == f"Bearer {next(iter(slack.tokens))}"
        assert slack.tokens[post.headers["authorization"].removeprefix("Bearer ")] == "T2"
    finally:
        served.terminate()
        assert served.process.wait(timeout=40) == 0
        served.kill()


def test_serve_refuses_a_partial_oauth_setup(monkeypatch, capsys):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_STATE_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "cs")
    assert main(["serve"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: SLACK_STATE_SECRET is not set")


def test_work_outside_a_request_gets_the_workspace_token(oauth_bot, slack):
    install(oauth_bot, "T1")
    install(oauth_bot, "T2")
    tokens = {team: token for token, team in slack.tokens.items()}
    for team in ("T1", "T2"):
        client = workspace_client(oauth_bot.app, team)
        assert client is not None and client.token == tokens[team]
    assert oauth_bot.app.client.token is None  # the app's own client holds no token
    assert workspace_client(oauth_bot.app, "T3") is None
    oauth_bot.event({"type": "app_uninstalled"}, team="T2")
    oauth_bot.settle()
    assert workspace_client(oauth_bot.app, "T2") is None


def test_work_outside_a_request_gets_a_refreshed_token(oauth_bot, slack):
    slack.token_lifetime = 60
    install(oauth_bot, "T1")
    (first,) = slack.tokens
    client = workspace_client(oauth_bot.app, "T1")
    assert client is not None and client.token not in (None, first)
    assert slack.tokens[client.token or ""] == "T1"
    assert client.base_url == slack.api_url


def test_one_workspace_with_a_bot_token_uses_the_app_client(bot):
    client = workspace_client(bot.app, "T9")
    assert client is bot.app.client and client.token == "xoxb-test"
