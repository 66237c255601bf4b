"""Organisation knowledge from KNOWLEDGE_PATH adds to and overrides the built-in entries."""

import os
from pathlib import Path

import pytest

from bot.kb import KnowledgeError, knowledge_dirs, load_entries
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


ACME_PROVIDERS = """\
- name: acmeid
  label: Acme ID
  code_shape: '^ACM\\d{5}$'
  codes:
    - pattern: '\\bACM-?(?P<n>\\d{5})\\b'
      code: "ACM{n}"
    - pattern: '"status"\\s*:\\s*(?P<n>\\d{5})\\b'
      code: "ACM{n}"
  needs_hint: false
  hosts: [login.acme-id.test]
  words: [acmeid]
  unlisted_page: "https://docs.acme-id.test/errors/{code}"
"""

ACME_ENTRIES = """\
- id: acmeid-acm40017
  provider: acmeid
  code: ACM40017
  title: "The badge reader refused the sign-in request."
  cause: The gateway would not accept the badge token.
  fix: [Re-enrol the badge.]
  checks: [Was the badge re-issued recently?]
"""


def acme_folder(tmp_path: Path) -> Path:
    (tmp_path / "providers.yaml").write_text(ACME_PROVIDERS, encoding="utf-8")
    (tmp_path / "acmeid.yaml").write_text(ACME_ENTRIES, encoding="utf-8")
    return tmp_path


def test_a_made_up_provider_brings_its_own_code_pattern_and_hints(monkeypatch, tmp_path):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(acme_folder(tmp_path)))
    triager = Triager.load()
    stated = triager.triage("POST https://login.acme-id.test/token failed: ACM-40017")
    assert stated.matches[0].key == "acmeid:acm40017"
    assert stated.facts.codes_of("acmeid") == ("ACM40017",)
    assert "acmeid" in stated.facts.strong_providers
    in_json = triager.triage('{"status": 40017, "detail": "denied"}')
    assert in_json.matches[0].key == "acmeid:acm40017"


def test_a_made_up_providers_unlisted_code_links_its_own_page(monkeypatch, tmp_path):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(acme_folder(tmp_path)))
    [match] = Triager.load().triage("acmeid said ACM-49999: quota of badges exceeded").matches
    assert match.key == "acmeid:acm49999"
    assert match.entry.links == ["https://docs.acme-id.test/errors/ACM49999"]


def test_a_made_up_provider_with_a_bad_code_pattern_names_its_file_and_line(monkeypatch, tmp_path):
    folder = acme_folder(tmp_path)
    broken = ACME_PROVIDERS.replace(
        "(?P<n>\\d{5})\\b'\n      code", "(?P<n>\\d{5})(\\b'\n      code", 1
    )
    (folder / "providers.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_entries([folder])
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{folder / 'providers.yaml'}:")
    assert "codes.0.pattern" in str(problem)


def test_example_provider_finds_its_code_in_a_log_line(monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(EXAMPLE))
    result = Triager.load().triage("401 from https://gateway.contoso.example/v2: GW401_SESSION")
    assert result.matches[0].key == "contoso:gw401_session"
    assert result.facts.codes_of("contoso") == ("GW401_SESSION",)
