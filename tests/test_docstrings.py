"""Docstrings of the kit's public API (issue 12, point 6; STYLE.md habit 2).

Walks the public API of :mod:`kit.analysis`, :mod:`kit.present`, :mod:`kit.reports`,
:mod:`kit.dashboard`, :mod:`kit.sample` and :mod:`kit.cli` with :mod:`inspect`: the functions and
classes a module defines whose names do not start with ``_`` (in a private module such as
``kit.analysis.privacy._gate``: those its package re-exports in ``__all__``), and the public
methods and properties of those classes, inherited ones of the kit included (the school and
board reports' sections live in a private base class). It checks that

* every one of them has a docstring of its own;
* every one that returns a DataFrame - its return annotation names ``DataFrame`` (also in a
  tuple, list or dict), or its docstring says it returns one - has a numpydoc ``Returns``
  section that names the frame's columns: at least two names in double backquotes that are not
  the function's own parameters, a ``*_COLUMNS`` constant of the kit listing them, or, for a
  frame shaped like its input, "the columns of ``<parameter>``".

Sections are read with :mod:`numpydoc.docscrape` when numpydoc is installed, otherwise by
:func:`sections` (a section is a title line followed by a line of dashes). ``python
tests/test_docstrings.py`` prints the counts.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import sys
from dataclasses import dataclass, is_dataclass

import pandas as pd
import pytest

#: the packages walked (every module in them) and the single modules
PACKAGES = ("kit.analysis", "kit.present", "kit.reports", "kit.dashboard")
MODULES = ("kit.sample", "kit.cli")

_FRAME = re.compile(r"\bDataFrame\b")
_SAYS_FRAME = re.compile(r"\breturns?\b[^.\n]*\bdata ?frame\b", re.IGNORECASE)
_CODE = re.compile(r"``([^`]+)``")
_CONSTANT = re.compile(r"\b([A-Z][A-Z0-9_]*_COLUMNS)\b")
_SHAPED_LIKE = re.compile(r"\bcolumns of ``(\w+)``")
_DASHES = re.compile(r"^\s*-{3,}\s*$")


@dataclass(frozen=True)
class Entry:
    """One public callable: its dotted name, the object, the function that holds its docstring
    and annotations (a property's getter, a class itself), and what it is."""

    name: str
    obj: object
    func: object
    kind: str          # "function", "class", "method" or "property"


def _modules() -> list:
    found = [importlib.import_module(m) for m in MODULES]
    for pkg_name in PACKAGES:
        pkg = importlib.import_module(pkg_name)
        found.append(pkg)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{pkg_name}."):
            found.append(importlib.import_module(info.name))
    return found


def _exported(module) -> set[str] | None:
    """Names a module's object may be public under: None (any public name) for a public
    module; for a private one (a part starting with ``_``), its package's ``__all__``."""
    parts = module.__name__.split(".")
    private = [k for k, p in enumerate(parts) if p.startswith("_")]
    if not private:
        return None
    package = importlib.import_module(".".join(parts[:private[0]]))
    return set(getattr(package, "__all__", ()))


def _own_doc(obj: object) -> str:
    """The object's own docstring (never one inherited, nor the signature a dataclass writes
    when its class has none)."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    if not isinstance(doc, str) or not doc.strip():
        return ""
    if inspect.isclass(obj) and is_dataclass(obj) and doc.startswith(f"{obj.__name__}("):
        return ""
    return inspect.cleandoc(doc)


def _members(cls: type):
    """(kind, function) of the public methods and properties of ``cls``, its kit base
    classes' included, the one that wins in the MRO for each name."""
    seen: set[str] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("kit."):
            continue
        for name, raw in vars(base).items():
            if name.startswith("_") or name in seen:
                continue
            if isinstance(raw, (staticmethod, classmethod)):
                func, kind = raw.__func__, "method"
            elif isinstance(raw, property):
                func, kind = raw.fget, "property"
            elif isinstance(raw, functools.cached_property):
                func, kind = raw.func, "property"
            elif inspect.isfunction(raw):
                func, kind = raw, "method"
            else:
                continue
            seen.add(name)
            yield kind, func


@functools.cache
def api() -> tuple[Entry, ...]:
    """Every public callable of the walked modules, each once."""
    entries: dict[int, Entry] = {}
    for module in _modules():
        allowed = _exported(module)
        for name, obj in vars(module).items():
            if name.startswith("_") or (allowed is not None and name not in allowed):
                continue
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if obj.__module__ != module.__name__:
                continue                      # imported here, defined elsewhere
            label = f"{module.__name__}.{name}"
            if inspect.isfunction(obj):
                entries.setdefault(id(obj), Entry(label, obj, obj, "function"))
                continue
            entries.setdefault(id(obj), Entry(label, obj, obj, "class"))
            for kind, func in _members(obj):
                entries.setdefault(id(func), Entry(f"{func.__module__}.{func.__qualname__}",
                                                   func, func, kind))
    return tuple(sorted(entries.values(), key=lambda e: e.name))


def sections(doc: str) -> dict[str, list[str]]:
    """A cleaned docstring's numpydoc sections: title -> its lines (without the dashes)."""
    lines = doc.splitlines()
    heads = [k for k in range(len(lines) - 1)
             if lines[k].strip() and _DASHES.match(lines[k + 1])
             and len(lines[k + 1].strip()) >= len(lines[k].strip()) - 1]
    out: dict[str, list[str]] = {}
    for j, k in enumerate(heads):
        end = heads[j + 1] if j + 1 < len(heads) else len(lines)
        out[lines[k].strip()] = lines[k + 2:end]
    return out


def returns_section(doc: str) -> tuple[list[str], str] | None:
    """The ``Returns`` section as (type lines, whole text), or None when there is none."""
    try:
        from numpydoc.docscrape import NumpyDocString
    except ImportError:
        found = sections(doc).get("Returns")
        if found is None:
            return None
        types = [s.strip() for s in found if s.strip() and not s[:1].isspace()]
        return types, "\n".join(found)
    parsed = NumpyDocString(doc)["Returns"]
    if not parsed:
        return None
    types = [p.type or p.name for p in parsed]
    return types, "\n".join(" ".join([p.name, p.type, *p.desc]) for p in parsed)


def _annotation(func: object) -> object:
    return getattr(func, "__annotations__", {}).get("return")


def returns_frame(entry: Entry) -> bool:
    """Whether the callable returns a DataFrame: by its return annotation, by the type of its
    ``Returns`` section, or by a docstring sentence that says it returns one."""
    if entry.kind == "class":
        return False
    ann = _annotation(entry.func)
    if ann is pd.DataFrame or (ann is not None and _FRAME.search(
            ann if isinstance(ann, str) else repr(ann))):
        return True
    doc = _own_doc(entry.func)
    found = returns_section(doc)
    if found and any(_FRAME.search(t) for t in found[0]):
        return True
    prose = "\n".join(s for s in doc.splitlines() if s.strip() != "Returns")
    return bool(_SAYS_FRAME.search(prose))


def _constant_lists_columns(name: str) -> bool:
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("kit."):
            value = getattr(module, name, None)
            if isinstance(value, (list, tuple, dict)) and len(value) >= 2:
                return True
    return False


def names_columns(text: str, func: object) -> bool:
    """Whether a ``Returns`` text names a frame's columns (see the module docstring)."""
    try:
        params = set(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        params = set()
    if any(_constant_lists_columns(c) for c in _CONSTANT.findall(text)):
        return True
    if len({n for n in _CODE.findall(text) if n not in params}) >= 2:
        return True
    return any(p in params for p in _SHAPED_LIKE.findall(text))


def coverage() -> dict[str, int]:
    """Counts for the issue: callables, with a docstring, with any numpydoc section, returning
    a frame, and of those with a ``Returns`` section that names the columns."""
    entries = api()
    docs = {e.name: _own_doc(e.func) for e in entries}
    frames = [e for e in entries if returns_frame(e)]
    named = [e for e in frames if (r := returns_section(docs[e.name])) and
             names_columns(r[1], e.func)]
    return {"public": len(entries), "with_docstring": sum(bool(d) for d in docs.values()),
            "with_numpydoc_section": sum(bool(sections(d)) for d in docs.values()),
            "return_frame": len(frames), "columns_named": len(named)}


def _frames() -> list[Entry]:
    return [e for e in api() if returns_frame(e)]


# ------------------------------------------------------------------------------------ tests
def test_the_walk_finds_the_api():
    names = {e.name for e in api()}
    frames = {e.name for e in _frames()}
    assert len(names) > 150
    for expected in ("kit.analysis.teams.aggregate", "kit.analysis.privacy._gate.gate",
                     "kit.reports.team.TeamReport.summary",
                     "kit.reports.overview._Overview.team_table",
                     "kit.analysis.board.BoardAnalysis.aggregates",
                     "kit.reports.team.TeamReport.aspects"):
        assert expected in frames, expected
    assert "kit.analysis.stats._validate.frame" not in names      # private helper module
    assert "kit.present.plots.habit_profile" in names - frames     # returns a Figure


def test_the_parser_reads_sections_and_columns():
    def f(table, n=1):
        """Blank small groups.

        Parameters
        ----------
        table : DataFrame

        Returns
        -------
        DataFrame
            ``unit``, ``mean``.

        Examples
        --------
        >>> 1
        1
        """

    doc = _own_doc(f)
    types, text = returns_section(doc)
    assert types == ["DataFrame"] and "``unit``" in text and ">>>" not in text
    assert names_columns(text, f)
    assert names_columns("the columns of ``table`` and more", f)
    assert names_columns("columns :data:`kit.analysis.teams.AGGREGATE_COLUMNS`", f)
    assert not names_columns("``table`` with ``n`` blanked", f)       # parameters only
    assert not names_columns("``mean`` only", f)
    assert not names_columns("columns :data:`NO_SUCH_COLUMNS`", f)
    assert returns_section("Nothing here.") is None


@pytest.mark.parametrize("entry", api(), ids=lambda e: e.name)
def test_public_callables_have_docstrings(entry):
    assert _own_doc(entry.func), f"{entry.name} ({entry.kind}) has no docstring"


@pytest.mark.parametrize("entry", _frames(), ids=lambda e: e.name)
def test_frames_returned_name_their_columns(entry):
    doc = _own_doc(entry.func)
    found = returns_section(doc)
    assert found is not None, f"{entry.name} returns a DataFrame but has no Returns section"
    assert names_columns(found[1], entry.func), (
        f"{entry.name}: the Returns section does not name the frame's columns (two or more "
        f"in double backquotes, or a *_COLUMNS constant): {found[1]!r}")


if __name__ == "__main__":
    for key, value in coverage().items():
        print(f"{key:>22}: {value}")
