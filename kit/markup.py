"""Moved to :mod:`kit.present.markup` (temporary alias)."""
import importlib
import sys

sys.modules[__name__] = importlib.import_module("kit.present.markup")
