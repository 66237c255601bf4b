"""Settings for the whole test run: nothing is written outside temporary folders (or the
test databases of ``TEST_DATABASE_URL``, dropped at the end)."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from tests.databases import drop_databases

_CACHE = tempfile.mkdtemp(prefix="oauth-triage-kb-cache-")


def pytest_configure(config: pytest.Config) -> None:
    """Knowledge caches go to a folder of this run, never to ``~/.cache``."""
    os.environ["KNOWLEDGE_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)
    drop_databases()
