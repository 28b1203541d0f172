"""pandera schemas of the store's tables, checked on write (and on reading a table the kit did
not write as it is, see :mod:`kit.store.reading`).

One schema per table; the column names are the kit's tidy vocabulary (see DESIGN.md). Strings are
pandas' ``str`` dtype; nullable integers ``Int64``; timestamps timezone-aware UTC.
:data:`DESCRIPTIONS` says what a row of each table is; :func:`describe` renders a table's
description with its columns (the documentation of the :class:`~kit.store.Store` attributes).
"""

from __future__ import annotations

import pandera.pandas as pa

from .vocabulary import FILE_KINDS, NOT_TAKEN, REASONS, UNLINKED

__all__ = ["DESCRIPTIONS", "OPTIONAL_COLUMNS", "OPTIONAL_TABLES", "SCHEMAS", "TABLES",
           "describe"]

_STR = "str"
_TS = "datetime64[us, UTC]"
_DATE = "datetime64[us]"


def _col(dtype: object, *, nullable: bool = False, checks=None, unique: bool = False) -> pa.Column:
    return pa.Column(dtype, nullable=nullable, checks=checks, unique=unique, coerce=True,
                     metadata={"dtype": str(dtype)})


def _schema(name: str, columns: dict, *, unique: list[str] | None = None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, name=name, strict=True, ordered=False, unique=unique,
                              coerce=True)


_ID = pa.Check.str_length(min_value=1)
_NONNEG = pa.Check.ge(0)

def _measured(*, unlinked: bool = False) -> dict:
    """The columns a pupil's measurement (an observation or a test result) starts with;
    ``unlinked``: group and team may be missing (a test result whose group at the test date
    is not known, kept with the reason in ``unlinked``)."""
    return {"pupil_id": _col(_STR, checks=_ID), "school": _col(_STR),
            "group": _col(_STR, nullable=unlinked),
            "jaargroep": _col("Int64", nullable=True), "team": _col(_STR, nullable=unlinked),
            "date": _col(_DATE, nullable=True), "school_year": _col(_STR, nullable=True)}


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "respondents": _schema("respondents", {
        "respondent_id": _col(_STR, checks=_ID),
        "board": _col(_STR),
        "school": _col(_STR),
        "team": _col(_STR),
        "role": _col(_STR, nullable=True),
        "wave": _col(_STR),
        "submitted_at": _col(_TS, nullable=True),
        "tool": _col(_STR),
        "source_file": _col(_STR),
        "source_row": _col("int64", checks=pa.Check.ge(1)),
        "n_answered": _col("int64", checks=_NONNEG),
    }, unique=["respondent_id", "wave"]),
    "answers": _schema("answers", {
        "respondent_id": _col(_STR, checks=_ID),
        "wave": _col(_STR),
        "item": _col(_STR),
        "value": _col("float64", nullable=True),
    }, unique=["respondent_id", "wave", "item"]),
    "pupils": _schema("pupils", {
        "pupil_id": _col(_STR, checks=_ID),
        "school_year": _col(_STR, nullable=True),
        "school": _col(_STR),
        "group": _col(_STR),
        "jaargroep": _col("Int64", nullable=True, checks=pa.Check.in_range(0, 8)),
        "team": _col(_STR),
    }),
    "observations": _schema("observations", {
        **_measured(),
        "indicator": _col(_STR),
        "value": _col("float64"),
        "source_file": _col(_STR),
        "source_row": _col("int64"),
    }),
    "tests": _schema("tests", {
        **_measured(unlinked=True),
        "moment": _col(_STR, nullable=True, checks=pa.Check.isin(["B", "M", "E"])),
        "moment_jaargroep": _col("Int64", nullable=True),
        "domain": _col(_STR),
        "supplier": _col(_STR, nullable=True),
        "score": _col("float64", nullable=True),
        "level": _col(_STR, nullable=True),
        "level_system": _col(_STR, nullable=True, checks=pa.Check.isin(["I-V", "A-E"])),
        "percentile": _col("float64", nullable=True, checks=pa.Check.in_range(0, 100)),
        "referentieniveau": _col(_STR, nullable=True,
                                 checks=pa.Check.isin(["<1F", "1F", "2F", "1S"])),
        "source_file": _col(_STR),
        "source_row": _col("int64"),
        # why a kept result has no score, or no group and team (NA: taken, linked)
        "not_taken": _col(_STR, nullable=True, checks=pa.Check.isin(sorted(NOT_TAKEN))),
        "unlinked": _col(_STR, nullable=True, checks=pa.Check.isin(sorted(UNLINKED))),
    }),
    "files": _schema("files", {
        "file": _col(_STR),
        "sha256": _col(_STR),
        "kind": _col(_STR, checks=pa.Check.isin(list(FILE_KINDS))),
        "format": _col(_STR),
        "rows_read": _col("int64", checks=_NONNEG),
        "accepted": _col("int64", checks=_NONNEG),
        "rejected": _col("int64", checks=_NONNEG),
        "rejected_by_reason": _col(_STR),
        # accepted rows kept with a reason (JSON, FileAccount.kept); NA in older stores
        "kept_by_reason": _col(_STR, nullable=True),
    }),
    "rejections": _schema("rejections", {
        "file": _col(_STR),
        "row": _col("int64"),
        "reason": _col(_STR, checks=pa.Check.isin(sorted(REASONS))),
        "column": _col(_STR, nullable=True),
        "detail": _col(_STR, nullable=True),
    }),
    "teams": _schema("teams", {
        "board": _col(_STR),
        "school": _col(_STR),
        "school_name": _col(_STR),
        "team": _col(_STR),
        "team_name": _col(_STR),
        "wave": _col(_STR, nullable=True),
        "size": _col("Int64", nullable=True, checks=_NONNEG),
        "groups": _col(_STR),
    }, unique=["team", "wave"]),
    "waves": _schema("waves", {
        "wave": _col(_STR, unique=True),
        "start": _col(_DATE, nullable=True),
        "end": _col(_DATE, nullable=True),
        "label_nl": _col(_STR),
        "label_en": _col(_STR),
        "order": _col("int64"),
    }),
    "items": _schema("items", {
        "item": _col(_STR, unique=True),
        "habit": _col(_STR),
        "text": _col(_STR),
        "reverse": _col("bool"),
        "oecd": _col(_STR, nullable=True),
        "disciplines": _col(_STR),
        "position": _col("int64"),
    }),
    # opt-in only (``free_text: true`` / ``kit ingest --free-text``); scrubbed at ingest
    "free_text": _schema("free_text", {
        "respondent_id": _col(_STR, checks=_ID),
        "wave": _col(_STR),
        "board": _col(_STR),
        "school": _col(_STR),
        "team": _col(_STR),
        "question": _col(_STR, checks=_ID),
        "text": _col(_STR, checks=_ID),
    }, unique=["respondent_id", "wave", "question"]),
}

#: table names in the order they are written
TABLES = tuple(SCHEMAS)

#: tables added after store format 1 was fixed: a store written before them opens with the
#: table empty
OPTIONAL_TABLES = ("free_text",)

#: columns added to a table after store format 1 was fixed: a store written before them reads
#: with the column empty (NA)
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"tests": ("not_taken", "unlinked"),
                                                 "files": ("kept_by_reason",)}

#: what one row of each table is (the first line of the table attribute's documentation)
DESCRIPTIONS: dict[str, str] = {
    "respondents": "one row per accepted survey respondent and wave (pseudonymised)",
    "answers": "one row per respondent, wave and item; value NaN when not answered",
    "pupils": "one row per pupil, school year and group (pseudonymised)",
    "observations": "one row per observation of a pupil on an indicator (e.g. ZIEN!)",
    "tests": "one row per test result of a pupil (domain, moment, score, level); a test not "
             "taken is kept with its reason (not_taken), a result whose group at the test "
             "date is unknown without group and team (unlinked)",
    "files": "one row per input file: its format and row accounting (rows kept with a "
             "reason among the accepted ones in kept_by_reason)",
    "rejections": "one row per rejected input row, with its reason code",
    "teams": "one row per team and wave: school, names, size, groups taught",
    "waves": "one row per survey wave, with its dates and labels",
    "items": "one row per item of the instrument the answers were read with",
    "free_text": "open answers, scrubbed; only when asked for at ingest (else empty)",
}


def describe(table: str) -> str:
    """The documentation of ``table``: what a row is, then its columns with their dtypes.

    Examples
    --------
    >>> print(describe("answers"))
    answers (pandas.DataFrame): one row per respondent, wave and item; value NaN when not answered
    <BLANKLINE>
    Columns:
        respondent_id : str
        wave : str
        item : str
        value : float64, nullable
    Unique together: respondent_id, wave, item.
    """
    schema = SCHEMAS[table]
    lines = [f"{table} (pandas.DataFrame): {DESCRIPTIONS[table]}", "", "Columns:"]
    for name, col in schema.columns.items():
        flags = [col.metadata["dtype"]] + ["nullable"] * col.nullable + ["unique"] * col.unique
        lines.append(f"    {name} : {', '.join(flags)}")
    if schema.unique:
        lines.append(f"Unique together: {', '.join(schema.unique)}.")
    return "\n".join(lines)
