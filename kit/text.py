"""Moved to :mod:`kit.present.text` (temporary alias)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("kit.present.text")
