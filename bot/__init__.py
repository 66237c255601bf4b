"""OAuth error triage: explain pasted sign-in errors, in Slack and at a terminal."""

__version__ = "0.1.0"
