"""The instrument's parts: items (statements), habits and the instrument that holds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..textnorm import normalise
from .scale import Scale

__all__ = ["LEADER", "PERSPECTIVES", "TEAM", "Habit", "Instrument", "Item", "Module"]

#: the perspective of a team member: a statement with a team's-view wording is answered in it
TEAM = "team"
#: the perspective of a school leader: every statement in the article's own wording
LEADER = "leader"
#: the perspectives a statement can be worded for
PERSPECTIVES = (TEAM, LEADER)


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
    #: the team's view of its leader (``{"nl": ..., "en": ...}``) for a statement the article
    #: writes in the leader's own voice; ``None`` when everyone answers the article's wording
    team: dict | None = None

    def text(self, lang: str = "nl", perspective: str | None = None) -> str:
        """The statement in ``lang`` as the respondents of ``perspective`` read it.

        Parameters
        ----------
        lang : {"nl", "en"}
        perspective : {None, "team", "leader"}
            ``None`` (default) and ``"leader"``: the article's own wording (the source, in the
            leader's voice for the leadership habit). ``"team"``: the team's view of its leader
            where the instrument has one (:attr:`team`), else the article's wording (the
            statements of the other habits are everyone's own).

        Examples
        --------
        >>> from kit import instrument
        >>> item = instrument.load().item("H2_01")
        >>> item.text("nl")[:27], item.text("nl", "team")[:32]
        ('Ik ben rolmodel in ‘op lere', 'Onze schoolleider is rolmodel in')
        >>> item.text("en", "leader") == item.en
        True
        """
        if perspective not in (None, *PERSPECTIVES):
            raise ValueError(f"unknown perspective {perspective!r}; expected one of "
                             f"{[None, *PERSPECTIVES]}")
        if perspective == TEAM and self.team:
            return self.team.get(lang) or self.team["nl"]
        return self.en if lang == "en" else self.nl

    @property
    def about_leader(self) -> bool:
        """Whether team members answer this statement as their view of their leader."""
        return bool(self.team)

    def wordings(self) -> tuple[str, ...]:
        """Every text this statement is known by: the article's, the team's view, aliases."""
        team = tuple(self.team[k] for k in ("nl", "en")) if self.team else ()
        return (self.nl, self.en, *team, *self.aliases)


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

    @property
    def about_leader(self) -> bool:
        """Whether team members answer this habit as their view of their leader (its
        statements have a team's-view wording)."""
        return any(i.about_leader for i in self.items)


@dataclass(frozen=True)
class Module:
    """An optional module: scales of a condition the article names (e.g. team psychological
    safety), answered on the instrument's scale beside the habits (issue 15).

    Its scales are :class:`Habit` objects (id, name, items), so that everything that scores a
    habit scores a module scale the same way (see :meth:`Instrument.module_view`).
    """

    id: str
    name: dict
    source: str
    scales: tuple[Habit, ...]
    path: Path | None = None
    #: the module's definition as read (for a store's self-contained instrument file)
    definition: dict = field(default=None, compare=False, repr=False)

    def label(self, lang: str = "nl") -> str:
        """The module's name in ``lang``."""
        return self.name.get(lang) or self.name["nl"]

    @property
    def items(self) -> tuple[Item, ...]:
        """The module's items in order."""
        return tuple(i for s in self.scales for i in s.items)


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
    #: optional modules beside the habits (issue 15); their items are not in :attr:`items`
    modules: tuple[Module, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        """All items in instrument order."""
        return tuple(i for h in self.habits for i in h.items)

    @property
    def module_items(self) -> tuple[Item, ...]:
        """The items of the optional modules (empty without modules)."""
        return tuple(i for m in self.modules for i in m.items)

    @property
    def all_items(self) -> tuple[Item, ...]:
        """The habits' items, then the modules' items: every statement ingest recognises."""
        return self.items + self.module_items

    def module(self, module_id: str) -> Module:
        """The module with id ``module_id``; ``KeyError`` if there is none."""
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    def module_view(self, module_ids=None) -> Instrument:
        """This instrument with the modules' scales as its habits (and no modules).

        Scoring, aggregates, the privacy gate and reliability take the habits of an
        instrument; given this view they treat the module scales exactly as habits.

        Parameters
        ----------
        module_ids : iterable of str, optional
            The modules to include (default all).
        """
        wanted = [m for m in self.modules if module_ids is None or m.id in set(module_ids)]
        scales = tuple(s for m in wanted for s in m.scales)
        return Instrument(id=f"{self.id}+modules", version=self.version, name=self.name,
                          habits=scales, scale=self.scale, disciplines={}, oecd_dimensions={},
                          min_answered_share=self.min_answered_share, source=self.source)

    @property
    def has_perspectives(self) -> bool:
        """Whether any statement has a team's-view wording (the leadership habit of the five
        habits). Without, every statement counts as the team's own, as before issue 15."""
        return any(i.about_leader for i in self.items)

    @property
    def leader_habits(self) -> tuple[str, ...]:
        """The ids of the habits team members answer as their view of their leader."""
        return tuple(h.id for h in self.habits if h.about_leader)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.all_items}

    @cached_property
    def _by_text(self) -> dict[str, Item]:
        table: dict[str, Item] = {}
        for item in self.all_items:
            for text in item.wordings():
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

    def items_frame(self, lang: str = "nl", perspective: str | None = None) -> pd.DataFrame:
        """One row per item, worded for ``perspective`` (see :meth:`Item.text`).

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
                "text": i.text(lang, perspective),
                "reverse": i.reverse,
                "oecd": i.oecd,
                "disciplines": ",".join(i.disciplines),
                "position": n,
            }
            for n, i in enumerate(self.items, start=1)
        ]
        return pd.DataFrame(rows)
