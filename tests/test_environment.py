"""environment.yml (conda-forge) lists the same packages and minimum versions as pyproject.toml,
and requirements.lock (what `make` installs) pins every dependency at a version pyproject.toml
allows."""

from __future__ import annotations

import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
# conda-forge names that differ from PyPI's
CONDA_NAMES = {"matplotlib": "matplotlib-base", "seaborn": "seaborn-base",
               "nbconvert": "nbconvert-core", "playwright": "playwright-python"}
_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(?:>=\s*([0-9][^,;\s]*))?")


def _pypi() -> dict[str, str | None]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    for extra in ("test",):
        reqs += data["project"]["optional-dependencies"].get(extra, [])
    out = {}
    for r in reqs:
        m = _REQ.match(r)
        name = m.group(1).lower()
        out[CONDA_NAMES.get(name, name)] = m.group(2)
    return out


def _conda() -> dict[str, str | None]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue
        m = _REQ.match(dep)
        name = m.group(1).lower()
        if name in {"python", "pip"}:
            continue
        out[name] = m.group(2)
    return out


def test_same_packages_both_directions():
    pypi, conda = _pypi(), _conda()
    assert sorted(set(pypi) - set(conda)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(conda) - set(pypi)) == [], "in environment.yml but not pyproject.toml"


def test_same_minimum_versions():
    pypi, conda = _pypi(), _conda()
    assert {k: pypi[k] for k in pypi} == {k: conda[k] for k in pypi}


def test_python_version_agrees():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert data["project"]["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]


# requirements.lock: one `name==version` per line, comments start with #
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#@]+)$")


def _requirements() -> list[Requirement]:
    """pyproject.toml's dependencies and its `test` extra (what `make venv` installs)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"])
    reqs += data["project"]["optional-dependencies"]["test"]
    return [Requirement(r) for r in reqs]


def _lock_lines() -> list[str]:
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _lock() -> dict[str, str]:
    """The lock as {normalised name: version}."""
    return {canonicalize_name(m.group(1)): m.group(2)
            for m in map(_PIN.match, _lock_lines()) if m}


def test_lock_has_a_header_saying_how_it_is_made():
    head = LOCK.read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("#")
    assert "make lock" in LOCK.read_text(encoding="utf-8")


def test_lock_lines_are_exact_pins_without_duplicates():
    lines = _lock_lines()
    not_pins = [line for line in lines if not _PIN.match(line)]
    assert not_pins == [], "only `name==version` lines (no ranges, -e, paths, URLs or markers)"
    bad_versions = []
    for line in lines:
        try:
            Version(_PIN.match(line).group(2))
        except InvalidVersion:
            bad_versions.append(line)
    assert bad_versions == []
    names = [canonicalize_name(_PIN.match(line).group(1)) for line in lines]
    assert sorted({n for n in names if names.count(n) > 1}) == [], "a package pinned twice"
    assert "lerende-gewoonten-kit" not in names, "the kit itself is installed from the tree"


def test_lock_pins_every_dependency_within_pyproject_ranges():
    lock = _lock()
    missing = [str(r) for r in _requirements() if canonicalize_name(r.name) not in lock]
    assert missing == [], "in pyproject.toml but not requirements.lock: run `make lock`"
    outside = {str(r): lock[canonicalize_name(r.name)] for r in _requirements()
               if not r.specifier.contains(lock[canonicalize_name(r.name)], prereleases=True)}
    assert outside == {}, "pinned outside pyproject.toml's range: run `make lock`"


def test_lock_agrees_with_environment_yml():
    lock = _lock()
    pypi_name = {conda: pypi for pypi, conda in CONDA_NAMES.items()}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    disagree, missing = {}, []
    for dep in env["dependencies"]:
        if not isinstance(dep, str) or dep.split(">")[0].split("=")[0] in {"python", "pip"}:
            continue
        req = Requirement(dep)
        name = canonicalize_name(pypi_name.get(req.name, req.name))
        if name not in lock:
            missing.append(dep)
        elif not req.specifier.contains(lock[name], prereleases=True):
            disagree[dep] = lock[name]
    assert missing == [], "in environment.yml but not requirements.lock"
    assert disagree == {}, "requirements.lock pins a version environment.yml does not allow"


def test_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^LOCK\s*:=\s*requirements\.lock$", makefile, re.M)
    stamp_rule = re.search(r"^\$\(STAMP\):.*\$\(LOCK\)", makefile, re.M)
    assert stamp_rule, "the venv is rebuilt when the lock changes"
    assert "pip install --quiet -c $(LOCK) -e '.[test]'" in makefile


def test_installed_versions_match_the_lock():
    """The direct dependencies in this interpreter are the lock's versions.

    Only in a venv made by `make venv` (its stamp file `.installed`, Makefile's STAMP); a conda
    environment or a venv made by hand gets whatever versions its installer chose.
    """
    if not (Path(sys.prefix) / ".installed").exists():
        pytest.skip(f"not a venv made by `make venv` ({sys.prefix}): "
                    "its versions need not be the lock's")
    lock = _lock()
    differ = {}
    for r in _requirements():
        name = canonicalize_name(r.name)
        try:
            installed = importlib.metadata.version(r.name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if name in lock and installed != lock[name]:
            differ[name] = {"installed": installed, "lock": lock[name]}
    assert differ == {}, f"{sys.prefix} differs from requirements.lock: run `make venv`"
