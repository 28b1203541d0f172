"""Moved to :mod:`kit.analysis.relations` and :mod:`kit.analysis.multilevel` (temporary alias)."""
from kit.analysis.multilevel import mixed_model  # noqa: F401
from kit.analysis.relations import *  # noqa: F401,F403
