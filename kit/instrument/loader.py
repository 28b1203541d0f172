"""Reading and validating an instrument file (YAML) into an :class:`~kit.instrument.Instrument`.

Every problem names the key and the line of the file (:class:`~kit.errors.ConfigError`).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ConfigError
from ..textnorm import normalise
from ..yamlio import YamlDoc, load_yaml
from .model import Habit, Instrument, Item, Module
from .scale import Scale, ScaleOption

__all__ = ["DEFAULT_PATH", "MODULES_DIR", "builtin_modules", "bundled_yaml", "load"]

DEFAULT_PATH = Path(__file__).with_name("five_habits.yml")
#: the kit's own optional modules (``<id>.yml``), named by id in ``modules:`` or ``--module``
MODULES_DIR = Path(__file__).with_name("modules")
_ITEM_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*_[0-9]{2,3}$")
_LANGS = ("nl", "en")


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


def load(path: str | Path | None = None, modules=()) -> Instrument:
    """Load and validate an instrument file (default: the five habits).

    Parameters
    ----------
    path : str or Path, optional
        A YAML instrument file. Without it, the kit's own ``five_habits.yml``.
    modules : iterable of str or Path, optional
        Optional modules to add beside those the file names under ``modules:``: the id of a
        module of the kit (``psychological_safety``) or the path of a module file.

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
    disciplines, oecd = _vocabularies(doc, d)
    scale = _scale(doc, d)
    habits = _habits(doc, d["habits"], disciplines, oecd)
    share = d.get("min_answered_share", 2 / 3)
    if not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise doc.error(("min_answered_share",), f"must be a share in (0, 1], got {share!r}")
    inst = Instrument(
        id=str(d["id"]),
        version=int(d.get("version", 1)),
        name=d.get("name") or {"nl": str(d["id"]), "en": str(d["id"])},
        habits=habits,
        scale=scale,
        disciplines=disciplines,
        oecd_dimensions=oecd,
        min_answered_share=float(share),
        source=doc.path,
    )
    named = d.get("modules") or []
    if not isinstance(named, list):
        raise doc.error(("modules",), "must be a list of module ids or module files",
                        expected="e.g. [psychological_safety]")
    refs = [(doc.path.parent if doc.path else None, r) for r in named]
    refs += [(None, r) for r in (modules or ())]
    if refs:
        from dataclasses import replace
        mods = _modules(refs, inst, doc)
        inst = replace(inst, modules=mods)
    _check_unique_texts(inst)
    return inst


def builtin_modules() -> list[str]:
    """The ids of the kit's own modules (files in ``kit/instrument/modules/``)."""
    return sorted(p.stem for p in MODULES_DIR.glob("*.yml"))


def _module_path(base: Path | None, ref: object) -> Path:
    if isinstance(ref, Path) or (isinstance(ref, str) and ("/" in ref or "\\" in ref
                                                           or ref.endswith((".yml", ".yaml")))):
        p = Path(ref)
        if not p.is_absolute() and base is not None and (base / p).is_file():
            p = base / p
        if not p.is_file():
            raise ConfigError(f"module file {str(p)!r} does not exist", where=None,
                              fix="name an existing module file or a module of the kit "
                                  f"({', '.join(builtin_modules())})")
        return p
    if not isinstance(ref, str) or not re.match(r"^[a-z][a-z0-9_]*$", ref):
        raise ConfigError(f"module {ref!r} is neither a module id nor a file", where=None,
                          fix=f"use one of {builtin_modules()} or the path of a .yml file")
    p = MODULES_DIR / f"{ref}.yml"
    if not p.is_file():
        raise ConfigError(f"unknown module {ref!r}", where=None,
                          fix=f"use one of {builtin_modules()} or the path of a .yml file")
    return p


class _Inline:
    """A module written inline in an instrument file: errors located under ``modules.N``."""

    def __init__(self, doc: YamlDoc, prefix: tuple) -> None:
        self.doc, self.prefix, self.path = doc, prefix, None

    def error(self, keypath: tuple, problem: str, **kw) -> ConfigError:
        return self.doc.error(self.prefix + tuple(keypath), problem, **kw)


def _modules(refs: list, inst: Instrument, doc: YamlDoc | None = None) -> tuple[Module, ...]:
    out: list[Module] = []
    seen_items = {i.id for i in inst.items}
    seen_scales = {h.id for h in inst.habits}
    for n, (base, ref) in enumerate(refs):
        if isinstance(ref, dict) and doc is not None:       # a module written inline
            out.append(_module(_Inline(doc, ("modules", n)), ref, seen_items, seen_scales,
                               {m.id for m in out}))
            continue
        path = _module_path(base, ref)
        if any(m.path and m.path.resolve() == path.resolve() for m in out):
            continue                                   # named twice: once is enough
        mdoc = load_yaml(path, what="module file")
        out.append(_module(mdoc, mdoc.data, seen_items, seen_scales, {m.id for m in out}))
    return tuple(out)


def bundled_yaml(inst: Instrument) -> str | None:
    """The instrument file of ``inst`` with its modules written inline (for a store, which keeps
    one instrument file); ``None`` without modules (the file itself then serves)."""
    if not inst.modules:
        return None
    import yaml
    data = load_yaml(inst.source or DEFAULT_PATH, what="instrument file").data
    data["modules"] = [m.definition for m in inst.modules]
    head = (f"# The instrument {inst.id} with its optional modules written inline, as read at "
            "ingest.\n# Sources of the modules: see each module's `source`.\n")
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _module(doc, d: object, seen_items: set[str], seen_scales: set[str],
            seen_modules: set[str]) -> Module:
    """One module: ``id``, ``name``, ``source`` and ``scales`` (each id, name, items)."""
    if not isinstance(d, dict):
        raise doc.error((), "must be a mapping with id, name, source and scales")
    for key in ("id", "name", "source", "scales"):
        if key not in d:
            raise doc.error((key,), "is missing")
    mid = d["id"]
    if not isinstance(mid, str) or not re.match(r"^[a-z][a-z0-9_]*$", mid):
        raise doc.error(("id",), f"invalid module id {mid!r}",
                        expected="lower-case letters, digits and _ such as psychological_safety")
    if mid in seen_modules:
        raise doc.error(("id",), f"module id {mid!r} is used by another module")
    name = _texts(doc, d["name"], ("name",))
    if not isinstance(d["source"], str) or not d["source"].strip():
        raise doc.error(("source",), "is missing or empty",
                        expected="the publication the scale comes from")
    node = d["scales"]
    if not isinstance(node, list) or not node:
        raise doc.error(("scales",), "must be a non-empty list of scales with id, name, items")
    scales = []
    for n, sc in enumerate(node):
        sp = ("scales", n)
        if not isinstance(sc, dict):
            raise doc.error(sp, "must be a mapping with id, name and items")
        sid = sc.get("id")
        if not isinstance(sid, str) or not re.match(r"^[A-Za-z][A-Za-z0-9]*$", sid):
            raise doc.error(sp + ("id",), f"invalid scale id {sid!r}", expected="e.g. PS")
        if sid in seen_scales:
            raise doc.error(sp + ("id",), f"scale id {sid!r} is already a habit or scale")
        seen_scales.add(sid)
        sname = _texts(doc, sc.get("name"), sp + ("name",))
        items_node = sc.get("items")
        if not isinstance(items_node, list) or len(items_node) < 2:
            raise doc.error(sp + ("items",), "must list at least two items")
        items = tuple(_item(doc, it, sp + ("items", k), sid, (), {}, seen_items)
                      for k, it in enumerate(items_node))
        scales.append(Habit(sid, sname, (), items))
    return Module(mid, name, " ".join(d["source"].split()), tuple(scales), doc.path,
                  definition=d)


def _vocabularies(doc: YamlDoc, d: dict) -> tuple[dict, dict]:
    """The ``disciplines`` and ``oecd_dimensions`` tables (id -> {nl, en})."""
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
    return disciplines, oecd


def _scale(doc: YamlDoc, d: dict) -> Scale:
    """The scale the items are answered on (``scale``, default the first of ``scales``)."""
    scales_node = d["scales"]
    if not isinstance(scales_node, dict) or not scales_node:
        raise doc.error(("scales",), "must map scale ids to scales")
    scales = {sid: _parse_scale(doc, sid, s) for sid, s in scales_node.items()}
    scale_id = d.get("scale", next(iter(scales)))
    if scale_id not in scales:
        raise doc.error(("scale",), f"names unknown scale {scale_id!r}",
                        expected=f"one of {sorted(scales)}")
    return scales[scale_id]


def _habits(doc: YamlDoc, habits_node: object, disciplines: dict,
            oecd: dict) -> tuple[Habit, ...]:
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
        items = tuple(_item(doc, it, hp + ("items", n), hid, hdisc, oecd, seen_items)
                      for n, it in enumerate(items_node))
        habits.append(Habit(hid, name, hdisc, items))
    return tuple(habits)


def _item(doc: YamlDoc, it: object, ip: tuple, hid: str, hdisc: tuple[str, ...], oecd: dict,
          seen_items: set[str]) -> Item:
    if not isinstance(it, dict):
        raise doc.error(ip, "must be a mapping with id, nl and en")
    iid = it.get("id")
    if not isinstance(iid, str) or not _ITEM_ID.match(iid):
        raise doc.error(ip + ("id",), f"invalid item id {iid!r}", expected="an id like H2_04")
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
    team = None
    if it.get("team") is not None:
        team = {k: v.strip() for k, v in _texts(doc, it["team"], ip + ("team",)).items()
                if k in _LANGS}
    return Item(iid, hid, it["nl"].strip(), it["en"].strip(), rev, dim, hdisc, aliases, team)


def _check_unique_texts(inst: Instrument) -> None:
    texts: dict[str, str] = {}
    for item in inst.all_items:
        for t in item.wordings():
            k = normalise(t)
            if k in texts and texts[k] != item.id:
                raise ConfigError(f"items {texts[k]} and {item.id} have the same text {t!r}",
                                  where=None, fix="make every statement unique")
            texts[k] = item.id
