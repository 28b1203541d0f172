"""Pupil-data exports as readers of the one registry: observations (e.g. ZIEN!) and tests
(Cito/Boom-like), read by :mod:`kit.ingest.pupils`.

They are detected before the survey formats (a header with a pupil-number column and test or
observation columns, :func:`~kit.ingest.pupils.detect_pupil_kind`), and chosen without
detection by ``kind: observations`` / ``kind: tests`` (or ``tool:``) in the mapping file.
"""

from __future__ import annotations

from ..mapping import SourceMapping
from ..pupils import PupilResult, detect_pupil_kind, read_observations, read_tests
from ..registry import IngestContext, Reader, register
from ..table import RawTable


@register
class ObservationsReader(Reader):
    """Observation exports, long (indicator and value columns) or wide (a column each)."""

    name = "observations"
    label = "observations (e.g. ZIEN!)"
    kind = "observations"
    priority = 2

    def detect(self, table: RawTable) -> bool:
        return detect_pupil_kind(table) == "observations"

    def ingest(self, table: RawTable, mapping: SourceMapping,
               context: IngestContext) -> PupilResult:
        return read_observations(table, mapping=mapping, org=context.org,
                                 pseudonymizer=context.pseudonymizer)


@register
class TestsReader(Reader):
    """Test exports: one row per pupil, test and moment (Cito, Boom LVS, ...)."""

    name = "tests"
    label = "tests (e.g. Cito, Boom LVS)"
    kind = "tests"
    priority = 1

    def detect(self, table: RawTable) -> bool:
        return detect_pupil_kind(table) == "tests"

    def ingest(self, table: RawTable, mapping: SourceMapping,
               context: IngestContext) -> PupilResult:
        return read_tests(table, mapping=mapping, org=context.org,
                          pseudonymizer=context.pseudonymizer)
