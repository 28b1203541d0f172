"""The sample board as a ready store, for notebooks' default parameters and the tests.

:func:`sample_store` ingests ``sample_data/`` into a cache folder the first time (or when the
sample files or the kit changed) and returns its path, so every notebook runs on the sample
board without an explicit ingest.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kit.resources import resource_dir

__all__ = ["SAMPLE_DIR", "resolve_inputs", "sample_store"]

SAMPLE_DIR = resource_dir("sample_data")


def _fingerprint() -> str:
    from kit import __version__
    h = hashlib.sha256(__version__.encode())
    from kit.instrument import DEFAULT_PATH
    h.update(hashlib.sha256(DEFAULT_PATH.read_bytes()).digest())   # the store keeps a copy
    # the code that writes the store: a changed reader must not be answered from an old cache
    here = Path(__file__).resolve().parent
    for p in sorted([*here.glob("ingest/**/*.py"), *here.glob("store/**/*.py")]):
        h.update(p.relative_to(here).as_posix().encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    for p in sorted(SAMPLE_DIR.iterdir()):
        if p.is_file() and p.suffix in {".csv", ".xlsx", ".yml"}:
            h.update(p.name.encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def sample_store(cache: str | Path | None = None) -> Path:
    """Path of a store holding the ingested sample board (made on first use).

    Parameters
    ----------
    cache : path, optional
        Folder for the cached store (default ``$KIT_CACHE`` or ``.kit-cache`` beside
        ``sample_data/``).
    """
    from kit.errors import KitError
    from kit.ingest.run import ingest
    if not (SAMPLE_DIR / "org.yml").is_file():
        raise KitError(f"no sample data at {SAMPLE_DIR}",
                       fix="use the kit from its repository checkout, or pass a store")
    base = Path(cache or os.environ.get("KIT_CACHE") or SAMPLE_DIR.parent / ".kit-cache")
    target = base / f"sample-store-{_fingerprint()}"
    if not (target / "manifest.json").is_file():
        result = ingest([SAMPLE_DIR], org=SAMPLE_DIR / "org.yml",
                        roster=SAMPLE_DIR / "roster.csv", mapping=SAMPLE_DIR / "mapping.yml")
        result.write(target)
    return target


def resolve_inputs(store: str | Path | None, aspiration: str | Path | None = None
                   ) -> tuple[Path, Path | None]:
    """The store and aspiration file a notebook, the dashboard or the CLI works on.

    No store means the fictional sample board (:func:`sample_store`), and then, when no
    aspiration file is given either, the sample board's own aspiration. A store that is given
    keeps exactly the aspiration given with it (None: no aspiration).

    >>> store, asp = resolve_inputs("my-store", None)
    >>> store.name, asp
    ('my-store', None)
    >>> resolve_inputs(None)[1].name
    'aspiration.yml'
    """
    if store is None:
        return sample_store(), Path(aspiration) if aspiration else SAMPLE_DIR / "aspiration.yml"
    return Path(store), Path(aspiration) if aspiration else None
