"""Organisation knowledge from KNOWLEDGE_PATH adds to and overrides the built-in entries."""

import os
from pathlib import Path

from bot.kb import knowledge_dirs, load_entries
from bot.triage import Triager

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org-knowledge"


def test_example_folder_overrides_and_adds(monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(EXAMPLE))
    entries = {e.id: e for e in load_entries()}
    assert "Contoso" in entries["azure-aadsts50011"].cause
    assert entries["contoso-gateway-session-expired"].key == "contoso:gw401_session"


def test_org_entry_answers_its_own_message(monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(EXAMPLE))
    result = Triager.load().triage("Contoso API gateway: session cookie expired, sign in again")
    assert result.matches[0].key == "contoso:gw401_session"


def test_several_folders_are_separated_by_pathsep(monkeypatch, tmp_path):
    monkeypatch.setenv("KNOWLEDGE_PATH", f"{EXAMPLE}{os.pathsep}{tmp_path}")
    assert knowledge_dirs()[1:] == [EXAMPLE, tmp_path]
