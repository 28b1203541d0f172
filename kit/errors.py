"""The kit's exceptions: one root, configuration kept apart from data.

Every error the kit raises on purpose derives from :class:`KitError`. The command line turns a
``KitError`` into one readable message and exit code 2; anything else is a bug in the kit.

* :class:`ConfigError` - a file the user wrote to steer the kit (instrument, organisation,
  mapping, aspiration, batch) is malformed.
* :class:`InputError` - a data file (an export) cannot be read or does not have the expected shape.
* :class:`ArgumentError` - a function was called with an argument of the wrong kind or value.
* :class:`PrivacyError` - an operation would break the privacy rules (e.g. no pseudonym key).
* :class:`StoreError` - a store is missing, incomplete or from an incompatible kit version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ArgumentError",
    "ConfigError",
    "InputError",
    "KitError",
    "Location",
    "PrivacyError",
    "ReportError",
    "StoreError",
]


@dataclass(frozen=True)
class Location:
    """Where in a file a problem is: file, 1-based row (as a spreadsheet shows it), column."""

    file: str | Path | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


class KitError(Exception):
    """Root of every error the kit raises on purpose.

    Parameters
    ----------
    problem : str
        What is wrong, in one sentence.
    where : Location, optional
        The file, row and column concerned.
    expected : str, optional
        What the kit expected to find.
    fix : str, optional
        How the user can fix it.
    """

    kind = "error"

    def __init__(
        self,
        problem: str,
        *,
        where: Location | None = None,
        expected: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.where = where
        self.expected = expected
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The whole message on one line: where, what, what was expected, how to fix it."""
        text = f"{self.where}: {self.problem}" if self.where and str(self.where) else self.problem
        if self.expected:
            text += f" (expected {self.expected})"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


class ConfigError(KitError):
    """A configuration file written by the user is malformed."""

    kind = "configuration error"


class InputError(KitError):
    """A data file cannot be read or has not the expected shape."""

    kind = "input error"


class ArgumentError(KitError, ValueError):
    """A function received an argument of the wrong kind or value."""

    kind = "argument error"


class PrivacyError(KitError):
    """An operation would break the privacy rules."""

    kind = "privacy error"


class StoreError(KitError):
    """A store is missing, incomplete or written by an incompatible kit version."""

    kind = "store error"


class ReportError(KitError):
    """A report notebook failed while it ran (papermill's ``PapermillExecutionError``).

    Carries its facts as attributes, as papermill's own exception does, so that a batch's
    status table needs no parsing of the message.

    Parameters
    ----------
    problem : str
        The one-line message.
    cell_index : int
        The failing cell (0-based, as papermill counts).
    ename, evalue : str
        The Python error's name and first line of its value.
    notebook : pathlib.Path
        The executed notebook kept for inspection (``NAME.failed.ipynb``).
    """

    kind = "report error"

    def __init__(self, problem: str, *, cell_index: int, ename: str, evalue: str,
                 notebook, fix: str | None = None) -> None:
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue
        self.notebook = notebook
        super().__init__(problem, fix=fix)

    def __reduce__(self):        # picklable across process pools (attributes are keywords)
        return (_rebuild_report_error, (self.problem, self.cell_index, self.ename,
                                        self.evalue, self.notebook, self.fix))


def _rebuild_report_error(problem, cell_index, ename, evalue, notebook, fix):
    return ReportError(problem, cell_index=cell_index, ename=ename, evalue=evalue,
                       notebook=notebook, fix=fix)
