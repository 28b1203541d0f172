"""Moved to :mod:`kit.analysis.aspiration` (temporary alias)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("kit.analysis.aspiration")
