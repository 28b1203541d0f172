"""Moved to :mod:`kit.analysis.teams` and :mod:`kit.analysis.freetext` (temporary alias)."""
from kit.analysis.freetext import FREE_TEXT_RESULT_COLUMNS, free_text  # noqa: F401
from kit.analysis.teams import *  # noqa: F401,F403
from kit.analysis.teams import _mean_ci  # noqa: F401
