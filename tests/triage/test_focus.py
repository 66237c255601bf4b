"""Long pastes: wording is matched on the lines that read like errors, codes on everything."""

from bot.triage import Triager
from bot.triage.focus import focus

NOISE = "2024-01-01 10:00:00 INFO GET /health 200 in 3 ms\n" * 700


def test_short_paste_is_kept_whole():
    assert focus("AADSTS50011 at the start") == "AADSTS50011 at the start"


def test_long_paste_keeps_the_error_lines_only():
    kept = focus(NOISE + "ERROR token call failed: The code passed is incorrect or expired.\n")
    assert "the code passed is incorrect or expired" in kept
    assert "get /health" not in kept


def test_message_at_the_end_of_a_long_log_is_found():
    paste = (
        NOISE
        + 'ERROR github: {"error":"bad_verification_code"} The code passed is incorrect or expired.'
    )
    assert len(paste) > 30_000
    keys = [m.key for m in Triager.load().triage(paste).matches]
    assert keys[0] == "github:bad_verification_code"
