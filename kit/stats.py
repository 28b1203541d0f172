"""Moved to :mod:`kit.analysis.stats` (temporary alias)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("kit.analysis.stats")
