"""Section 5 of a team report (:class:`TeamRelations`): the relations across the board's teams
that could be computed, each with the team's own place in it, and one sentence on how many
could not be computed and why.

The board's whole grid of relations (every habit against every indicator, also those with too
few teams) stays with :meth:`kit.reports.sections.ReportSections.relations_rows`: the school and
board reports and the dashboard read it. A team report carries what concerns the team.
"""

from __future__ import annotations

import html as _html

import pandas as pd

from kit.present.formats import html_table, notice
from kit.present.text import t
from kit.reports.sections import ReportSections

__all__ = ["TeamRelations"]


class TeamRelations(ReportSections):
    """The relations section of a team's report. Subclasses set ``team``, ``own`` (the team's
    habit rows this wave) and ``suppressed`` (whether the gate hides the team's scores)."""

    def own_relations(self) -> pd.DataFrame:
        """Section 5's table of a team report: only the relations computed across the board's
        teams, with this team's place in each.

        Returns
        -------
        DataFrame
            The rows of :meth:`relations_rows` (compact wording) whose relation was computed:
            ``habit``, ``indicator``, ``habit_label``, ``indicator_label``, ``n_teams``,
            ``status``, ``r``, ``ci_low``, ``ci_high``, ``wording``; and, unless the team's
            scores are hidden, ``own_score`` (the team's mean on the habit) and ``own_value``
            (its value of the indicator, as in its aspiration table), NaN where the gate hides
            it or the team has none. A hidden team gets no columns of its own. Headings of the
            own columns in ``attrs["labels"]``.
        """
        rows = self.relations_rows(compact=True)
        rows = rows[(rows["status"] == "ok") & rows["r"].notna()].reset_index(drop=True)
        if self.suppressed or rows.empty:
            return rows
        own = self.own[~self.own["suppressed"].astype(bool)].set_index("habit")["mean"]
        ind = self.indicator_rows("team", self.team)
        values = ind.set_index("indicator")["value"] if len(ind) else pd.Series(dtype=float)
        rows["own_score"] = rows["habit"].map(own).astype("float64")
        rows["own_value"] = rows["indicator"].map(values).astype("float64")
        rows.attrs["labels"] = {k: t(f"rel_{k}", self.lang) for k in ("own_score", "own_value")}
        return rows

    def relations_not_computed(self) -> str | None:
        """How many of the board's relations (habit x indicator, this wave) could not be
        computed and why, naming the indicators with none at all; None when all were."""
        rows = self.relations_rows()
        bad = (rows["status"] != "ok") | rows["r"].isna()
        if rows.empty or not bad.any():
            return None
        few = bool((rows.loc[bad, "n_teams"] < self.min_teams).all())
        reason = t("rel_reason_few" if few else "rel_reason_flat", self.lang, min=self.min_teams)
        if bad.all():
            return t("rel_none_computed", self.lang, total=len(rows), reason=reason)
        key = "rel_not_computed_one" if bad.sum() == 1 else "rel_not_computed"
        text = t(key, self.lang, n=int(bad.sum()), total=len(rows), reason=reason)
        none = [i.label(self.lang) for i in self.aspiration.indicators
                if i.id in set(rows["indicator"])
                and bad[rows["indicator"] == i.id].all()]
        if none:
            text += " " + t("rel_missing_indicators", self.lang,
                            names=", ".join(f"‘{n}’" for n in none))
        return text

    def own_place_note(self) -> str | None:
        """What the report says of the team's own place in the relations: that a hidden team
        has none, what a dash in its columns means, or which columns are its own; None when no
        relation was computed."""
        rows = self.own_relations()
        if rows.empty:
            return None
        if self.suppressed:
            return t("rel_own_hidden", self.lang)
        note = t("rel_own_note", self.lang)
        if rows[["own_score", "own_value"]].isna().any().any():
            note += " " + t("rel_own_dash", self.lang)
        return note

    def own_relations_html(self) -> str:
        """Section 5 of a team report as HTML: the computed relations with the team's place
        (:meth:`own_relations`, full width), the note on what they mean, the sentence on those
        not computed and the note on the team's place; a notice when none was computed or
        there are none (:meth:`relations_notice`)."""
        rows = self.own_relations()
        missing = self.relations_not_computed()
        if rows.empty:
            return notice(missing if missing and len(self.relations_rows())
                          else self.relations_notice())
        notes = [t("relations_note", self.lang, min=self.min_teams), missing,
                 self.own_place_note()]
        return html_table(self.present(rows), css="kit-table wide") + "".join(
            f'<p class="kit-note">{_html.escape(n)}</p>' for n in notes if n)
