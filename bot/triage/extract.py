"""Read what a paste says before any fuzzy matching: codes, error fields, IDs and hints.

Pastes arrive as JSON (often quoted inside JSON or inside log lines), Python
reprs, URLs with ``?error=...``, ``WWW-Authenticate`` headers, stack traces and
prose. Rather than parsing each format, the text is first unescaped into at most
three *views* (raw, then one and two levels of backslash escapes removed); error
fields are read from every view with the same bounded regular expressions, and
query strings are percent- and plus-decoded where they are found.

>>> facts = extract('{"error":"invalid_grant","error_description":"AADSTS70008: expired"}')
>>> facts.codes, facts.errors
((('azure', 'AADSTS70008'),), ('invalid_grant',))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from bot.kb import Providers, builtin_providers

__all__ = ["Facts", "extract", "text_views"]

_MAX_FIELD = 600
#: A text this short is a typed question or an issue title, not a paste.
_ONE_LINE = 120
#: Error pages are looked for in the start of a paste only.
_MAX_FIELD_SCAN = 8_000
_ERROR_PAGE = re.compile(
    r"(?:\berror|\berreur|\bfehler|\bfout|\berrore|\berro|エラー)\s?[1-5]\d\d\s?:\s?([a-z][a-z]*_[a-z_]+)"
)
#: CamelCase names are looked for in the start of a paste only (they lead in titles and logs).
_MAX_CAMEL_SCAN = 8_000

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
    r"|reply ur[il]|\bmfa\b|multi-?factor|\b2fa\b|two-factor|admin approval|app ?id\b"
    r"|client secret|device (?:flow|code)|\bmsal\b|nextauth|next-auth|\bnonce\b|audience"
)
_THREE_DIGITS = re.compile(r"(?<![\w.])[1-5]\d\d(?![\w.]|:\d)")  # not file.js:615:17
_ID_FIELDS = re.compile(
    r"""(?x)\b(trace|correlation|request|tracking|x-request|client-request)[ _-]?id
    ["']?\s*[:=]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[\w-]{8,64})"""
)
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_TIMESTAMP = re.compile(
    r"\b(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?Z?)"
    r"|\b(?:Timestamp|timestamp)[\"']?\s*[:=]\s*[\"']?([^\"'\n,}]{8,40})"
)
_SMART_QUOTES = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"))
_SNAKE_WORD = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+")
#: ``InvalidAuthenticationToken``, ``OAuthAccountNotLinked``: names of library and API errors.
_CAMEL_WORD = re.compile(
    r"\b[A-Za-z][a-z0-9]*[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b"
)


@dataclass(frozen=True)
class Facts:
    """What a paste states outright, in order of appearance, without duplicates."""

    codes: tuple[tuple[str, str], ...] = ()
    #: Codes counted only because the paste names their provider (never answered as unlisted).
    hinted_codes: tuple[tuple[str, str], ...] = ()
    #: Bare numbers of a one-line text read as codes (never unlisted, only asked).
    loose_codes: tuple[tuple[str, str], ...] = ()
    errors: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    #: Words shaped like error names (``redirect_uri_mismatch``, ``InvalidAuthenticationToken``),
    #: lower-cased, whether or not the knowledge base knows them.
    snake_words: tuple[str, ...] = ()
    http_statuses: tuple[int, ...] = ()
    ids: tuple[tuple[str, str], ...] = ()
    timestamps: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    strong_providers: tuple[str, ...] = ()
    oauth_words: bool = False
    #: Characters in the text.
    length: int = 0
    csrf: bool = False

    @property
    def one_line(self) -> bool:
        """Whether the text is a one-line question or title rather than a paste."""
        return self.length <= _ONE_LINE

    @property
    def has_oauth_context(self) -> bool:
        """Whether the paste is visibly about OAuth, sign-in or an identity provider."""
        return bool(self.codes or self.errors or self.providers or self.hosts or self.oauth_words)

    def codes_of(self, provider: str) -> tuple[str, ...]:
        """The codes of ``provider`` the paste states."""
        return tuple(code for owner, code in self.codes if owner == provider)


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
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


_ERROR_NAMES = frozenset({"error", "error_code", "errorcode", "error_reason", "name", "type"})
_ERROR_STRING = re.compile(r"[a-z][a-z0-9_]{2,60}")
_ERROR_WORD = re.compile(r"[a-z]{4,30}")


@dataclass
class _Fields:
    """What the error fields of a paste hold, gathered over every view."""

    errors: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _field_value(match: re.Match[str]) -> str:
    """A field's value: quoted whole, or the first word of an unquoted non-description."""
    value = next((g for g in match.group(2, 3, 4, 5) if g is not None), "").strip()
    if match.group(5) is not None and match.group(1).lower() not in _DESCRIPTION_FIELDS:
        value = value.split()[0] if value.split() else ""
    return value


def _is_error_string(name: str, value: str, *, quoted: bool) -> bool:
    """``invalid_grant``-like values, and a quoted one-word ``error`` (Slack's ``invalid_auth``)."""
    snake = bool(_ERROR_STRING.fullmatch(value)) and "_" in value
    return snake or (quoted and name == "error" and bool(_ERROR_WORD.fullmatch(value)))


def _read_fields(view: str, found: _Fields) -> None:
    for match in _KEY_VALUE.finditer(view):
        name = match.group(1).lower()
        value = _field_value(match)
        if not value:
            continue
        if name in _ERROR_NAMES:
            if _is_error_string(name, value, quoted=match.group(5) is None):
                found.errors.append(value)
            elif name in {"errorcode", "error_code"}:
                found.values[name].append(value)
            elif name == "error" and " " in value:
                found.descriptions.append(value[:_MAX_FIELD])
        elif name in _DESCRIPTION_FIELDS:
            found.descriptions.append(value[:_MAX_FIELD])
        else:
            found.values[name].append(value)


def _http_statuses(lowered: str) -> list[int]:
    """HTTP statuses stated as such; bare three-digit numbers are looked at in context only."""
    found: list[int] = []
    for number in _THREE_DIGITS.finditer(lowered):
        if len(found) >= 20:
            break
        start = max(0, number.start() - 40)
        for match in _HTTP_STATUS.finditer(lowered, start, number.end() + 40):
            if match.start() <= number.start() < match.end():
                found.append(int(next(g for g in match.groups() if g)))
                break
    return found


def _page_errors(lowered: str) -> list[str]:
    """Error strings as sign-in error pages show them: ``Error 400: redirect_uri_mismatch``,
    ``Erreur 400 : ...``, ``エラー 400: ...``."""
    return _ERROR_PAGE.findall(lowered[:_MAX_FIELD_SCAN]) if "_" in lowered else []


def _url_errors(view: str, errors: list[str], descriptions: list[str]) -> None:
    if "error=" not in view:
        return
    for match in _URL_QUERY.finditer(view):
        errors.append(unquote_plus(match.group(1)).strip())
        for part in match.group(2).split("&"):
            name, _, value = part.partition("=")
            if name in {"error_description", "message", "error_reason"} and value:
                descriptions.append(unquote_plus(value)[:_MAX_FIELD])


def _codes(
    views: Sequence[str], fields: _Fields, providers: Providers, named: Sequence[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Codes stated in the paste or its error fields, by the registry's rules, in order;
    those found only because the paste names the provider (plain numbers); and those found
    only because the text is one line (a bare number in a question).
    """
    found: list[tuple[str, str]] = []
    hinted: list[tuple[str, str]] = []
    loose: list[tuple[str, str]] = []
    stated: set[tuple[str, str]] = set()
    one_line = len(views[0]) <= _ONE_LINE
    for provider, rule in providers.code_rules:
        needs_hint = rule.hinted(provider)
        if (needs_hint and provider.name not in named) or (rule.one_line and not one_line):
            continue
        texts = [v for name in rule.fields for v in fields.values.get(name, ())] or (
            [] if rule.fields else views
        )
        for text in texts:
            written = (rule.code.format(n=m.group("n")) for m in rule.regex.finditer(text))
            codes = [(provider.name, provider.renamed.get(code, code)) for code in written]
            found += codes
            if rule.one_line:
                loose += codes
            elif needs_hint:
                hinted += codes
            else:
                stated.update(codes)
    hinted = [code for code in hinted if code not in stated]
    return found, hinted, [code for code in loose if code not in stated and code not in hinted]


def _error_names(raw: str, lowered: str) -> list[str]:
    """Snake-case and CamelCase words, lower-cased, in order of appearance."""
    found = [
        (m.start(), m.group()) for m in _SNAKE_WORD.finditer(lowered) if not m.group()[0].isdigit()
    ]
    found += [(m.start(), m.group().lower()) for m in _CAMEL_WORD.finditer(raw[:_MAX_CAMEL_SCAN])]
    return [word for _, word in sorted(found)]


def extract(text: str, providers: Providers | None = None) -> Facts:
    """Extract the facts a paste states outright (``providers``: the registry to read codes
    and hints by; the built-in one by default).

    >>> extract("HTTP/1.1 401 Unauthorized").http_statuses
    (401,)
    >>> extract("https://app/cb?error=access_denied&error_description=User+denied").descriptions
    ('User denied',)
    """
    providers = builtin_providers() if providers is None else providers
    views = text_views(text)
    raw = views[0]
    lowered = raw.lower()
    fields = _Fields()
    # Escaping only hides structure: fields are read from every view, the rest from the raw one.
    for view in views:
        _read_fields(view, fields)
        _url_errors(view, fields.errors, fields.descriptions)
    fields.errors += _page_errors(lowered)
    hosts, strong, named = providers.hinted_by(lowered)
    codes, hinted, loose = _codes(views, fields, providers, [*strong, *named])
    named += [p for p, c in codes if (p, c) not in loose]
    stamps = []
    if "timestamp" in lowered or _DATE.search(raw):
        stamps = [a or b.strip() for a, b in _TIMESTAMP.findall(raw)]
    return Facts(
        codes=_unique(codes),
        hinted_codes=_unique(hinted),
        loose_codes=_unique(loose),
        errors=_unique(e.lower() for e in fields.errors),
        descriptions=_unique(fields.descriptions),
        snake_words=_unique(_error_names(raw, lowered)),
        http_statuses=_unique(s for s in _http_statuses(lowered) if 100 <= s <= 599),
        ids=_unique(_ID_FIELDS.findall(lowered)),
        timestamps=_unique(stamps),
        hosts=_unique(hosts),
        providers=_unique([*strong, *named]),
        strong_providers=_unique(strong),
        oauth_words=bool(_OAUTH_WORDS.search(lowered)),
        csrf="csrf" in lowered or "xsrf" in lowered,
        length=len(text),
    )
