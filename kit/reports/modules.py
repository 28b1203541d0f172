"""The optional modules' section of the team, school and board reports (issue 15): the module
scales of the report's units beside each other, their reliability and, with an aspiration,
their relations with the indicators across teams. A store without module answers gives no
section at all (:meth:`ModuleSection.modules_html` returns ``""``), so its reports are unchanged.
The section is a part (``h3``) of the numbered section it follows in each report (the team's
habits, the school or the board's teams side by side), so the numbering stays the same.
"""

from __future__ import annotations

import html as _html

import pandas as pd

from kit.present.formats import html_table, interval, number, shown_n
from kit.present.text import t

__all__ = ["ModuleSection"]


class ModuleSection:
    """Mixed into :class:`kit.reports.sections.ReportSections` (``store``, ``wave``, ``lang``,
    ``threshold``, ``analysis``; a team report has ``team`` and ``school``, a school report
    ``school``)."""

    @property
    def module_analysis(self):
        """The board's module tables (:func:`kit.analysis.modules.module_analysis`)."""
        from kit.analysis.modules import module_analysis
        return module_analysis(self.analysis)

    def _module_units(self, agg: pd.DataFrame) -> list[tuple[str, str, str]]:
        """(level, unit, label) of the rows this report shows, in order."""
        frame = self.analysis.teams_frame()
        teams = dict(zip(frame["team"], frame["team_name"], strict=True))
        schools = dict(zip(frame["school"], frame["school_name"], strict=True))
        board = agg.loc[agg.level == "board", "unit"]
        out = []
        team = getattr(self, "team", None)
        school = getattr(self, "school", None)
        if team:
            out.append(("team", team, teams.get(team, team)))
        if school:
            out.append(("school", school, schools.get(school, school)))
            if not team:
                out += [("team", tm, teams[tm]) for tm in frame.loc[frame.school == school,
                                                                    "team"]]
        if len(board):
            out.insert(0 if not (team or school) else len(out),
                       ("board", str(board.iloc[0]), t("board", self.lang)))
        if not (team or school):
            out += [("school", s, n) for s, n in schools.items()]
        return out

    def module_table(self) -> pd.DataFrame:
        """The module scales of this report's units in its wave, as the reader sees them.

        Returns
        -------
        DataFrame
            Text cells under headings in the report's language (Dutch: ``Schaal``, ``Groep``,
            ``n``, ``Gemiddelde``, ``95%-interval``, ``Eensgezindheid rwg(j)``); hidden groups
            without numbers; empty without module answers.
        """
        ma = self.module_analysis
        agg = ma.aggregates
        agg = agg[agg.wave == self.wave] if len(agg) else agg
        if agg.empty:
            return pd.DataFrame()
        lang, inst = self.lang, ma.instrument
        labels = {s.id: s.label(lang) for m in inst.modules for s in m.scales}
        rows = []
        for scale in labels:
            for level, unit, label in self._module_units(agg):
                r = agg[(agg.level == level) & (agg.unit == unit) & (agg.scale == scale)]
                if r.empty:
                    continue
                r = r.iloc[0]
                rows.append({
                    t("mod_col_scale", lang): labels[scale],
                    t("mod_col_unit", lang): label,
                    t("mod_col_n", lang): str(shown_n(r["n"], r["suppression"] if r["suppressed"]
                                                      else None, lang, self.threshold)),
                    t("mod_col_mean", lang): number(r["mean"], lang),
                    t("mod_col_ci", lang): interval(r["ci_low"], r["ci_high"], lang),
                    t("mod_col_rwg", lang): number(r["rwg_j"], lang),
                })
        return pd.DataFrame(rows)

    def modules_html(self) -> str:
        """The modules section as HTML (heading, source, table, reliability, relations); ``""``
        for a store without module answers in the report's wave."""
        table = self.module_table()
        if table.empty:
            return ""
        ma, lang = self.module_analysis, self.lang
        esc = _html.escape
        parts = [f"<h3>{esc(t('sec_modules', lang))}</h3>"]
        for m in ma.instrument.modules:
            intro = t("mod_intro", lang, module=m.label(lang), source=m.source,
                      threshold=self.threshold)
            parts.append(f"<p>{esc(intro)}</p>")
        parts.append(html_table(table))
        rel = ma.reliability(self.wave)
        if len(rel):
            labels = {s.id: s.label(lang) for m in ma.instrument.modules for s in m.scales}
            parts.append(f"<p>{esc(t('mod_reliability', lang))}</p>")
            parts.append(html_table(pd.DataFrame({
                t("mod_col_scale", lang): rel["scale"].map(labels),
                t("mod_col_k", lang): rel["k"].astype(int).astype(str),
                t("mod_col_n", lang): rel["n"].astype(int).astype(str),
                t("mod_col_alpha", lang): [number(v, lang) for v in rel["alpha"]],
                t("mod_col_alpha_ci", lang): [interval(lo, hi, lang) for lo, hi in
                                              zip(rel["alpha_ci_low"], rel["alpha_ci_high"],
                                                  strict=True)]})))
        relations = ma.relations()
        relations = relations[relations.wave == self.wave] if len(relations) else relations
        if len(relations):
            labels = {s.id: s.label(lang) for m in ma.instrument.modules for s in m.scales}
            parts.append(f"<p>{esc(t('mod_relations', lang))}</p>")
            parts.append(html_table(pd.DataFrame({
                t("mod_col_scale", lang): relations["habit"].map(labels),
                t("mod_col_indicator", lang): relations["indicator"].astype(str),
                t("mod_col_teams", lang): relations["n_teams"].astype(int).astype(str),
                t("mod_col_r", lang): [number(r, lang) if s == "ok" else t("mod_too_few", lang)
                                       for r, s in zip(relations["pearson_r"],
                                                       relations["status"], strict=True)],
                t("mod_col_ci", lang): [interval(lo, hi, lang) for lo, hi in
                                        zip(relations["pearson_ci_low"],
                                            relations["pearson_ci_high"], strict=True)]})))
        return "\n".join(parts)
