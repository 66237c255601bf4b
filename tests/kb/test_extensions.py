"""An organisation's folder adds aliases and symptoms to an entry it does not own
(``extends: <id>``), without replacing it; mistakes are reported with file and line."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.kb import KnowledgeError, load_knowledge
from bot.kb.loader import builtin_knowledge_dir
from bot.triage import Triager

BUILTIN = builtin_knowledge_dir()


def write(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "more.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_extension_adds_wordings_to_a_builtin_entry_and_keeps_the_rest(tmp_path):
    org = tmp_path / "org"
    write(
        org,
        "- extends: azure-aadsts50011\n"
        "  aliases: ['Contoso portal: the return address is not on our list']\n"
        "  symptoms: ['the contoso portal bounces me back to a page saying address not listed']\n",
    )
    before = {e.id: e for e in load_knowledge([BUILTIN]).entries}["azure-aadsts50011"]
    after = {e.id: e for e in load_knowledge([BUILTIN, org]).entries}["azure-aadsts50011"]
    assert after.aliases == [
        *before.aliases,
        "Contoso portal: the return address is not on our list",
    ]
    assert after.symptoms[-1].startswith("the contoso portal bounces me")
    assert (after.cause, after.fix, after.title) == (before.cause, before.fix, before.title)
    triager = Triager.of(load_knowledge([BUILTIN, org]))
    found = triager.triage("Contoso portal: the return address is not on our list")
    assert found.matches[0].key == "azure:aadsts50011"


def test_an_extension_of_an_unknown_id_is_reported_with_its_line(tmp_path):
    org = tmp_path / "org"
    path = write(
        org,
        "- extends: azure-aadsts50011\n  aliases: [ok]\n- extends: no-such-entry\n  aliases: [x]\n",
    )
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge([BUILTIN, org])
    (problem,) = raised.value.problems
    assert (problem.file.endswith(str(path.name)), problem.line) == (True, 3)
    assert "no entry has the id 'no-such-entry'" in problem.message


def test_an_extension_with_an_unknown_field_is_reported(tmp_path):
    org = tmp_path / "org"
    write(org, "- extends: azure-aadsts50011\n  cause: replaced?\n")
    with pytest.raises(
        KnowledgeError,
        match=r"more.yaml:2: cause: unknown field \(extension of azure-aadsts50011\)",
    ):
        load_knowledge([BUILTIN, org])


def test_the_first_folder_cannot_hold_extensions(tmp_path):
    base = tmp_path / "base"
    write(base, "- extends: azure-aadsts50011\n  aliases: [x]\n")
    with pytest.raises(KnowledgeError, match="extends: only allowed in KNOWLEDGE_PATH"):
        load_knowledge([base])


def test_extensions_survive_the_folder_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_CACHE_DIR", str(tmp_path / "cache"))
    org = tmp_path / "org"
    write(
        org, "- extends: oauth-invalid_grant\n  aliases: ['Contoso token broker: grant refused']\n"
    )
    first = load_knowledge([BUILTIN, org])
    assert list((tmp_path / "cache").iterdir()), "cached"
    again = load_knowledge([BUILTIN, org])
    assert first.entries == again.entries
    extended = {e.id: e for e in again.entries}["oauth-invalid_grant"]
    assert "Contoso token broker: grant refused" in extended.aliases


_ADD = (
    "import sys, time; from pathlib import Path; from bot.kb import curated; "
    "time.sleep(max(0.0, float(sys.argv[4]) - time.time())); "
    "curated.add(curated.extension('azure-aadsts50011', aliases=[sys.argv[3]]), "
    "folders=[Path(sys.argv[1]), Path(sys.argv[2])])"
)


def test_curators_writing_at_the_same_moment_from_several_processes_lose_nothing(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    at = str(time.time() + 1.5)
    wordings = [f"portal wording number {n}" for n in range(3)]
    processes = [
        subprocess.Popen([sys.executable, "-c", _ADD, str(BUILTIN), str(org), wording, at])
        for wording in wordings
    ]
    assert [process.wait(120) for process in processes] == [0, 0, 0]
    entry = {e.id: e for e in load_knowledge([BUILTIN, org], cached=False).entries}[
        "azure-aadsts50011"
    ]
    assert set(wordings) <= set(entry.aliases)
