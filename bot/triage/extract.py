"""Read what a paste says before any fuzzy matching: codes, error fields, IDs and hints.

Pastes arrive as JSON (often quoted inside JSON or inside log lines), Python
reprs, URLs with ``?error=...``, ``WWW-Authenticate`` headers, stack traces and
prose. Rather than parsing each format, the text is first unescaped into at most
three *views* (raw, then one and two levels of backslash escapes removed); error
fields are read from every view with the same bounded regular expressions, and
query strings are percent- and plus-decoded where they are found.

>>> facts = extract('{"error":"invalid_grant","error_description":"AADSTS70008: expired"}')
>>> facts.aadsts, facts.errors
(('AADSTS70008',), ('invalid_grant',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_plus

__all__ = ["MAX_SCAN_CHARS", "Facts", "extract", "text_views"]

#: Pastes are scanned up to this many characters (Slack's message limit is 40,000).
MAX_SCAN_CHARS = 40_000
_MAX_FIELD = 600

_AADSTS = re.compile(r"\bAADSTS(\d{4,8})\b")
_OKTA = re.compile(r"\b(E0{3,4}\d{2,3})\b")
_KEY_VALUE = re.compile(
    r"""\b(?i:(error_description|error_codes|error_reason|error_code|errorCode|errorSummary|
    error|reason|code|message|status|statusCode|status_code|type|name))\b["']?
    \s*(?::|=>|=)\s*
    (?:"((?:[^"\\\n]|\\.){0,600})"|'((?:[^'\\\n]|\\.){0,600})'|(\[[^\]\n]{0,200}\])|([^\n;,"'{}\[\]]{1,200}))""",
    re.VERBOSE,
)
_DESCRIPTION_FIELDS = frozenset({"error_description", "errorsummary", "reason", "message"})
_URL_QUERY = re.compile(r"(?:^|[?#&\s`'\"])error=([^&\s\"'<>]{1,100})((?:&[^\s\"'<>]{0,600})?)")
_HTTP_STATUS = re.compile(
    r"""(?x)
    \bhttp/\d(?:\.\d)?\s+([1-5]\d\d)\b
    |\b(?:status(?:[ _]?code)?|http[ _]?(?:status|code|error)?|response[ _]code|error)
      ["']?\s*(?:[:=]|was|of|is)?\s*["']?\(?([1-5]\d\d)\b
    |\b([1-5]\d\d)\s*[:\-(]?\s*(?:unauthorized|forbidden|bad[ ]request|not[ ]found
      |too[ ]many[ ]requests|internal[ ]server[ ]error|bad[ ]gateway|service[ ]unavailable
      |gateway[ ]time-?out
      |method[ ]not[ ]allowed|client[ ]error|server[ ]error|proxy[ ]authentication
      |bad[ ]credentials)
    |\bcode["']?\s*[:=]\s*([45]\d\d)\b
    |\((\d{3})\)\s*(?:unauthorized|forbidden|bad[ ]request)
    |(?:unauthorized|forbidden|bad[ ]request|too[ ]many[ ]requests)\s*\(([45]\d\d)\)
    |\b(?:get|gets|got|getting|return|returns|returned|returning|receiv\w*|throw\w*|giv\w*
      |respond\w*|answer\w*|hit|hitting|fails?[ ]with|failing[ ]with)
      \s+(?:an?\s+|the\s+)?(?:http\s+)?([45]\d\d)\b
    |\b([45]\d\d)\s+(?:error|status|response|responses|errors)\b
    |\brate[ -]?limit\w*\D{0,20}(429)\b
    |(?<![\w.:/-])(429)(?![\w.:/-])(?=.{0,200}(?:exceed|too[ ]many|rate|throttl|per[ ]second|quota))
    """
)
_OAUTH_WORDS = re.compile(
    r"oauth|openid|oidc|token|authori[sz]|\bsign[- ]?in|\blog[- ]?in|\bsso\b|client[_ ]?id"
    r"|\bredirect|\bcallback\b"
    r"|consent|scope|saml|bearer|jwt|\bidp\b|tenant|grant|credential|identity provider"
)
_THREE_DIGITS = re.compile(r"(?<![\w.])[1-5]\d\d(?![\w.]|:\d)")  # not file.js:615:17
_ZOOM_CODE = re.compile(r"""(?x)code["']?\s*(?::|=>|=)?\s*["']?(\d{3,4})\b""")
_ZOOM_OAUTH_CODE = re.compile(r"\b47\d\d\b")
_ID_FIELDS = re.compile(
    r"""(?x)\b(trace|correlation|request|tracking|x-request|client-request)[ _-]?id
    ["']?\s*[:=]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[\w-]{8,64})"""
)
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_TIMESTAMP = re.compile(
    r"\b(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?Z?)"
    r"|\b(?:Timestamp|timestamp)[\"']?\s*[:=]\s*[\"']?([^\"'\n,}]{8,40})"
)
#: Slack's Web API wraps every answer in ``{"ok": false, "error": ...}``.
_SLACK_ENVELOPE = re.compile(r"""["']ok["']\s*:\s*false\b""")
_SMART_QUOTES = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"))
_SNAKE_WORD = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+")

_HOST_HINTS: tuple[tuple[str, str], ...] = (
    ("login.microsoftonline.com", "azure"),
    ("login.windows.net", "azure"),
    ("login.microsoftonline.us", "azure"),
    ("sts.windows.net", "azure"),
    ("login.live.com", "azure"),
    ("zoom.us", "zoom"),
    ("okta.com", "okta"),
    ("oktapreview.com", "okta"),
    ("okta-emea.com", "okta"),
    ("accounts.google.com", "google"),
    ("oauth2.googleapis.com", "google"),
    ("googleapis.com", "google"),
    ("github.com/login/oauth", "github"),
    ("developer.github.com", "github"),
    ("docs.github.com", "github"),
    ("slack.com/api", "slack"),
    ("slack.com/oauth", "slack"),
    ("auth0.com", "auth0"),
    ("/realms/", "keycloak"),
    ("salesforce.com", "salesforce"),
    ("force.com", "salesforce"),
)
_WORD_HINTS: tuple[tuple[str, str], ...] = tuple(
    (word, provider)
    for provider, words in {
        "azure": "aadsts azure entra msal adal adal4j microsoft office365 o365 azuread "
        "microsoftonline defaultazurecredential",
        "zoom": "zoom account_credentials webinar registrant",
        "okta": "okta oktaidx",
        "google": "google gcloud gmail gdrive google-auth-library oauth2client googleapis",
        "github": "github",
        "slack": "slack bolt xoxb xoxp",
        "auth0": "auth0",
        "keycloak": "keycloak",
        "salesforce": "salesforce sfdc",
    }.items()
    for word in words.split()
)
_WORD_EDGE = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class Facts:
    """What a paste states outright, in order of appearance, without duplicates."""

    aadsts: tuple[str, ...] = ()
    okta_codes: tuple[str, ...] = ()
    zoom_codes: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    snake_words: tuple[str, ...] = ()
    http_statuses: tuple[int, ...] = ()
    ids: tuple[tuple[str, str], ...] = ()
    timestamps: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    strong_providers: tuple[str, ...] = ()
    oauth_words: bool = False
    csrf: bool = False

    @property
    def has_oauth_context(self) -> bool:
        """Whether the paste is visibly about OAuth, sign-in or an identity provider."""
        return bool(
            self.aadsts
            or self.okta_codes
            or self.errors
            or self.providers
            or self.hosts
            or self.oauth_words
        )


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(i for i in items if i))


def _unescape(text: str) -> str:
    return (
        text.replace('\\"', '"')
        .replace("\\'", "'")
        .replace("\\/", "/")
        .replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .replace("\\t", " ")
        .replace("\\\\", "\\")
    )


def text_views(text: str) -> list[str]:
    """The paste as scanned: raw, then with one and two levels of escapes removed.

    >>> text_views('{\\\\"error\\\\": 1}')[-1]
    '{"error": 1}'
    """
    text = text[:MAX_SCAN_CHARS]
    for curly, straight in _SMART_QUOTES:
        if curly in text:
            text = text.replace(curly, straight)
    views = [text]
    for _ in range(2):
        if "\\" not in views[-1]:
            break
        unescaped = _unescape(views[-1])
        if unescaped == views[-1]:
            break
        views.append(unescaped)
    return views


def _field_values(view: str, errors: list[str], descriptions: list[str], codes: list[str]) -> None:
    for match in _KEY_VALUE.finditer(view):
        name = match.group(1).lower()
        value = next((g for g in match.group(2, 3, 4, 5) if g is not None), "").strip()
        if match.group(5) is not None and name not in _DESCRIPTION_FIELDS:
            value = value.split()[0] if value.split() else ""
        if not value:
            continue
        if name in {"error", "error_code", "errorcode", "error_reason", "name", "type"}:
            quoted = match.group(5) is None
            if (re.fullmatch(r"[a-z][a-z0-9_]{2,60}", value) and "_" in value) or (
                quoted and name == "error" and re.fullmatch(r"[a-z]{4,30}", value)
            ):
                errors.append(value)
            elif name in {"errorcode", "error_code"}:
                codes.append(value)
            elif name == "error" and " " in value:
                descriptions.append(value[:_MAX_FIELD])
        elif name in _DESCRIPTION_FIELDS:
            descriptions.append(value[:_MAX_FIELD])
        elif name == "error_codes":  # Entra's numeric list, e.g. [70021]
            codes.extend(f"AADSTS{number}" for number in re.findall(r"\d{4,8}", value))


def _http_statuses(lowered: str) -> list[int]:
    """HTTP statuses stated as such; bare three-digit numbers are looked at in context only."""
    found: list[int] = []
    for number in _THREE_DIGITS.finditer(lowered, 0, MAX_SCAN_CHARS):
        if len(found) >= 20:
            break
        start = max(0, number.start() - 40)
        for match in _HTTP_STATUS.finditer(lowered, start, number.end() + 40):
            if match.start() <= number.start() < match.end():
                found.append(int(next(g for g in match.groups() if g)))
                break
    return found


def _url_errors(view: str, errors: list[str], descriptions: list[str]) -> None:
    if "error=" not in view:
        return
    for match in _URL_QUERY.finditer(view):
        errors.append(unquote_plus(match.group(1)).strip())
        for part in match.group(2).split("&"):
            name, _, value = part.partition("=")
            if name in {"error_description", "message", "error_reason"} and value:
                descriptions.append(unquote_plus(value)[:_MAX_FIELD])


def _has_word(lowered: str, word: str) -> bool:
    """Whether ``word`` stands in ``lowered`` as a word of its own (a plural is fine)."""
    start = lowered.find(word)
    while start != -1:
        end = start + len(word)
        before = lowered[start - 1] if start else " "
        after = lowered[end] if end < len(lowered) else " "
        if not _WORD_EDGE.match(before) and (not _WORD_EDGE.match(after) or after == "s"):
            return True
        start = lowered.find(word, end)
    return False


def _provider_hints(lowered: str) -> tuple[list[str], list[str], list[str]]:
    found = [(host, provider) for host, provider in _HOST_HINTS if host in lowered]
    hosts = [host for host, _ in found]
    strong = [provider for _, provider in found]
    words = [
        provider for word, provider in _WORD_HINTS if word in lowered and _has_word(lowered, word)
    ]
    if "server-to-server" in lowered:
        words.append("zoom")
    if "ok" in lowered and _SLACK_ENVELOPE.search(lowered):
        words.append("slack")
    return hosts, strong, words


def extract(text: str) -> Facts:
    """Extract the facts a paste states outright.

    >>> extract("HTTP/1.1 401 Unauthorized").http_statuses
    (401,)
    >>> extract("https://app/cb?error=access_denied&error_description=User+denied").descriptions
    ('User denied',)
    """
    views = text_views(text)
    aadsts: list[str] = []
    okta: list[str] = []
    zoom: list[str] = []
    errors: list[str] = []
    descriptions: list[str] = []
    codes: list[str] = []
    statuses: list[int] = []
    ids: list[tuple[str, str]] = []
    stamps: list[str] = []
    snake: list[str] = []
    raw = views[0]
    lowered = raw.lower()
    if "AADSTS" in raw:
        aadsts += [f"AADSTS{m}" for m in _AADSTS.findall(raw)]
    if "E000" in raw:
        okta += [m for m in _OKTA.findall(raw) if len(m) == 8]
    statuses += _http_statuses(lowered)
    ids += _ID_FIELDS.findall(lowered)
    if "timestamp" in lowered or _DATE.search(raw):
        stamps += [a or b.strip() for a, b in _TIMESTAMP.findall(raw)]
    snake += [w for w in _SNAKE_WORD.findall(lowered) if not w[0].isdigit()]
    hosts, strong, words = _provider_hints(lowered)
    # Escaping only hides structure: fields are read from every view, the rest from the raw one.
    for view in views:
        _field_values(view, errors, descriptions, codes)
        _url_errors(view, errors, descriptions)
    aadsts += [c for c in codes if c.startswith("AADSTS")]
    okta += [c for c in codes if re.fullmatch(r"E\d{7}", c)]
    if aadsts:
        words.append("azure")
    providers = _unique([*strong, *words])
    if "zoom" in providers:
        for view in views:
            lowered_view = view.lower()
            zoom += _ZOOM_CODE.findall(lowered_view) + _ZOOM_OAUTH_CODE.findall(lowered_view)
        zoom += [c for c in codes if c.isdigit()]
    return Facts(
        aadsts=_unique(aadsts),
        okta_codes=_unique(okta),
        zoom_codes=_unique(zoom),
        errors=_unique(e.lower() for e in errors),
        descriptions=_unique(descriptions),
        snake_words=_unique(snake),
        http_statuses=_unique(s for s in statuses if 100 <= s <= 599),
        ids=_unique(ids),
        timestamps=_unique(stamps),
        hosts=_unique(hosts),
        providers=providers,
        strong_providers=_unique(strong),
        oauth_words=bool(_OAUTH_WORDS.search(lowered)),
        csrf="csrf" in lowered or "xsrf" in lowered,
    )
