"""Names shared by manifest.yml, the Block Kit builders and the listeners."""

__all__ = [
    "CHECK_BLOCK",
    "CHECK_CONFIRM",
    "CHECK_NEXT",
    "COMMAND",
    "DIAGNOSE_FUNCTION",
    "ESCALATE",
    "EXPLAIN_SHORTCUT",
    "FEEDBACK_HELPFUL",
    "FEEDBACK_UNHELPFUL",
    "MORE",
    "SHARE",
    "SUGGESTION",
]

#: The slash command, as declared under ``features.slash_commands`` in manifest.yml.
COMMAND = "/oauthhelp"
#: The message shortcut's ``callback_id`` ("Explain this error").
EXPLAIN_SHORTCUT = "explain_error"
#: The Workflow Builder custom step's ``callback_id``, declared under ``functions`` in manifest.yml.
DIAGNOSE_FUNCTION = "diagnose_sign_in_error"

#: Prefix of the ``block_id`` of the blocks that ask the follow-up checks (``oauth_check_0_ask``).
CHECK_BLOCK = "oauth_check"
CHECK_CONFIRM = "check_confirm"
CHECK_NEXT = "check_next"
ESCALATE = "escalate"
FEEDBACK_HELPFUL = "feedback_helpful"
FEEDBACK_UNHELPFUL = "feedback_unhelpful"
SHARE = "share_answer"
#: "More": every fix step and check, the support bundle and the links of an answer.
MORE = "more_details"
#: Prefix of the suggestion buttons' action ids (``suggestion_0``, ``suggestion_1``, ...).
SUGGESTION = "suggestion"
