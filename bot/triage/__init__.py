"""The triage engine: paste -> extract -> match. Imports nothing from Slack."""

from bot.triage.extract import Facts, extract
from bot.triage.match import Match, Triage, Triager

__all__ = ["Facts", "Match", "Triage", "Triager", "extract"]
