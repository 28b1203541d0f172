"""The content of a leader's report (:class:`LeaderReport`, issue 15): the leader's own view of
the leadership habit beside the team's view of the leader, per statement and for the habit,
with the gap and its interval.

A leader's own answers appear here and nowhere else (:mod:`kit.analysis.perspective`); the
team's view is what the privacy gate shows of the school (hidden below the threshold). A
school without a leader's own answers in the wave gets a report that says so, and nothing else.

Examples
--------
>>> import kit.store
>>> from kit.sample import sample_store
>>> r = LeaderReport(kit.store.open(sample_store()), "S01", lang="en")
>>> r.has_answers, len(r.gap()), r.gap()["kind"].iloc[0]
(True, 13, 'habit')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kit.analysis.privacy import DEFAULT_THRESHOLD, check_threshold
from kit.errors import ConfigError
from kit.present.formats import html_table, interval, notice, number, shown_n
from kit.present.text import LANGS, t
from kit.reports.accountability import Accountability

__all__ = ["LeaderReport", "leader_report_parameters", "resolve_leader"]


def leader_report_parameters(store, common: dict, schools: list[str]) -> list:
    """The leader reports of a batch (``leaders: true``): one per school whose leader answered
    the wave (``common["wave"]``, default the latest), named by the leader's id when several
    leaders of a school did.

    Returns
    -------
    list of kit.reports.registry.ReportParameters
    """
    from kit.analysis.leadership import leaders_of
    from kit.reports.registry import ReportParameters
    wave = common.get("wave") or store.waves.sort_values("order")["wave"].iloc[-1]
    found = leaders_of(store.respondents, store.answers, wave=wave)
    out = []
    for school in schools:
        ids = found.loc[found["school"] == school, "respondent_id"].tolist()
        for rid in ids:
            out.append(ReportParameters(**common, school=school, leader=True,
                                        leader_id=rid if len(ids) > 1 else None))
    return out


def resolve_leader(store, name: str, wave: str | None = None) -> tuple[str, str | None]:
    """``(school, leader_id)`` of ``kit report --leader NAME``: a school id gives the school
    (its leader chosen by the report), a leader's respondent id gives that leader's school.

    Raises
    ------
    kit.errors.ConfigError
        ``name`` is neither a school of the store nor a leader who answered.
    """
    from kit.analysis.leadership import leaders_of
    schools = sorted(set(store.teams["school"]))
    if name in schools:
        return name, None
    found = leaders_of(store.respondents, store.answers, wave=wave)
    hit = found[found["respondent_id"] == name]
    if hit.empty:
        raise ConfigError(f"--leader {name!r} is neither a school nor a leader with answers",
                          expected=f"a school id (one of {schools}) or a leader's id",
                          fix="give the school id, e.g. --leader S01")
    return str(hit["school"].iloc[0]), name


@dataclass
class LeaderReport(Accountability):
    """The sections of one leader's report.

    Parameters
    ----------
    store : kit.store.Store
    school : str
    leader_id : str, optional
        The leader's respondent id; default: the school's one leader in the wave (a school
        with several leaders needs it).
    wave : str, optional
        Default: the latest wave.
    lang : {"nl", "en"}
    threshold : int
        Privacy threshold of the team's view (default 5, never below 3).
    """

    store: object
    school: str
    leader_id: str | None = None
    wave: str | None = None
    lang: str = "nl"
    threshold: int = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        from kit.analysis.leadership import leaders_of
        schools = sorted(set(self.store.teams["school"]))
        if self.school not in schools:
            raise ConfigError(f"unknown school {self.school!r}", expected=f"one of {schools}")
        if self.lang not in LANGS:
            raise ConfigError(f"unknown language {self.lang!r}", expected=f"one of {list(LANGS)}")
        self.threshold = check_threshold(self.threshold)
        waves = self.store.waves.sort_values("order")["wave"].tolist()
        self.wave = self.wave or waves[-1]
        if self.wave not in waves:
            raise ConfigError(f"unknown wave {self.wave!r}", expected=f"one of {waves}")
        st = self.store
        found = leaders_of(st.respondents, st.answers, school=self.school, wave=self.wave)
        if self.leader_id is not None:
            found = found[found["respondent_id"] == self.leader_id]
            if found.empty:
                raise ConfigError(f"no leader {self.leader_id!r} of school {self.school} with "
                                  f"answers in {self.wave}", fix="check the leader's id")
        elif len(found) > 1:
            raise ConfigError(f"school {self.school} has {len(found)} leaders with answers in "
                              f"{self.wave}", expected=f"one of {found['respondent_id'].tolist()}",
                              fix="name the leader: --leader ID")
        self.leaders = found.reset_index(drop=True)

    @property
    def has_answers(self) -> bool:
        """Whether the leader's own answers exist in this wave (else the report says so)."""
        return len(self.leaders) == 1

    @property
    def has_perspectives(self) -> bool:
        """Whether the store's instrument has the team's-view wording (else the team's
        answers to the leadership habit are their own, and there is nothing to compare)."""
        return bool(self.store.instrument.has_perspectives)

    @property
    def school_name(self) -> str:
        """The school's name from the organisation file."""
        t_ = self.store.teams
        return str(t_.loc[t_["school"] == self.school, "school_name"].iloc[0])

    def wave_label(self, wave: str | None = None) -> str:
        """A wave's name from the organisation file (its id when it has none)."""
        w = self.store.waves.set_index("wave")
        label = w.loc[wave or self.wave, f"label_{self.lang}"]
        return str(label) if isinstance(label, str) and label else str(wave or self.wave)

    def notice_html(self) -> str | None:
        """Why the report shows no comparison, as a notice; None when it does."""
        if not self.has_answers:
            return notice(t("ld_no_answers", self.lang, school=self.school_name,
                            wave=self.wave_label()))
        if not self.has_perspectives:
            return notice(t("ld_no_perspectives", self.lang))
        return None

    def gap(self) -> pd.DataFrame:
        """The leader's own view beside the team's view
        (:func:`kit.analysis.leadership.leader_gap`).

        Returns
        -------
        DataFrame
            :data:`kit.analysis.leadership.GAP_COLUMNS`: ``kind``, ``habit``, ``item``,
            ``leader_value``, ``n``, ``mean``, ``sd``, ``ci_low``, ``ci_high``, ``gap``,
            ``gap_ci_low``, ``gap_ci_high``, ``suppressed``, ``suppression``; empty without
            the leader's answers or the team's-view wording.
        """
        from kit.analysis import board_analysis
        from kit.analysis.leadership import GAP_COLUMNS, leader_gap
        if not self.has_answers or not self.has_perspectives:
            return pd.DataFrame(columns=GAP_COLUMNS)
        found = self.__dict__.get("_gap")
        if found is None:
            st = self.store
            gate = board_analysis(st, threshold=self.threshold).gate
            found = leader_gap(st.respondents, st.answers, st.instrument,
                               leader=self.leaders["respondent_id"].iloc[0], wave=self.wave,
                               gate=gate, threshold=self.threshold)
            self.__dict__["_gap"] = found
        return found

    def scope_text(self) -> str:
        """Whose view the team's view is: the school's team members, or one team's."""
        if not self.has_answers or self.leaders["scope"].iloc[0] == "school":
            return t("ld_scope_school", self.lang, school=self.school_name)
        team = self.leaders["unit"].iloc[0]
        t_ = self.store.teams
        name = t_.loc[t_["team"] == team, "team_name"]
        return t("ld_scope_team", self.lang, team=str(name.iloc[0]) if len(name) else team)

    def gap_table(self) -> pd.DataFrame:
        """The table of the report: per statement (the habit first) the leader's answer, the
        team's view and the gap, as the reader sees them (every cell text).

        Returns
        -------
        DataFrame
            Columns (Dutch headings; English with ``lang="en"``): ``Stelling`` (Statement;
            the leader's wording), ``Eigen antwoord`` (Own answer), ``n`` (team members; in
            words when hidden), ``Beeld van het team`` (The team's view: the mean),
            ``95%-interval``, ``Verschil`` (Gap: leader minus team), ``95%-interval van het
            verschil`` (the gap's interval).
        """
        g = self.gap()
        inst = self.store.instrument
        lang = self.lang
        rows = []
        for r in g.itertuples():
            text = (t("ld_habit_row", lang, habit=inst.habit(r.habit).label(lang))
                    if r.kind == "habit" else inst.item(r.item).text(lang, "leader"))
            rows.append([text, number(r.leader_value, lang, 2),
                         str(shown_n(r.n, r.suppression, lang, self.threshold)),
                         number(r.mean, lang, 2), interval(r.ci_low, r.ci_high, lang),
                         number(r.gap, lang, 2, signed=True),
                         interval(r.gap_ci_low, r.gap_ci_high, lang, signed=True)])
        heads = [t(k, lang) for k in ("ld_col_statement", "ld_col_own", "ld_col_n",
                                      "ld_col_team", "ld_col_ci", "ld_col_gap",
                                      "ld_col_gap_ci")]
        return pd.DataFrame(rows, columns=heads)

    def gap_table_html(self) -> str:
        """:meth:`gap_table` as the kit's escaped HTML table."""
        return html_table(self.gap_table())

    def gap_figure(self):
        """The gap figure (:func:`kit.present.gapplot.gap_figure`); None without data."""
        from kit.present.gapplot import gap_figure
        g = self.gap()
        if g.empty:
            return None
        return gap_figure(g, self.store.instrument, lang=self.lang)

    def show_provenance(self, parameters: dict) -> str:
        """:meth:`provenance` as the kit's escaped HTML table, in the report's language."""
        from kit.present.formats import present
        return html_table(present(self.provenance(parameters), self.lang,
                                  threshold=self.threshold))

    def source_files(self) -> set[str] | None:
        """The school's input files (as the school report lists them)."""
        st = self.store
        r = st.respondents
        return set(r.loc[r["school"] == self.school, "source_file"].astype(str))
