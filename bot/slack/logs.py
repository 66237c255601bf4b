"""Keep request bodies and pasted text out of the logs.

Bolt and slack_sdk log what they receive and send: a rejected request's raw body (INFO),
unhandled payloads (WARNING), every Web API request and response (DEBUG), Socket Mode
envelopes (DEBUG). :class:`NoContentFilter` cuts each of their messages where the content
starts and redacts what is left, so a log line never holds a paste, whatever the level.

>>> scrub("Invalid request signature detected (signature: v0=ab, timestamp: 1, body: x=1)")
'Invalid request signature detected (signature: v0=ab, timestamp: 1, [content not logged]'
>>> scrub("Sending a request - url: https://slack.com/api/chat.postMessage, body_params: {}")
'Sending a request - url: https://slack.com/api/chat.postMessage, [content not logged]'
>>> scrub("Unhandled request ({'type': 'event_callback'})")
'Unhandled request ([content not logged]'
>>> scrub("Going to retry the same request: POST https://slack.com/api/auth.test")
'Going to retry the same request: POST https://slack.com/api/auth.test'
>>> scrub("Failed to send a request: <urlopen error [Errno 111] Connection refused>")
'Failed to send a request: <urlopen error [Errno 111] Connection refused>'
>>> scrub("on_message invoked: ['first line of a paste']")
'on_message invoked: [content not logged]'
"""

from __future__ import annotations

import logging
import re

from bot.safety.redact import redact

__all__ = ["BOLT_LOGGER", "LIBRARY_LOGGERS", "NoContentFilter", "quiet_library_logs", "scrub"]

#: The logger handed to Bolt (``App(logger=...)``) and to the Web API client; Bolt copies
#: its filters to every logger it creates for the app.
BOLT_LOGGER = "bot.slack.bolt"
#: Loggers of the Slack libraries, filtered directly too (children already created are
#: found at start; Bolt's own are created with :data:`BOLT_LOGGER`'s filters).
LIBRARY_LOGGERS = (
    "slack_bolt",
    "slack_sdk",
    "slack_sdk.web.base_client",
    "slack_sdk.web.internal_utils",
    "slack_sdk.web.slack_response",
    "slack_sdk.webhook.client",
    "slack_sdk.webhook.internal_utils",
    "slack_sdk.socket_mode.builtin.client",
    "slack_sdk.socket_mode.builtin.connection",
    "slack_sdk.socket_mode.websocket_client",
)
_CUT = "[content not logged]"
#: Where content starts: a field that carries it, or a literal dict or list.
_CONTENT = re.compile(
    r"\b(?:request body|body|body_params|query_params|json_body|files|headers|payload"
    r"|message|submission|text|event|envelope|data)\b\s*[:=]|\{|\[(?=\s*[{\['\"])",
    re.IGNORECASE,
)


def scrub(message: str) -> str:
    """``message`` up to where a payload starts, secrets redacted."""
    found = _CONTENT.search(message)
    kept = message if found is None else message[: found.start()] + _CUT
    return redact(kept).text


class NoContentFilter(logging.Filter):
    """Rewrites each record to :func:`scrub` of its message; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        return True


def _has_content_filter(logger: logging.Logger) -> bool:
    return any(isinstance(f, NoContentFilter) for f in logger.filters)


def quiet_library_logs() -> logging.Logger:
    """Filter the Slack libraries' loggers (those known, and any already created under
    ``slack_bolt`` / ``slack_sdk``); the filtered logger to hand to Bolt and the client."""
    existing = [
        name
        for name in list(logging.root.manager.loggerDict)
        if name.split(".")[0] in ("slack_bolt", "slack_sdk")
    ]
    for name in (BOLT_LOGGER, *LIBRARY_LOGGERS, *existing):
        logger = logging.getLogger(name)
        if not _has_content_filter(logger):
            logger.addFilter(NoContentFilter())
    return logging.getLogger(BOLT_LOGGER)
