"""The notebooks, templates and sample board ship with the kit (issue 12, point 2): a
checkout's folders are used where they exist, an installed kit's under <prefix>/share/kit, and
pyproject's data-files name every file of those folders."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from kit.resources import FOLDERS, resource_dir

ROOT = Path(__file__).resolve().parents[1]


def test_a_checkout_uses_its_own_folders():
    for name in FOLDERS:
        assert resource_dir(name) == ROOT / name
    with pytest.raises(ValueError):
        resource_dir("secrets")


def test_without_a_checkout_the_installed_copy_is_used(tmp_path, monkeypatch):
    prefix = tmp_path / "prefix"
    (prefix / "share" / "kit" / "notebooks").mkdir(parents=True)
    monkeypatch.setattr(sys, "prefix", str(prefix))
    nowhere = tmp_path / "site-packages"
    assert resource_dir("notebooks", checkout=nowhere) == prefix / "share" / "kit" / "notebooks"
    # neither: the checkout's path, so that the caller names what is missing
    assert resource_dir("sample_data", checkout=nowhere) == nowhere / "sample_data"


def test_data_files_name_every_file_the_kit_reads():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = conf["tool"]["setuptools"]["data-files"]
    shipped = {f.resolve() for patterns in data.values() for p in patterns
               for f in ROOT.glob(p) if f.is_file()}
    for target, patterns in data.items():
        assert target.startswith("share/kit/")
        for p in patterns:                 # each target folder mirrors its source folder
            assert Path(p).parent.as_posix() == target.removeprefix("share/kit/"), p
    needed = [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("templates/kit_report/*"),
              *(f for f in ROOT.glob("sample_data/*") if f.is_file()),
              *ROOT.glob("templates/*.yml"), *ROOT.glob("templates/*.csv")]
    missing = [str(f.relative_to(ROOT)) for f in needed if f.resolve() not in shipped]
    assert not missing, f"not shipped in the wheel: {missing}"
