"""The "Diagnose a sign-in error" workflow step: the pasted text in, the answer's key, title,
first fix step, link and support-bundle IDs out (see :mod:`bot.slack.diagnosis`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Complete, Fail

from bot.slack import diagnosis
from bot.slack.paste import read_paste
from bot.slack.services import services

__all__ = ["handle_diagnose_sign_in_error"]

_FAILED = "Something went wrong on the bot's side while diagnosing this error; try again."


def handle_diagnose_sign_in_error(
    inputs: dict[str, Any], complete: Complete, fail: Fail, context: BoltContext
) -> None:
    """Complete the step with the diagnosis (also when nothing matched); fail it only for
    text that cannot be read, or when the bot itself fails (then logged, redacted)."""
    try:
        text = inputs.get(diagnosis.INPUT)
        paste = read_paste(
            services(context).triager, text if isinstance(text, str) else "", asked=False
        )
        refused = diagnosis.refusal(paste)
        if refused is not None:
            fail(refused)
            return
        complete(outputs=diagnosis.outputs(paste))
    except Exception:
        fail(_FAILED)
        raise
