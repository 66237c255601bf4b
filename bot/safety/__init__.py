"""Safety: secrets found and redacted before anything is stored, logged or posted."""

from bot.safety.redact import Redacted, Secret, redact

__all__ = ["Redacted", "Secret", "redact"]
