"""Knowledge reloaded while serving: one reload at a time, one version per request, and a
broken file keeps the last good knowledge."""

import logging
import os
import threading

from bot.kb import Knowledge, KnowledgeSource

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


def ids(knowledge: Knowledge) -> list[str]:
    return [e.id for e in knowledge.entries]


def write(path, slug: str, *, extra: str = "", stamp: int) -> None:
    path.write_text(ENTRY.format(slug=slug) + extra, encoding="utf-8")
    os.utime(path, ns=(1, stamp * 10**18))


def test_changed_file_is_reloaded_and_broken_file_keeps_the_last_good(tmp_path, caplog):
    path = tmp_path / "acme.yaml"
    path.write_text(ENTRY.format(slug="first"), encoding="utf-8")
    clock = Clock()
    source = KnowledgeSource(ids, folders=[tmp_path], interval=5, clock=clock)
    assert source.current() == ["acme-first"]

    write(path, "second", stamp=1)
    assert source.current() == ["acme-first"]  # checked every 5 s
    clock.now = 6
    assert source.current() == ["acme-second"]

    write(path, "third", extra="  colour: red\n", stamp=2)
    clock.now = 12
    with caplog.at_level(logging.ERROR):
        assert source.current() == ["acme-second"]
    assert "acme.yaml:8: colour: unknown field" in caplog.text
    assert "still serving the previous version" in caplog.text


def test_only_one_request_reloads_and_the_others_keep_the_last_version(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(ENTRY.format(slug="first"), encoding="utf-8")
    building = threading.Event()
    release = threading.Event()
    builds: list[list[str]] = []

    def slow_build(knowledge: Knowledge) -> list[str]:
        if builds:  # the first build happens at start-up
            building.set()
            release.wait(5)
        builds.append(ids(knowledge))
        return ids(knowledge)

    clock = Clock()
    source = KnowledgeSource(slow_build, folders=[tmp_path], interval=5, clock=clock)
    write(path, "second", stamp=1)
    clock.now = 6
    reloader = threading.Thread(target=source.current)
    reloader.start()
    assert building.wait(5)
    assert source.current() == ["acme-first"]  # not blocked, and never half a version
    release.set()
    reloader.join(5)
    assert source.current() == ["acme-second"]
    assert builds == [["acme-first"], ["acme-second"]]
