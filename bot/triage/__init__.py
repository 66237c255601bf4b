"""The triage engine: paste -> extract -> match. Imports nothing from Slack."""

from bot.triage.extract import Facts, extract
from bot.triage.fill import Filled, fill, plain
from bot.triage.match import Match, Triage, Triager

__all__ = ["Facts", "Filled", "Match", "Triage", "Triager", "extract", "fill", "plain"]
