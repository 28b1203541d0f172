"""Normalising text so that survey headers and labels match the instrument.

Survey authors retype items: typographic quotes become straight ones, spacing changes,
capitals change, a PDF's hyphenation sneaks in. :func:`normalise` folds all of that so that
two spellings of the same statement compare equal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "strip_bullets"]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_SPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[\u2022\u2023\u25e6\u2043\u2219*\-]|\d+[.)])\s+")


def normalise(text: object) -> str:
    """Fold a statement or label for comparison.

    NFC, typographic quotes and dashes to ASCII, whitespace collapsed, stripped, casefolded.
    Trailing bullet characters and surrounding quotes are removed.

    Examples
    --------
    >>> normalise("  Ik ben rolmodel in \u2018op leren gericht zijn\u2019  ")
    "ik ben rolmodel in 'op leren gericht zijn'"
    >>> normalise("Neutraal /  geen mening") == normalise("neutraal / geen mening")
    True
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text)).translate(_QUOTES)
    s = _SPACE.sub(" ", s).strip().strip("\u2022").strip()
    return s.casefold()


def strip_bullets(text: str) -> str:
    """Remove a leading list marker ("- ", "* ", "1. ", a bullet) from a statement.

    Examples
    --------
    >>> strip_bullets("\u2022 Ik luister vanuit willen begrijpen.")
    'Ik luister vanuit willen begrijpen.'
    """
    return _BULLET.sub("", text)
