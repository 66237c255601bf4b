"""The Slack app: Bolt listeners over the triage engine, Block Kit builders, the HTTP server."""
