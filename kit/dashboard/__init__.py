"""The study-day dashboard: a board's team data on a projector, explored together.

``notebooks/study_day.ipynb`` calls :func:`dashboard`; ``kit dashboard`` serves that notebook
with Voilà. The views show the team report's own numbers (:class:`kit.reports.team.TeamReport` over
the board's shared analysis) with the same privacy rules: a suppressed team shows why, never
numbers.

* :mod:`kit.dashboard.data` - the board, its teams and waves, a clear error for a bad store
* :mod:`kit.dashboard.views` - the five views as data (figure, table, plotted numbers)
* :mod:`kit.dashboard.app` - the ipywidgets around them, "save this view"
* :mod:`kit.dashboard.reuse` - aspects figures kept between redraws (only their bars move)
* :mod:`kit.dashboard.preview` - the first view as a picture while the page's widget code loads
* :mod:`kit.dashboard.style` - the page's style sheet (large type; a compact header below 1300 px)
* :mod:`kit.dashboard.serve` - starting Voilà (``kit dashboard``) with a template that loads
  nothing from outside the machine
"""

from __future__ import annotations

import importlib

#: public name -> the submodule defining it (imported on first use, so ``kit dashboard`` can
#: check a store without importing matplotlib and ipywidgets)
_PUBLIC = {"Dashboard": "app", "Problem": "app", "dashboard": "app", "default_out": "app",
           "save_view": "app", "BoardData": "data", "check_store": "data", "open_store": "data",
           "NOTEBOOK": "serve", "serve": "serve", "VIEWS": "views", "View": "views",
           "build_view": "views"}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
