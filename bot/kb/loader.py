"""Load knowledge YAML into validated entries, reporting problems by file and line."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar

import yaml
from pydantic import ValidationError

from bot import __version__
from bot.kb.model import Entry, Extension
from bot.kb.providers import PROVIDERS_FILE, Provider, Providers

__all__ = [
    "Knowledge",
    "KnowledgeError",
    "Problem",
    "builtin_knowledge_dir",
    "builtin_providers",
    "knowledge_dirs",
    "load_entries",
    "load_knowledge",
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
    """The entry files of ``folder`` (every YAML file but the provider registry)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in {".yaml", ".yml"} and p.is_file() and p.name != PROVIDERS_FILE
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _mappings(path: Path, what: str, problems: list[Problem]) -> list[_LineDict]:
    """The mappings listed in a YAML file; anything else becomes a problem with its line."""
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
        problems.append(Problem(name, 1, f"expected a list of {what}s at the top level"))
        return []
    found = []
    for raw in document:
        if isinstance(raw, _LineDict):
            found.append(raw)
        else:
            line = getattr(raw, "line", 1)
            problems.append(Problem(name, line, f"an {what} must be a mapping of fields"))
    return found


_Model = TypeVar("_Model", Entry, Provider)


def _validated(
    path: Path,
    model: type[_Model],
    problems: list[Problem],
    *,
    extensions: list[tuple[Extension, _LineDict]] | None = None,
) -> list[tuple[_Model, _LineDict]]:
    """Each mapping of ``path`` validated as ``model``, with the mapping and its lines; given
    ``extensions``, a mapping with an ``extends`` field is validated as an
    :class:`Extension` and goes there instead."""
    what = "entry" if model is Entry else "provider"
    found: list[tuple[_Model, _LineDict]] = []
    for raw in _mappings(path, what, problems):
        try:
            if extensions is not None and "extends" in raw:
                extensions.append((Extension.model_validate(dict(raw)), raw))
            else:
                found.append((model.model_validate(dict(raw)), raw))
        except ValidationError as err:
            for error in err.errors():
                field = str(error["loc"][0]) if error["loc"] else ""
                label = ".".join(str(p) for p in error["loc"]) or what
                message = "unknown field" if error["type"] == "extra_forbidden" else error["msg"]
                extending = extensions is not None and "extends" in raw
                kind = "extension of" if extending else what
                name = raw.get("extends") if extending else raw.get("id", raw.get("name", "?"))
                problems.append(
                    Problem(
                        _display(path),
                        raw.key_lines.get(field, raw.line),
                        f"{label}: {message} ({kind} {name})",
                    )
                )
    return found


class _Placed(NamedTuple):
    """A validated entry and where it stands: its file, first line and ``code:`` line."""

    entry: Entry
    file: str
    line: int
    code_line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class _Extending(NamedTuple):
    """A validated extension and where it stands."""

    extension: Extension
    file: str
    line: int


def entries_in_file(
    path: Path, problems: list[Problem], extensions: list[_Extending] | None = None
) -> list[_Placed]:
    """The valid entries of one knowledge file with their lines; the rest become problems.
    Extensions (``extends:``) are added to ``extensions`` when given, else are problems."""
    file = _display(path)
    extending: list[tuple[Extension, _LineDict]] = []
    found = [
        _Placed(entry, file, raw.line, raw.key_lines.get("code", raw.line))
        for entry, raw in _validated(path, Entry, problems, extensions=extending)
    ]
    for extension, raw in extending:
        if extensions is None:
            problems.append(Problem(file, raw.line, "extends: only allowed in KNOWLEDGE_PATH"))
        else:
            extensions.append(_Extending(extension, file, raw.line))
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


_Folder = tuple[list[_Placed], list[_Extending]]


def _read_cache(cache: Path | None) -> _Folder | None:
    if cache is None or not cache.is_file():
        return None
    try:
        rows = json.loads(cache.read_text(encoding="utf-8"))
        return (
            [
                _Placed(
                    Entry.model_validate(row["entry"]), row["file"], row["line"], row["code_line"]
                )
                for row in rows
                if "entry" in row
            ],
            [
                _Extending(Extension.model_validate(row["extension"]), row["file"], row["line"])
                for row in rows
                if "extension" in row
            ],
        )
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None


def _write_cache(cache: Path | None, found: _Folder) -> None:
    if cache is None:
        return
    placed, extending = found
    rows = [{**p._asdict(), "entry": p.entry.model_dump(mode="json")} for p in placed]
    rows += [{**e._asdict(), "extension": e.extension.model_dump(mode="json")} for e in extending]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(rows), encoding="utf-8")
        temporary.replace(cache)
    except OSError:
        pass


def _load_folder(
    folder: Path, problems: list[Problem], *, extensible: bool, use_cache: bool = True
) -> _Folder:
    """Validated entries of one folder with where each stands, and its extensions (allowed
    when ``extensible``); the same id twice is a problem."""
    files = _yaml_files(folder)
    cache = _cache_file(folder, files) if use_cache else None
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    found: list[_Placed] = []
    extending: list[_Extending] = []
    seen: dict[str, str] = {}
    before = len(problems)
    for path in files:
        for placed in entries_in_file(path, problems, extending if extensible else None):
            first = seen.setdefault(placed.entry.id, placed.where)
            if first != placed.where:
                message = f"duplicate id {placed.entry.id!r} (first at {first})"
                problems.append(Problem(placed.file, placed.line, message))
                continue
            found.append(placed)
    if len(problems) == before:
        _write_cache(cache, (found, extending))
    return found, extending


@dataclass(frozen=True)
class Knowledge:
    """One consistent version of the knowledge: entries and the provider registry."""

    entries: tuple[Entry, ...]
    providers: Providers


def _load_providers(folders: Sequence[Path], problems: list[Problem]) -> Providers:
    """The registry of every folder's ``providers.yaml``; later folders add or replace by name."""
    found: list[Provider] = []
    for folder in folders:
        path = Path(folder) / PROVIDERS_FILE
        if path.is_file():
            found += [provider for provider, _ in _validated(path, Provider, problems)]
    return Providers(found)


@lru_cache(maxsize=1)
def builtin_providers() -> Providers:
    """The registry shipped with the knowledge base (``knowledge/providers.yaml``)."""
    problems: list[Problem] = []
    providers = _load_providers([builtin_knowledge_dir()], problems)
    if problems:
        raise KnowledgeError(problems)
    return providers


def _shape_problems(found: Iterable[_Placed], providers: Providers) -> list[Problem]:
    """Entries whose code does not have their provider's shape, at their ``code:`` line."""
    problems = []
    for entry, file, _, code_line in found:
        if not providers.shape_of(entry.provider).match(entry.code):
            message = f"code: {entry.code!r} does not look like a {entry.provider} code"
            problems.append(Problem(file, code_line, f"{message} (entry {entry.id})"))
    return problems


def load_knowledge(folders: Iterable[Path] | None = None, *, cached: bool = True) -> Knowledge:
    """Load and validate the providers and entries under ``folders`` (default:
    :func:`knowledge_dirs`).

    Entries of a later folder replace earlier ones with the same ``id``; the same
    ``id`` twice within one folder is an error. A folder after the first may also add
    aliases and symptoms to an entry by id (``extends:``), applied once every folder is
    merged; extending an id no folder defines is an error. Raises :class:`KnowledgeError`
    listing every problem with its file and line. Validated folders are cached
    (``KNOWLEDGE_CACHE_DIR``, ``off`` to disable) until any of their files changes;
    not ``cached``, folders after the first are neither read from nor written to the cache.

    >>> knowledge = load_knowledge()
    >>> any(e.key == "azure:aadsts50011" for e in knowledge.entries)
    True
    """
    folders = [Path(f) for f in (knowledge_dirs() if folders is None else folders)]
    problems: list[Problem] = []
    merged: dict[str, _Placed] = {}
    extending: list[_Extending] = []
    present = []
    for number, folder in enumerate(folders):
        if not folder.is_dir():
            problems.append(Problem(str(folder), 1, "knowledge folder does not exist"))
            continue
        present.append(folder)
        placed_here, extending_here = _load_folder(
            folder, problems, extensible=number > 0, use_cache=cached or number == 0
        )
        for placed in placed_here:
            merged[placed.entry.id] = placed
        extending += extending_here
    for extension, file, line in extending:
        target = merged.get(extension.extends)
        if target is None:
            message = f"extends: no entry has the id {extension.extends!r}"
            problems.append(Problem(file, line, message))
        else:
            merged[extension.extends] = target._replace(entry=extension.apply(target.entry))
    # The built-in registry is always the base: a folder may add providers or replace one.
    builtin = builtin_knowledge_dir()
    registries = [builtin, *(f for f in present if f.resolve() != builtin.resolve())]
    providers = _load_providers(registries, problems)
    problems += _shape_problems(merged.values(), providers)
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(tuple(placed.entry for placed in merged.values()), providers)


def load_entries(folders: Iterable[Path] | None = None) -> list[Entry]:
    """The entries of :func:`load_knowledge`."""
    return list(load_knowledge(folders).entries)
