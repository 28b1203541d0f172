"""Row accounting: every input row is accepted or rejected with a reason code.

For every file: ``rows_read == accepted + sum(rejected.values())``. Readers and pipelines
collect rejections in a :class:`Ledger`; :meth:`Ledger.account` checks the sum and returns a
:class:`FileAccount` for the ingest report and the store's ``files`` table. The reason codes
(:data:`REASONS`) are the store's vocabulary (:mod:`kit.store.vocabulary`), re-exported here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..store.vocabulary import REASONS

__all__ = ["REASONS", "FileAccount", "Ledger", "REJECTION_COLUMNS"]

REJECTION_COLUMNS = ["file", "row", "reason", "column", "detail"]


@dataclass
class FileAccount:
    """The accounting of one input file."""

    file: str
    sha256: str
    kind: str          # "survey", "observations", "tests", "roster"
    format: str        # detected tool / layout
    rows_read: int
    accepted: int
    rejected: dict[str, int] = field(default_factory=dict)
    respondents_per_team: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: accepted rows kept with a reason, ``"<column>:<code>"`` -> count: a test not taken
    #: (``not_taken:absent``) or a result linked to no team (``unlinked:no_group``); codes
    #: from :data:`~kit.store.vocabulary.NOT_TAKEN` and :data:`~kit.store.vocabulary.UNLINKED`
    kept: dict[str, int] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        """Whether rows read equals accepted plus rejected."""
        return self.rows_read == self.accepted + sum(self.rejected.values())

    def as_dict(self) -> dict:
        """A JSON-friendly dict (the ``--json`` report's per-file entry)."""
        return {
            "file": self.file, "sha256": self.sha256, "kind": self.kind, "format": self.format,
            "rows_read": self.rows_read, "accepted": self.accepted,
            "rejected": dict(sorted(self.rejected.items())),
            "respondents_per_team": dict(sorted(self.respondents_per_team.items())),
            "notes": list(self.notes),
            "kept": dict(sorted(self.kept.items())),
        }

    def keep(self, column: str, code: str, n: int = 1) -> None:
        """Count ``n`` accepted rows kept with reason ``code`` in ``column`` (negative ``n``:
        rows whose reason was resolved later, e.g. a group found in the observations)."""
        k = f"{column}:{code}"
        self.kept[k] = self.kept.get(k, 0) + n
        if self.kept[k] <= 0:
            del self.kept[k]


class Ledger:
    """Collects the rejections of one file.

    Examples
    --------
    >>> led = Ledger("a.csv")
    >>> led.reject(5, "preview")
    >>> led.reject(7, "unknown_team", column="Team", detail="unknown team answer")
    >>> acc = led.account(sha256="", kind="survey", fmt="qualtrics", rows_read=10, accepted=8)
    >>> acc.balanced, acc.rejected
    (True, {'preview': 1, 'unknown_team': 1})
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.rows: list[dict] = []

    def reject(self, row: int, reason: str, *, column: str | None = None,
               detail: str | None = None) -> None:
        """Record that ``row`` (the line a person sees) was rejected for ``reason``.

        ``detail`` is the kit's own words (why, what was expected), never the text of a cell:
        a cell may hold a name, an e-mail address or a phone number, and the log is stored.
        """
        if reason not in REASONS:
            raise KeyError(f"unknown rejection reason {reason!r}")
        self.rows.append({"file": self.file, "row": int(row), "reason": reason,
                          "column": column, "detail": detail})

    def reject_rows(self, rows: list[int], reasons: list[str], columns: list,
                    details: list) -> None:
        """Record many rejections at once (a reader that works on columns): one per row, in
        the order given, with the same rules as :meth:`reject`."""
        unknown = set(reasons) - set(REASONS)
        if unknown:
            raise KeyError(f"unknown rejection reason(s) {sorted(unknown)!r}")
        self.rows.extend({"file": self.file, "row": int(r), "reason": why, "column": col,
                          "detail": det}
                         for r, why, col, det in zip(rows, reasons, columns, details,
                                                     strict=True))

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        """The rejections as a DataFrame with :data:`REJECTION_COLUMNS`."""
        df = pd.DataFrame(self.rows, columns=REJECTION_COLUMNS)
        df["row"] = df["row"].astype("int64")
        return df

    def account(self, *, sha256: str, kind: str, fmt: str, rows_read: int,
                accepted: int) -> FileAccount:
        """Build the :class:`FileAccount`; raises ``RuntimeError`` if rows went missing."""
        counts = Counter(r["reason"] for r in self.rows)
        acc = FileAccount(self.file, sha256, kind, fmt, rows_read, accepted,
                          dict(sorted(counts.items())))
        if not acc.balanced:
            raise RuntimeError(
                f"row accounting does not add up for {self.file}: read {rows_read}, "
                f"accepted {accepted}, rejected {sum(counts.values())} (a bug in the kit)")
        return acc
