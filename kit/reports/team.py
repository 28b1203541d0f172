"""The content of a team report, computed and worded here so the notebook only shows it.

:class:`TeamReport` is configured once (store, school, team, wave, language) and each method
returns one section's table, figure or text. All tables pass through :func:`html_table`, which
escapes every cell: a survey answer holding ``<script>`` shows as text.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD
from kit.analysis.relations import MIN_TEAMS
from kit.errors import ConfigError
from kit.present.text import LANGS, t

__all__ = ["ReportSections", "TeamReport", "ci_text", "html_table", "notice", "shown_n"]


def html_table(df: pd.DataFrame, *, digits: int = 2, css: str = "kit-table") -> str:
    """A DataFrame as an escaped HTML table with the kit's style (``css``: its classes)."""
    def fmt(v: object) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return "–"
        if isinstance(v, (float, np.floating)):
            return f"{v:.{digits}f}"
        return _html.escape(str(v))
    def is_num(v: object) -> bool:
        return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)

    def cell(v: object) -> str:
        # numbers right-aligned; short texts ("Najaar 2025", "3.34 – 4.20") kept on one line
        cls = "num" if is_num(v) else "nw" if len(str(v)) <= 16 else ""
        return f'<td class="{cls}">{fmt(v)}</td>' if cls else f"<td>{fmt(v)}</td>"

    num_cols = [len(df) > 0 and all(is_num(v) or v is None or v is pd.NA for v in df[c])
                for c in df.columns]
    head = "".join(f'<th class="num">{_html.escape(str(c))}</th>' if n
                   else f"<th>{_html.escape(str(c))}</th>"
                   for c, n in zip(df.columns, num_cols, strict=True))
    rows = "".join("<tr>" + "".join(cell(v) for v in r) + "</tr>"
                   for r in df.itertuples(index=False))
    css = f"{css} short" if len(df) <= 15 else css      # kept on one page when printed
    return (f'<table class="{_html.escape(css)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def notice(text: str) -> str:
    """An escaped notice box."""
    return f'<div class="kit-notice">{_html.escape(text)}</div>'


def shown_n(n: object, suppression: object, lang: str, threshold: int) -> object:
    """What a reader sees as a unit's number of respondents: the number when shown, "fewer
    than 5" in words when hidden for too few, "hidden" when hidden for another reason.

    >>> shown_n(7, None, "nl", 5), shown_n(pd.NA, "below_threshold", "en", 5)
    (7, 'fewer than 5')
    >>> shown_n(pd.NA, "complementary", "nl", 5)
    'verborgen'
    """
    if suppression is None or (not isinstance(suppression, str) and pd.isna(suppression)):
        return int(n) if pd.notna(n) else "–"
    if suppression == "below_threshold":
        return t("n_fewer", lang, threshold=threshold)
    return t("n_hidden", lang)


def ci_text(lo: float, hi: float, *, signed: bool = False) -> str:
    """An interval as text, a dash when either end is missing.

    >>> ci_text(0.1234, 0.5), ci_text(float("nan"), 1.0), ci_text(-0.2, 0.1, signed=True)
    ('0.12 – 0.50', '–', '-0.20 – +0.10')
    """
    if pd.isna(lo) or pd.isna(hi):
        return "–"
    return f"{lo:+.2f} – {hi:+.2f}" if signed else f"{lo:.2f} – {hi:.2f}"


_COLS = {
    "nl": {"habit": "Gewoonte", "n": "n", "mean": "Gemiddelde", "ci": "95%-interval",
           "rwg_j": "Overeenstemming (rwg)", "response_rate": "Respons", "unit": "Eenheid",
           "indicator": "Indicator", "value": "Waarde", "target": "Doel",
           "on_course": "Op koers?", "trend": "Trend", "n_pupils": "Leerlingen",
           "change": "Verandering", "n_teams": "Teams", "r": "r", "status": "Status",
           "wording": "Toelichting", "yes": "ja", "no": "nee", "file": "Bestand",
           "measured": "Gemeten",
           "format": "Formaat", "rows_read": "Rijen", "accepted": "Geaccepteerd",
           "rejected": "Afgewezen", "team": "Team", "note": "Opmerking", "school": "School",
           "levels": "Niveaus", "slope": "Helling"},
    "en": {"habit": "Habit", "n": "n", "mean": "Mean", "ci": "95% interval",
           "rwg_j": "Agreement (rwg)", "response_rate": "Response", "unit": "Unit",
           "indicator": "Indicator", "value": "Value", "target": "Target",
           "on_course": "On course?", "trend": "Trend", "n_pupils": "Pupils",
           "change": "Change", "n_teams": "Teams", "r": "r", "status": "Status",
           "wording": "Note", "yes": "yes", "no": "no", "file": "File", "format": "Format",
           "measured": "Measured",
           "rows_read": "Rows", "accepted": "Accepted", "rejected": "Rejected", "team": "Team",
           "note": "Note", "school": "School", "levels": "Levels", "slope": "Slope"},
}


class ReportSections:
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
        """Team, school and board aggregates for every wave (the report's numbers)."""
        return self.analysis.aggregates

    def _label(self, habit: str) -> str:
        return self.store.instrument.habit(habit).label(self.lang)

    @property
    def indicators(self) -> pd.DataFrame:
        """Indicator values of every team per wave (for sections 4 and 5)."""
        return self.analysis.indicators

    @property
    def current_indicators(self) -> pd.DataFrame:
        """What sections 4 and 5 show per wave: each indicator's latest values of the school
        year (column ``measured``; see :attr:`kit.analysis.BoardAnalysis.current_indicators`)."""
        return self.analysis.current_indicators

    def wave_label(self, wave: str) -> str:
        """A wave's name from the organisation file (its id when it has none)."""
        w = self.store.waves.set_index("wave")
        col = f"label_{self.lang}"
        label = w[col].get(wave) if col in w else None
        return str(label) if isinstance(label, str) and label else str(wave)

    def relations_table(self, compact: bool = False) -> pd.DataFrame:
        """Section 5: habits against indicators across the board's teams, this wave.

        Each row's note is a sentence on the association (never a cause) or, with
        ``compact``, a few words on its strength and sign; the report then states once, under
        the table, what the rows mean (:meth:`relations_html`)."""
        from kit.analysis.relations import short_wording
        c = _COLS[self.lang]
        rel = self.analysis.relations
        if rel.empty:
            return pd.DataFrame()
        ilabels = {i.id: i.label(self.lang) for i in self.aspiration.indicators}
        rel = rel[rel.wave == self.wave]
        ok = rel[f"wording_{self.lang}"]
        if compact:
            ok = pd.Series([short_wording(r, lo, hi, self.lang) for r, lo, hi in zip(
                rel["pearson_r"], rel["pearson_ci_low"], rel["pearson_ci_high"], strict=True)],
                index=rel.index, dtype="object")
        few = "too_few_teams_short" if compact else "too_few_teams"
        wording = ok.where(rel.status == "ok",
                           [t(few, self.lang, n=n, min=self.min_teams) for n in rel.n_teams])
        return pd.DataFrame({
            c["habit"]: [self._label(h) for h in rel["habit"]],
            c["indicator"]: rel["indicator"].map(ilabels),
            c["n_teams"]: rel["n_teams"].to_numpy(), c["r"]: rel["pearson_r"].to_numpy(),
            c["ci"]: [ci_text(lo, hi) for lo, hi in
                      zip(rel["pearson_ci_low"], rel["pearson_ci_high"], strict=True)],
            c["wording"]: wording.to_numpy()})

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
        measurement of the school year; empty without an aspiration)."""
        c = _COLS[self.lang]
        ind = self.current_indicators
        if ind.empty:
            return pd.DataFrame()
        mine = ind[(ind.unit_level == level) & (ind.unit == unit) & (ind.period == self.wave)]
        order = {i.id: k for k, i in enumerate(self.aspiration.indicators)}  # the file's order
        mine = mine.sort_values("indicator", key=lambda s: s.map(order), kind="stable")
        names = {i.id: i.label(self.lang) for i in self.aspiration.indicators}
        return pd.DataFrame({
            c["indicator"]: mine["indicator"].map(names).to_numpy(),
            c["value"]: mine["value"].to_numpy(), c["target"]: mine["target"].to_numpy(),
            c["on_course"]: [("–" if pd.isna(v) else c["yes"] if v else c["no"])
                             for v in mine["on_course"]],
            c["trend"]: mine["trend"].to_numpy(), c["n_pupils"]: mine["n_pupils"].to_numpy(),
            c["measured"]: [self.wave_label(w) for w in mine["measured"]]})

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
        """The footnote of an aspiration table with a value not shown (no pupils, or fewer
        than the minimum). None when every value is shown."""
        from kit.analysis.aspiration import DEFAULT_MIN_PUPILS
        c = _COLS[self.lang]
        cols = [c["value"]] if c["value"] in table else [
            k for k in table.columns if k not in (c["indicator"], c["target"], c["measured"])]
        values = table[cols]
        if len(table) and (values.isna().any().any() or (values == "–").any().any()):
            return t("indicator_hidden", self.lang, min=DEFAULT_MIN_PUPILS)
        return None

    def indicators_html(self, table: pd.DataFrame) -> str:
        """An aspiration table as HTML with its footnote, or the notice saying why there is
        none (see :meth:`aspiration_notice`)."""
        if not len(table):
            return notice(self.aspiration_notice())
        note = self.indicator_note(table)
        return html_table(table) + (f'<p class="kit-note">{_html.escape(note)}</p>'
                                    if note else "")

    def relation_points(self) -> pd.DataFrame:
        """Every team's habit mean and indicator value this wave (both not suppressed):
        ``unit``, ``habit``, ``indicator``, ``x`` (habit mean), ``y`` (indicator value)."""
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
        report's own team highlighted (not drawn when its scores are suppressed). None without
        an aspiration."""
        import matplotlib.pyplot as plt

        from kit.present.markup import mpl_text
        from kit.present.plots import relation_scatter
        pts = self.relation_points()
        if self.aspiration is None or pts.empty:
            return None
        # only indicators with a relation computed this wave (enough teams), as in the table
        rel = self.analysis.relations
        ok = set(rel.loc[(rel.wave == self.wave) & (rel.status == "ok"), "indicator"])
        inds = [i for i in self.aspiration.indicators if i.id in set(pts["indicator"]) & ok]
        if not inds:
            return None
        pts = pts[pts["indicator"].isin([i.id for i in inds])]
        habits = self.store.instrument.habits
        # habits down, indicators across: narrow enough to stay legible on an A4 page
        fig, axes = plt.subplots(len(habits), len(inds), figsize=(1.0 + 2.7 * len(inds),
                                 0.9 + 1.75 * len(habits)), sharey="col", squeeze=False)
        for r, habit in enumerate(habits):
            for k, ind in enumerate(inds):
                p = pts[(pts.indicator == ind.id) & (pts.habit == habit.id)]
                relation_scatter(p, x_label=habit.label(self.lang), y_label="",
                                 highlight=highlight, annotate=False, target=ind.target,
                                 ax=axes[r][k])
                if r == 0:
                    axes[r][k].set_title(mpl_text(ind.label(self.lang)), fontsize=9)
        for ax in axes.flat:
            ax.xaxis.label.set_fontsize(8)
            ax.yaxis.label.set_fontsize(7)
            ax.tick_params(labelsize=7)
        if highlight in set(pts["unit"]):
            import seaborn as sns
            from matplotlib.lines import Line2D
            pal = sns.color_palette("colorblind")
            fig.legend(handles=[
                Line2D([], [], marker="o", linestyle="", color=pal[3], markeredgecolor="black",
                       markersize=9, label=mpl_text(highlight_label or highlight)),
                Line2D([], [], marker="o", linestyle="", color=pal[7], markersize=6,
                       label=t("other_teams", self.lang))], loc="lower center", ncol=2,
                frameon=False, fontsize=9)
        # fixed spacing: tight_layout over this many axes costs half a second per report
        fig.subplots_adjust(left=0.12 if len(inds) < 3 else 0.06, right=0.98, top=0.95,
                            bottom=0.09, wspace=0.25, hspace=0.55)
        fig.kit_data = pts
        return fig

    def reliability(self) -> pd.DataFrame:
        """Section 7: Cronbach's alpha (interval) and omega total per habit, this wave."""
        c = _COLS[self.lang]
        r = self.analysis.reliability(self.wave)
        return pd.DataFrame({
            c["habit"]: [self._label(h) for h in r["habit"]], c["n"]: r["n"].to_numpy(),
            "alpha": r["alpha"].to_numpy(),
            c["ci"]: [ci_text(lo, hi) for lo, hi in
                      zip(r["alpha_ci_low"], r["alpha_ci_high"], strict=True)],
            "omega": r["omega_total"].to_numpy()})

    def source_files(self) -> set[str] | None:
        """The input files this report draws on: for a team or school report the files with
        an accepted row of its school (a school's report does not list, or reveal the names
        of, other schools' files); None for the board report (every file)."""
        school = getattr(self, "school", None)
        if school is None:
            return None
        st = self.store
        files: set[str] = set()
        for table in (st.respondents, st.observations, st.tests):
            if len(table) and {"school", "source_file"} <= set(table.columns):
                files |= set(table.loc[table["school"] == school, "source_file"].astype(str))
        return files

    def data_quality(self) -> pd.DataFrame:
        """Section 7: the ingest accounting of every input file (of this school, for a
        team or school report)."""
        c = _COLS[self.lang]
        f = self.store.files
        mine = self.source_files()
        if mine is not None:
            f = f[f["file"].isin(mine)]
        return pd.DataFrame({c["file"]: f["file"], c["format"]: f["format"],
                             c["rows_read"]: f["rows_read"], c["accepted"]: f["accepted"],
                             c["rejected"]: f["rejected"]})

    def provenance(self, parameters: dict) -> pd.DataFrame:
        """Section 7: kit version, parameters, date and the hash of every input file."""
        from kit import __version__
        from kit.reports.render import stamp
        rows = [("kit", __version__), (t("prov_date", self.lang), stamp()),
                (t("prov_store", self.lang), str(Path(self.store.path).name))]
        rows += [(f"parameter {k}", str(v)) for k, v in sorted(parameters.items())]
        mine = self.source_files()
        rows += [(s["file"], "sha256 " + s["sha256"][:16])
                 for s in self.store.manifest.get("sources", [])
                 if mine is None or s["file"] in mine]
        return pd.DataFrame(rows, columns=["", ""])


@dataclass
class TeamReport(ReportSections):
    """The sections of one team's report.

    Parameters
    ----------
    store : kit.store.Store
    school, team : str
        Ids from the organisation file.
    wave : str, optional
        Default: the latest wave in the store.
    lang : {"nl", "en"}
    aspiration : Aspiration, optional
    threshold : int
        Privacy threshold (default 5).
    min_teams : int
        Minimum teams for a relation (default 8).
    """

    store: object
    school: str
    team: str
    wave: str | None = None
    lang: str = "nl"
    aspiration: object = None
    threshold: int = DEFAULT_THRESHOLD
    min_teams: int = MIN_TEAMS
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        teams = self.store.teams
        if self.school not in set(teams["school"]):
            raise ConfigError(f"unknown school {self.school!r}",
                              expected=f"one of {sorted(set(teams['school']))}")
        known = sorted(set(teams.loc[teams["school"] == self.school, "team"]))
        if self.team not in known:
            raise ConfigError(f"unknown team {self.team!r} for school {self.school}",
                              expected=f"one of {known}")
        self._check_common()

    # ------------------------------------------------------------------ data
    @property
    def own(self) -> pd.DataFrame:
        """This team's rows in the report's wave."""
        a = self.aggregates
        return a[(a.level == "team") & (a.unit == self.team) & (a.wave == self.wave)]

    @property
    def team_name(self) -> str:
        t_ = self.store.teams
        return str(t_.loc[t_["team"] == self.team, "team_name"].iloc[0])

    @property
    def school_name(self) -> str:
        t_ = self.store.teams
        return str(t_.loc[t_["school"] == self.school, "school_name"].iloc[0])

    @property
    def decision(self) -> dict:
        """The gate's decision on this team as a whole this wave
        (:meth:`kit.analysis.privacy.Disclosure.unit`): ``n``, ``shown``, ``reason``."""
        return self.analysis.gate.unit("team", self.team, self.wave)

    @property
    def suppressed(self) -> bool:
        """Whether this team's scores are withheld: too few respondents, hidden beside a
        team that is too small, or every habit hidden."""
        own = self.own
        return (not self.decision["shown"]) or own.empty or bool(own["suppressed"].all())

    def notice(self) -> str | None:
        """Why the team shows no scores, or None. Never the number of respondents."""
        if not self.suppressed:
            return None
        d = self.decision
        if d["n"] == 0:
            return t("no_answers_team", self.lang)
        if d["shown"]:
            return t("all_habits_hidden", self.lang, threshold=self.threshold)
        if d["reason"] == "complementary":
            return t("suppressed_complementary", self.lang)
        return t("suppressed_team", self.lang, threshold=self.threshold)

    def summary_html(self) -> str:
        """Section 1 as HTML: the summary table with its footnote on hidden habits, or the
        notice saying why the team shows no scores."""
        if self.suppressed:
            return notice(self.notice())
        note = self.hidden_habits_note()
        return html_table(self.summary()) + (
            f'<p class="kit-note">{_html.escape(note)}</p>' if note else "")

    def habit_hidden(self, habit: str) -> bool:
        """Whether the gate hides ``habit`` for this team this wave (or the whole team)."""
        own = self.own.set_index("habit")
        return self.suppressed or habit not in own.index or bool(own.loc[habit, "suppressed"])

    def hidden_habits_note(self) -> str | None:
        """The footnote of the summary when a habit of a shown team is hidden, else None."""
        own = self.own
        if self.suppressed or not own["suppressed"].any():
            return None
        return t("habit_hidden_note", self.lang, threshold=self.threshold)

    # ------------------------------------------------------------------ sections
    def summary(self) -> pd.DataFrame:
        """Section 1: the five habits at a glance (empty when suppressed). A habit hidden for
        this team keeps its row, with its n in words and a dash for every number (see
        :meth:`hidden_habits_note`)."""
        c = _COLS[self.lang]
        if self.suppressed:
            return pd.DataFrame(columns=[c[k] for k in ("habit", "n", "mean", "ci", "rwg_j",
                                                        "response_rate")])
        own = self.own
        return pd.DataFrame({
            c["habit"]: [self._label(h) for h in own["habit"]],
            c["n"]: [shown_n(n, why, self.lang, self.threshold)
                     for n, why in zip(own["n"], own["suppression"], strict=True)],
            c["mean"]: own["mean"].to_numpy(),
            c["ci"]: [ci_text(lo, hi) for lo, hi in zip(own["ci_low"], own["ci_high"],
                                                         strict=True)],
            c["rwg_j"]: own["rwg_j"].to_numpy(),
            c["response_rate"]: [f"{r:.0%}" if pd.notna(r) else "–"
                                 for r in own["response_rate"]],
        })

    def comparison(self) -> pd.DataFrame:
        """Section 2 data: this team beside its school and the board, this wave."""
        a = self.aggregates
        board = a[a.level == "board"]["unit"].iloc[0] if (a.level == "board").any() else None
        keep = ((a.level == "team") & (a.unit == self.team)) | \
            ((a.level == "school") & (a.unit == self.school)) | \
            ((a.level == "board") & (a.unit == board))
        rows = a[keep & (a.wave == self.wave)].copy()
        names = {self.team: self.team_name, self.school: self.school_name,
                 board: t("board", self.lang)}
        rows["unit"] = rows["unit"].map(lambda u: names.get(u, u))
        return rows

    def profile_figure(self):
        """Section 2 figure: habit means with intervals, team beside school and board."""
        from kit.present.plots import habit_profile
        return habit_profile(self.comparison(), self.store.instrument, lang=self.lang,
                             highlight=self.team_name)

    def changes(self) -> pd.DataFrame:
        """Section 2 table: change since the previous wave, with its interval."""
        c = _COLS[self.lang]
        d = self.analysis.changes
        d = d[(d.level == "team") & (d.unit == self.team) & (d.wave == self.wave)]
        return pd.DataFrame({c["habit"]: [self._label(h) for h in d["habit"]],
                             c["change"]: d["change"].to_numpy(),
                             c["ci"]: [ci_text(lo, hi, signed=True)
                                       for lo, hi in zip(d["ci_low"], d["ci_high"], strict=True)]})

    def aspiration_table(self) -> pd.DataFrame:
        """Section 4: each indicator of the shared aspiration against its target."""
        return self.indicator_rows("team", self.team)

    @property
    def item_aggregates(self) -> pd.DataFrame:
        """The team's item distributions, every wave (suppressed like the habit scores)."""
        d = self.analysis.item_distributions
        return d[d["unit"] == self.team]

    def reflection(self, per_kind: int = 2) -> list[str]:
        """Section 6: reflection questions from this team's lowest, most disagreed-on and most
        changed aspects (empty when the team's data is suppressed)."""
        from kit.present.reflection import reflection_questions
        items = self.item_aggregates
        now = items[items["wave"] == self.wave]
        k = self.waves.index(self.wave)
        prev = items[items["wave"] == self.waves[k - 1]] if k > 0 else None
        texts = {(i.id, lang): i.text(lang) for i in self.store.instrument.items
                 for lang in LANGS}
        qs = reflection_questions(now, prev, texts, lang=self.lang, per_kind=per_kind)
        return [q["question"] for q in qs]

    def free_texts(self) -> tuple[list[tuple[str, list[str]]], str | None]:
        """Section 6, only when the report asks for it: the team's free-text answers this wave
        per question, where at least 10 respondents answered it
        (:func:`kit.analysis.teams.free_text`).

        Only team-level texts are ever shown in a report (never school or board texts beside
        them), so no suppressed team's texts can be recovered by subtraction.

        Returns
        -------
        (list of (question, texts), notice)
            The shown questions with their texts (sorted), and a notice for what is not shown
            (no free text stored, or too few answers); the notice is None when all is shown.
        """
        from kit.analysis.privacy import FREE_TEXT_THRESHOLD
        from kit.analysis.teams import free_text
        if self.suppressed:
            return [], self.notice()
        ft = self.store.free_text
        if ft.empty:
            return [], t("free_text_none", self.lang)
        out = free_text(ft, self.store.respondents, level="team", include=True)
        mine = out[(out["unit"] == self.team) & (out["wave"] == self.wave)]
        shown = [(q, list(x)) for q, x, sup in zip(mine["question"], mine["texts"],
                                                   mine["suppressed"], strict=True) if not sup]
        hidden = int(mine["suppressed"].sum())
        if mine.empty:
            return [], t("free_text_none_team", self.lang)
        note = t("free_text_small", self.lang, n=hidden, threshold=FREE_TEXT_THRESHOLD) \
            if hidden else None
        return shown, note

    def habit_note(self, habit: str) -> str | None:
        """Section 3, under a habit's heading: why its statements are not shown (the habit is
        hidden for this team) or how many of them are not (too few answers); None when all
        are shown."""
        own = self.own.set_index("habit")
        if habit in own.index and bool(own.loc[habit, "suppressed"]):
            return t("habit_hidden_here", self.lang, threshold=self.threshold)
        items = self.item_aggregates
        ids = {i.id for i in self.store.instrument.habit(habit).items}
        rows = items[(items["wave"] == self.wave) & items["item"].isin(ids)]
        hidden = int(rows["suppressed"].astype(bool).sum())
        return t("items_hidden", self.lang, n=hidden, threshold=self.threshold) if hidden \
            else None

    def items_figure(self, habit: str):
        """Section 3: the answers to one habit's items as diverging stacked bars."""
        from kit.present.plots import item_bars
        items = self.item_aggregates
        habit_items = {i.id for i in self.store.instrument.habit(habit).items}
        rows = items[(items["wave"] == self.wave) & items["item"].isin(habit_items)]
        return item_bars(rows, self.store.instrument, lang=self.lang)

    def aspects(self, top: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Section 3: the strongest aspects and the growth aspects (lowest means) this wave."""
        c = _COLS[self.lang]
        items = self.item_aggregates
        now = items[(items["wave"] == self.wave) & ~items["suppressed"]].dropna(subset=["mean"])
        inst = self.store.instrument

        def table(d: pd.DataFrame) -> pd.DataFrame:
            return pd.DataFrame({c["habit"]: [self._label(inst.item(i).habit) for i in d["item"]],
                                 "": [inst.item(i).text(self.lang) for i in d["item"]],
                                 c["mean"]: d["mean"].to_numpy()})
        strong = now.sort_values(["mean", "item"], ascending=[False, True]).head(top)
        growth = now.sort_values(["mean", "item"]).head(top)
        return table(strong), table(growth)

    def dimensions(self) -> pd.DataFrame:
        """Section 3: the team's scores by OECD dimension and by Senge discipline, this wave.

        A dimension the gate hides (a habit with statements in it is hidden for this team)
        and a discipline one of whose habits is hidden keep their row, with a dash."""
        c = _COLS[self.lang]
        inst = self.store.instrument
        dims = self.analysis.dimension_aggregates
        dims = dims[(dims.unit == self.team) & (dims.wave == self.wave)]
        rows = [(inst.oecd_dimensions[d][self.lang], m,
                 shown_n(n, why, self.lang, self.threshold))
                for d, m, n, why in zip(dims["habit"], dims["mean"], dims["n"],
                                        dims["suppression"], strict=True)]
        own = self.own.set_index("habit")
        shown = own[~own["suppressed"].astype(bool)]
        for disc, names in inst.disciplines.items():
            linked = [h.id for h in inst.habits if disc in h.disciplines and h.id in own.index]
            if not linked:
                continue
            if all(h in shown.index for h in linked):
                rows.append((f"Senge: {names[self.lang]}", float(shown.loc[linked, "mean"].mean()),
                             int(shown.loc[linked, "n"].min())))
            else:
                rows.append((f"Senge: {names[self.lang]}", np.nan, "–"))
        label = "OECD / Senge"
        return pd.DataFrame(rows, columns=[label, c["mean"], c["n"]])
