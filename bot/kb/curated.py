"""Knowledge a curator adds by clicking: aliases or symptoms for an entry (an extension,
``extends: <id>``) or a new entry, appended to ``curated.yaml`` in the organisation's
folder (the last ``KNOWLEDGE_PATH`` folder). The folder with the addition is validated as
``python -m bot kb validate`` does before anything is written; hot reload then picks it up.

>>> print(dump([extension("azure-aadsts50011", aliases=["Portal: sign-in blocked"])]), end="")
- extends: azure-aadsts50011
  aliases:
  - 'Portal: sign-in blocked'
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from bot.kb.loader import KnowledgeError, Problem, load_knowledge

__all__ = ["CURATED_FILE", "add", "dump", "extension"]

#: The file curated knowledge is written to, in the organisation's folder.
CURATED_FILE = "curated.yaml"
_HEADER = (
    "# Written by the OAuth triage bot when a curator clicks in its App Home, and validated\n"
    "# first; pasted texts in it are redacted. Edit freely: it is a list of entries and of\n"
    "# extensions (extends: <entry id>) adding aliases and symptoms to an entry.\n"
)
#: One writer at a time in this process (the file is read, extended and replaced); other
#: processes (gunicorn workers, instances sharing the folder) wait on a lock file's flock.
_WRITING = threading.Lock()


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold ``path``'s lock file, against this process's threads and other processes."""
    with _WRITING, open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def extension(
    entry_id: str, *, aliases: Sequence[str] = (), symptoms: Sequence[str] = ()
) -> dict[str, Any]:
    """An extension adding ``aliases`` and ``symptoms`` to the entry ``entry_id``."""
    item: dict[str, Any] = {"extends": entry_id}
    if aliases:
        item["aliases"] = list(aliases)
    if symptoms:
        item["symptoms"] = list(symptoms)
    return item


def dump(items: Sequence[Mapping[str, Any]]) -> str:
    """``items`` as knowledge YAML (``yaml.safe_dump``: plain data, nothing executable)."""
    return yaml.safe_dump(
        [dict(item) for item in items], sort_keys=False, allow_unicode=True, width=100
    )


def _merged(existing: list[Any], item: Mapping[str, Any]) -> list[Any]:
    """``existing`` with ``item`` added: an extension of an id already extended there joins it."""
    target = item.get("extends")
    for kept in existing:
        if target and isinstance(kept, dict) and kept.get("extends") == target:
            for field in ("aliases", "symptoms"):
                for text in item.get(field, []):
                    if text not in kept.setdefault(field, []):
                        kept[field].append(text)
            return existing
    return [*existing, dict(item)]


def _read(path: Path) -> list[Any]:
    if not path.is_file():
        return []
    try:
        found = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise KnowledgeError([Problem(str(path), 1, f"cannot read: {err}")]) from None
    if found is None:
        return []
    if not isinstance(found, list):
        raise KnowledgeError([Problem(str(path), 1, "expected a list at the top level")])
    return found


def _validate(folders: Sequence[Path], text: str) -> None:
    """Load ``folders`` with the last one's ``curated.yaml`` being ``text``, as ``kb validate``
    would; raises :class:`KnowledgeError` naming the real files."""
    target = folders[-1]
    with tempfile.TemporaryDirectory(prefix="curated-") as temporary:
        copy = Path(temporary) / (target.name or "knowledge")
        shutil.copytree(target, copy)
        (copy / CURATED_FILE).write_text(text, encoding="utf-8")
        try:
            load_knowledge([*folders[:-1], copy], cached=False)
        except KnowledgeError as err:
            names = sorted({str(copy.resolve()), str(copy)}, key=len, reverse=True)

            def real(file: str) -> str:
                for name in names:
                    if file.startswith(name):
                        return str(target / file[len(name) :].lstrip("/\\"))
                return file

            raise KnowledgeError(
                [Problem(real(p.file), p.line, p.message) for p in err.problems]
            ) from None


def add(item: Mapping[str, Any], *, folders: Sequence[Path]) -> Path:
    """Add ``item`` (an entry or an :func:`extension`) to ``curated.yaml`` in the last of
    ``folders`` (the organisation's), once the knowledge of every folder with it validates;
    the file written. Raises :class:`KnowledgeError` (nothing written) when it would not."""
    path = Path(folders[-1]) / CURATED_FILE
    with _exclusive(path):
        text = _HEADER + dump(_merged(_read(path), item))
        _validate([Path(f) for f in folders], text)
        temporary = path.with_name(f".{CURATED_FILE}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    return path
