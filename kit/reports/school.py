"""The content of a school's report (:class:`SchoolReport`): its teams side by side, the school
beside the board, its change and its shared-aspiration indicators per team."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD
from kit.analysis.relations import MIN_TEAMS
from kit.errors import ConfigError
from kit.present.text import t
from kit.reports.overview import _Overview

__all__ = ["SchoolReport"]


@dataclass
class SchoolReport(_Overview):
    """The sections of one school's report.

    Parameters
    ----------
    store : kit.store.Store
    school : str
    wave : str, optional
        Default: the latest wave.
    lang : {"nl", "en"}
    aspiration : Aspiration, optional
    threshold, min_teams : int
    """

    store: object
    school: str
    wave: str | None = None
    lang: str = "nl"
    aspiration: object = None
    threshold: int = DEFAULT_THRESHOLD
    min_teams: int = MIN_TEAMS

    level = "school"

    def __post_init__(self) -> None:
        schools = sorted(set(self.store.teams["school"]))
        if self.school not in schools:
            raise ConfigError(f"unknown school {self.school!r}", expected=f"one of {schools}")
        self._check_common()

    @property
    def unit(self) -> str:
        """The unit the report is about: the school id."""
        return self.school

    @property
    def school_name(self) -> str:
        """The school's name from the organisation file."""
        t_ = self.store.teams
        return str(t_.loc[t_["school"] == self.school, "school_name"].iloc[0])

    def comparison_figure(self):
        """Section 3: the school's habit profile beside the board's."""
        from kit.present.plots import habit_profile
        a = self.aggregates
        rows = a[(((a.level == "school") & (a.unit == self.school)) | (a.level == "board")) &
                 (a.wave == self.wave)].copy()
        rows["unit"] = np.where(rows.level == "school", self.school_name, t("board", self.lang))
        return habit_profile(rows, self.store.instrument, lang=self.lang,
                             highlight=self.school_name)

    def team_indicators(self) -> pd.DataFrame:
        """Section 4: the indicators per team of the school (– where too few pupils).

        Returns
        -------
        DataFrame
            :meth:`indicator_table` of the school's teams, columns (Dutch headings; English
            with ``lang="en"``): ``Indicator``, ``Doel`` (Target), ``Gemeten`` (Measured),
            then one per team headed by its name; turned (a first column ``Team``, one column
            per indicator) for more than :data:`kit.reports.overview.MAX_UNIT_COLUMNS` teams.
        """
        return self.indicator_table("team", self.team_labels())

    def difference_heatmaps(self) -> list:
        """Section 2, the statements: per statement (rows, grouped by habit) and team (columns)
        the team's mean minus the board's this wave, in parts that fit a page
        (:func:`kit.present.heatmaps.difference_heatmaps`); a hidden team's column is grey,
        without numbers. An empty list when no team of the school has scores."""
        from kit.present.heatmaps import difference_heatmaps
        d = self.analysis.item_distributions
        labels = self.team_labels()
        rows = d[(d.wave == self.wave) & d.unit.isin(labels)]
        if rows.empty or rows["suppressed"].astype(bool).all():
            return []
        b = self.analysis.board_item_distributions
        board = b[b.wave == self.wave]
        return difference_heatmaps(rows, board, self.store.instrument, lang=self.lang,
                                   labels=labels)
