"""Loading knowledge: validation errors name the file and line; KNOWLEDGE_PATH layers."""

import textwrap
from pathlib import Path

import pytest

from bot.kb import KnowledgeError, load_entries

GOOD = """\
- id: acme-bad-thing
  provider: acme
  code: bad_thing
  title: "Something bad happened to {name}"
  cause: Because.
  fix: [Do this.]
  checks: ["Is it that?", "Or that?"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_entries([folder])
    return [str(p) for p in caught.value.problems]


def test_good_file_loads(tmp_path):
    write(tmp_path, "acme.yaml", GOOD)
    [entry] = load_entries([tmp_path])
    assert entry.key == "acme:bad_thing"
    assert entry.aliases == []


def test_unknown_field_is_reported_with_its_line(tmp_path):
    write(tmp_path, "acme.yaml", GOOD + "  colour: red\n")
    [message] = problems(tmp_path)
    assert message.endswith("acme.yaml:8: colour: unknown field (entry acme-bad-thing)")


def test_missing_field_points_at_the_entry(tmp_path):
    write(
        tmp_path,
        "acme.yaml",
        GOOD + GOOD.replace("  cause: Because.\n", "").replace("acme-bad-thing", "acme-two"),
    )
    [message] = problems(tmp_path)
    assert message.endswith("acme.yaml:8: cause: Field required (entry acme-two)")


def test_duplicate_id_names_both_places(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD)
    [message] = problems(tmp_path)
    assert "b.yaml:1: duplicate id 'acme-bad-thing' (first at" in message and "a.yaml:1" in message


def test_malformed_key_is_rejected(tmp_path):
    write(
        tmp_path,
        "azure.yaml",
        GOOD.replace("provider: acme", "provider: azure").replace("bad_thing", "50011"),
    )
    [message] = problems(tmp_path)
    assert "azure.yaml:3: code:" in message and "does not look like a azure code" in message


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    write(tmp_path, "broken.yaml", GOOD + "- id: [unclosed\n")
    [message] = problems(tmp_path)
    assert "broken.yaml:9:" in message or "broken.yaml:10:" in message


def test_yaml_tags_are_not_executed(tmp_path):
    write(tmp_path, "evil.yaml", "- !!python/object/apply:os.system ['echo hi']\n")
    [message] = problems(tmp_path)
    assert "evil.yaml:1:" in message


def test_later_folder_replaces_same_id(tmp_path):
    write(tmp_path / "builtin", "acme.yaml", GOOD)
    write(tmp_path / "org", "acme.yaml", GOOD.replace("Because.", "Our runbook says why."))
    [entry] = load_entries([tmp_path / "builtin", tmp_path / "org"])
    assert entry.cause == "Our runbook says why."


def test_builtin_knowledge_loads():
    entries = load_entries()
    assert len({e.id for e in entries}) == len(entries)


def test_a_verified_date_survives_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "kb", "acme.yaml", GOOD + "  verified: 2026-12-06\n")
    first = load_entries([tmp_path / "kb"])
    again = load_entries([tmp_path / "kb"])  # read from the cache this time
    assert again == first and str(again[0].verified) == "2026-12-06"
