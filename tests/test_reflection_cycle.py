"""Reflection after the article's cycle (issue 13, point 3): off-course indicators first, then
the lowest and most divided aspects, a change only when its interval excludes zero, general
questions without numbers for a hidden team, and no question on the leader's own statements."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kit import instrument
from kit.present.reflection import (
    LEADER_HABITS,
    general_questions,
    reflection_questions,
    welch_interval,
)

INST = instrument.load()
TEXTS = {(i.id, lang): i.text(lang) for i in INST.items for lang in ("nl", "en")}
POINT = re.compile(r"\d\.\d")
ENGLISH = re.compile(r"\b(alpha|tests?|threshold|observations?|wide|parameter|spread|mean|"
                     r"change|rose|fell|target|interval to)\b", re.IGNORECASE)


def _items(means, sds, n=9, items=("H1_01", "H1_02", "H1_03", "H1_04")):
    return pd.DataFrame({"item": list(items), "mean": means, "sd": sds, "n": n,
                         "suppressed": False})


def _indicators():
    return pd.DataFrame({
        "indicator": ["lezen", "rekenen", "bt", "wb", "hidden"],
        "label": ["Lezen 2F", "Rekenen 1F", "Betrokkenheid (ZIEN!)", "Welbevinden", "Verborgen"],
        "value": [0.5, 0.8, 2.58, 3.4, np.nan],
        "target": [0.75, 0.7, 2.75, 3.0, 3.0],
        "on_course": pd.array([False, True, False, pd.NA, pd.NA], dtype="boolean"),
        "suppressed": [False, False, False, False, True],
        "statistic": ["share_at_or_above", "share_at_or_above", "mean", "mean", "mean"]})


def _all(qs):
    return [q["question"] for q in qs]


def test_off_course_indicators_are_asked_first():
    now = _items([2.1, 4.6, 3.0, 3.9], [0.3, 0.2, 1.4, 0.5])
    qs = reflection_questions(now, None, TEXTS, lang="nl", per_kind=1, indicators=_indicators())
    assert [q["kind"] for q in qs] == ["on_course", "on_course", "lowest", "disagreement"]
    assert [q["item"] for q in qs[:2]] == ["lezen", "bt"]      # on course, NA, hidden: none
    assert qs[0]["question"] == (
        "Zijn we op koers? ‘Lezen 2F’ is 50% tegen een doel van 75%. Wat zegt dit over onze "
        "impact op het leren van de leerlingen, en wat willen we anders doen?")
    assert "‘Betrokkenheid (ZIEN!)’ is 2,58 tegen een doel van 2,75" in qs[1]["question"]
    en = reflection_questions(now, None, TEXTS, lang="en", indicators=_indicators())
    assert en[1]["question"].startswith("Are we on course? ‘Betrokkenheid (ZIEN!)’ is 2.58 "
                                        "against a target of 2.75.")


def test_off_course_without_label_or_statistic():
    ind = _indicators().drop(columns=["label", "statistic"])
    qs = reflection_questions(_items([3.0] * 4, [0.5] * 4), None, TEXTS, indicators=ind)
    assert "‘lezen’ is 0,50 tegen een doel van 0,75" in qs[0]["question"]


def test_a_noisy_change_gets_no_question():
    # nine people, +1.2 with a spread of 1.5: the interval includes zero
    now = _items([3.0, 3.5, 4.2, 3.8], [0.6, 0.6, 1.5, 0.6], n=9)
    prev = _items([3.0, 3.5, 3.0, 3.8], [0.6, 0.6, 1.5, 0.6], n=9)
    d, lo, hi = welch_interval(4.2, 1.5, 9, 3.0, 1.5, 9)
    assert d == pytest.approx(1.2) and lo < 0 < hi
    qs = reflection_questions(now, prev, TEXTS, lang="nl", per_kind=1)
    assert "change" not in {q["kind"] for q in qs}
    two = reflection_questions(now, prev, TEXTS, lang="nl", per_kind=2)
    assert "change" not in {q["kind"] for q in two}
    assert not any("+1,2" in q or "steeg" in q or "gestegen" in q for q in _all(two))


def test_a_clear_change_is_asked_with_its_interval():
    now = _items([2.1, 4.6, 3.0, 3.9], [0.3, 0.2, 1.4, 0.5], n=7)
    prev = now.assign(mean=[2.0, 4.5, 3.1, 3.0])
    qs = reflection_questions(now, prev, TEXTS, lang="nl", per_kind=1)
    assert [(q["kind"], q["item"]) for q in qs] == [
        ("lowest", "H1_01"), ("disagreement", "H1_03"), ("change", "H1_04")]
    assert "(gemiddeld 2,1)" in qs[0]["question"] and "(spreiding 1,4)" in qs[1]["question"]
    assert qs[2]["question"].startswith(
        "‘Ik wil begrijpen. Ik zoek naar samenhang en inzicht.’ is sinds het vorige meetmoment "
        "duidelijk gestegen (+0,90; 95%-interval +0,32 tot +1,48).")
    down = reflection_questions(now, now.assign(mean=[2.0, 4.5, 3.1, 4.8]), TEXTS, lang="en",
                                per_kind=1)
    assert "has clearly fallen since the previous wave (-0.90; 95% interval -1.48 to -0.32)" \
        in down[2]["question"]


def test_the_biggest_clear_change_comes_first_and_noise_is_left_out():
    items = tuple(f"H1_0{k}" for k in range(1, 9))
    now = _items([2.0, 2.1, 3.0, 4.5, 3.5, 4.0, 3.2, 3.3], [0.3, 0.3, 1.2, 0.4, 0.9, 0.4, 1.1, 0.5],
                 n=[10, 10, 10, 10, 3, 10, 10, 10], items=items)
    # H1_05 changes most (+1.5) but from three people: noise; H1_04 +0.8 and H1_06 -0.6 are
    # clear (lowest: H1_01, H1_02; most divided: H1_03, H1_07)
    prev = now.assign(mean=[2.0, 2.1, 3.0, 3.7, 2.0, 4.6, 3.2, 3.3])
    qs = reflection_questions(now, prev, TEXTS, lang="nl", per_kind=2)
    assert [q["item"] for q in qs if q["kind"] != "change"] == ["H1_01", "H1_02", "H1_03",
                                                                 "H1_07"]
    changes = [(q["item"], q["question"]) for q in qs if q["kind"] == "change"]
    assert [c[0] for c in changes] == ["H1_04", "H1_06"]
    assert "duidelijk gestegen (+0,80" in changes[0][1]
    assert changes[1][1].startswith("Ook ‘") and "duidelijk gedaald (-0,60" in changes[1][1]


def test_welch_interval_agrees_with_scipy():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n1, n0 = rng.integers(3, 25, 2)
        m1, m0 = rng.uniform(1, 5, 2)
        s1, s0 = rng.uniform(0.1, 1.5, 2)
        d, lo, hi = welch_interval(m1, s1, n1, m0, s0, n0)
        p = stats.ttest_ind_from_stats(m1, s1, n1, m0, s0, n0, equal_var=False).pvalue
        if abs(p - 0.05) > 1e-9:
            assert (lo > 0 or hi < 0) == (p < 0.05)
        assert lo < d < hi and (lo + hi) / 2 == pytest.approx(d)
    # the textbook numbers: se = sqrt(0.25/7 * 2), df = 12, t = 2.1788
    d, lo, hi = welch_interval(3.9, 0.5, 7, 3.0, 0.5, 7)
    assert hi - d == pytest.approx(2.178813 * np.sqrt(0.5 / 7), rel=1e-6)


def test_welch_interval_missing_and_degenerate():
    assert all(np.isnan(v) for v in welch_interval(3, 0.5, 1, 2, 0.5, 8)[1:])
    assert all(np.isnan(v) for v in welch_interval(3, np.nan, 8, 2, 0.5, 8)[1:])
    assert all(np.isnan(v) for v in welch_interval(3, 0.5, pd.NA, 2, 0.5, 8)[1:])
    assert welch_interval(4, 0, 6, 3, 0, 6) == (1, 1, 1)    # everyone moved up one answer


def test_no_change_question_without_n_or_sd():
    now = _items([2.1, 4.6, 3.0, 3.9], [0.3, 0.2, 1.4, 0.5], n=7)
    prev = now.assign(mean=[2.0, 4.5, 3.1, 2.0], n=pd.NA)
    assert "change" not in {q["kind"] for q in reflection_questions(now, prev, TEXTS)}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_general_questions_have_no_numbers(lang):
    qs = general_questions(lang)
    assert len(qs) >= 5 and all(q.endswith("?") for q in qs)
    assert not any(re.search(r"\d", q) for q in qs)
    assert len(set(qs)) == len(qs)
    course = "Zijn we op koers?" if lang == "nl" else "Are we on course?"
    assert any(course in q for q in qs)
    if lang == "nl":
        assert not any(ENGLISH.search(q) for q in qs)
        assert any("gezamenlijk verlangen" in q for q in qs)
        assert any("impact op het leren van de leerlingen" in q for q in qs)


def test_hidden_team_gets_only_the_indicator_questions():
    hidden = _items([2.1, 4.6, 3.0, 3.9], [0.3, 0.2, 1.4, 0.5]).assign(suppressed=True)
    assert reflection_questions(hidden, None, TEXTS) == []
    qs = reflection_questions(hidden, hidden, TEXTS, indicators=_indicators())
    assert [q["kind"] for q in qs] == ["on_course", "on_course"]
    assert not any(t in q for q in _all(qs) for t in ("gemiddeld", "spreiding", "gestegen"))


def test_the_leaders_own_statements_get_no_question():
    assert LEADER_HABITS == ("H2",) and INST.habit("H2").label("nl") == \
        "Op leren gericht leiderschap"
    items = ("H2_01", "H2_08", "H1_01", "H1_02", "H3_01")
    now = _items([1.5, 1.6, 3.0, 3.5, 3.2], [2.0, 1.9, 0.5, 0.4, 0.6], items=items)
    prev = now.assign(mean=[3.5, 3.6, 3.0, 3.5, 3.2], sd=0.2)
    for frame in (now, now.assign(habit=[i[:2] for i in items])):
        qs = reflection_questions(frame, prev, TEXTS, lang="nl", per_kind=2)
        assert qs and not any(q["item"].startswith("H2") for q in qs)
        assert not any("rolmodel" in q or "Leerkuil" in q for q in _all(qs))
    # a team's-view wording of the habit later: the caller lets its statements be asked
    qs = reflection_questions(now, None, TEXTS, per_kind=1, leader_habits=())
    assert qs[0]["item"] == "H2_01"


def test_dutch_questions_have_decimal_commas_and_no_english():
    items = tuple(i.id for i in INST.items if i.habit != "H2")
    rng = np.random.default_rng(3)
    now = _items(rng.uniform(1.5, 4.8, len(items)).round(3), rng.uniform(0.1, 1.6, len(items)),
                 n=12, items=items)
    prev = now.assign(mean=now["mean"] + rng.normal(0, 0.8, len(items)))
    qs = reflection_questions(now, prev, TEXTS, lang="nl", per_kind=3, indicators=_indicators())
    assert {q["kind"] for q in qs} == {"on_course", "lowest", "disagreement", "change"}
    for q in _all(qs):
        assert not POINT.search(q), q
        assert not ENGLISH.search(q), q
    en = reflection_questions(now, prev, TEXTS, lang="en", per_kind=3, indicators=_indicators())
    assert any(POINT.search(q) for q in _all(en)) and not any(
        re.search(r"\d,\d", q) for q in _all(en))


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "{x}", "$x^2$ $$",
                                     "{0} {text} {mean:.1f}", "50% }{"])
def test_hostile_texts_pass_through_as_text(hostile):
    texts = {**TEXTS, ("H1_01", "nl"): hostile, ("H1_03", "nl"): hostile,
             ("H1_04", "nl"): hostile}
    now = _items([2.1, 4.6, 3.0, 3.9], [0.3, 0.2, 1.4, 0.5], n=7)
    prev = now.assign(mean=[2.0, 4.5, 3.1, 3.0])
    ind = _indicators().assign(label=hostile)
    qs = reflection_questions(now, prev, texts, lang="nl", per_kind=1, indicators=ind)
    assert [q["kind"] for q in qs] == ["on_course", "on_course", "lowest", "disagreement",
                                       "change"]
    assert all(f"‘{hostile}’" in q for q in _all(qs))


def test_leader_note_names_the_leadership_habit_or_nothing(tmp_path):
    """Issue 13: an instrument without a team's-view wording (a store from before issue 15)
    still says that the leadership statements are the leader's own; issue 15: the kit's
    instrument has the wording, so the note is gone."""
    import re
    from types import SimpleNamespace

    from kit import instrument
    from kit.present.reflection import leader_note
    assert leader_note(instrument.load(), "nl") is None
    old = tmp_path / "old.yml"
    old.write_text(re.sub(r"(?m)^\s+team: \{.*\}\n", "",
                          instrument.DEFAULT_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    inst = instrument.load(old)
    assert not inst.has_perspectives
    note = leader_note(inst, "nl")
    assert inst.habit("H2").label("nl") in note and "schoolleider" in note
    other = SimpleNamespace(habits=[SimpleNamespace(id="H1", label=lambda lang: "Zijn")])
    assert leader_note(other, "nl") is None
