"""The entry search behind the correction modal and the curator's view: entries by key, id or
title words, the exact key first; the correction modal also offers "None of these"."""

from __future__ import annotations

from tests.slack.curation_requests import search


def test_entries_are_found_by_code_or_words(bot):
    assert search(bot, "correction_entry", "AADSTS50011")[0] == "azure-aadsts50011"
    assert search(bot, "curate_entry", "redirect uri")[:2] == [
        "azure-aadsts50011",
        "google-redirect_uri_mismatch",
    ]
    assert search(bot, "curate_entry", "oauth:invalid_grant") == ["oauth-invalid_grant"]


def test_only_the_correction_modal_offers_none_of_these(bot):
    assert search(bot, "correction_entry", "zzz nothing") == ["none"]
    assert search(bot, "curate_entry", "zzz nothing") == []
