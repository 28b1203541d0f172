"""Moved to :mod:`kit.reports.overview` (temporary alias)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("kit.reports.overview")
