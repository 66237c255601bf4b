"""``python -m bot kb suggest``: the store's unmatched and corrected pastes, clustered, as draft
YAML for review; nothing written, exit 0, one line when there is nothing to suggest."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.safety import redact
from bot.store import Store
from bot.store.corrections import Corrections
from bot.store.state import StoredAnswer
from tests.databases import database_url

PORTAL = "Contoso portal: sign-in blocked (ERR-PORTAL-7) access_token={}"


def seeded(tmp_path: Path) -> str:
    url = database_url(tmp_path, "seeded.db")
    store = Store(url)
    for user, secret in (
        ("U1", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIzNDU"),
        ("U2", "Qm9vbGVhbiBzZWNyZXQgdmFsdWU"),
    ):
        store.record_unmatched("D1", user, redact(PORTAL.format(secret)).text)
    store.record_unmatched("D1", "U3", "Fabrikam badge sync stale, sign-in refused")
    thread = store.open_thread(
        channel="D1",
        thread_ts="1.1",
        user="U4",
        private=False,
        paste="The redirect URI in the request did not match a registered redirect URI",
        answers=[
            StoredAnswer("google-redirect_uri_mismatch", "google:redirect_uri_mismatch", 90, "r")
        ],
        check_count=1,
    )
    Corrections(store.engine).record(
        thread,
        user="U4",
        entry_id="azure-aadsts50011",
        key="azure:aadsts50011",
        description="it was Entra, not Google",
    )
    store.engine.dispose()
    return url


def test_suggest_prints_clusters_as_draft_yaml_most_frequent_first(run, tmp_path):
    url = seeded(tmp_path)
    proc = run("kb", "suggest", env={"DATABASE_URL": url})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# 4 redacted paste(s) in 3 cluster(s)")
    assert "eyJhbGci" not in proc.stdout, "only redacted text"
    items = yaml.safe_load(proc.stdout)
    first = items[0]
    assert first["id"] == "draft-1" and first["title"].startswith("Contoso portal: sign-in blocked")
    assert "{secret}" in first["title"]
    assert "# 2 paste(s) worded like this (2 unmatched)" in proc.stdout
    (extended,) = [item for item in items if "extends" in item]
    assert extended == {
        "extends": "azure-aadsts50011",
        "aliases": ["The redirect URI in the request did not match a registered redirect URI"],
    }
    assert "(1 corrected to azure:aadsts50011)" in proc.stdout
    assert "# described as: it was Entra, not Google" in proc.stdout


def test_suggest_on_an_empty_store_says_so_in_one_line(run, tmp_path):
    url = database_url(tmp_path, "empty.db")
    Store(url).engine.dispose()
    proc = run("kb", "suggest", env={"DATABASE_URL": url})
    assert proc.returncode == 0
    assert proc.stdout == "nothing to suggest: the store holds no unmatched or corrected pastes\n"


def test_suggest_without_a_store_says_so_in_one_line_and_creates_nothing(run, tmp_path):
    missing = tmp_path / "missing.db"
    proc = run("kb", "suggest", env={"DATABASE_URL": f"sqlite:///{missing}"})
    assert proc.returncode == 0
    assert proc.stdout == f"nothing to suggest: there is no store at {missing} (DATABASE_URL)\n"
    assert not missing.exists()


def test_suggest_with_an_unreachable_store_says_so_in_one_line(run):
    proc = run("kb", "suggest", env={"DATABASE_URL": "postgresql://u:secret@127.0.0.1:9/db"})
    assert proc.returncode == 0
    assert proc.stdout.startswith("nothing to suggest: cannot read the store (cannot connect")
    assert proc.stdout.count("\n") == 1 and "secret" not in proc.stdout
