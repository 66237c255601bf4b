"""Load knowledge YAML into validated entries, reporting problems by file and line."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot import __version__
from bot.kb.model import Entry

__all__ = [
    "KnowledgeError",
    "Problem",
    "builtin_knowledge_dir",
    "knowledge_dirs",
    "load_entries",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a knowledge file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base could not be loaded; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _LineDict(dict):
    """A mapping that remembers the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """libyaml's safe loader (pure-Python fallback) recording lines, rejecting duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _LineDict:
        mapping = _LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate field {key!r}", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.key_lines[str(key)] = key_node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def builtin_knowledge_dir() -> Path:
    """The knowledge shipped with the package (installed) or beside it (source tree)."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "knowledge"
    return installed if installed.is_dir() else here.parent / "knowledge"


def knowledge_dirs(extra: str | None = None) -> list[Path]:
    """Built-in knowledge first, then each folder of ``KNOWLEDGE_PATH`` (os.pathsep-separated)."""
    extra = os.environ.get("KNOWLEDGE_PATH", "") if extra is None else extra
    return [builtin_knowledge_dir(), *(Path(p) for p in extra.split(os.pathsep) if p.strip())]


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def entries_in_file(path: Path, problems: list[Problem]) -> list[tuple[Entry, int]]:
    name = _display(path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problems.append(Problem(name, mark.line + 1 if mark else 1, err.problem or str(err)))
        return []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        problems.append(Problem(name, 1, f"cannot read: {err}"))
        return []
    if document is None:
        return []
    if not isinstance(document, list):
        problems.append(Problem(name, 1, "expected a list of entries at the top level"))
        return []
    found: list[tuple[Entry, int]] = []
    for raw in document:
        line = getattr(raw, "line", 1)
        if not isinstance(raw, dict):
            problems.append(Problem(name, line, "an entry must be a mapping of fields"))
            continue
        try:
            found.append((Entry.model_validate(dict(raw)), line))
        except ValidationError as err:
            for error in err.errors():
                field = str(error["loc"][0]) if error["loc"] else ""
                where = raw.key_lines.get(field, line) if isinstance(raw, _LineDict) else line
                label = ".".join(str(p) for p in error["loc"]) or "entry"
                message = "unknown field" if error["type"] == "extra_forbidden" else error["msg"]
                entry_id = raw.get("id", "?")
                problems.append(Problem(name, where, f"{label}: {message} (entry {entry_id})"))
    return found


@lru_cache(maxsize=1)
def _schema_digest() -> str:
    """Changes whenever the entry model does, so a cache never outlives its schema."""
    schema = json.dumps(Entry.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:12]


def _cache_file(folder: Path, files: list[Path]) -> Path | None:
    """Where a folder's validated entries are cached, keyed by every file's size and mtime."""
    base = os.environ.get("KNOWLEDGE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "oauth-triage"
    )
    if base.lower() in {"off", "none", "0"}:
        return None
    digest = hashlib.sha256(f"{__version__}|{_schema_digest()}|{folder.resolve()}".encode())
    for path in files:
        stat = path.stat()
        digest.update(f"|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return Path(base) / f"kb-{digest.hexdigest()[:24]}.json"


def _read_cache(cache: Path | None) -> list[tuple[Entry, str]] | None:
    if cache is None or not cache.is_file():
        return None
    try:
        rows = json.loads(cache.read_text(encoding="utf-8"))
        return [(Entry.model_validate(row["entry"]), row["where"]) for row in rows]
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None


def _write_cache(cache: Path | None, found: list[tuple[Entry, str]]) -> None:
    if cache is None:
        return
    rows = [{"entry": entry.model_dump(), "where": where} for entry, where in found]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(rows), encoding="utf-8")
        temporary.replace(cache)
    except OSError:
        pass


def _load_folder(folder: Path, problems: list[Problem]) -> list[tuple[Entry, str]]:
    """Validated entries of one folder with where each stands; the same id twice is a problem."""
    files = _yaml_files(folder)
    cache = _cache_file(folder, files)
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    found: list[tuple[Entry, str]] = []
    seen: dict[str, str] = {}
    before = len(problems)
    for path in files:
        for entry, line in entries_in_file(path, problems):
            where = f"{_display(path)}:{line}"
            if entry.id in seen:
                problems.append(
                    Problem(
                        _display(path),
                        line,
                        f"duplicate id {entry.id!r} (first at {seen[entry.id]})",
                    )
                )
                continue
            seen[entry.id] = where
            found.append((entry, where))
    if len(problems) == before:
        _write_cache(cache, found)
    return found


def load_entries(folders: Iterable[Path] | None = None) -> list[Entry]:
    """Load and validate every entry under ``folders`` (default: :func:`knowledge_dirs`).

    Entries of a later folder replace earlier ones with the same ``id``; the same
    ``id`` twice within one folder is an error. Raises :class:`KnowledgeError`
    listing every problem with its file and line. Validated folders are cached
    (``KNOWLEDGE_CACHE_DIR``, ``off`` to disable) until any of their files changes.

    >>> entries = load_entries()
    >>> any(e.key == "azure:aadsts50011" for e in entries)
    True
    """
    problems: list[Problem] = []
    merged: dict[str, Entry] = {}
    for folder in knowledge_dirs() if folders is None else folders:
        if not Path(folder).is_dir():
            problems.append(Problem(str(folder), 1, "knowledge folder does not exist"))
            continue
        for entry, _ in _load_folder(Path(folder), problems):
            merged[entry.id] = entry
    if problems:
        raise KnowledgeError(problems)
    return list(merged.values())
