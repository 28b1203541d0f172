""""Waar kijken?" (where to look): the first page of the school and board reports.

One page a board member or a school leader can read in two minutes: per school (board report)
or team (school report) and indicator of the shared aspiration, on course or not against its
target; clear changes since the previous wave, up and down; the habits lowest against the
board; response under 75 %; what went well. Every list points to the section with its numbers.

The page shows nothing the rest of the report does not: a hidden team has no line (its scores,
changes and response are left out by the board's analysis and :meth:`team_table`), and a
change or difference is called clear only when its 95% interval says so
(:func:`kit.present.wording.direction`).
"""

from __future__ import annotations

import html as _html
from urllib.parse import quote

import numpy as np
import pandas as pd

from kit.present.formats import html_table, number, percent
from kit.present.text import t
from kit.present.wording import direction

__all__ = ["MAX_LINES", "RESPONSE_FLOOR", "AttentionPage", "section_anchor"]

#: response below this share is listed
RESPONSE_FLOOR = 0.75
#: lines per list on the page; the rest is counted ("en nog 4")
MAX_LINES = 5


def section_anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading with text ``heading`` in the HTML report
    (spaces as dashes, URL-quoted as in ``nbconvert.filters.strings._convert_header_id``).

    >>> section_anchor("5. Gezamenlijk verlangen: zijn we op koers?")
    '5.-Gezamenlijk-verlangen:-zijn-we-op-koers?'
    """
    return quote(heading.replace(" ", "-"), safe="?/:@!$&'()*+,;=")


class AttentionPage:
    """Mixin of :class:`kit.reports.overview._Overview`: the tables and the HTML of the
    "Waar kijken?" page. The units are the board's schools (board report) or the school's
    teams (school report)."""

    #: word keys of the sections the page points to, per report level
    SECTIONS = {
        "board": {"course": "ov_aspiration", "changes": "ov_schools", "low": "ov_schools",
                  "response": "ov_board_teams"},
        "school": {"course": "ov_aspiration_school", "changes": "ov_teams", "low": "ov_teams",
                   "response": "ov_teams"},
    }

    @property
    def _unit_level(self) -> str:
        return "school" if self.level == "board" else "team"

    def _units(self) -> dict:
        return self.school_labels() if self.level == "board" else self.team_labels()

    def _own_label(self) -> str:
        return self.unit_name if self.level == "board" else self.school_name

    def indicator_value(self, indicator_id: str, value: object) -> str:
        """An indicator's value as read: a share as a percentage, other values with two
        decimals in the report's number format; a dash when missing."""
        stat = self.aspiration.indicator(indicator_id).statistic
        if stat.startswith("share"):
            return percent(value, self.lang)
        return number(value, self.lang, 2)

    def course_rows(self) -> pd.DataFrame:
        """Every unit's (and this report's own unit's) indicators against their targets this
        wave.

        Returns
        -------
        DataFrame
            One row per unit and indicator with a value: ``unit`` (id; the report's own school
            or board first), ``unit_label``, ``own`` (True for the report's own unit),
            ``indicator`` (id), ``indicator_label``, ``value``, ``target``, ``on_course``
            (bool). Empty without an aspiration or pupil data.
        """
        cols = ["unit", "unit_label", "own", "indicator", "indicator_label", "value", "target",
                "on_course"]
        ind = self.current_indicators
        if self.aspiration is None or ind.empty:
            return pd.DataFrame(columns=cols)
        now = ind[(ind.period == self.wave) & ind["value"].notna() & ind["target"].notna()]
        own = t("at_whole", self.lang, name=self._own_label())
        units = [(self.level, self.unit, own, True)] + [
            (self._unit_level, u, name, False) for u, name in self._units().items()]
        out = []
        for level, unit, name, own in units:
            g = now[(now.unit_level == level) & (now.unit == unit)]
            for i in self.aspiration.indicators:
                r = g[g.indicator == i.id]
                if r.empty or pd.isna(r["on_course"].iloc[0]):
                    continue
                out.append([unit, name, own, i.id, i.label(self.lang),
                            float(r["value"].iloc[0]), float(r["target"].iloc[0]),
                            bool(r["on_course"].iloc[0])])
        return pd.DataFrame(out, columns=cols)

    def clear_changes(self) -> pd.DataFrame:
        """The units' changes since the previous wave whose interval excludes zero.

        Returns
        -------
        DataFrame
            ``unit`` (id), ``unit_label``, ``habit`` (id), ``habit_label``, ``change``,
            ``ci_low``, ``ci_high``, ``direction`` (``up`` or ``down``), falls first, each
            largest first. Hidden teams have no changes in the board's analysis.
        """
        d = self.analysis.changes
        labels = self._units()
        d = d[(d.level == self._unit_level) & (d.wave == self.wave) & d.unit.isin(labels)]
        d = d.assign(direction=[direction(c, lo, hi) for c, lo, hi in
                                zip(d["change"], d["ci_low"], d["ci_high"], strict=True)])
        d = d[d["direction"] != "none"]
        d = d.assign(unit_label=d["unit"].map(labels),
                     habit_label=[self._label(h) for h in d["habit"]],
                     order=np.where(d["direction"] == "down", d["change"], 10 - d["change"]))
        return d.sort_values("order")[["unit", "unit_label", "habit", "habit_label", "change",
                                       "ci_low", "ci_high", "direction"]] \
            .reset_index(drop=True)

    def against_board(self) -> pd.DataFrame:
        """The units' habit means this wave against the board's.

        Returns
        -------
        DataFrame
            One row per shown unit and habit: ``unit`` (id), ``unit_label``, ``habit`` (id),
            ``habit_label``, ``mean``, ``ci_low``, ``ci_high``, ``board_mean``,
            ``difference`` (mean less the board's), ``direction`` (``up`` when the unit's
            interval lies above the board's mean, ``down`` below, else ``none``); lowest
            difference first. Suppressed units have no rows.
        """
        a = self.aggregates
        now = a[a.wave == self.wave]
        board = now[now.level == "board"].set_index("habit")["mean"]
        labels = self._units()
        g = now[(now.level == self._unit_level) & now.unit.isin(labels) &
                ~now.suppressed.astype(bool) & now["mean"].notna()]
        g = g[g.habit.isin(board.index)]
        bm = g["habit"].map(board).astype(float)
        diff = g["mean"].astype(float) - bm
        out = pd.DataFrame({
            "unit": g["unit"].to_numpy(), "unit_label": g["unit"].map(labels).to_numpy(),
            "habit": g["habit"].to_numpy(), "habit_label": [self._label(h) for h in g["habit"]],
            "mean": g["mean"].to_numpy(float), "ci_low": g["ci_low"].to_numpy(float),
            "ci_high": g["ci_high"].to_numpy(float), "board_mean": bm.to_numpy(float),
            "difference": diff.to_numpy(float)})
        out["direction"] = [direction(d, lo - b, hi - b) for d, lo, hi, b in
                            zip(out["difference"], out["ci_low"], out["ci_high"],
                                out["board_mean"], strict=True)]
        return out.sort_values("difference", kind="stable").reset_index(drop=True)

    def low_response(self) -> pd.DataFrame:
        """The teams with scores (of the board or the school) whose response this wave is
        under :data:`RESPONSE_FLOOR`, as in :meth:`team_table`.

        Returns
        -------
        DataFrame
            ``unit`` (team id), ``unit_label``, ``response_rate``, lowest first. A hidden
            team's response is never listed (it would give its n).
        """
        tt = self.team_table()
        tt = tt[tt["team"] != self.TOGETHER]
        rates = tt.set_index("team")["response_rate"]
        labels = self.team_labels()
        rates = rates[rates.index.isin(labels)].astype(float).dropna()
        low = rates[rates < RESPONSE_FLOOR].sort_values()
        return pd.DataFrame({"unit": low.index.to_numpy(),
                             "unit_label": [labels[u] for u in low.index],
                             "response_rate": low.to_numpy(float)})

    # -- the page --------------------------------------------------------------------------

    def _see(self, part: str) -> str:
        heading = t(self.SECTIONS[self.level][part], self.lang)
        return (f'<p class="kit-see">{_html.escape(t("at_see", self.lang))} '
                f'<a href="#{_html.escape(section_anchor(heading))}">'
                f'{_html.escape(heading)}</a></p>')

    def _list(self, lines: list[str]) -> str:
        shown = lines[:MAX_LINES]
        more = len(lines) - len(shown)
        items = "".join(f"<li>{_html.escape(x)}</li>" for x in shown)
        if more:
            items += f"<li>{_html.escape(t('at_more', self.lang, n=more))}</li>"
        return f'<div class="kit-lines"><ul>{items}</ul></div>'

    def _p(self, text: str) -> str:
        # one block of lines, whether a list or a sentence (tests/disclosure_support.py reads
        # it as one text)
        return f'<div class="kit-lines"><p>{_html.escape(text)}</p></div>'


    def course_table(self) -> pd.DataFrame:
        """The page's first table as read: a row per unit (the report's own unit first), a
        column per indicator headed with its target, cells "ja, 94%" / "nee, 32%" / "–".

        Returns
        -------
        DataFrame
            Presented text: a first column ``School`` (board report) or ``Team`` (school
            report; ``School``/``Team`` in English too), then one per indicator headed
            ``<name> (doel <target>)``. Empty without indicator values.
        """
        rows = self.course_rows()
        if rows.empty:
            return pd.DataFrame()
        inds = [i for i in self.aspiration.indicators if i.id in set(rows["indicator"])]
        head = {i.id: t("at_course_col", self.lang, indicator=i.label(self.lang),
                        target=self.indicator_value(i.id, i.target)) for i in inds}
        out = []
        for _unit, g in rows.groupby("unit", sort=False):
            cells = {r.indicator: t("at_yes" if r.on_course else "at_no", self.lang,
                                    value=self.indicator_value(r.indicator, r.value))
                     for r in g.itertuples()}
            out.append([g["unit_label"].iloc[0], *[cells.get(i.id, "–") for i in inds]])
        first = t("school" if self.level == "board" else "team", self.lang)
        return pd.DataFrame(out, columns=[first, *head.values()])

    def _course_html(self) -> str:
        rows = self.course_rows()
        parts = [f"<h3>{_html.escape(t('at_course_head', self.lang))}</h3>"]
        if rows.empty:
            parts.append(self._p(self.aspiration_notice()))
            return "".join(parts)
        units = rows[~rows["own"]]
        per_unit = units.groupby("unit", sort=False)["on_course"].agg(["all", "size"])
        parts.append(self._p(t("at_course_summary", self.lang, k=int(per_unit["all"].sum()),
                               n=len(per_unit),
                               units=t(f"at_units_{self._unit_level}", self.lang))))
        parts.append(html_table(self.course_table()))
        parts.append(f'<p class="kit-note">{_html.escape(t("at_course_note", self.lang))}</p>')
        return "".join(parts) + self._see("course")

    def _changes_html(self) -> str:
        prev = self.analysis.changes
        prev = prev.loc[prev.wave == self.wave, "previous_wave"]
        head = f"<h3>{_html.escape(t('at_changes_head', self.lang))}</h3>"
        if prev.empty:
            return head + self._p(t("no_previous", self.lang))
        d = self.clear_changes()
        if d.empty:
            return head + self._p(t("at_no_changes", self.lang,
                                    wave=self.wave_label(prev.iloc[0]))) + self._see("changes")
        lines = [t("at_change_line", self.lang, unit=r.unit_label, habit=r.habit_label,
                   words=t(f"wd_change_{r.direction}", self.lang),
                   change=number(r.change, self.lang, 2, signed=True))
                 for r in d.itertuples()]
        return head + self._list(lines) + self._see("changes")

    def _low_html(self) -> str:
        d = self.against_board()
        head = f"<h3>{_html.escape(t('at_low_head', self.lang))}</h3>"
        low = d[d["difference"] < 0].head(MAX_LINES)
        if low.empty:
            return head + self._p(t("at_no_low", self.lang)) + self._see("low")
        lines = [t("at_low_line", self.lang, unit=r.unit_label, habit=r.habit_label,
                   mean=number(r.mean, self.lang, 2), board=number(r.board_mean, self.lang, 2))
                 + (" " + t("at_clearly_lower", self.lang) if r.direction == "down" else "")
                 for r in low.itertuples()]
        return head + self._list(lines) + self._see("low")

    def _response_html(self) -> str:
        d = self.low_response()
        head = f"<h3>{_html.escape(t('at_response_head', self.lang))}</h3>"
        if d.empty:
            return head + self._p(t("at_no_low_response", self.lang,
                                    units=t("at_units_team", self.lang)))
        lines = [f"{r.unit_label}: {percent(r.response_rate, self.lang)}" for r in d.itertuples()]
        return head + self._list(lines) + self._see("response")

    def _well_html(self) -> str:
        head = f"<h3>{_html.escape(t('at_well_head', self.lang))}</h3>"
        lines = []
        rows = self.course_rows()
        if len(rows):
            on = rows[~rows["own"] & rows["on_course"]]
            for i in self.aspiration.indicators:
                g = on[on.indicator == i.id]
                if len(g):
                    lines.append(t("at_on_line", self.lang, indicator=i.label(self.lang),
                                   units=", ".join(g["unit_label"])))
        up = self.clear_changes()
        lines += [t("at_change_line", self.lang, unit=r.unit_label, habit=r.habit_label,
                    words=t("wd_change_up", self.lang),
                    change=number(r.change, self.lang, 2, signed=True))
                  for r in up[up["direction"] == "up"].itertuples()]
        high = self.against_board()
        high = high[high["direction"] == "up"].sort_values("difference", ascending=False)
        lines += [t("at_high_line", self.lang, unit=r.unit_label, habit=r.habit_label,
                    mean=number(r.mean, self.lang, 2), board=number(r.board_mean, self.lang, 2))
                  for r in high.itertuples()]
        if not lines:
            return head + self._p(t("at_no_well", self.lang))
        return head + self._list(lines)

    def attention_html(self) -> str:
        """The "Waar kijken?" page as HTML (headings, lists, one table, links to the
        sections), ending in a page break when printed."""
        body = "".join([self._p(t("at_intro", self.lang, wave=self.wave_label(self.wave))),
                        self._course_html(), self._changes_html(), self._low_html(),
                        self._response_html(), self._well_html()])
        return f'<div class="kit-attention">{body}</div>'
