"""Response scales: ordered answer options with labels in both languages, synonyms, and the
labels that mean "no answer"; :meth:`Scale.value_of` maps any answer label to its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..textnorm import normalise

__all__ = ["Scale", "ScaleOption"]


@dataclass(frozen=True)
class ScaleOption:
    """One answer option of a response scale."""

    value: int
    nl: str
    en: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str = "nl") -> str:
        """The option's label in ``lang`` ('nl' or 'en')."""
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class Scale:
    """A response scale: ordered options with labels, synonyms and the labels that mean missing."""

    id: str
    name: dict
    min: int
    max: int
    options: tuple[ScaleOption, ...]
    missing: tuple[str, ...] = ()

    @property
    def n_options(self) -> int:
        """Number of answer options (A in rwg's expected variance (A^2 - 1) / 12)."""
        return len(self.options)

    @cached_property
    def _lookup(self) -> dict[str, int]:
        table: dict[str, int] = {}
        for opt in self.options:
            for text in (opt.nl, opt.en, *opt.synonyms):
                table[normalise(text)] = opt.value
        return table

    @cached_property
    def _missing(self) -> frozenset[str]:
        return frozenset(normalise(m) for m in self.missing)

    def value_of(self, label: object) -> int | None:
        """Map an answer label (any language, synonym, or numeric code) to its value.

        Returns ``None`` for a blank answer or a label that means "not applicable";
        raises ``KeyError`` for a label the scale does not know.
        """
        if label is None:
            return None
        if isinstance(label, (int, float)) and not isinstance(label, bool):
            if label != label:  # NaN
                return None
            if float(label).is_integer() and self.min <= label <= self.max:
                return int(label)
            raise KeyError(label)
        key = normalise(label)
        if key == "":
            return None
        if key in self._lookup:
            return self._lookup[key]
        if key in self._missing:
            return None
        # "4 - Mee eens", "4 = mee eens" and bare numbers
        m = re.match(r"^(-?\d+)(?:[.,]0+)?(?:\s*[-=:.)]\s*(.*))?$", key)
        if m:
            value = int(m.group(1))
            rest = m.group(2)
            if self.min <= value <= self.max and (not rest or self._lookup.get(rest) == value):
                return value
        raise KeyError(label)

    def is_known(self, label: object) -> bool:
        """Whether :meth:`value_of` accepts ``label``."""
        try:
            self.value_of(label)
        except KeyError:
            return False
        return True

    def labels(self, lang: str = "nl") -> list[str]:
        """The option labels in scale order."""
        return [o.label(lang) for o in self.options]
