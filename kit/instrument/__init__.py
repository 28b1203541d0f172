"""The survey instrument as data: habits, items, disciplines, OECD dimensions, response scales.

The default instrument is the five learning habits of the article (39 items, ``H1_01`` ...
``H5_05``), shipped as ``five_habits.yml`` beside this module. A school can supply its own
shortened or extended instrument file of the same form; :func:`load` validates it and names the
key and line of anything malformed.

The parts: :mod:`kit.instrument.scale` (answer scales), :mod:`kit.instrument.model` (items,
habits, the instrument), :mod:`kit.instrument.loader` (reading and validating the YAML). The
instrument as a survey to import into LimeSurvey, Qualtrics or Forms: :mod:`kit.instrument.export`
(``kit instrument export``), which builds on the organisation file and so sits above ingest.

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

Perspectives: the leadership habit (H2) is written in the school leader's own voice; team
members answer it as their view of their leader. :meth:`Item.text` gives a statement's wording
for a perspective (the article's own by default):

>>> inst.leader_habits
('H2',)
>>> inst.item("H2_08").text("nl", perspective="team")
'Onze schoolleider maakt ons bewust van de verschillende fases van de Leerkuil.'
>>> inst.match_statement(inst.item("H2_08").team["nl"]).id
'H2_08'

Optional modules (issue 15): scales of the conditions the article names, defined in YAML beside
the habits (``kit/instrument/modules/``, or a board's own file), named under ``modules:`` in an
instrument file or passed to :func:`load`. Their items are not among :attr:`Instrument.items`
(the habits' statements) but in :attr:`Instrument.module_items`:

>>> ps = instrument.load(modules=["psychological_safety"])
>>> len(ps.items), [i.id for i in ps.module_items if i.reverse]
(39, ['PS_01', 'PS_03', 'PS_05'])
"""

from __future__ import annotations

from .loader import DEFAULT_PATH, MODULES_DIR, builtin_modules, bundled_yaml, load
from .model import LEADER, PERSPECTIVES, TEAM, Habit, Instrument, Item, Module
from .scale import Scale, ScaleOption

__all__ = ["DEFAULT_PATH", "LEADER", "MODULES_DIR", "PERSPECTIVES", "TEAM", "Habit", "Instrument",
           "Item", "Module", "Scale", "ScaleOption", "builtin_modules", "bundled_yaml", "load"]
