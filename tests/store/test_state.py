"""Button values: the wire format buttons already in Slack carry, read back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.store.state import ButtonValue


@given(st.integers(0, 10**18 - 1), st.text())
def test_button_values_round_trip(thread_id, detail):
    value = ButtonValue(thread_id, detail)
    assert ButtonValue.decode(value.encode()) == value


@pytest.mark.parametrize(
    ("wire", "decoded", "check_index"),
    [
        ("7", ButtonValue(7), None),
        ("7:2", ButtonValue(7, "2"), 2),
        ("7:azure-aadsts50011", ButtonValue(7, "azure-aadsts50011"), None),
        ("7:x:y", ButtonValue(7, "x:y"), None),
        ("7:²", ButtonValue(7, "²"), None),
        ("7:" + "9" * 19, ButtonValue(7, "9" * 19), None),
    ],
)
def test_the_wire_format_is_thread_id_then_detail(wire, decoded, check_index):
    assert ButtonValue.decode(wire) == decoded
    assert decoded.encode() == wire
    assert decoded.check_index == check_index


@pytest.mark.parametrize("wire", ["", ":1", "x", "x:1", "-1", "²", "1" * 19, " 7"])
def test_values_naming_no_thread_decode_to_none(wire):
    assert ButtonValue.decode(wire) is None
