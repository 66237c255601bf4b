"""Titles are shown with the paste's values, or read naturally: never a raw placeholder."""

from __future__ import annotations

import re

from bot.kb import load_entries
from bot.triage import fill, plain

AADSTS65001 = (
    "AADSTS65001: The user or administrator has not consented to use the application with "
    "ID 'a1b2c3d4-0000-4000-8000-123456789abc' named 'Contoso Orders'. Send an interactive "
    "authorization request for this user and resource."
)


def test_values_the_paste_holds_are_put_back():
    [entry] = [e for e in load_entries() if e.key == "azure:aadsts65001"]
    filled = fill(entry.title, AADSTS65001)
    assert "'Contoso Orders'" in filled.text and "{" not in filled.text
    assert dict(filled.values) == {
        "id": "a1b2c3d4-0000-4000-8000-123456789abc",
        "name": "Contoso Orders",
    }


def test_without_the_message_in_the_paste_the_title_reads_without_placeholders():
    assert plain("Application with ID '{id}' named '{name}' was not found.") == (
        "Application was not found."
    )
    assert plain("Access blocked: {app} can only be used within its organization") == (
        "Access blocked: the app can only be used within its organization"
    )
    assert plain("JWT body must contain '{field}'.") == "JWT body must contain …."


def test_no_title_of_the_knowledge_base_shows_a_placeholder():
    raw = [e.id for e in load_entries() if re.search(r"\{[a-z_]+\}", plain(e.title))]
    assert raw == []
