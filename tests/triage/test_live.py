"""Knowledge reloaded while serving; a broken file keeps the last good knowledge."""

import logging
import os

from bot.triage import Triager
from bot.triage.live import LiveTriager

ENTRY = """\
- id: acme-{slug}
  provider: acme
  code: {slug}
  title: "Acme gateway refused the widget token {slug}"
  cause: Because.
  fix: [Do this.]
  checks: ["Is it that?", "Or that?"]
"""


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_changed_file_is_reloaded_and_broken_file_keeps_the_last_good(tmp_path, caplog):
    path = tmp_path / "acme.yaml"
    path.write_text(ENTRY.format(slug="first"), encoding="utf-8")
    clock = Clock()
    live = LiveTriager(Triager.load([tmp_path]), folders=[tmp_path], interval=5, clock=clock)
    assert [e.id for e in live.current().index.entries] == ["acme-first"]

    path.write_text(ENTRY.format(slug="second"), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    assert [e.id for e in live.current().index.entries] == ["acme-first"]  # checked every 5 s
    clock.now = 6
    assert [e.id for e in live.current().index.entries] == ["acme-second"]

    path.write_text(ENTRY.format(slug="third") + "  colour: red\n", encoding="utf-8")
    os.utime(path, ns=(1, 2 * 10**18))
    clock.now = 12
    with caplog.at_level(logging.ERROR):
        assert [e.id for e in live.current().index.entries] == ["acme-second"]
    assert "acme.yaml:8: colour: unknown field" in caplog.text
    assert "still serving the previous version" in caplog.text
