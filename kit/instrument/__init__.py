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
"""

from __future__ import annotations

from .loader import DEFAULT_PATH, load
from .model import Habit, Instrument, Item
from .scale import Scale, ScaleOption

__all__ = ["DEFAULT_PATH", "Habit", "Instrument", "Item", "Scale", "ScaleOption", "load"]
