"""Names shared by manifest.yml, the Block Kit builders and the listeners."""

__all__ = [
    "CHECK_BLOCK",
    "CHECK_CONFIRM",
    "CHECK_NEXT",
    "COMMAND",
    "CORRECTION_ENTRY",
    "CORRECTION_MODAL",
    "CORRECTION_TEXT",
    "CURATE_ALIAS",
    "CURATE_DRAFT",
    "CURATE_ENTRY",
    "CURATE_SYMPTOM",
    "DIAGNOSE_FUNCTION",
    "DRAFT_MODAL",
    "ESCALATE",
    "EXPLAIN_SHORTCUT",
    "FEEDBACK_HELPFUL",
    "FEEDBACK_UNHELPFUL",
    "MORE",
    "SHARE",
    "SUGGESTION",
    "WRONG_ERROR",
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

#: "Wrong error?" on an answer: opens the correction modal (``CORRECTION_MODAL``), whose
#: ``external_select`` (``CORRECTION_ENTRY``, options searched among the knowledge entries)
#: picks the right entry and whose text input (``CORRECTION_TEXT``) describes it.
WRONG_ERROR = "wrong_error"
CORRECTION_MODAL = "correction"
CORRECTION_ENTRY = "correction_entry"
CORRECTION_TEXT = "correction_text"
#: The App Home's curator view: per cluster, the entry search (``CURATE_ENTRY``) and the
#: buttons that add the texts as an alias or a symptom of it, or draft a new entry.
CURATE_ENTRY = "curate_entry"
CURATE_ALIAS = "curate_alias"
CURATE_SYMPTOM = "curate_symptom"
CURATE_DRAFT = "curate_draft"
#: The modal of a drafted entry, written to the organisation's folder when it validates.
DRAFT_MODAL = "draft_entry"
