"""Moved to :mod:`kit.present.reflection` (temporary alias)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("kit.present.reflection")
