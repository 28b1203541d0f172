"""Number formats and the HTML pieces every report and the dashboard share.

One place for how a number, an interval, a hidden count or a table looks to a reader: tables
are escaped cell by cell (a survey answer holding ``<script>`` shows as text), numbers are
right-aligned, a missing value is a dash, and the respondents of a hidden unit are counted in
words ("minder dan 5"), never as a number.
"""

from __future__ import annotations

import html as _html
import re

import numpy as np
import pandas as pd

from kit.present.text import t

__all__ = ["ci_text", "html_table", "interval", "notice", "number", "percent", "present",
           "shown_n"]


_NUMERIC = re.compile(r"^[-+]?\d[\d.,]*%?$")


def _is_num(v: object) -> bool:
    """Whether a cell is a number (or a number as text: right-aligned)."""
    if isinstance(v, str):
        return bool(_NUMERIC.match(v))
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def html_table(df: pd.DataFrame, *, digits: int = 2, css: str = "kit-table") -> str:
    """A DataFrame as an escaped HTML table with the kit's style (``css``: its classes).

    Meant for a frame passed through :func:`present` (every cell text in the reader's
    language); a number left in the frame is written with a point and ``digits`` decimals.
    Numbers (also as text) are right-aligned; a missing value is a dash.
    """
    def fmt(v: object) -> str:
        if v is None or v is pd.NA or (isinstance(v, (float, np.floating)) and np.isnan(v)):
            return "–"
        if isinstance(v, (float, np.floating)):
            return f"{v:.{digits}f}"
        return _html.escape(str(v))

    def cell(v: object) -> str:
        # numbers right-aligned; short texts ("Najaar 2025", "3,34 – 4,20") kept on one line
        cls = "num" if _is_num(v) else "nw" if len(str(v)) <= 16 else ""
        return f'<td class="{cls}">{fmt(v)}</td>' if cls else f"<td>{fmt(v)}</td>"

    def dash(v: object) -> bool:
        return v is None or v is pd.NA or (isinstance(v, str) and v == "–") or (
            isinstance(v, (float, np.floating)) and np.isnan(v))

    num_cols = [len(df) > 0 and all(_is_num(v) or dash(v) for v in df[c])
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
    if suppression == "at_least":
        return t("n_at_least", lang, threshold=threshold)
    return t("n_hidden", lang)


def ci_text(lo: float, hi: float, *, signed: bool = False, lang: str = "en") -> str:
    """An interval as text (:func:`interval`; a point unless ``lang`` says otherwise).

    >>> ci_text(0.1234, 0.5), ci_text(float("nan"), 1.0), ci_text(-0.2, 0.1, signed=True)
    ('0.12 – 0.50', '–', '-0.20 – +0.10')
    """
    return interval(lo, hi, lang, signed=signed)


def percent(v: object, lang: str = "nl") -> str:
    """A share as a whole percentage, a dash when missing (the same in both languages).

    >>> percent(0.833), percent(float("nan"))
    ('83%', '–')
    """
    return f"{v:.0%}" if v is not None and pd.notna(v) else "–"


#: columns present() uses to word other columns and never shows
_CONSUMED = ("suppression", "suppressed", "status")


def number(v: object, lang: str = "nl", digits: int = 2, *, signed: bool = False) -> str:
    """A number as a reader of ``lang`` writes it: a decimal comma in Dutch, a point in
    English; a dash when missing.

    >>> number(3.456, "nl"), number(3.456, "en", 1), number(-0.2, "nl", signed=True)
    ('3,46', '3.5', '-0,20')
    >>> number(float("nan")), number(12, "nl"), number(0.0, "en", signed=True)
    ('–', '12', '+0.00')
    """
    if v is None or v is pd.NA or (isinstance(v, (float, np.floating)) and np.isnan(v)):
        return "–"
    if isinstance(v, (bool, np.bool_)):
        return str(v)
    if isinstance(v, (int, np.integer)):
        return f"{int(v):+d}" if signed else str(int(v))
    text = f"{float(v):+.{digits}f}" if signed else f"{float(v):.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def interval(lo: object, hi: object, lang: str = "nl", digits: int = 2, *,
             signed: bool = False) -> str:
    """An interval as text in ``lang``'s number format; a dash when either end is missing.

    >>> interval(0.1234, 0.5, "nl"), interval(-0.2, 0.1, "en", signed=True)
    ('0,12 – 0,50', '-0.20 – +0.10')
    """
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return "–"
    return (f"{number(lo, lang, digits, signed=signed)} – "
            f"{number(hi, lang, digits, signed=signed)}")


def present(frame: pd.DataFrame, lang: str = "nl", *, threshold: int | None = None,
            digits: dict | int = 2, percent_cols: tuple = ("response_rate",),
            signed_cols: tuple = ("change",), hide: tuple = ()) -> pd.DataFrame:
    """A tidy frame as a reader sees it: headings, words and numbers in ``lang``.

    The one step from the numbers the reports compute to the tables people read. Columns are
    recognised by their English names:

    - ``X_label`` is shown in place of ``X`` (ids stay in the tidy frame, names are shown);
    - ``n`` with a ``suppression`` column: a hidden unit's count in words ("minder dan 5",
      "verborgen", "minstens 5"), never a number;
    - ``ci_low`` and ``ci_high``: one interval column (signed when the frame has a change);
    - ``response_rate`` (and ``percent_cols``): a whole percentage;
    - ``on_course`` and other yes/no columns: ja/nee; ``reason``: a text key of
      :mod:`kit.present.text` worded (with the threshold);
    - other numbers: ``digits`` decimals (an int, or per column), a decimal comma in Dutch;
      a missing value is a dash;
    - ``suppression``, ``suppressed``, ``status`` and ``hide`` are not shown.

    Headings come from :data:`kit.present.columns.COLUMNS`; a column not listed there keeps
    its name unless ``frame.attrs["labels"]`` names it (a unit id -> its display name).

    Parameters
    ----------
    frame : DataFrame
        A tidy frame of a report (English column names, numbers).
    lang : {"nl", "en"}
    threshold : int, optional
        The privacy threshold the words for a hidden count name (default: the kit's).

    Returns
    -------
    DataFrame
        Every cell a string, in the tidy frame's order, each column headed in ``lang``
        (``habit`` -> ``Gewoonte``/``Habit``, ``ci_low`` and ``ci_high`` -> one
        ``95%-interval``/``95% interval``, ...); the consumed columns left out.
    """
    from kit.analysis.privacy import DEFAULT_THRESHOLD
    from kit.present.columns import COLUMNS
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    heads = {**COLUMNS[lang], **frame.attrs.get("labels", {})}
    cols = list(frame.columns)
    why = frame["suppression"] if "suppression" in frame else None
    signed = any(c in frame for c in signed_cols)
    out: list[tuple[str, list]] = []

    def places(col: str) -> int:
        return digits.get(col, 2) if isinstance(digits, dict) else digits

    for col in cols:
        if col in _CONSUMED or col in hide or col == "ci_high" or (
                col.endswith("_label") and col[:-6] in frame):
            continue
        src = frame[f"{col}_label"] if f"{col}_label" in frame else frame[col]
        if col == "ci_low" and "ci_high" in frame:
            values = [interval(lo, hi, lang, places(col), signed=signed)
                      for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)]
            out.append((heads["ci"], values))
            continue
        if col == "n" and why is not None:
            values = [str(shown_n(n, w, lang, threshold)) for n, w in zip(src, why, strict=True)]
        elif col in percent_cols:
            values = [percent(v, lang) for v in src]
        elif col == "reason":
            values = [t(v, lang, threshold=threshold) if isinstance(v, str) and v else ""
                      for v in src]
        else:
            values = [_cell(v, lang, places(col), col in signed_cols) for v in src]
        key = col[:-6] if col.endswith("_label") and col not in heads else col
        out.append((str(heads.get(key, col)), values))
    shown = pd.DataFrame({k: v for k, (_, v) in enumerate(out)}, index=range(len(frame)),
                         dtype=object)
    shown.columns = [h for h, _ in out]
    return shown


def _cell(v: object, lang: str, digits: int, signed: bool) -> str:
    if isinstance(v, (bool, np.bool_)):
        from kit.present.columns import COLUMNS
        return COLUMNS[lang]["yes" if v else "no"]
    if isinstance(v, (int, float, np.integer, np.floating)) or v is None or v is pd.NA:
        return number(v, lang, digits, signed=signed)
    return str(v)
