"""The content of the board's report (:class:`BoardReport`): every school and team side by
side, how much teams differ (ICC), the indicators per school, the relations across teams and
the multilevel models."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD
from kit.analysis.relations import MIN_TEAMS
from kit.present.formats import percent
from kit.present.text import t
from kit.reports.overview import MAX_HEATMAP_ROWS, _Overview, chunk_units

__all__ = ["BoardReport"]


@dataclass
class BoardReport(_Overview):
    """The sections of the board's report (every school and team side by side).

    Parameters
    ----------
    store : kit.store.Store
    wave : str, optional
    lang : {"nl", "en"}
    aspiration : Aspiration, optional
    threshold, min_teams : int
    """

    store: object
    wave: str | None = None
    lang: str = "nl"
    aspiration: object = None
    threshold: int = DEFAULT_THRESHOLD
    min_teams: int = MIN_TEAMS

    level = "board"

    def __post_init__(self) -> None:
        self._check_common()

    @property
    def unit(self) -> str:
        """The unit the report is about: the board id (as in the aggregates, else from the
        store's manifest)."""
        a = self.aggregates
        boards = a.loc[a.level == "board", "unit"]
        return str(boards.iloc[0]) if len(boards) else str(self.store.manifest.get("board"))

    @property
    def unit_name(self) -> str:
        """The board's name from the organisation file (its id for stores written before
        the name was kept)."""
        return str(self.store.manifest.get("board_name") or self.unit)

    def school_labels(self) -> dict:
        """Display name per school, in organisation order."""
        teams = self._units_frame()
        return dict(zip(teams.school, teams.school_name, strict=True))

    def school_heatmap(self):
        """Section 2: schools x habits."""
        from kit.present.plots import heatmap
        a = self.aggregates
        rows = a[(a.level == "school") & (a.wave == self.wave)]
        return heatmap(rows, self.store.instrument, lang=self.lang, labels=self.school_labels())

    def school_heatmaps(self, max_rows: int = MAX_HEATMAP_ROWS) -> list:
        """:meth:`school_heatmap` in parts of at most ``max_rows`` schools (one page each)."""
        from kit.present.plots import heatmap
        a = self.aggregates
        rows = a[(a.level == "school") & (a.wave == self.wave)]
        labels = self.school_labels()
        return [heatmap(rows[rows.unit.isin(part)], self.store.instrument, lang=self.lang,
                        labels={u: labels[u] for u in part})
                for part in chunk_units(list(labels), {}, max_rows)]

    def counts(self) -> pd.DataFrame:
        """Section 1: schools, teams, teams with scores, respondents and response this wave.

        Returns
        -------
        DataFrame
            ``what`` (in the report's language: ``Scholen`` (Schools), ``Teams``, ``Teams
            met scores`` (Teams with scores), ``n``, ``Respons`` (Response)) and ``detail``
            (the number; the response as a percentage); both headed ``""`` when presented.
        """
        a = self.aggregates
        teams = a[(a.level == "team") & (a.wave == self.wave)]
        board = a[(a.level == "board") & (a.wave == self.wave)]
        n = int(board["n"].max()) if len(board) else 0
        size = board["size"].dropna()
        rr = n / float(size.iloc[0]) if len(size) and float(size.iloc[0]) else np.nan
        per_team = teams.groupby("unit")["suppressed"].all()
        rows = [(t("n_schools", self.lang), len(self.school_labels())),
                (t("n_teams_all", self.lang), len(self.team_labels())),
                (t("n_teams_scored", self.lang), int((~per_team.astype(bool)).sum())),
                ("n", n),
                (t("response_rate", self.lang), percent(rr, self.lang))]
        return pd.DataFrame(rows, columns=["what", "detail"])

    def multilevel_table(self) -> pd.DataFrame:
        """Section 6, the multilevel models (:meth:`kit.analysis.BoardAnalysis.multilevel`):
        per habit and mean indicator the slope of the pupils' values on the team score, with
        its interval, the numbers of pupils and teams, and a few words on it (the levels are
        in :meth:`multilevel_html`'s note).

        Returns
        -------
        DataFrame
            One row per habit and mean indicator: ``habit``, ``habit_label``, ``indicator``,
            ``indicator_label``, ``n_pupils``, ``n_teams``, ``slope`` (NaN when no model),
            ``ci_low``, ``ci_high``, ``status`` (``ok`` or why there is no model) and
            ``wording`` (the sign and whether it may be chance, or why there is no model).
            Empty, without columns, without an aspiration or a mean indicator.
        """
        from kit.present.wording import slope_words
        m = self.analysis.multilevel(self.wave)
        if m.empty:
            return pd.DataFrame()
        ilabels = {i.id: i.label(self.lang) for i in self.aspiration.indicators}
        notes = []
        for r in m.itertuples():
            if r.status != "ok":
                notes.append(t(f"ml_{r.status}", self.lang, min=self.min_teams))
                continue
            notes.append(slope_words(r.slope, r.ci_low, r.ci_high, self.lang))
        return pd.DataFrame({
            "habit": m["habit"].to_numpy(), "habit_label": [self._label(h) for h in m["habit"]],
            "indicator": m["indicator"].to_numpy(),
            "indicator_label": m["indicator"].map(ilabels).to_numpy(),
            "n_pupils": m["n_pupils"].to_numpy(), "n_teams": m["n_teams"].to_numpy(),
            "slope": m["slope"].to_numpy(dtype=float), "ci_low": m["ci_low"].to_numpy(float),
            "ci_high": m["ci_high"].to_numpy(float), "status": m["status"].to_numpy(),
            "wording": notes})

    def multilevel_html(self) -> str:
        """Section 6's multilevel table with what it means and why this number of levels."""
        import html as _h

        from kit.present.formats import notice
        if self.aspiration is None or self.indicators.empty:
            return notice(self.aspiration_notice())
        table = self.multilevel_table()
        if table.empty:
            return notice(t("ml_none", self.lang))
        m = self.analysis.multilevel(self.wave)
        ok = m[m.status == "ok"]
        text = t("ml_note", self.lang)
        if len(ok):
            schools = int(ok["n_schools"].max()) if ok["n_schools"].notna().any() else 0
            three = ok["levels"] == 3
            key = ("ml_levels_3" if three.all() else "ml_levels_mixed" if three.any() else
                   "ml_levels_2" if schools < 5 else "ml_levels_zero")
            text += " " + t(key, self.lang, n=schools)
        return (self.show(table, css="kit-table wide") +
                f'<p class="kit-note">{_h.escape(text)}</p>')

    def icc(self) -> pd.DataFrame:
        """Section 4: how much teams differ per habit, ICC(1) and ICC(2), this wave.

        Returns
        -------
        DataFrame
            One row per habit with at least two teams: ``habit``, ``habit_label``, ``icc1``,
            ``icc2``, ``n_teams``. (No n: the board's per-habit n less the teams' own would
            give the habit's n of a team hidden for that habit.)
        """
        from kit.analysis.teams import icc_by_habit
        st = self.store
        r = icc_by_habit(st.respondents, st.answers, st.instrument, wave=self.wave)
        return pd.DataFrame({"habit": r["habit"].to_numpy(),
                             "habit_label": [self._label(h) for h in r["habit"]],
                             "icc1": r["icc1"].to_numpy(float), "icc2": r["icc2"].to_numpy(float),
                             "n_teams": r["n_teams"].to_numpy()})

    def school_indicators(self) -> pd.DataFrame:
        """Section 5: the indicators per school (– where too few pupils).

        Returns
        -------
        DataFrame
            :meth:`indicator_table` of the board's schools, columns (Dutch headings; English
            with ``lang="en"``): ``Indicator``, ``Doel`` (Target), ``Gemeten`` (Measured),
            then one per school headed by its name; turned (a first column ``School``, one
            column per indicator) for more than :data:`kit.reports.overview.MAX_UNIT_COLUMNS`
            schools.
        """
        return self.indicator_table("school", self.school_labels())
