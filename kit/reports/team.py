"""The content of a team report, computed and worded here so the notebook only shows it.

:class:`TeamReport` is configured once (store, school, team, wave, language) and each method
returns one section's table, figure or text. All tables pass through
:func:`kit.present.formats.html_table`, which escapes every cell: a survey answer holding
``<script>`` shows as text.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD
from kit.analysis.relations import MIN_TEAMS
from kit.errors import ConfigError
from kit.present.formats import notice
from kit.present.text import LANGS, t
from kit.reports.team_items import TeamItems
from kit.reports.team_relations import TeamRelations
from kit.reports.team_trend import TeamTrend

__all__ = ["TeamReport"]


@dataclass
class TeamReport(TeamTrend, TeamRelations, TeamItems):
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
        """This team's rows in the report's wave (selected once: a report asks 30 times).

        Returns
        -------
        DataFrame
            One row per habit, :data:`kit.analysis.teams.AGGREGATE_COLUMNS`: ``level``
            (``team``), ``unit``, ``school``, ``wave``, ``habit``, ``n``, ``mean``, ``sd``,
            ``se``, ``ci_low``, ``ci_high``, ``rwg_j``, ``size``, ``response_rate``,
            ``suppressed``, ``suppression``; no rows when the team has no answers.
        """
        if ("own", self.wave) not in self._cache:
            a = self.aggregates
            self._cache["own", self.wave] = a[(a.level == "team") & (a.unit == self.team)
                                              & (a.wave == self.wave)]
        return self._cache["own", self.wave]

    @property
    def team_name(self) -> str:
        """The team's name from the organisation file."""
        t_ = self.store.teams
        return str(t_.loc[t_["team"] == self.team, "team_name"].iloc[0])

    @property
    def school_name(self) -> str:
        """The team's school's name from the organisation file."""
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
        # page-wide, so that its short texts wrap rather than run off a printed page
        return self.show(self.summary(), css="kit-table wide") + (
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
        """Section 1: the five habits at a glance. A habit hidden for this team keeps its row,
        with no numbers and the reason its n is not shown (see :meth:`hidden_habits_note`).

        Returns
        -------
        DataFrame
            One row per habit: ``habit`` (id), ``habit_label``, ``n`` (NA when hidden),
            ``suppression`` (why hidden, None when shown), ``mean``, ``ci_low``, ``ci_high``,
            ``rwg_j``, ``response_rate``. No rows (the same columns) when the team is
            suppressed.
        """
        cols = ["habit", "habit_label", "n", "suppression", "mean", "ci_low", "ci_high",
                "rwg_j", "response_rate"]
        if self.suppressed:
            return pd.DataFrame(columns=cols)
        own = self.own
        return pd.DataFrame({
            "habit": own["habit"].to_numpy(), "habit_label": [self._label(h) for h in own["habit"]],
            "n": own["n"].to_numpy(), "suppression": own["suppression"].to_numpy(),
            "mean": own["mean"].to_numpy(float), "ci_low": own["ci_low"].to_numpy(float),
            "ci_high": own["ci_high"].to_numpy(float), "rwg_j": own["rwg_j"].to_numpy(float),
            "response_rate": own["response_rate"].to_numpy(float)}, columns=cols)

    def comparison(self) -> pd.DataFrame:
        """Section 2 data: this team beside its school and the board, this wave.

        Returns
        -------
        DataFrame
            The team's, its school's and the board's rows of :attr:`aggregates`
            (:data:`kit.analysis.teams.AGGREGATE_COLUMNS`: ``level``, ``unit``, ``school``,
            ``wave``, ``habit``, ``n``, ``mean``, ``ci_low``, ``ci_high``, ...,
            ``suppressed``), ``unit`` holding the display name (team name, school name,
            "Bestuur"/"Board") instead of the id.
        """
        a = self.aggregates
        board = a[a.level == "board"]["unit"].iloc[0] if (a.level == "board").any() else None
        keep = ((a.level == "team") & (a.unit == self.team)) | \
            ((a.level == "school") & (a.unit == self.school)) | \
            ((a.level == "board") & (a.unit == board))
        rows = a[keep & (a.wave == self.wave)].copy()
        # a school's and the board's n are their respondents, the same for every habit (a
        # per-habit n less the shown teams' would give a hidden habit's n)
        gate = self.analysis.gate
        for lv in ("school", "board"):
            m = rows["level"] == lv
            if m.any():
                n = gate.unit(lv, str(rows.loc[m, "unit"].iloc[0]), self.wave)["n"]
                size = rows.loc[m, "size"].astype("float64")
                rows.loc[m, "n"] = n
                rows.loc[m, "response_rate"] = (n / size).where(size > 0).to_numpy()
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
        """Section 2 table: the team's change since the previous wave, as the school's and
        the board's (:meth:`kit.reports.overview._Overview.changes`).

        Returns
        -------
        DataFrame
            ``habit``, ``habit_label``, ``change``, ``ci_low``, ``ci_high``, ``wording``; a
            row per habit shown in both waves.
        """
        return self._changes("team", self.team)

    def aspiration_table(self) -> pd.DataFrame:
        """Section 4: each indicator of the shared aspiration against its target.

        Returns
        -------
        DataFrame
            :meth:`indicator_rows` of this team (``indicator``, ``indicator_label``,
            ``value``, ``target``, ``on_course``, ``trend``, ``n_pupils``, ``measured``,
            ``measured_label``); empty, without columns, without an aspiration or pupil data.
        """
        return self.indicator_rows("team", self.team)

    @property
    def item_aggregates(self) -> pd.DataFrame:
        """The team's item distributions, every wave (suppressed like the habit scores).

        Returns
        -------
        DataFrame
            This team's rows of :attr:`kit.analysis.BoardAnalysis.item_distributions`:
            ``level``, ``unit``, ``school``, ``wave``, ``item``, ``habit``, ``n``, ``mean``,
            ``sd``, ``ci_low``, ``ci_high``, ``share_1`` ... ``share_K``, ``suppressed``,
            ``suppression``.
        """
        d = self.analysis.item_distributions
        return d[d["unit"] == self.team]

    def reflection(self, per_kind: int = 2) -> list[str]:
        """Section 6, after the article's cycle: first, for each indicator of the shared
        aspiration this team is off course on, "Zijn we op koers?"; then its lowest and most
        disagreed-on aspects and clear changes
        (:func:`kit.present.reflection.reflection_questions`);
        then the article's general questions, without numbers (all a hidden team gets
        besides its pupils' indicators, which have their own threshold)."""
        from kit.present.reflection import LEADER_HABITS, general_questions, reflection_questions
        items = self.item_aggregates
        now = items[items["wave"] == self.wave]
        if self.suppressed:
            now = now.iloc[0:0]
        k = self.waves.index(self.wave)
        prev = items[items["wave"] == self.waves[k - 1]] if k > 0 else None
        texts = {(i.id, lang): i.text(lang, "team") for i in self.store.instrument.items
                 for lang in LANGS}
        own = () if self.store.instrument.has_perspectives else LEADER_HABITS  # issue 15
        qs = reflection_questions(now, prev, texts, lang=self.lang, per_kind=per_kind,
                                  indicators=self._own_indicators(), leader_habits=own)
        return [q["question"] for q in qs] + general_questions(self.lang)[:2 if qs else None]

    def _own_indicators(self) -> pd.DataFrame | None:
        """This team's indicators this wave with their names and statistic (reflection)."""
        if self.aspiration is None:
            return None
        rows = self.indicator_rows("team", self.team)
        if rows.empty:
            return None
        ind = {i.id: i for i in self.aspiration.indicators}
        return rows.assign(label=rows["indicator_label"],
                           statistic=[getattr(ind[i], "statistic", None)
                                      for i in rows["indicator"]],
                           suppressed=rows["value"].isna())

    def free_texts(self) -> tuple[list[tuple[str, list[str]]], str | None]:
        """Section 6, only when the report asks for it: the team's free-text answers this wave
        per question, where at least 10 respondents answered it
        (:func:`kit.analysis.freetext.free_text`).

        Only team-level texts are ever shown in a report (never school or board texts beside
        them), so no suppressed team's texts can be recovered by subtraction.

        Returns
        -------
        (list of (question, texts), notice)
            The shown questions with their texts (sorted), and a notice for what is not shown
            (no free text stored, or too few answers); the notice is None when all is shown.
        """
        from kit.analysis.freetext import free_text
        from kit.analysis.privacy import FREE_TEXT_THRESHOLD
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

    def aspects(self, top: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Section 3: the strongest aspects and the growth aspects (lowest means) this wave.

        Parameters
        ----------
        top : int
            Aspects (statements) in each table.

        Returns
        -------
        (DataFrame, DataFrame)
            The strongest (highest means first) and the growth aspects (lowest first), of the
            statements shown: ``habit`` (id), ``habit_label``, ``item`` (id), ``item_label``
            (the statement), ``mean``.
        """
        items = self.item_aggregates
        now = items[(items["wave"] == self.wave) & ~items["suppressed"]].dropna(subset=["mean"])
        inst = self.store.instrument

        def table(d: pd.DataFrame) -> pd.DataFrame:
            habits = [inst.item(i).habit for i in d["item"]]
            return pd.DataFrame({"habit": habits, "habit_label": [self._label(h) for h in habits],
                                 "item": d["item"].to_numpy(),
                                 "item_label": [inst.item(i).text(self.lang, "team")
                                                for i in d.item],
                                 "mean": d["mean"].to_numpy(float)})
        strong = now.sort_values(["mean", "item"], ascending=[False, True]).head(top)
        growth = now.sort_values(["mean", "item"]).head(top)
        return table(strong), table(growth)

    def dimensions(self) -> pd.DataFrame:
        """Section 3: the team's scores by OECD dimension and by Senge discipline, this wave.

        A dimension the gate hides (a habit with statements in it is hidden for this team)
        and a discipline one of whose habits is hidden keep their row, with a dash.

        Returns
        -------
        DataFrame
            One row per OECD dimension, then one per Senge discipline: ``dimension`` (id),
            ``dimension_label`` (the name; ``Senge: NAME`` for a discipline), ``mean`` (a
            discipline's is the mean of its habits' means), ``n`` (a discipline's: the
            smallest n of its habits; NA when hidden), ``suppression`` (why a dimension's n
            is not shown; None when shown).
        """
        inst = self.store.instrument
        dims = self.analysis.dimension_aggregates
        dims = dims[(dims.unit == self.team) & (dims.wave == self.wave)]
        rows = [(d, inst.oecd_dimensions[d][self.lang], m, n, why)
                for d, m, n, why in zip(dims["habit"], dims["mean"], dims["n"],
                                        dims["suppression"], strict=True)]
        own = self.own.set_index("habit")
        shown = own[~own["suppressed"].astype(bool)]
        for disc, names in inst.disciplines.items():
            linked = [h.id for h in inst.habits if disc in h.disciplines and h.id in own.index]
            if not linked:
                continue
            label = f"Senge: {names[self.lang]}"
            if all(h in shown.index for h in linked):
                rows.append((disc, label, float(shown.loc[linked, "mean"].mean()),
                             int(shown.loc[linked, "n"].min()), None))
            else:
                rows.append((disc, label, np.nan, pd.NA, None))
        return pd.DataFrame(rows, columns=["dimension", "dimension_label", "mean", "n",
                                           "suppression"])
