"""The survey instrument as data: habits, items, disciplines, OECD dimensions, response scales.

The default instrument is the five learning habits of the article (39 items, ``H1_01`` ...
``H5_05``), shipped as ``five_habits.yml`` beside this module. A school can supply its own
shortened or extended instrument file of the same form; :func:`load` validates it and names the
key and line of anything malformed.

Examples
--------
>>> from kit import instrument
>>> inst = instrument.load()
>>> len(inst.items), [h.id for h in inst.habits]
(39, ['H1', 'H2', 'H3', 'H4', 'H5'])
>>> inst.scale.value_of("Niet eens/niet oneens")
3
>>> inst.match_statement("Ik luister vanuit willen begrijpen").id
'H4_01'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..errors import ConfigError
from ..textnorm import normalise
from ..yamlio import YamlDoc, load_yaml

__all__ = ["DEFAULT_PATH", "Habit", "Instrument", "Item", "Scale", "ScaleOption", "load"]

DEFAULT_PATH = Path(__file__).with_name("five_habits.yml")
_ITEM_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*_[0-9]{2,3}$")
_LANGS = ("nl", "en")


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


def _texts(doc: YamlDoc, node: object, path: tuple, *, required=_LANGS) -> dict:
    if not isinstance(node, dict):
        raise doc.error(path, f"must be a mapping of languages, got {type(node).__name__}",
                        expected="{nl: ..., en: ...}")
    for lang in required:
        if not isinstance(node.get(lang), str) or not node[lang].strip():
            raise doc.error(path + (lang,), "is missing or empty", expected="a text")
    return dict(node)


def _parse_scale(doc: YamlDoc, sid: str, node: object) -> Scale:
    path = ("scales", sid)
    if not isinstance(node, dict):
        raise doc.error(path, "must be a mapping")
    options = node.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise doc.error(path + ("options",), "must list at least two answer options")
    opts = []
    for n, o in enumerate(options):
        op = path + ("options", n)
        if not isinstance(o, dict):
            raise doc.error(op, "must be a mapping with value, nl, en")
        if not isinstance(o.get("value"), int) or isinstance(o.get("value"), bool):
            raise doc.error(op + ("value",), f"must be a whole number, got {o.get('value')!r}")
        for lang in _LANGS:
            if not isinstance(o.get(lang), str):
                raise doc.error(op + (lang,), "is missing", expected="the option's label")
        syn = o.get("synonyms", []) or []
        if not isinstance(syn, list):
            raise doc.error(op + ("synonyms",), "must be a list of labels")
        opts.append(ScaleOption(o["value"], o["nl"], o["en"], tuple(str(s) for s in syn)))
    values = [o.value for o in opts]
    if len(set(values)) != len(values):
        raise doc.error(path + ("options",), f"has duplicate values {values}")
    lo, hi = node.get("min", min(values)), node.get("max", max(values))
    if lo != min(values) or hi != max(values):
        raise doc.error(path, f"min/max ({lo}, {hi}) do not match the option values {values}")
    seen: dict[str, int] = {}
    for o in opts:
        for t in (o.nl, o.en, *o.synonyms):
            k = normalise(t)
            if k in seen and seen[k] != o.value:
                raise doc.error(path + ("options",),
                                f"label {t!r} is given for two values ({seen[k]} and {o.value})")
            seen[k] = o.value
    name = node.get("name") or {"nl": sid, "en": sid}
    missing = node.get("missing", []) or []
    return Scale(sid, name, lo, hi, tuple(opts), tuple(str(m) for m in missing))


def load(path: str | Path | None = None) -> Instrument:
    """Load and validate an instrument file (default: the five habits).

    Parameters
    ----------
    path : str or Path, optional
        A YAML instrument file. Without it, the kit's own ``five_habits.yml``.

    Returns
    -------
    Instrument

    Raises
    ------
    kit.errors.ConfigError
        When a key is missing or malformed; the message names the key and the line.
    """
    doc = load_yaml(path or DEFAULT_PATH, what="instrument file")
    d = doc.data
    if not isinstance(d, dict):
        raise doc.error((), "must be a mapping with id, habits and scales")
    for key in ("id", "habits", "scales"):
        if key not in d:
            raise doc.error((key,), "is missing")
    disciplines = d.get("disciplines") or {}
    oecd = d.get("oecd_dimensions") or {}
    for section, table in (("disciplines", disciplines), ("oecd_dimensions", oecd)):
        if not isinstance(table, dict):
            raise doc.error((section,), "must map ids to {nl: ..., en: ...}")
        for key, names in table.items():
            _texts(doc, names, (section, key))
            extra = sorted(str(k) for k in names if k not in _LANGS)
            if extra:
                raise doc.error((section, key), f"has unexpected key(s) {extra}",
                                expected="only nl and en",
                                fix="put texts that contain a comma in quotes")
    scales_node = d["scales"]
    if not isinstance(scales_node, dict) or not scales_node:
        raise doc.error(("scales",), "must map scale ids to scales")
    scales = {sid: _parse_scale(doc, sid, s) for sid, s in scales_node.items()}
    scale_id = d.get("scale", next(iter(scales)))
    if scale_id not in scales:
        raise doc.error(("scale",), f"names unknown scale {scale_id!r}",
                        expected=f"one of {sorted(scales)}")
    habits_node = d["habits"]
    if not isinstance(habits_node, list) or not habits_node:
        raise doc.error(("habits",), "must be a non-empty list")
    habits = []
    seen_items: set[str] = set()
    seen_habits: set[str] = set()
    for hn, h in enumerate(habits_node):
        hp = ("habits", hn)
        if not isinstance(h, dict):
            raise doc.error(hp, "must be a mapping with id, name and items")
        hid = h.get("id")
        if not isinstance(hid, str) or not hid:
            raise doc.error(hp + ("id",), "is missing", expected="a habit id such as H1")
        if hid in seen_habits:
            raise doc.error(hp + ("id",), f"habit id {hid!r} is used twice")
        seen_habits.add(hid)
        name = _texts(doc, h.get("name"), hp + ("name",))
        hdisc = tuple(h.get("disciplines") or ())
        for k, dsc in enumerate(hdisc):
            if disciplines and dsc not in disciplines:
                raise doc.error(hp + ("disciplines", k), f"unknown discipline {dsc!r}",
                                expected=f"one of {sorted(disciplines)}")
        items_node = h.get("items")
        if not isinstance(items_node, list) or not items_node:
            raise doc.error(hp + ("items",), "must be a non-empty list of items")
        items = []
        for n, it in enumerate(items_node):
            ip = hp + ("items", n)
            if not isinstance(it, dict):
                raise doc.error(ip, "must be a mapping with id, nl and en")
            iid = it.get("id")
            if not isinstance(iid, str) or not _ITEM_ID.match(iid):
                raise doc.error(ip + ("id",), f"invalid item id {iid!r}",
                                expected="an id like H2_04")
            if iid in seen_items:
                raise doc.error(ip + ("id",), f"item id {iid!r} is used twice")
            seen_items.add(iid)
            for lang in _LANGS:
                if not isinstance(it.get(lang), str) or not it[lang].strip():
                    raise doc.error(ip + (lang,), "is missing or empty", expected="the statement")
            dim = it.get("oecd")
            if dim is not None and oecd and dim not in oecd:
                raise doc.error(ip + ("oecd",), f"unknown OECD dimension {dim!r}",
                                expected=f"one of {sorted(oecd)} or null")
            rev = it.get("reverse", False)
            if not isinstance(rev, bool):
                raise doc.error(ip + ("reverse",), f"must be true or false, got {rev!r}")
            aliases = tuple(str(a) for a in (it.get("aliases") or ()))
            items.append(Item(iid, hid, it["nl"].strip(), it["en"].strip(), rev, dim, hdisc,
                              aliases))
        habits.append(Habit(hid, name, hdisc, tuple(items)))
    share = d.get("min_answered_share", 2 / 3)
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise doc.error(("min_answered_share",), f"must be a share in (0, 1], got {share!r}")
    inst = Instrument(
        id=str(d["id"]),
        version=int(d.get("version", 1)),
        name=d.get("name") or {"nl": str(d["id"]), "en": str(d["id"])},
        habits=tuple(habits),
        scale=scales[scale_id],
        disciplines=disciplines,
        oecd_dimensions=oecd,
        min_answered_share=float(share),
        source=doc.path,
    )
    texts: dict[str, str] = {}
    for item in inst.items:
        for t in (item.nl, item.en, *item.aliases):
            k = normalise(t)
            if k in texts and texts[k] != item.id:
                raise ConfigError(f"items {texts[k]} and {item.id} have the same text {t!r}",
                                  where=None, fix="make every statement unique")
            texts[k] = item.id
    return inst
