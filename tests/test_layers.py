"""Imports run one way: kb at the bottom, then triage and safety, explain, and the front ends.

A module may import from its own package and from the packages listed for it here;
anything else is an arrow pointing up (or sideways between triage and safety) and fails CI.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"

_BASE = {"bot", "bot.text"}
ALLOWED: dict[str, set[str]] = {
    "bot": set(),
    "bot.text": set(),
    "bot.config": _BASE,
    "bot.kb": _BASE,
    "bot.triage": _BASE | {"bot.kb"},
    "bot.safety": _BASE | {"bot.kb"},
    "bot.explain": _BASE | {"bot.kb", "bot.triage", "bot.safety"},
    "bot.store": _BASE | {"bot.kb", "bot.config"},
    "bot.slack": _BASE
    | {"bot.kb", "bot.triage", "bot.safety", "bot.explain", "bot.store", "bot.config"},
    "bot.cli": _BASE
    | {"bot.kb", "bot.triage", "bot.safety", "bot.explain", "bot.store", "bot.config", "bot.slack"},
    "bot.__main__": {"bot.cli"},
}


def _layer(module: str) -> str:
    """``bot.triage.match`` -> ``bot.triage``; ``bot`` stays ``bot``."""
    return ".".join(module.split(".")[:2])


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def upward_imports(root: Path = BOT) -> list[str]:
    """Every import in the package at ``root`` that its layer may not make, as ``file:line``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        layer = _layer(_module_name(path, root))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] != root.name or _layer(target) == layer:
                    continue
                if _layer(target) not in ALLOWED.get(layer, set()):
                    where = path.relative_to(root.parent)
                    found.append(f"{where}:{node.lineno}: {layer} imports {target}")
    return found


def test_every_layer_imports_only_downward():
    assert upward_imports() == []


def test_every_package_has_a_place_in_the_layers():
    packages = {_layer(_module_name(p, BOT)) for p in BOT.rglob("*.py")}
    assert packages <= set(ALLOWED), packages - set(ALLOWED)


def test_an_upward_import_is_reported_with_file_and_line(tmp_path):
    package = tmp_path / "bot"
    (package / "kb").mkdir(parents=True)
    (package / "kb" / "__init__.py").write_text('"""kb."""\n\nfrom bot.triage import Triager\n')
    (package / "triage").mkdir()
    (package / "triage" / "__init__.py").write_text("from bot.kb import Entry\n")
    assert upward_imports(package) == ["bot/kb/__init__.py:3: bot.kb imports bot.triage"]
