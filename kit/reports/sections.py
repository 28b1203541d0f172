"""What every report shares: the board's analysis, the shared aspiration's tables, the
relations across teams (:class:`ReportSections`) and the accountability section
(:class:`kit.reports.accountability.Accountability`)."""

from __future__ import annotations

import html as _html

import pandas as pd

from kit.errors import ConfigError
from kit.present.formats import html_table, notice, present
from kit.present.text import LANGS, t
from kit.reports.accountability import Accountability
from kit.reports.modules import ModuleSection

__all__ = ["MAX_UNIT_COLUMNS", "ReportSections"]

#: above this many teams or schools an indicator table has one row per unit instead of a column
MAX_UNIT_COLUMNS = 6


class ReportSections(Accountability, ModuleSection):
    """What every report (team, school, board) shares: the board's analysis, the relations
    across teams and the accountability section. Subclasses set ``store``, ``wave``, ``lang``,
    ``aspiration``, ``threshold`` and ``min_teams``."""

    def _check_common(self) -> None:
        waves = self.store.waves.sort_values("order")["wave"].tolist()
        if self.wave is None:
            self.wave = waves[-1]
        if self.wave not in waves:
            raise ConfigError(f"unknown wave {self.wave!r}", expected=f"one of {waves}")
        if self.lang not in LANGS:
            raise ConfigError(f"unknown language {self.lang!r}", expected=f"one of {list(LANGS)}")
        self.waves = waves

    @property
    def previous_wave(self) -> str | None:
        """The wave before the report's wave, or None."""
        k = self.waves.index(self.wave)
        return self.waves[k - 1] if k > 0 else None

    def present(self, frame: pd.DataFrame, **options) -> pd.DataFrame:
        """A tidy frame of this report as its reader sees it.

        Returns
        -------
        DataFrame
            :func:`kit.present.formats.present` in the report's language, with its threshold:
            text cells, columns headed for the reader (``habit`` -> ``Gewoonte``, ``ci_low``
            and ``ci_high`` -> ``95%-interval``, ...).
        """
        return present(frame, self.lang, threshold=self.threshold, **options)

    def show(self, frame: pd.DataFrame, *, css: str = "kit-table", **options) -> str:
        """A tidy frame of this report as an escaped HTML table in the reader's language
        (:meth:`present`, then :func:`kit.present.formats.html_table`)."""
        return html_table(self.present(frame, **options), css=css)

    def _changes(self, level: str, unit: str) -> pd.DataFrame:
        """Change of one unit since the previous wave (see the reports' ``changes``)."""
        d = self.analysis.changes
        from kit.present.wording import change_words
        d = d[(d.level == level) & (d.unit == unit) & (d.wave == self.wave)]
        return pd.DataFrame({"habit": d["habit"].to_numpy(),
                             "habit_label": [self._label(h) for h in d["habit"]],
                             "change": d["change"].to_numpy(float),
                             "ci_low": d["ci_low"].to_numpy(float),
                             "ci_high": d["ci_high"].to_numpy(float),
                             "wording": [change_words(c, lo, hi, self.lang) for c, lo, hi in
                                         zip(d["change"], d["ci_low"], d["ci_high"],
                                             strict=True)]})

    @property
    def analysis(self):
        """The board's shared analysis (:func:`kit.analysis.board_analysis`), computed once per
        process for this store and these settings, and looked up once per report (the lookup
        reads and hashes the store's manifest and the aspiration file)."""
        found = self.__dict__.get("_analysis")
        if found is None:
            from kit.analysis import board_analysis
            found = board_analysis(self.store, threshold=self.threshold,
                                   aspiration=self.aspiration, min_teams=self.min_teams)
            self.__dict__["_analysis"] = found
        return found

    @property
    def aggregates(self) -> pd.DataFrame:
        """Team, school and board aggregates for every wave (the report's numbers).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.teams.AGGREGATE_COLUMNS` (``level``, ``unit``, ``wave``,
            ``habit``, ``n``, ``mean``, ``ci_low``, ``ci_high``, ..., ``suppressed``).
        """
        return self.analysis.aggregates

    def _label(self, habit: str) -> str:
        return self.store.instrument.habit(habit).label(self.lang)

    @property
    def indicators(self) -> pd.DataFrame:
        """Indicator values of every team, school and the board per wave, as measured then.

        Returns
        -------
        DataFrame
            :data:`kit.analysis.aspiration.RESULT_COLUMNS` (``indicator``, ``unit_level``,
            ``unit``, ``period``, ``value``, ...); without an aspiration, no columns.
        """
        return self.analysis.indicators

    @property
    def current_indicators(self) -> pd.DataFrame:
        """What sections 4 and 5 show per wave: each indicator's latest values of the school
        year (:attr:`kit.analysis.BoardAnalysis.current_indicators`).

        Returns
        -------
        DataFrame
            :attr:`indicators`' columns (``indicator``, ``unit``, ``period`` = the wave
            reported on, ``value``, ...) and ``measured``: the wave the values come from.
        """
        return self.analysis.current_indicators

    def wave_label(self, wave: str) -> str:
        """A wave's name from the organisation file (its id when it has none)."""
        w = self.store.waves.set_index("wave")
        col = f"label_{self.lang}"
        label = w[col].get(wave) if col in w else None
        return str(label) if isinstance(label, str) and label else str(wave)

    def relations_rows(self, compact: bool = False) -> pd.DataFrame:
        """Section 5's data: habits against indicators across the board's teams, this wave.

        Returns
        -------
        DataFrame
            ``habit``, ``indicator`` (ids), ``habit_label``, ``indicator_label``, ``n_teams``,
            ``status``, ``r``, ``ci_low``, ``ci_high`` (numbers, missing below the minimum of
            teams) and ``wording``: a sentence on the association (never a cause) or, with
            ``compact``, a few words on its strength and sign; below the minimum of teams, why
            there is none. Empty without an aspiration.
        """
        from kit.present.wording import relation_sentence, relation_short
        cols = ["habit", "indicator", "habit_label", "indicator_label", "n_teams", "status", "r",
                "ci_low", "ci_high", "wording"]
        rel = self.analysis.relations
        if rel.empty:
            return pd.DataFrame(columns=cols)
        rel = rel[rel.wave == self.wave]
        hl = {h: self._label(h) for h in rel["habit"]}
        il = {i.id: i.label(self.lang) for i in self.aspiration.indicators}
        few = "too_few_teams_short" if compact else "too_few_teams"
        words = []
        for r in rel.itertuples():
            if r.status != "ok":
                words.append(t(few, self.lang, n=r.n_teams, min=self.min_teams))
            elif compact:
                words.append(relation_short(r.pearson_r, r.pearson_ci_low, r.pearson_ci_high,
                                            self.lang))
            else:
                words.append(relation_sentence(
                    r.pearson_r, r.pearson_ci_low, r.pearson_ci_high, r.n_teams,
                    hl[r.habit].lower(), il.get(r.indicator, r.indicator), self.lang))
        return pd.DataFrame({
            "habit": rel["habit"].to_numpy(), "indicator": rel["indicator"].to_numpy(),
            "habit_label": rel["habit"].map(hl).to_numpy(),
            "indicator_label": rel["indicator"].map(il).to_numpy(),
            "n_teams": rel["n_teams"].to_numpy(), "status": rel["status"].to_numpy(),
            "r": rel["pearson_r"].to_numpy(float), "ci_low": rel["pearson_ci_low"].to_numpy(float),
            "ci_high": rel["pearson_ci_high"].to_numpy(float), "wording": words}, columns=cols)

    def relations_table(self, compact: bool = False) -> pd.DataFrame:
        """Section 5 as a reader sees it: :meth:`relations_rows` through :meth:`present`.

        Returns
        -------
        DataFrame
            Text cells, columns (Dutch headings; English with ``lang="en"``): ``Gewoonte``
            (Habit), ``Indicator``, ``Teams``, ``r``, ``95%-interval`` (95% interval),
            ``Toelichting`` (Note; the wording). No columns when there are no relations.
        """
        rows = self.relations_rows(compact=compact)
        return self.present(rows) if len(rows) else pd.DataFrame()

    def relations_html(self) -> str:
        """Section 5's table (compact notes, full width) with the note on what it means, or
        the notice saying why there is none."""
        table = self.relations_table(compact=True)
        if not len(table):
            return notice(self.relations_notice())
        note = t("relations_note", self.lang, min=self.min_teams)
        return (html_table(table, css="kit-table wide") +
                f'<p class="kit-note">{_html.escape(note)}</p>')

    def indicator_rows(self, level: str, unit: str) -> pd.DataFrame:
        """The shared aspiration for one unit this wave: each indicator's value against its
        target, on course or not, trend, n pupils and when it was measured (the latest
        measurement of the school year).

        Parameters
        ----------
        level : {"team", "school", "board"}
        unit : str
            The team, school or board id.

        Returns
        -------
        DataFrame
            One row per indicator (the file's order): ``indicator`` (id), ``indicator_label``,
            ``value`` (NaN when hidden), ``target``, ``on_course`` (bool, NA without a value),
            ``trend`` (change since the previous measurement), ``n_pupils``, ``measured``
            (wave id), ``measured_label``. No columns without an aspiration or pupil data.
        """
        ind = self.current_indicators
        if ind.empty:
            return pd.DataFrame()
        mine = ind[(ind.unit_level == level) & (ind.unit == unit) & (ind.period == self.wave)]
        order = {i.id: k for k, i in enumerate(self.aspiration.indicators)}  # the file's order
        mine = mine.sort_values("indicator", key=lambda s: s.map(order), kind="stable")
        names = {i.id: i.label(self.lang) for i in self.aspiration.indicators}
        return pd.DataFrame({
            "indicator": mine["indicator"].to_numpy(),
            "indicator_label": mine["indicator"].map(names).to_numpy(),
            "value": mine["value"].to_numpy(float), "target": mine["target"].to_numpy(float),
            "on_course": [pd.NA if pd.isna(v) else bool(v) for v in mine["on_course"]],
            "trend": mine["trend"].to_numpy(float), "n_pupils": mine["n_pupils"].to_numpy(),
            "measured": mine["measured"].to_numpy(),
            "measured_label": [self.wave_label(w) for w in mine["measured"]]})

    def aspiration_notice(self, level: str | None = None, unit: str | None = None) -> str:
        """Why a unit's aspiration table is empty: no aspiration file, no pupil data for any
        of its indicators in the store, or none for this unit in this wave."""
        if self.aspiration is None:
            return t("no_aspiration", self.lang)
        if self.indicators.empty:
            return t("no_indicator_data", self.lang, n=len(self.aspiration.indicators))
        return t("no_unit_indicators", self.lang, wave=self.wave_label(self.wave))

    def relations_notice(self) -> str:
        """Why there is no relations table (see :meth:`aspiration_notice`)."""
        if self.aspiration is None or self.indicators.empty:
            return self.aspiration_notice()
        return t("no_relations", self.lang, wave=self.wave_label(self.wave))

    def indicator_note(self, table: pd.DataFrame) -> str | None:
        """The footnote of an aspiration table (:meth:`indicator_rows` or
        :meth:`kit.reports.overview._Overview.indicator_table`) with a value not shown (no
        pupils, or fewer than the minimum). None when every value is shown."""
        from kit.analysis.aspiration import DEFAULT_MIN_PUPILS
        cols = ["value"] if "value" in table else list(table.attrs.get("labels", {}))
        if len(table) and cols and table[cols].isna().any().any():
            return t("indicator_hidden", self.lang, min=DEFAULT_MIN_PUPILS)
        return None

    def indicators_html(self, table: pd.DataFrame) -> str:
        """An aspiration table as HTML with its footnote, or the notice saying why there is
        none (see :meth:`aspiration_notice`). A table with a column per unit and more units
        than fit across a page is turned: a row per unit, a column per indicator."""
        if not len(table):
            return notice(self.aspiration_notice())
        note = self.indicator_note(table)
        shown = self.present(self.shares_as_percent(table), signed_cols=("trend",))
        units = table.attrs.get("labels", {})
        if len(units) > MAX_UNIT_COLUMNS:
            first = self.present(pd.DataFrame(columns=[table.attrs.get("unit_level", "team")]))
            turned = shown.set_index(shown.columns[0]).T
            shown = turned.reset_index(names=first.columns[0])
            shown.columns.name = None
        return html_table(shown) + (f'<p class="kit-note">{_html.escape(note)}</p>'
                                    if note else "")

    def shares_as_percent(self, table: pd.DataFrame) -> pd.DataFrame:
        """An aspiration table with the values, targets and trends of share indicators
        ("share_at_or_above") as text: percentages, a trend in percentage points.

        Returns
        -------
        DataFrame
            ``table``'s columns (``indicator``, ``value``, ``target``, ``trend``, the unit
            columns, ...), those of share rows as text (``"66%"``, ``"-4 %-punt"``).
        """
        from kit.present.formats import number, percent
        if "indicator" not in table or self.aspiration is None:
            return table
        stat = {i.id: i.statistic for i in self.aspiration.indicators}
        share = table["indicator"].map(stat).fillna("").str.startswith("share").to_numpy()
        if not share.any():
            return table
        out = table.copy()
        units = [c for c in table.attrs.get("labels", {}) if c in table]
        for col in [c for c in ("value", "target", *units) if c in table]:
            out[col] = [percent(v, self.lang) if sh else v
                        for v, sh in zip(table[col], share, strict=True)]
        if "trend" in table:
            out["trend"] = [t("pct_points", self.lang, v=number(v * 100, self.lang, 0,
                                                                  signed=True))
                            if sh and pd.notna(v) else v
                            for v, sh in zip(table["trend"], share, strict=True)]
        return out

    def relation_points(self) -> pd.DataFrame:
        """Every team's habit mean and indicator value this wave (both not suppressed).

        Returns
        -------
        DataFrame
            One row per team, habit and indicator: ``unit`` (team id), ``habit``, ``indicator``,
            ``x`` (habit mean), ``y`` (indicator value, as in :attr:`current_indicators`).
        """
        ind = self.current_indicators
        if ind.empty:
            return pd.DataFrame(columns=["unit", "habit", "indicator", "x", "y"])
        a = self.aggregates
        h = a[(a.level == "team") & (a.wave == self.wave) & ~a.suppressed.astype(bool)]
        i = ind[(ind.unit_level == "team") & (ind.period == self.wave) &
                ~ind.suppressed.astype(bool)]
        m = h[["unit", "habit", "mean"]].merge(i[["unit", "indicator", "value"]], on="unit")
        return m.rename(columns={"mean": "x", "value": "y"}).dropna(subset=["x", "y"]) \
            .reset_index(drop=True)

    def relations_figure(self, highlight: str | None = None, highlight_label: str | None = None):
        """Section 5 figure: per habit (rows) and indicator (columns) the board's teams, the
        report's own team highlighted (not drawn when its scores are suppressed). Only the
        relations computed this wave get a panel (no empty ones); None without an aspiration
        or when no relation was computed."""
        pts = self.relation_points()
        if self.aspiration is None or pts.empty:
            return None
        # only relations computed this wave (enough teams), as in the table
        rel = self.analysis.relations
        rel = rel[(rel.wave == self.wave) & (rel.status == "ok") & rel.pearson_r.notna()]
        ok = set(zip(rel["habit"], rel["indicator"], strict=True))
        pts = pts.merge(rel[["habit", "indicator"]], on=["habit", "indicator"])
        inds = [i for i in self.aspiration.indicators if i.id in set(pts["indicator"])]
        habits = [h for h in self.store.instrument.habits if h.id in set(pts["habit"])]
        if not inds:
            return None
        # habits down, indicators across: narrow enough to stay legible on an A4 page; the
        # grid is drawn once per board and process, each report adds its team's marks
        from kit.present.relgrid import relations_grid
        return relations_grid(pts, habits, inds, ok, lang=self.lang, highlight=highlight,
                              highlight_label=highlight_label,
                              other_label=t("other_teams", self.lang))

    def reliability(self) -> pd.DataFrame:
        """Section 7: Cronbach's alpha (interval) and omega total per habit, this wave.

        Returns
        -------
        DataFrame
            ``habit`` (id), ``habit_label``, ``n``, ``alpha``, ``ci_low``, ``ci_high`` (95%
            interval of alpha), ``omega`` (total).
        """
        r = self.analysis.reliability(self.wave)
        return pd.DataFrame({
            "habit": r["habit"].to_numpy(), "habit_label": [self._label(h) for h in r["habit"]],
            "n": r["n"].to_numpy(), "alpha": r["alpha"].to_numpy(float),
            "ci_low": r["alpha_ci_low"].to_numpy(float),
            "ci_high": r["alpha_ci_high"].to_numpy(float),
            "omega": r["omega_total"].to_numpy(float)})
