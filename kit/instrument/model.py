"""The instrument's parts: items (statements), habits and the instrument that holds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..textnorm import normalise
from .scale import Scale

__all__ = ["Habit", "Instrument", "Item"]


@dataclass(frozen=True)
class Item:
    """One statement of the instrument."""

    id: str
    habit: str
    nl: str
    en: str
    reverse: bool = False
    oecd: str | None = None
    disciplines: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def text(self, lang: str = "nl") -> str:
        """The statement in ``lang``."""
        return self.en if lang == "en" else self.nl


@dataclass(frozen=True)
class Habit:
    """A learning habit with its items."""

    id: str
    name: dict
    disciplines: tuple[str, ...]
    items: tuple[Item, ...]

    def label(self, lang: str = "nl") -> str:
        """The habit's name in ``lang``."""
        return self.name.get(lang) or self.name["nl"]


@dataclass(frozen=True)
class Instrument:
    """A validated instrument: habits, items, scale and the vocabularies they refer to."""

    id: str
    version: int
    name: dict
    habits: tuple[Habit, ...]
    scale: Scale
    disciplines: dict = field(default_factory=dict)
    oecd_dimensions: dict = field(default_factory=dict)
    min_answered_share: float = 2 / 3
    source: Path | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        """All items in instrument order."""
        return tuple(i for h in self.habits for i in h.items)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def _by_text(self) -> dict[str, Item]:
        table: dict[str, Item] = {}
        for item in self.items:
            for text in (item.nl, item.en, *item.aliases):
                table[normalise(text)] = item
                table[normalise(text).rstrip(".!?")] = item
        return table

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``; ``KeyError`` if there is none."""
        return self._by_id[item_id]

    def habit(self, habit_id: str) -> Habit:
        """The habit with id ``habit_id``; ``KeyError`` if there is none."""
        for h in self.habits:
            if h.id == habit_id:
                return h
        raise KeyError(habit_id)

    def match_statement(self, text: str) -> Item | None:
        """The item whose statement ``text`` is (after normalisation), or ``None``.

        Exact match first (with or without final punctuation); then an item text that ends the
        header (``"Vraag - <statement>"``) or stands in brackets (``"Vraag [<statement>]"``);
        the longest such item wins.
        """
        key = normalise(text)
        if not key:
            return None
        hit = self._by_text.get(key) or self._by_text.get(key.rstrip(".!? "))
        if hit:
            return hit
        for inner in re.findall(r"\[([^\[\]]+)\]\s*$", key):
            hit = self._by_text.get(inner.strip()) or \
                self._by_text.get(inner.strip().rstrip(".!? "))
            if hit:
                return hit
        best: Item | None = None
        best_len = 0
        stripped = key.rstrip(".!? ]")
        for t, item in self._by_text.items():
            if len(t) >= 12 and (stripped.endswith(t.rstrip(".!? ")) or key.endswith(t)) \
                    and len(t) > best_len:
                best, best_len = item, len(t)
        return best

    def items_frame(self, lang: str = "nl") -> pd.DataFrame:
        """One row per item.

        Returns
        -------
        pandas.DataFrame
            Columns ``item``, ``habit``, ``text``, ``reverse``, ``oecd``, ``disciplines``
            (comma-separated discipline ids of the item's habit), ``position`` (1-based order).
        """
        rows = [
            {
                "item": i.id,
                "habit": i.habit,
                "text": i.text(lang),
                "reverse": i.reverse,
                "oecd": i.oecd,
                "disciplines": ",".join(i.disciplines),
                "position": n,
            }
            for n, i in enumerate(self.items, start=1)
        ]
        return pd.DataFrame(rows)
