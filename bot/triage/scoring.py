"""Every weight, cap, bump and threshold of the matcher, with why it has its value.

Scores run from 0 to 100. Exact evidence (a code, an error string) gets a fixed score
that says how sure that kind of evidence is; wording gets what the fuzzy index measures,
lowered by the doubts below. Unless a line says otherwise, a value was set on the dev set
(``tests/data/dev_cases.jsonl``) and checked on the held-out sets of real pastes
(``tests/data/heldout*_cases.jsonl``) graded before the fixes they prompted; the README's
"Measured figures" table gives the results.
"""

from __future__ import annotations

# ------------------------------------------------------------------ answering or staying silent
#: Scores at or above this are answered; below it the bot stays silent in auto-triage.
#: The strongest wording score on a clear negative of the dev and first held-out sets is 64
#: (a Postgres "role does not exist"); all but four right answers score 69 or more.
ANSWER = 68.0
#: Scores at or above this are offered as "did you mean" when someone asks directly.
SUGGEST = 45.0
#: An entry marked ``legacy`` (a retired feature such as Zoom JWT apps) ranks this much
#: below a current one with the same evidence.
LEGACY = 2.0
#: Confident answers shown at most.
MAX_ANSWERS = 3
#: Asked directly, a less sure reading (SUGGEST or more) is given as "most likely" from this
#: score when the text states an error or code or names the reading's provider, or when it
#: is about sign-in and the reading comes from meaning ...
ASKED_WITH_EVIDENCE = 50.0
#: ... from this score when the text is about sign-in and the reading comes from shared
#: words (other systems' errors that mention "authentication failed" score up to 59) ...
ASKED_WITH_CONTEXT = 60.0
#: ... and from this score when only its meaning backs it. Below these the bot says it could
#: not match. Set on the title, typed and paste dev sets with the dev and held-out pastes'
#: negatives (other systems' errors, chatter).
ASKED_BY_MEANING = 60.0

# ------------------------------------------------------------------ exact evidence
#: A code the paste states (AADSTS50011, E0000004): the provider's own identifier.
EXACT_CODE = 100.0
#: Each later code in the same paste ranks a little lower: the first one is the failure,
#: later ones are usually consequences or wrappers.
LATER_CODE = 0.1
#: A plain-number code (Zoom's 124) of a provider the paste names: strong, but a number
#: can be something else, so an RFC error of the same provider still wins.
HINTED_CODE = 98.5
#: A bare number in a one-line question that is a known code ("700016 not documented"):
#: likely, but a number can be anything, so only a direct ask gets it as "most likely".
LOOSE_CODE = 66.0
#: An RFC ``error`` with the answering provider known: that provider's own entry ...
PROVIDER_ERROR = 98.0
#: ... ahead of the generic ``oauth:`` entry for the same string.
GENERIC_ERROR = 96.0
#: A provider's own wording quoted next to an RFC error (Zoom's "Invalid Token!").
PROVIDER_WORDING = 97.0
#: An error string mentioned in prose rather than an ``error`` field: the provider's ...
MENTIONED_PROVIDER_ERROR = 93.0
#: ... and the generic entry.
MENTIONED_ERROR = 90.0
#: Error strings mentioned in prose that are looked at, at most.
MAX_MENTIONED = 40
#: A non-standard error string this long names one error even with one underscore or none
#: (``disallowed_useragent``, ``InvalidAuthenticationToken``), unlike ``internal_error``.
DISTINCTIVE_NAME = 16
#: A distinctive error string several providers use (``redirect_uri_mismatch``: Google,
#: GitHub, Salesforce), with none named: each is offered, in registry order, at most this many.
MAX_SHARED_OWNERS = 3
#: An error string typed as separate words ("callback url mismatch"): a little less sure
#: than the string itself, still an answer.
TYPED_NAME = 88.0
#: A distinctive error string several providers use, none named: below a fitting wording
#: match of one of them (that one then leads), still an answer.
SHARED_NAME = 80.0
#: Words of a short text looked at for typed error strings.
MAX_TYPED_WORDS = 60
#: An unknown AADSTS code one digit from a known one whose wording also matches: a typo.
MISTYPED_CODE = 90.0
#: ... when its wording matches at least this well (an unknown real code is not a typo).
MISTYPED_WORDING = 65.0
#: A real code missing from the knowledge base: above other codes' wording, below a typo fix.
UNLISTED_CODE = 89.5
#: A code tagged ``wrapper`` (AADSTS70002 "Error validating credentials") next to another
#: code ranks below the code it wraps.
WRAPPER_PENALTY = 1.5
#: A generic-first provider's RFC string (Okta's OAuth endpoints) puts the ``oauth:`` entry
#: this far ahead of the provider's own.
GENERIC_FIRST_BUMP = 0.5

# ------------------------------------------------------------------ HTTP statuses
#: A stated 401/403/407/429: about authentication or authorization in any context.
HTTP_AUTH = 80.0
#: Any other stated status, only in an OAuth context or next to a confident answer.
HTTP_OTHER = 72.0
#: The statuses that are about authentication in any context.
AUTH_STATUSES = frozenset({401, 403, 407, 429})
#: A provider documenting the status itself (Zoom's 429) ranks this far above ``http:``.
PROVIDER_STATUS_BUMP = 1.0
#: Each later status in a paste ranks this much lower.
LATER_STATUS = 1.0

# ------------------------------------------------------------------ wording and its doubts
#: Wording alone never reaches the score of exact evidence.
FUZZY_CAP = 95.0
#: Wording of another code of a provider whose code the paste states stays below its errors.
OTHER_CODE_CAP = 89.0
#: A wording match on a provider's entry counts less when nothing in the paste names it ...
UNHINTED_PROVIDER = 0.82
#: ... and less again when the paste names a different provider.
OTHER_PROVIDER = 0.7
#: Wording alone counts less in a paste that says nothing of OAuth, tokens or sign-in.
NO_CONTEXT = 0.85
#: A named provider's own wording beats the same wording in a generic entry.
HINTED_BONUS = 1.0
#: Coverage from which a short message counts as quoted whole ("Invalid access token").
WHOLE = 0.95
#: Template weight (summed rarity of its words) from which a wording match is fully
#: specific: doubts weigh fully on short templates and little on long ones.
SPECIFIC_WEIGHT = 30.0
#: How fast doubt fades with template weight, and the least of it that always remains.
DOUBT_SPAN = 20.0
MIN_DOUBT = 0.3

# ------------------------------------------------------------------ the fuzzy index
#: Templates scored per paste, at most, after the rare-word stage.
MAX_CANDIDATES = 12
#: A template is a candidate when the paste holds this share of its rare-word weight.
MIN_COVERAGE = 0.5
#: A wording score mixes rare-word coverage of the densest window ...
COVERAGE_WEIGHT = 0.7
#: ... with rapidfuzz's ratio between the template and that window.
SIMILARITY_WEIGHT = 0.3
#: Templates whose rare-word weight is below this are short and generic; damped.
FULL_WEIGHT = 16.0
#: A sentence of a longer template matched alone counts a little less than the whole.
PART_FACTOR = 0.95
#: A sentence of a template is indexed alone when it has this many words.
MIN_PART_WORDS = 3
#: Scores above this count as equally perfect; more matched wording then decides.
PERFECT = 95.0
#: Crossing a sentence end costs a window this many extra places.
BOUNDARY_GAP = 3
#: A provider's description matches one of its templates when partial_ratio reaches this.
WORDING_RATIO = 95.0

# ------------------------------------------------------------------ meaning (bot.triage.meaning)
#: Texts up to this long are compared by meaning too (questions and titles, not logs).
MEANING_TEXT = 300
#: Entries proposed by meaning per text.
MEANING_CANDIDATES = 5
#: A cosine similarity becomes a score as (similarity - MEANING_ZERO) * MEANING_SLOPE: on the
#: title and typed dev sets, right readings mostly reach 0.65 or more and the best reading
#: of chatter and other systems' errors stays below 0.65 (score 45, the suggestion floor).
MEANING_ZERO = 0.2
MEANING_SLOPE = 100.0
#: The provider the text names (Okta in "Invalid Scope at Okta Login") adds this.
MEANING_NAMED = 8.0
#: The rare-word index found the same entry: two independent readings agree.
MEANING_AGREES = 8.0
#: Meaning alone never scores like exact evidence or a quoted message.
MEANING_CAP = 85.0

# ------------------------------------------------------------------ typed by hand
#: Pastes up to this long are treated as typed by hand (typos are looked for).
SHORT_PASTE = 800
#: An unknown word is corrected to the nearest knowledge word at this rapidfuzz ratio.
TYPO_RATIO = 85.0
#: A misspelled error string (``code_alredy_used``) is corrected at this ratio.
CODE_TYPO_RATIO = 90.0
#: At most this many unknown words of a paste are looked up as typos.
MAX_CORRECTIONS = 12

# ------------------------------------------------------------------ cost bounds (not accuracy)
#: Words of a paste read by the fuzzy index, at most.
MAX_PASTE_TOKENS = 12_000
#: Places remembered per word of a paste.
MAX_PLACES_PER_WORD = 64
#: Typo corrections remembered per index (the cache stays bounded).
MAX_REMEMBERED = 50_000
