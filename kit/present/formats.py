"""Number formats and the HTML pieces every report and the dashboard share.

One place for how a number, an interval, a hidden count or a table looks to a reader: tables
are escaped cell by cell (a survey answer holding ``<script>`` shows as text), numbers are
right-aligned, a missing value is a dash, and the respondents of a hidden unit are counted in
words ("minder dan 5"), never as a number.
"""

from __future__ import annotations

import html as _html

import numpy as np
import pandas as pd

from kit.present.text import t

__all__ = ["change_table", "ci_text", "html_table", "notice", "percent", "shown_n"]


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


def percent(v: object) -> str:
    """A share as a whole percentage, a dash when missing.

    >>> percent(0.833), percent(float("nan"))
    ('83%', '–')
    """
    return f"{v:.0%}" if v is not None and pd.notna(v) else "–"


def change_table(changes: pd.DataFrame, lang: str, label) -> pd.DataFrame:
    """Changes since the previous wave as a reader sees them.

    Parameters
    ----------
    changes : DataFrame
        Rows of :func:`kit.analysis.teams.change` for one unit and wave: ``habit``,
        ``change``, ``ci_low``, ``ci_high``.
    lang : {"nl", "en"}
    label : callable
        Habit id -> its name in ``lang``.

    Returns
    -------
    DataFrame
        Columns (Dutch headings; English with ``lang="en"``): ``Gewoonte`` (Habit),
        ``Verandering`` (Change), ``95%-interval`` (95% interval; signed text).
    """
    from kit.present.columns import COLUMNS
    c = COLUMNS[lang]
    return pd.DataFrame({c["habit"]: [label(h) for h in changes["habit"]],
                         c["change"]: changes["change"].to_numpy(),
                         c["ci"]: [ci_text(lo, hi, signed=True) for lo, hi in
                                   zip(changes["ci_low"], changes["ci_high"], strict=True)]})
