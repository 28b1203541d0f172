"""The thresholds and reasons of the privacy rule (see :mod:`kit.analysis.privacy`)."""

from __future__ import annotations

import numpy as np

from kit.errors import ArgumentError

__all__ = ["DEFAULT_THRESHOLD", "FREE_TEXT_THRESHOLD", "GATE_COLUMNS", "MIN_THRESHOLD",
           "PUPIL_THRESHOLD", "REASONS", "check_threshold"]

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
FREE_TEXT_THRESHOLD = 10
#: pupils per unit and indicator below which an indicator value is not shown
PUPIL_THRESHOLD = 10

#: why a unit is hidden: too few itself, hidden beside another so it cannot be subtracted, or
#: (a statement, a dimension) hidden because a habit it belongs to is hidden. A team hidden as
#: a whole keeps its own reason in every habit, statement and dimension.
REASONS = ("below_threshold", "complementary", "habit_hidden")

#: columns of :func:`gate` (after the slice columns)
GATE_COLUMNS = ["level", "unit", "school", "n", "shown", "reason"]


def check_threshold(threshold: object, *, name: str = "threshold") -> int:
    """Validate a minimum group size: a whole number of at least :data:`MIN_THRESHOLD`."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)):
        raise ArgumentError(f"{name} must be a whole number, got {threshold!r}",
                            expected=f"an integer >= {MIN_THRESHOLD}")
    if threshold < MIN_THRESHOLD:
        raise ArgumentError(f"{name} {threshold} is below the minimum of {MIN_THRESHOLD}",
                            expected=f"an integer >= {MIN_THRESHOLD}",
                            fix="smaller groups would make individual answers recognisable")
    return int(threshold)
