"""The knowledge base: entries, loading with file:line validation, and authoring tools."""

from bot.kb.loader import KnowledgeError, Problem, knowledge_dirs, load_entries
from bot.kb.model import Entry, key_of

__all__ = ["Entry", "KnowledgeError", "Problem", "key_of", "knowledge_dirs", "load_entries"]
