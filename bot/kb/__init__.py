"""The knowledge base: entries, the provider registry, loading with file:line validation,
a reloading source, and authoring tools. Imports nothing else from ``bot``."""

from bot.kb.loader import (
    Knowledge,
    KnowledgeError,
    Problem,
    builtin_providers,
    knowledge_dirs,
    load_entries,
    load_knowledge,
)
from bot.kb.model import Entry, key_of
from bot.kb.providers import Provider, Providers
from bot.kb.source import KnowledgeSource

__all__ = [
    "Entry",
    "Knowledge",
    "KnowledgeError",
    "KnowledgeSource",
    "Problem",
    "Provider",
    "Providers",
    "builtin_providers",
    "key_of",
    "knowledge_dirs",
    "load_entries",
    "load_knowledge",
]
