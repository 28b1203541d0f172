"""Moved to :mod:`kit.analysis.relations` (temporary alias)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("kit.analysis.relations")
