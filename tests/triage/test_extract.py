"""Extraction: what each paste format states outright."""

from bot.triage.extract import extract, text_views


def test_aadsts_codes_in_order_of_appearance():
    facts = extract("AADSTS70002: Error validating credentials. AADSTS50053: too many tries")
    assert facts.codes_of("azure") == ("AADSTS70002", "AADSTS50053")
    assert "azure" in facts.providers


def test_json_error_fields():
    facts = extract(
        '{"error":"invalid_grant","error_description":"Code expired","error_codes":[70008]}'
    )
    assert facts.errors == ("invalid_grant",)
    assert facts.descriptions == ("Code expired",)
    assert facts.codes_of("azure") == ("AADSTS70008",)


def test_json_quoted_inside_json_and_log_lines():
    paste = (
        'err="reply status code was 400:\\n{\\"error\\":\\"invalid_request\\",'
        '\\"error_description\\":\\"AADSTS70021: No matching federated identity record\\"}"'
    )
    facts = extract(paste)
    assert facts.errors == ("invalid_request",)
    assert facts.codes_of("azure") == ("AADSTS70021",)


def test_python_repr_dict():
    facts = extract("{'reason': 'Invalid authorization code abc', 'error': 'invalid_grant'}")
    assert facts.errors == ("invalid_grant",)
    assert facts.descriptions == ("Invalid authorization code abc",)


def test_url_query_and_fragment_are_percent_and_plus_decoded():
    facts = extract(
        "http://x.test/cb#error=access_denied&error_description=The+user+said%20no&state=1"
    )
    assert facts.errors == ("access_denied",)
    assert "The user said no" in facts.descriptions


def test_www_authenticate_header():
    facts = extract(
        'WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="expired"'
    )
    assert facts.errors == ("invalid_token",)
    assert "expired" in facts.descriptions


def test_http_status_lines_and_phrases():
    assert extract("HTTP/1.1 403 Forbidden").http_statuses == (403,)
    assert extract(
        "Response status code does not indicate success: 401 (Unauthorized)"
    ).http_statuses == (401,)
    assert extract("Client error '401 Unauthorized' for url").http_statuses == (401,)
    assert extract('{"statusCode": 429}').http_statuses == (429,)
    assert extract("we have 401 apples").http_statuses == ()


def test_okta_e_codes():
    facts = extract("errorCode: E0000011; errorSummary: Invalid token provided")
    assert facts.codes_of("okta") == ("E0000011",)
    assert "Invalid token provided" in facts.descriptions


def test_zoom_codes_only_where_the_context_is_zoom():
    assert extract('Zoom API said {"code":124,"message":"Invalid access token."}').codes_of(
        "zoom"
    ) == ("124",)
    assert extract('{"code":124,"message":"Invalid access token."}').codes_of("zoom") == ()


def test_trace_correlation_ids_and_timestamps():
    facts = extract(
        "Trace ID: 5fc3240f-f784-4d94-8e96-46af8c2a2000 Correlation ID: "
        "0f4211a6-4d87-4d2d-99f2-76101fca1191 Timestamp: 2018-06-15 15:17:46Z"
    )
    assert ("trace", "5fc3240f-f784-4d94-8e96-46af8c2a2000") in facts.ids
    assert ("correlation", "0f4211a6-4d87-4d2d-99f2-76101fca1191") in facts.ids
    assert facts.timestamps[0].startswith("2018-06-15 15:17:46")


def test_provider_hints_from_hosts():
    facts = extract("POST https://oauth2.googleapis.com/token -> 400")
    assert facts.strong_providers == ("google",)
    assert extract("https://login.microsoftonline.com/common").strong_providers == ("azure",)
    assert "github" in extract("https://github.com/login/oauth/access_token").strong_providers


def test_views_unescape_twice_at_most():
    assert len(text_views('a \\\\\\"b\\\\\\" c')) <= 3
