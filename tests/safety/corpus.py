"""Realistic pastes with planted secrets: (paste, secret values, the key the bot should answer)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Planted:
    name: str
    text: str
    secrets: tuple[str, ...]
    expect: str | None


def _b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


JWT = ".".join(
    [
        _b64url({"alg": "RS256", "typ": "JWT"}),
        _b64url({"aud": "api://orders", "exp": 1_600_000_000, "scp": "User.Read", "ver": "2.0"}),
        "S1gnatureValueThatIsLongEnough_abcdefghijklmnop",
    ]
)
ID_TOKEN = ".".join([_b64url({"alg": "none"}), _b64url({"sub": "u1", "aud": "web"}), "c2ln"])
SECRET = "Qx7~p9Vt.Z2mK_w8Rb4sLn3Yc6Hd1Fg5Jq0Ae"
OPAQUE = "a9F3kLm2Qp8Rs7Tv6Wx5Yz4Bc3Dd2Ee1Ff0Gg"
CODE = "SplxlOBeZQQYbYS6WxSbIA_0.AXoAkL2mQ9"
REFRESH = "1//0gK8f3Lq9ZxRtYcVb-L9IrAbCdEfGhIjKlMnOpQr"
PASSWORD = "Tr0ub4dor&3horse"
SLACK_BOT = "xoxb-2511111111-3600000000001-Z9y8X7w6V5u4T3s2R1q0PpOo"
SLACK_USER = "xoxp-2511111111-2522222222-3600000000002-aAbBcCdDeEfFgGhHiIjJ"
SLACK_APP = "xapp-1-A01ABCDEF12-3600000000003-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
GOOGLE = "ya29.a0AfB_byC4kLmNoPqRsTuVwXyZ0123456789abcdEFGH"
GITHUB_OAUTH = "gho_16C7e42F292c6912E7710c838347Ae178B4a"
GITHUB_PAT = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
AWS_KEY = "AKIAIOSFODNN7EXAMPLQ"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEQ"
STORAGE_KEY = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy=="
SAS_SIG = "k3Jd9%2BqLm2Pz8Rt5Vw7Xy1Za4Bc6De0Fg%3D"
PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"
API_KEY = "sk_9fJ2kQ7mZ3xV8wB1nC5yT4rH6pL0sD2g"
BASIC_SECRET_ID = base64.b64encode(b"my-client:" + SECRET.encode()).decode()
BASIC_OPAQUE_ID = base64.b64encode(f"{OPAQUE}:{SECRET}".encode()).decode()

CASES: list[Planted] = [
    # --- JWTs -------------------------------------------------------------------------------
    Planted(
        "jwt-bearer-header",
        f"curl -H 'Authorization: Bearer {JWT}' https://api.test/orders\n"
        'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token"',
        (JWT,),
        "oauth:invalid_token",
    ),
    Planted(
        "jwt-json-access-token",
        f'{{"access_token": "{JWT}", "token_type": "Bearer"}}\n'
        "then the API says AADSTS500011: The resource principal named api://orders was not found",
        (JWT,),
        "azure:aadsts500011",
    ),
    Planted(
        "jwt-url-fragment",
        f"https://app.test/cb#id_token={ID_TOKEN}&error=login_required",
        (ID_TOKEN,),
        "oauth:login_required",
    ),
    Planted(
        "jwt-log-line",
        f"2024-01-01T10:00:00Z DEBUG token={JWT} rejected: invalid_token",
        (JWT,),
        "oauth:invalid_token",
    ),
    Planted(
        "jwt-in-python-repr",
        f"{{'id_token': '{ID_TOKEN}', 'error': 'invalid_grant'}}",
        (ID_TOKEN,),
        "oauth:invalid_grant",
    ),
    # --- Bearer and Basic -------------------------------------------------------------------
    Planted(
        "bearer-opaque", f"Authorization: Bearer {OPAQUE}\n401 Unauthorized", (OPAQUE,), "http:401"
    ),
    Planted(
        "bearer-lowercase",
        f"authorization: bearer {OPAQUE} -> HTTP/1.1 403 Forbidden",
        (OPAQUE,),
        "http:403",
    ),
    Planted(
        "basic-curl",
        f'curl -H "Authorization: Basic {BASIC_SECRET_ID}" -d grant_type=client_credentials '
        'https://idp.test/token\n{"error":"invalid_client"}',
        (BASIC_SECRET_ID, SECRET),
        "oauth:invalid_client",
    ),
    Planted(
        "basic-opaque-id",
        f'Authorization: Basic {BASIC_OPAQUE_ID}\n{{"error":"unauthorized_client"}}',
        (BASIC_OPAQUE_ID, OPAQUE, SECRET),
        "oauth:unauthorized_client",
    ),
    Planted(
        "basic-python-requests",
        f"headers={{'Authorization': 'Basic {BASIC_SECRET_ID}'}}\n"
        "401 Client Error: Unauthorized for url",
        (BASIC_SECRET_ID,),
        "http:401",
    ),
    # --- form, query and JSON secrets -------------------------------------------------------
    Planted(
        "client-secret-form",
        f"POST /token\ngrant_type=client_credentials&client_id=app&client_secret={SECRET}\n"
        "AADSTS7000215: Invalid client secret provided.",
        (SECRET,),
        "azure:aadsts7000215",
    ),
    Planted(
        "client-secret-json",
        f'{{"client_id": "app", "client_secret": "{SECRET}"}} -> '
        '{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys are expired."}',
        (SECRET,),
        "azure:aadsts7000222",
    ),
    Planted(
        "client-secret-query",
        f"https://idp.test/token?client_id=x&client_secret={SECRET}&grant_type=client-credentials\n"
        '"error": "unsupported_grant_type"',
        (SECRET,),
        "oauth:unsupported_grant_type",
    ),
    Planted(
        "client-secret-curl-data",
        f"curl -X POST https://zoom.us/oauth/token -d 'client_secret={SECRET}'\n"
        '{"reason":"Invalid client_id or client_secret","error":"invalid_client"}',
        (SECRET,),
        None,
    ),
    Planted(
        "client-secret-yaml",
        f"spring:\n  security:\n    oauth2:\n      client-secret: {SECRET}\nerror: invalid_client",
        (SECRET,),
        "oauth:invalid_client",
    ),
    Planted(
        "client-assertion-form",
        f"client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion={JWT}\n"
        "AADSTS700027: Client assertion contains an invalid signature.",
        (JWT,),
        "azure:aadsts700027",
    ),
    Planted(
        "client-assertion-opaque",
        f"client_assertion={OPAQUE}\n"
        "AADSTS700024: Client assertion is not within its valid time range.",
        (OPAQUE,),
        "azure:aadsts700024",
    ),
    Planted(
        "password-grant-form",
        f"grant_type=password&username=bob&password={PASSWORD}\n"
        '{"error":"invalid_grant","error_description":"Invalid user credentials"}',
        (PASSWORD,),
        "oauth:invalid_grant",
    ),
    Planted(
        "password-json",
        f'{{"username": "bob@contoso.com", "password": "{PASSWORD}"}}\n'
        "AADSTS50126: Error validating credentials due to invalid username or password.",
        (PASSWORD,),
        "azure:aadsts50126",
    ),
    Planted(
        "password-env",
        f"export DB_PASSWORD={PASSWORD}\nAADSTS50126: invalid username or password",
        (PASSWORD,),
        "azure:aadsts50126",
    ),
    Planted(
        "code-query",
        f"https://app.test/callback?code={CODE}&state=xyz\n"
        "then: AADSTS70008: The provided authorization code has expired",
        (CODE,),
        "azure:aadsts70008",
    ),
    Planted(
        "code-json",
        f'{{"grant_type": "authorization_code", "code": "{CODE}"}}\n{{"error": "invalid_grant"}}',
        (CODE,),
        "oauth:invalid_grant",
    ),
    Planted(
        "code-zoom-reason",
        f"{{'reason': 'Invalid authorization code {CODE}', 'error': 'invalid_grant'}}",
        (CODE,),
        None,
    ),
    Planted(
        "code-prose-brackets",
        f"Error processing zoom oauth2 redirect request: the code [{CODE}] for exchanging OAuth token is invalid",
        (CODE,),
        "zoom:4734",
    ),
    Planted(
        "code-verifier",
        f"code_verifier={OPAQUE}&code={CODE}\nAADSTS501481: The Code_Verifier does not match the code_challenge",
        (OPAQUE, CODE),
        "azure:aadsts501481",
    ),
    Planted(
        "device-code",
        f'device_code={OPAQUE}\n{{"error":"authorization_pending"}}',
        (OPAQUE,),
        "oauth:authorization_pending",
    ),
    Planted(
        "refresh-token-form",
        f"grant_type=refresh_token&refresh_token={REFRESH}\n"
        '{"error": "invalid_grant", "error_description": "Token has been expired or revoked."} from oauth2.googleapis.com',
        (REFRESH,),
        "google:invalid_grant",
    ),
    Planted(
        "refresh-token-json",
        f'{{"refresh_token": "{REFRESH}"}}\nAADSTS700082: The refresh token has expired due to inactivity.',
        (REFRESH,),
        "azure:aadsts700082",
    ),
    Planted(
        "access-token-query",
        f"GET https://graph.test/me?access_token={OPAQUE}\n401 Unauthorized",
        (OPAQUE,),
        "http:401",
    ),
    Planted(
        "access-token-json",
        f'{{"access_token":"{OPAQUE}","expires_in":3599}} then Zoom says {{"code":124,"message":"Invalid access token."}}',
        (OPAQUE,),
        "zoom:124",
    ),
    Planted(
        "id-token-json",
        f'{{"id_token":"{ID_TOKEN}"}}\nerror=interaction_required',
        (ID_TOKEN,),
        "oauth:interaction_required",
    ),
    # --- provider tokens -------------------------------------------------------------------
    Planted(
        "slack-bot-token",
        f'SLACK_BOT_TOKEN={SLACK_BOT}\n{{"ok":false,"error":"invalid_auth"}}',
        (SLACK_BOT,),
        "slack:invalid_auth",
    ),
    Planted(
        "slack-user-token-header",
        f'Authorization: Bearer {SLACK_USER}\n{{"ok":false,"error":"token_revoked"}}',
        (SLACK_USER,),
        "slack:token_revoked",
    ),
    Planted(
        "slack-app-token",
        f"SLACK_APP_TOKEN={SLACK_APP} socket mode: {{'ok': False, 'error': 'invalid_auth'}}",
        (SLACK_APP,),
        "slack:invalid_auth",
    ),
    Planted(
        "slack-token-prose",
        f"I used {SLACK_BOT} and got not_authed from slack",
        (SLACK_BOT,),
        "slack:not_authed",
    ),
    Planted(
        "google-access-token",
        f"Authorization: Bearer {GOOGLE}\n"
        '{"error": {"code": 401, "status": "UNAUTHENTICATED"}}',
        (GOOGLE,),
        "http:401",
    ),
    Planted(
        "google-token-json",
        f'{{"access_token": "{GOOGLE}", "error": "invalid_grant"}} from accounts.google.com',
        (GOOGLE,),
        "google:invalid_grant",
    ),
    Planted(
        "github-oauth-token",
        f"token {GITHUB_OAUTH}\n"
        "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.",
        (GITHUB_OAUTH,),
        "github:bad_verification_code",
    ),
    Planted(
        "github-pat",
        f"GITHUB_TOKEN={GITHUB_PAT} -> github api 401 Bad credentials",
        (GITHUB_PAT,),
        "http:401",
    ),
    Planted(
        "github-pat-url",
        f"https://{GITHUB_PAT}@github.com/org/repo.git -> error=redirect_uri_mismatch from github.com/login/oauth",
        (GITHUB_PAT,),
        "github:redirect_uri_mismatch",
    ),
    # --- keys and cloud credentials ------------------------------------------------------------
    Planted(
        "pem-rsa",
        f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n{PEM_BODY[::-1]}\n-----END RSA PRIVATE KEY-----\n"
        "AADSTS700027: Client assertion contains an invalid signature.",
        (PEM_BODY, PEM_BODY[::-1]),
        "azure:aadsts700027",
    ),
    Planted(
        "pem-pkcs8-json",
        f'{{"private_key": "-----BEGIN PRIVATE KEY-----\\n{PEM_BODY}\\n-----END PRIVATE KEY-----\\n"}}\n'
        '{"error":"invalid_grant","error_description":"Invalid JWT Signature."} oauth2.googleapis.com',
        (PEM_BODY,),
        "google:invalid_grant",
    ),
    Planted(
        "pem-ec-truncated",
        f"-----BEGIN EC PRIVATE KEY-----\n{PEM_BODY}\n... (cut) AADSTS700027",
        (PEM_BODY,),
        "azure:aadsts700027",
    ),
    Planted(
        "url-password",
        f"https://admin:{PASSWORD}@idp.test/realms/x/protocol/openid-connect/token\n"
        '{"error":"invalid_grant","error_description":"Code not valid"}',
        (PASSWORD,),
        "keycloak:invalid_grant",
    ),
    Planted(
        "url-password-db",
        f"postgres://app:{SECRET}@db:5432/app and AADSTS50011 in the other log",
        (SECRET,),
        "azure:aadsts50011",
    ),
    Planted(
        "aws-keys",
        f"AWS_ACCESS_KEY_ID={AWS_KEY}\nAWS_SECRET_ACCESS_KEY={AWS_SECRET}\nthen AADSTS90002: Tenant 'x' not found.",
        (AWS_KEY, AWS_SECRET),
        "azure:aadsts90002",
    ),
    Planted(
        "aws-key-ini",
        f"[default]\naws_access_key_id = {AWS_KEY}\naws_secret_access_key = {AWS_SECRET}\n"
        "HTTP/1.1 403 Forbidden",
        (AWS_KEY, AWS_SECRET),
        "http:403",
    ),
    Planted(
        "azure-storage-key",
        f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={STORAGE_KEY};EndpointSuffix=core.windows.net\n"
        "AADSTS700016: Application with identifier 'x' was not found",
        (STORAGE_KEY,),
        "azure:aadsts700016",
    ),
    Planted(
        "azure-sas",
        f"https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig={SAS_SIG}\n"
        "HTTP/1.1 403 Forbidden",
        (SAS_SIG,),
        "http:403",
    ),
    Planted(
        "api-key-header",
        f"x-api-key: {API_KEY}\nHTTP/1.1 429 Too Many Requests",
        (API_KEY,),
        "http:429",
    ),
    Planted(
        "api-key-json", f'{{"api_key": "{API_KEY}"}} -> 401 Unauthorized', (API_KEY,), "http:401"
    ),
    Planted(
        "generic-secret-env",
        f"OKTA_CLIENT_SECRET={SECRET}\nerrorCode: E0000011; errorSummary: Invalid token provided",
        (SECRET,),
        "okta:e0000011",
    ),
    Planted(
        "generic-token-yaml",
        f'token: {OPAQUE}\nZoom: {{"code":124,"message":"Invalid access token."}}',
        (OPAQUE,),
        "zoom:124",
    ),
    # --- several secrets at once, in longer pastes ------------------------------------------------
    Planted(
        "curl-everything",
        f"curl -u my-client:{SECRET} -H 'Authorization: Bearer {JWT}' "
        f"'https://login.microsoftonline.com/t/oauth2/v2.0/token?code={CODE}&refresh_token={REFRESH}'\n"
        '{"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired"}',
        (SECRET, JWT, CODE, REFRESH),
        "azure:aadsts70008",
    ),
    Planted(
        "log-many",
        "\n".join(
            [
                f"10:00:01 INFO using client_secret={SECRET}",
                f"10:00:02 DEBUG bearer {OPAQUE}",
                f"10:00:03 DEBUG slack {SLACK_BOT}",
                "10:00:04 ERROR AADSTS50011: The redirect URI 'http://localhost/cb' specified in the request does not match",
            ]
        ),
        (SECRET, OPAQUE, SLACK_BOT),
        "azure:aadsts50011",
    ),
    Planted(
        "postman-export",
        json.dumps(
            {
                "auth": {
                    "type": "oauth2",
                    "oauth2": [
                        {"key": "clientSecret", "value": SECRET},
                        {"key": "accessToken", "value": JWT},
                    ],
                },
                "response": {"error": "invalid_client"},
            }
        ),
        (SECRET, JWT),
        "oauth:invalid_client",
    ),
    Planted(
        "env-file",
        f"ZOOM_CLIENT_SECRET={SECRET}\nZOOM_REFRESH_TOKEN={REFRESH}\n"
        'Zoom refresh: {"reason":"Invalid Token!","error":"invalid_grant"}',
        (SECRET, REFRESH),
        "zoom:4711",
    ),
    Planted(
        "msal-log",
        f"MSAL: acquireToken client_secret='{SECRET}' assertion={JWT}\n"
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value",
        (SECRET, JWT),
        "azure:aadsts7000215",
    ),
    Planted(
        "kubectl-secret",
        f"apiVersion: v1\nkind: Secret\ndata:\n  clientSecret: {base64.b64encode(SECRET.encode()).decode()}\n"
        "AADSTS7000222: The provided client secret keys for app 'x' are expired.",
        (base64.b64encode(SECRET.encode()).decode(),),
        "azure:aadsts7000222",
    ),
    Planted(
        "set-cookie-session",
        f"Set-Cookie: session_token={OPAQUE}; HttpOnly\nerror=access_denied&error_description=User+denied",
        (OPAQUE,),
        "oauth:access_denied",
    ),
    Planted(
        "passwd-short-name",
        f"pwd={PASSWORD} then okta: errorCode E0000004 Authentication failed",
        (PASSWORD,),
        "okta:e0000004",
    ),
]
