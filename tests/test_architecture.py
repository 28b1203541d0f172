"""The package's shape: one direction of imports along the data flow, and modules of one concept.

The flow (DESIGN.md): ingest -> store -> scoring and statistics -> teams and privacy ->
aspiration -> relations -> presentation -> reports, batch, dashboard -> CLI, with the store as
the floor. No module may import a module of a later layer, also not inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parents[1] / "kit"

#: layers, lowest first; a module belongs to the first prefix that matches
LAYERS: list[tuple[str, ...]] = [
    ("kit.errors", "kit.yamlio", "kit.textnorm", "kit.resources"),
    ("kit.instrument",),
    ("kit.store",),
    ("kit.ingest", "kit.pseudonym", "kit.sample"),
    ("kit.analysis.stats", "kit.analysis.scoring"),
    ("kit.analysis.privacy", "kit.analysis.teams", "kit.analysis.freetext"),
    ("kit.analysis.aspiration",),
    ("kit.analysis.relations", "kit.analysis.multilevel"),
    ("kit.analysis.board", "kit.analysis"),
    ("kit.present",),
    ("kit.instrument.export",),        # the instrument as a survey: org, roles, words
    ("kit.reports", "kit.dashboard"),
    ("kit.cli",),
]
MAX_LINES = 400


def _module(path: Path) -> str:
    parts = path.relative_to(KIT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int | None:
    best = None
    for k, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if module == p or module.startswith(p + "."):
                if best is None or len(p) > best[1]:
                    best = (k, len(p))
    return None if best is None else best[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if node.module is None or node.level:
                # "from kit.x import y" may import the submodule kit.x.y
                out += [(node.lineno, f"{name}.{a.name}") for a in node.names]
            out.append((node.lineno, name))
    return [(line, name) for line, name in out if name == "kit" or name.startswith("kit.")]


MODULES = sorted(p for p in KIT.rglob("*.py"))


def test_every_module_has_a_layer():
    missing = [_module(p) for p in MODULES if p != KIT / "__init__.py" and
               _layer(_module(p)) is None]
    assert missing == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_no_module_imports_a_later_layer(path):
    if path == KIT / "__init__.py":
        return                                   # the curated namespace, imported lazily
    mine = _layer(_module(path))
    wrong = []
    for line, name in _imports(path):
        theirs = _layer(name)
        if theirs is not None and theirs > mine:
            wrong.append(f"line {line}: {name} (layer {theirs} > {mine})")
    assert wrong == [], f"{_module(path)} imports a later layer of the flow"


def test_modules_stay_small():
    big = {_module(p): n for p in MODULES
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert big == {}
