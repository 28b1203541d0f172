"""Damaged exports of every supported format end in a clean read or the kit's own error.

Property-based (hypothesis) over mutations of the real sample exports (``tests/fuzz_readers.py``:
bytes flipped, inserted, deleted, truncation, columns dropped, other encodings, delimiters and
quotes, damaged workbook parts, numbers blown up, enormous sheets): any exception other than a
:class:`~kit.errors.KitError` fails, and so does a case over ``HANG_SECONDS`` (30 s) or a clean
read whose rows are not all accepted or rejected. Sized for CI: ``CASES`` per format, the
exports cut to their first rows (about a minute in all); ``make fuzz`` runs many thousands.
"""

from __future__ import annotations

import pytest
from fuzz_readers import FORMATS, Case, Runner, exports_of, mutations_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: cases per format
CASES = 200


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    return Runner(short=True)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_damaged_exports_end_in_a_read_or_the_kits_error(runner, fmt):
    names = exports_of(fmt)
    assert names, f"no sample export for {fmt}"

    @settings(max_examples=CASES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        name = data.draw(st.sampled_from(names), label="export")
        mutation = data.draw(st.sampled_from([m.__name__ for m in mutations_for(name)]),
                             label="mutation")
        seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
        outcome = runner.run(Case(name, mutation, seed))   # raises on anything else
        assert outcome == "read" or outcome.split(":")[0].endswith("Error")

    check()
