"""Secret-free pastes: nothing is reported, nothing is replaced, so the error stays matchable
and nobody is told to rotate a credential that was never there."""

import pytest

from bot.safety import redact
from tests.safety.secret_free import SECRET_FREE


def test_corpus_is_large_and_names_are_unique():
    assert len(SECRET_FREE) >= 40
    assert len({c.name for c in SECRET_FREE}) == len(SECRET_FREE)


@pytest.mark.parametrize("case", SECRET_FREE, ids=[c.name for c in SECRET_FREE])
def test_secret_free_paste_is_left_alone(case):
    result = redact(case.text)
    assert result.secrets == (), f"reported {result.kinds}"
    assert result.text == case.text
