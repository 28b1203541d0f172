"""Shared machinery of the survey-format readers: column roles, records, dates, checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable

from ...errors import InputError
from ...textnorm import normalise
from ..base import QuestionColumn, Record, SourceOptions, SurveyExport
from ..dates import parse_timestamp
from ..surveytable import build_columns  # noqa: F401  (re-exported to the readers)
from ..table import RawTable, cell_text  # noqa: F401  (re-exported to the readers)

_CODE = re.compile(r"^(?:[A-Za-z]{1,3}\d{1,3}|-?\d+(?:[.,]\d+)?)$")
DATE_FIELDS = ("started_at", "submitted_at")


def find_meta(header: list[str], names: dict[str, str]) -> dict[int, str]:
    """Column index -> meta field, for headers whose normalised text is in ``names``."""
    table = {normalise(k): v for k, v in names.items()}
    out = {}
    for i, h in enumerate(header):
        f = table.get(normalise(h))
        if f is not None and (f.startswith("_") or f not in out.values()):
            out[i] = f
    return out


def require_data(table: RawTable, first_data: int, tool: str) -> None:
    """A header without responses is an error."""
    if len(table.rows) <= first_data:
        raise InputError(
            "the file has a header but no responses",
            where=table.where(len(table.rows) - 1),
            expected=f"a {tool} export with at least one response",
            fix="export again after responses have come in, or leave the file out")


def codes_or_labels(cells) -> str:
    """``codes`` when most of the non-blank ``cells`` look like codes or numbers, else
    ``labels``."""
    n = codes = 0
    for v in cells:
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        n += 1
        if isinstance(v, (int, float)) or _CODE.match(str(v).strip()):
            codes += 1
    return "codes" if n and codes / n > 0.5 else "labels"


def guess_answer_format(table: RawTable, first_data: int, cols: list[QuestionColumn]) -> str:
    """``codes`` when most answer cells of the first 200 rows look like codes or numbers, else
    ``labels``."""
    return codes_or_labels(row[c.index] if c.index < len(row) else None
                           for row in table.rows[first_data:first_data + 200] for c in cols)


def build_export(tool: str, table: RawTable, *, header_rows: int, width: int,
                 meta: dict[int, str], columns: list[QuestionColumn], options: SourceOptions,
                 date_order: str | None, skip: set[int] = frozenset(),
                 exclude: Callable[[dict], str | None] | None = None,
                 tz_of: dict[str, str] | None = None) -> SurveyExport:
    """Turn the data rows into :class:`Record` objects.

    ``meta`` maps column index -> META field (``_drop`` for columns to forget);
    ``skip`` are columns that are neither (quiz points, ...). ``exclude(meta)`` gives an
    exclusion reason from the parsed metadata.
    """
    require_data(table, header_rows, tool)
    records, stamps = [], {}       # a time cell's reading, once per distinct cell and field
    for k in range(header_rows, len(table.rows)):
        row = table.rows[k]
        rec = Record(index=k, line=table.lines[k])
        extra = row[width:]
        if any(v is not None and str(v).strip() for v in extra):
            rec.meta["_ragged"] = True
        for i, field in meta.items():
            if field == "_drop":
                continue
            v = row[i] if i < len(row) else None
            if field in DATE_FIELDS:
                k = (field, type(v), v if isinstance(v, Hashable) else str(v))
                if k not in stamps:
                    try:
                        tz = (tz_of or {}).get(field, options.timezone)
                        stamps[k] = parse_timestamp(v, tz=tz, order=options.date_order,
                                                    default_order=date_order or "dmy"), None
                    except (ValueError, KeyError):  # KeyError: unknown zone name
                        stamps[k] = None, cell_text(v)[:40]
                v, bad = stamps[k]
                if bad is not None:
                    rec.meta["_bad_date"] = bad
            elif isinstance(v, str):
                v = v.strip() or None
            rec.meta[field] = v
        for c in columns:
            rec.answers[c.key] = row[c.index] if c.index < len(row) else None
        if exclude is not None:
            rec.exclude = exclude(rec.meta)
        records.append(rec)
    fmt = guess_answer_format(table, header_rows, columns)
    return SurveyExport(tool, table, header_rows, columns, records, fmt)


def truthy(v: object) -> bool | None:
    """1/0, True/False, Waar/Onwaar, yes/no -> bool; None when blank or unknown."""
    if v is None:
        return None
    s = normalise(v)
    if s in {"1", "1.0", "true", "waar", "yes", "ja"}:
        return True
    if s in {"0", "0.0", "false", "onwaar", "no", "nee"}:
        return False
    return None


def join_names(export) -> None:
    """A participant's first name (meta field ``_first``) and last name (``name``) as one
    ``name``, to scrub free text: on each record of an export read by rows, or on the distinct
    cells of one held by columns."""
    from ..surveytable import ColumnExport, Distinct, combined
    if isinstance(export, ColumnExport):
        meta = export.meta
        if "_first" in meta:
            last = meta.get("name") or Distinct([None], meta["_first"].codes * 0)
            meta["name"] = combined([meta.pop("_first"), last], _name)
        return
    for rec in export.records:
        if "_first" in rec.meta:
            rec.meta["name"] = _name(rec.meta.pop("_first"), rec.meta.get("name"))


def _name(first: object, last: object) -> object:
    """A first and a last name as one."""
    return f"{first} {last or ''}".strip() if first else last
