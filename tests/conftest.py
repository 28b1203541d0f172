"""What the tests share: one sample store per test session, in a temporary cache; the opened
store and the sample aspiration; seeded randomness; figures closed after each test.

The sample store (:func:`kit.sample.sample_store`) is ingested once per session into a
temporary folder, never into ``.kit-cache`` in the checkout. The folder is exported as
``KIT_CACHE`` when pytest starts (:func:`pytest_configure`), before any test runs, so that
everything started during the session finds the same store there: notebooks run in Jupyter
kernels (nbval on ``notebooks/``, papermill through :func:`kit.reports.render.render`, warm
kernels of
``kit batch``) and subprocesses (``kit report``, ``kit batch``, ``kit dashboard``) inherit the
environment, and code calling ``sample_store()`` without a folder reads the variable. The
folder is removed, and ``KIT_CACHE`` restored, when pytest ends.

Fixtures
--------
sample_store_path
    Path of the session's sample store (session scope).
st
    That store opened with :func:`kit.store.open` (session scope). Shared by every test: do
    not change its tables or manifest; open your own copy with
    ``kit.store.open(sample_store_path)`` to do that.
asp
    The sample board's shared aspiration, ``sample_data/aspiration.yml`` (session scope).
rng
    A seeded :class:`numpy.random.Generator`, the same sequence in every test.

Every test also starts with Python's and NumPy's global random state seeded, and ends with
every matplotlib figure closed (as seaborn's ``tests/conftest.py`` does). Hypothesis draws the
same examples on every run (profile ``seeded``: derandomised); ``HYPOTHESIS_PROFILE=explore``
lets it search afresh.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

#: seeds: fixed, and different for the global state and the ``rng`` fixture
GLOBAL_SEED = sum(map(ord, "kit tests global random state"))
RNG_SEED = sum(map(ord, "kit tests rng fixture"))

_cache_key = pytest.StashKey[tuple[Path, str | None]]()

settings.register_profile("seeded", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "seeded"))


def pytest_configure(config: pytest.Config) -> None:
    """Export the session's sample cache as ``KIT_CACHE`` before any test, kernel or
    subprocess starts (a fixture would be too late for a notebook collected by nbval)."""
    cache = Path(tempfile.mkdtemp(prefix="kit-test-cache-"))
    config.stash[_cache_key] = (cache, os.environ.get("KIT_CACHE"))
    os.environ["KIT_CACHE"] = str(cache)


def pytest_unconfigure(config: pytest.Config) -> None:
    found = config.stash.get(_cache_key, None)
    if found is None:
        return
    cache, before = found
    if before is None:
        os.environ.pop("KIT_CACHE", None)
    else:
        os.environ["KIT_CACHE"] = before
    shutil.rmtree(cache, ignore_errors=True)


def session_cache(config: pytest.Config) -> Path:
    """The session's temporary cache folder (what ``KIT_CACHE`` names during the session)."""
    return config.stash[_cache_key][0]


@pytest.fixture(scope="session")
def sample_store_path(pytestconfig) -> Path:
    """The sample board ingested once per session into the session's temporary cache."""
    from kit.sample import sample_store
    path = sample_store(session_cache(pytestconfig))
    assert Path(os.environ["KIT_CACHE"]) == path.parent, "KIT_CACHE changed during the session"
    return path


@pytest.fixture(scope="session")
def st(sample_store_path):
    """The session's sample store, opened (shared: do not change it)."""
    import kit.store
    return kit.store.open(sample_store_path)


@pytest.fixture(scope="session")
def asp():
    """The sample board's shared aspiration."""
    from kit.analysis.aspiration import load_aspiration
    from kit.sample import SAMPLE_DIR
    return load_aspiration(SAMPLE_DIR / "aspiration.yml")


@pytest.fixture(autouse=True)
def _seeded_global_random():
    """Python's and NumPy's global random state, seeded before every test."""
    random.seed(GLOBAL_SEED)
    np.random.seed(GLOBAL_SEED)


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded random generator: the same numbers in every test and every run."""
    return np.random.default_rng(RNG_SEED)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure after each test (only if pyplot was imported at all)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")
