"""Error pastes that hold no secret, shaped the way people paste them: redaction must report
nothing and hand the text back unchanged, so the error code stays matchable.

Every paste is constructed (or paraphrased from the shapes seen in public issue threads); the
GUIDs, timestamps, hashes and IDs in them are identifiers, not credentials.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clean:
    name: str
    text: str


SECRET_FREE: list[Clean] = [
    # --- Microsoft Graph and Azure JSON error bodies ------------------------------------------
    Clean(
        "graph-invalid-authentication-token",
        '{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is '
        'not yet valid.","innerError":{"date":"2024-03-11T09:14:52","request-id":'
        '"5d0c8f2e-1b7a-4c39-9e41-0f6a2b8d7c13","client-request-id":'
        '"5d0c8f2e-1b7a-4c39-9e41-0f6a2b8d7c13"}}}',
    ),
    Clean(
        "graph-pretty-printed",
        '403 Forbidden\n{\n  "error": {\n    "code": "Authorization_RequestDenied",\n'
        '    "message": "Insufficient privileges to complete the operation.",\n'
        '    "innerError": {\n      "request-id": "a3e1c9d0-7f42-4b8e-b1d5-2c6e0f9a8b74",\n'
        '      "date": "2023-08-04T17:42:04"\n    }\n  }\n}',
    ),
    Clean(
        "graph-python-dict",
        "{'error': {'code': 'InvalidAuthenticationToken', 'message': 'CompactToken validation "
        "failed with reason code: 80049228.', 'innerError': {'request-id': "
        "'c1f20a77-3d4e-4a1b-9c8d-7e6f5a4b3c2d', 'date': '2022-02-02T21:52:02'}}}",
    ),
    Clean(
        "graph-error-access-denied",
        'GET https://graph.microsoft.com/v1.0/users/me/messages -> 403\n{"error":{"code":'
        '"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}',
    ),
    Clean(
        "graph-java-service-exception",
        "com.microsoft.graph.http.GraphServiceException: Error code: InvalidAuthenticationToken\n"
        "Error message: CompactToken parsing failed with error code: 80049217\n\n"
        "GET https://graph.microsoft.com/v1.0/me\nSdkVersion : graph-java/v2.5.0\n"
        "Authorization : [PII_REDACTED]\n\n401 : Unauthorized\n"
        "\tat com.microsoft.graph.http.CoreHttpProvider.handleErrorResponse"
        "(CoreHttpProvider.java:503)",
    ),
    Clean(
        "graph-dotnet-odata-error",
        "Microsoft.Graph.Models.ODataErrors.ODataError: Lifetime validation failed, the token is "
        "expired.\n   at Microsoft.Kiota.Http.HttpClientLibrary.HttpClientRequestAdapter."
        "ThrowIfFailedResponseAsync(HttpResponseMessage response)\n"
        "ServiceException: Code: Authorization_RequestDenied\n"
        "Message: Insufficient privileges to complete the operation.",
    ),
    Clean(
        "storage-authorization-failure",
        'Error code: "AuthorizationFailure"\nThis request is not authorized to perform this '
        "operation.\nRequestId:8b1f0c2e-401e-0075-04b3-a26029000000\n"
        "Time:2024-05-15T05:28:07.3698027Z\nStatus: 403 (This request is not authorized to "
        "perform this operation.)\nErrorCode: AuthorizationFailure",
    ),
    Clean(
        "storage-xml-and-headers",
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationFailure</Code><Message>'
        "This request is not authorized to perform this operation.</Message></Error>\n"
        "x-ms-request-id: eac84bcc-f01e-0034-433b-1623fc000000\n"
        "x-ms-error-code: AuthorizationFailure\nDate: Mon, 13 Nov 2023 14:13:17 GMT",
    ),
    Clean(
        "storage-json-code",
        '{"error": {"message": "This request is not authorized to perform this operation.", '
        '"code": "AuthorizationPermissionMismatch"}}',
    ),
    Clean(
        "aadsts-token-response",
        '{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has '
        "expired due to inactivity.\\r\\nTrace ID: 0b6e2f4a-9c1d-4e7b-8a3f-5d2c1b0a9e8f\\r\\n"
        "Correlation ID: 7d913666-3b07-414e-9224-e9ec1b60213b\\r\\nTimestamp: 2024-01-31 "
        '06:59:46Z","error_codes":[700082],"timestamp":"2024-01-31 06:59:46Z","trace_id":'
        '"0b6e2f4a-9c1d-4e7b-8a3f-5d2c1b0a9e8f","correlation_id":'
        '"7d913666-3b07-414e-9224-e9ec1b60213b","error_uri":'
        '"https://login.microsoftonline.com/error?code=700082"}',
    ),
    Clean(
        "aadsts-code-field",
        '{"code": "AADSTS50011", "message": "The redirect URI specified in the request does not '
        'match the redirect URIs configured for the application."}',
    ),
    # --- MSAL ---------------------------------------------------------------------------------
    Clean(
        "msal-node-refresh-stack",
        "InteractionRequiredAuthError: invalid_grant: AADSTS700082: The refresh token has expired "
        "due to inactivity.\n"
        "    at RefreshTokenClient.executeTokenRequest (file:///app/node_modules/@azure/msal-node/"
        "dist/client/RefreshTokenClient.mjs:155:26)\n"
        "    at async RefreshTokenClient.acquireToken (RefreshTokenClient.mjs:155:26)\n"
        "    at async ClientApplication.acquireTokenByRefreshToken (ClientApplication.mjs:203:20)",
    ),
    Clean(
        "msal-node-server-error",
        '{"errorCode":"invalid_client","errorMessage":"7000215 - [2024-06-03 08:44:04Z]: '
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the "
        "request is the client secret value, not the client secret ID.\\r\\nTrace ID: "
        '13691729-e9e3-4b0b-a984-1b0436a11500","subError":"","name":"ServerError",'
        '"correlationId":"b3a22236-5e8e-4b82-a861-95a998b51a37"}',
    ),
    Clean(
        "msal-browser-interaction-in-progress",
        "BrowserAuthError: interaction_in_progress: Interaction is currently in progress. Please "
        "ensure that this interaction has been completed before calling an interactive API.\n"
        '{ errorCode: "interaction_in_progress", subError: "", name: "BrowserAuthError" }\n'
        "    at BrowserCacheManager.setInteractionInProgress (BrowserCacheManager.ts:998:40)",
    ),
    Clean(
        "msal-node-config-env",
        "const msalConfig = {\n  auth: {\n    clientId: process.env.CLIENT_ID,\n"
        "    authority: 'https://login.microsoftonline.com/common',\n"
        "    clientSecret: process.env.CLIENT_SECRET,\n  }\n};\n"
        "ClientAuthError: invalid_client_credential: Client credential (secret, certificate, or "
        "assertion) must not be empty when creating a confidential client.",
    ),
    Clean(
        "msal-net-ui-required",
        "Microsoft.Identity.Client.MsalUiRequiredException: AADSTS50076: Due to a configuration "
        "change made by your administrator you must use multi-factor authentication.\n"
        "ErrorCode: invalid_grant\nStatusCode: 400\nClaims: null\n"
        "   at Microsoft.Identity.Client.Internal.Requests.RequestBase.HandleTokenRefreshError"
        "(MsalServiceException e, MsalAccessTokenCacheItem cachedAccessTokenItem)",
    ),
    Clean(
        "msal-python-dict",
        "{'error': 'invalid_client', 'error_description': \"AADSTS7000215: Invalid client secret "
        "provided.\", 'error_codes': [7000215], 'timestamp': '2024-02-08 11:53:29Z', 'trace_id': "
        "'e0ce4356-03da-4b91-99f9-3c8efbad8b01', 'correlation_id': "
        "'dd0bd01d-ea85-4247-8233-cee2c9e56664', 'error_uri': "
        "'https://login.microsoftonline.com/error?code=7000215'}",
    ),
    # --- IdentityModel / ASP.NET ----------------------------------------------------------------
    Clean(
        "idx10223-lifetime",
        "Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException: IDX10223: Lifetime "
        "validation failed. The token is expired. ValidTo (UTC): '10/10/2023 10:45:59 AM', "
        "Current time (UTC): '10/10/2023 9:46:31 PM'.\n"
        "   at Microsoft.IdentityModel.Tokens.Validators.ValidateLifetime(Nullable`1 notBefore, "
        "Nullable`1 expires, SecurityToken securityToken, TokenValidationParameters "
        "validationParameters)",
    ),
    Clean(
        "idx10223-code-field",
        '{"code": "IDX10223", "message": "Lifetime validation failed. The token is expired."}',
    ),
    Clean(
        "idx10214-audience",
        "SecurityTokenInvalidAudienceException: IDX10214: Audience validation failed. Audiences: "
        "'api://orders'. Did not match: validationParameters.ValidAudience: 'null' or "
        "validationParameters.ValidAudiences: '3128b036-59cc-4446-bb3c-24448184f283'.",
    ),
    Clean(
        "idx10511-pii-hidden",
        "IDX10511: Signature validation failed. Keys tried: '[PII of type "
        "'System.Text.StringBuilder' is hidden]'. kid: '[PII of type 'System.String' is hidden]'. "
        "token: '[PII of type 'System.IdentityModel.Tokens.Jwt.JwtSecurityToken' is hidden]'.",
    ),
    Clean(
        "aspnet-stack-with-line",
        "System.UnauthorizedAccessException: token: TokenService.cs:line 57\n"
        "   at Contoso.Api.Auth.TokenService.GetTokenAsync() in C:\\src\\Contoso.Api\\Auth\\"
        "TokenService.cs:line 57",
    ),
    # --- Auth.js / NextAuth and Node stacks -------------------------------------------------
    Clean(
        "nextauth-callback-error",
        "[next-auth][error][OAUTH_CALLBACK_ERROR] \nhttps://next-auth.js.org/errors"
        "#oauth_callback_error checks.state argument is missing {\n"
        "  error: TypeError: checks.state argument is missing\n"
        "      at Client.callback (/home/app/node_modules/openid-client/lib/client.js:406:13)\n"
        "      at oAuthCallback "
        "(/home/app/node_modules/next-auth/core/lib/oauth/callback.js:94:29)\n"
        "  providerId: 'azure-ad',\n  message: 'checks.state argument is missing'\n}",
    ),
    Clean(
        "authjs-callback-route-error",
        "[auth][error] CallbackRouteError: Read more at https://errors.authjs.dev#callbackrouteerror\n"
        '[auth][cause]: OperationProcessingError: "response" body "token_type" property must be '
        "a non-empty string\n    at processGenericAccessTokenResponse "
        "(webpack-internal:///(rsc)/./node_modules/oauth4webapi/build/index.js:1071:15)",
    ),
    Clean(
        "node-token-code-in-stack",
        "Error: Request failed with status code 401\n"
        "    at createError (/srv/node_modules/axios/lib/core/createError.js:16:15)\n"
        "  code: 'ERR_BAD_REQUEST',\n  token: RefreshTokenClient.mjs:155:26,\n"
        "  status: 401",
    ),
    # --- Okta, Zoom, Google, Slack, Keycloak ------------------------------------------------
    Clean(
        "okta-e0000011",
        '{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011",'
        '"errorId":"oaehEVIxs82T_GfnN5ZOE1onw","errorCauses":[]}',
    ),
    Clean(
        "okta-password-policy",
        '{"errorCode":"E0000001","errorSummary":"Api validation failed: password","errorCauses":'
        '[{"errorSummary":"password: Password requirements were not met. Password requirements: '
        'at least 8 characters."}]}',
    ),
    Clean("zoom-124", 'HTTP 401 {"code":124,"message":"Invalid access token."}'),
    Clean(
        "zoom-4711-python",
        "pyzoom.err.NotAuthorized: {'code': 124, 'message': 'Access token is expired.'}\n"
        '400 Bad Request {"code":4711,"message":"Invalid access token, does not contain '
        'scopes:[user:read:list_users:admin]."}',
    ),
    Clean(
        "zoom-refresh-invalid-token",
        'Error while refreshing tokens: 400 (Bad Request)\n{"reason":"Invalid Token!",'
        '"error":"invalid_grant"}\n    at Ue.refreshTokens (OAuthService.js:136:18)',
    ),
    Clean(
        "google-refresh-error",
        "google.auth.exceptions.RefreshError: ('invalid_grant: Token has been expired or "
        "revoked.', {'error': 'invalid_grant', 'error_description': 'Token has been expired or "
        "revoked.'})",
    ),
    Clean(
        "google-pretty-json",
        '{\n  "error": "invalid_grant",\n  "error_description": "Bad Request"\n}\n'
        'then the API: {"error": {"code": 401, "message": "Request had invalid authentication '
        'credentials.", "status": "UNAUTHENTICATED"}}',
    ),
    Clean(
        "google-oauth2-cli-masked",
        "~/bin/oauth2.py --user=someone@example.com --client_id=*** --client_secret=*** "
        "--refresh_token=***\n{u'error_description': u'Bad Request', u'error': u'invalid_grant'}",
    ),
    Clean(
        "slack-invalid-auth",
        '{"ok":false,"error":"invalid_auth","warning":"missing_charset","response_metadata":'
        '{"warnings":["missing_charset"]}}\nSLACK_BOT_TOKEN=xoxb-your-bot-token',
    ),
    Clean(
        "keycloak-event-log",
        "WARN  [org.keycloak.events] type=CODE_TO_TOKEN_ERROR, realmId=demo, clientId=web-app, "
        "userId=null, ipAddress=10.0.0.12, error=invalid_code, grant_type=authorization_code, "
        "code_id=8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b, client_auth_method=client-secret",
    ),
    # --- token responses, configs and requests with placeholders ----------------------------
    Clean(
        "token-response-shape",
        '{"token_type": "Bearer", "scope": "User.Read", "expires_in": 3599, '
        '"ext_expires_in": 3599, "access_token": "<redacted>", "refresh_token": null}',
    ),
    Clean(
        "token-type-yaml",
        'token_type: "Bearer"\nexpires_in: 3600\nid_token: undefined\nrefresh_token: ""\n'
        "secret: false",
    ),
    Clean(
        "password-stars",
        '{"username": "bob@contoso.com", "password": "********"}\n'
        "AADSTS50126: Error validating credentials due to invalid username or password.",
    ),
    Clean(
        "client-secret-angle-placeholder",
        "curl -X POST https://login.microsoftonline.com/common/oauth2/v2.0/token "
        "-d 'client_id=<CLIENT_ID>&client_secret=<CLIENT_SECRET>&grant_type=client_credentials'\n"
        '{"error":"invalid_client"}',
    ),
    Clean(
        "client-secret-brace-placeholders",
        "POST /token client_secret={client_secret}&code={code}\n"
        '{"client_secret": "${CLIENT_SECRET}", '
        '"password": "{{password}}", "api_key": "%API_KEY%"}\n{"error":"invalid_request"}',
    ),
    Clean(
        "client-secret-github-actions",
        "env:\n  AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}\n"
        "  CLIENT_SECRET: YOUR_CLIENT_SECRET\n"
        "Error: AADSTS7000215: Invalid client secret provided.",
    ),
    Clean(
        "python-settings-names",
        "flow = OAuth2WebServerFlow(client_id=settings.GOOGLE_OAUTH2_CLIENT_ID,\n"
        "    client_secret=settings.GOOGLE_OAUTH2_CLIENT_SECRET,\n"
        "    redirect_uri=settings.OAUTH_REDIRECT_URI)\n"
        "oauth2client.client.HttpAccessTokenRefreshError: invalid_grant: Bad Request",
    ),
    Clean(
        "bearer-placeholder",
        "curl -H 'Authorization: Bearer <token>' https://graph.microsoft.com/v1.0/me\n"
        '-H "Authorization: Bearer {access_token}"\n'
        "HTTP/1.1 401 Unauthorized\n"
        'WWW-Authenticate: Bearer error="invalid_token", error_description="The access token '
        'is missing"',
    ),
    Clean(
        "bearer-undefined-prose",
        "The request went out as Authorization: Bearer undefined because the token was not "
        "ready yet; we use Bearer authentication everywhere else.\n401 Unauthorized",
    ),
    Clean(
        "basic-prose",
        "Basic authentication is disabled for this tenant; see Basic Information in the app "
        "settings. 401 Unauthorized",
    ),
    Clean(
        "callback-code-placeholder",
        "GET /callback?code=...&state=... -> redirect_uri_mismatch\n"
        "https://app.test/callback?code=<code>&state=<state>\n"
        "https://app.test/callback?code=AUTHORIZATION_CODE&state=xyz",
    ),
    Clean(
        "authorize-url-pkce",
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id="
        "0d4c1f7a-3b2e-4a9d-8c6f-1e5b7a9d2c3f&response_type=code&redirect_uri=http%3A%2F%2F"
        "localhost%3A3000%2Fcallback&scope=openid%20profile&code_challenge="
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=12345\n"
        "AADSTS50011: The redirect URI 'http://localhost:3000/callback' specified in the request "
        "does not match the redirect URIs configured for the application.",
    ),
    Clean(
        "url-password-placeholder",
        "DATABASE_URL=postgres://app:<password>@db:5432/app\n"
        "MONGO_URL=mongodb+srv://admin:****@cluster0.example.net/test\n"
        "AADSTS50011 in the other log",
    ),
    Clean(
        "error-codes-mixed",
        "error code: 80049228\nexit code 1\ncode: 'CERT_HAS_EXPIRED'\n"
        "reason code: 0x80070005\nstatusCode: 401\nhttp_code=403",
    ),
    Clean(
        "oauth-error-redirect",
        "http://localhost:3000/api/auth/callback/azure-ad?error=access_denied&error_description="
        "AADSTS65004%3A+User+declined+to+consent&error_uri=https%3A%2F%2Flogin.microsoftonline.com"
        "%2Ferror%3Fcode%3D65004&state=d9d7a4a0578caab3ec987991ac12a8015140bccb8416a61f986a61b6507",
    ),
    Clean(
        "error-code-prose",
        "Error code: InvalidAuthenticationToken. The error code Authorization_RequestDenied "
        "means the app lacks consent; code ErrorInvalidGrantRequestParameter is different.",
    ),
]
