"""environment.yml (conda-forge) lists the same packages and minimum versions as pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
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
