"""Settings for the whole test run: nothing is written outside temporary folders."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE = tempfile.mkdtemp(prefix="oauth-triage-kb-cache-")


def pytest_configure(config: pytest.Config) -> None:
    """Knowledge caches go to a folder of this run, never to ``~/.cache``."""
    os.environ["KNOWLEDGE_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)
