"""Clear-change wording: one function decides when a change or relation is called up, down,
positive or negative (its 95% interval excludes zero), and the words built on it; the glossary
(issue 13, points 2 and 4)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from kit.present.glossary import TERMS, glossary, glossary_html
from kit.present.wording import (
    change_words,
    direction,
    relation_sentence,
    relation_short,
    slope_words,
)

NAN = float("nan")

#: English words that must never appear in Dutch output
ENGLISH = re.compile(r"\b(alpha|tests?|threshold|observations?|wide|parameter|chance|"
                     r"association|interval includes|may be|positive|negative|none|up|down)\b",
                     re.IGNORECASE)
#: a number written with a decimal point (Dutch writes a decimal comma)
POINT = re.compile(r"\d\.\d")


@pytest.mark.parametrize("est,lo,hi,expected", [
    (0.4, 0.1, 0.7, "up"),
    (-0.4, -0.7, -0.1, "down"),
    (0.3, 0.0, 0.6, "none"),              # touching zero from above is not clear
    (-0.3, -0.6, 0.0, "none"),            # touching zero from below is not clear
    (0.0, 0.0, 0.0, "none"),
    (0.3, -0.1, 0.7, "none"),
    (1e-9, 1e-12, 2e-9, "up"),            # tiny but clear
    (-1e-9, -2e-9, -1e-12, "down"),
    (0.4, NAN, 0.7, "none"),
    (0.4, 0.1, NAN, "none"),
    (NAN, 0.1, 0.7, "none"),
    (0.4, None, 0.7, "none"),
    (pd.NA, 0.1, 0.7, "none"),
    (0.4, pd.NA, pd.NA, "none"),
    (0.4, "x", 0.7, "none"),
    (5.0, 0.1, math.inf, "up"),
    (-5.0, -math.inf, -0.1, "down"),
    (0.0, -math.inf, math.inf, "none"),
])
def test_direction_boundaries(est, lo, hi, expected):
    assert direction(est, lo, hi) == expected


def test_direction_rejects_an_interval_the_wrong_way_round():
    with pytest.raises(ValueError, match="lower end above"):
        direction(0.2, 0.5, 0.1)


def test_change_and_slope_words_follow_the_decision():
    assert change_words(0.4, 0.1, 0.7, "nl") == "gestegen"
    assert change_words(-0.4, -0.7, -0.1, "nl") == "gedaald"
    assert change_words(0.4, 0.0, 0.7, "nl") == "geen duidelijke verandering"
    assert change_words(-1.2, -2.9, 0.5, "en") == "no clear change"
    assert change_words(0.4, NAN, NAN, "nl") == "geen duidelijke verandering"
    assert change_words(NAN, 0.1, 0.7, "nl") == ""
    # the board's multilevel table: a slope of 0.00 and one of -0.03 whose intervals include 0
    assert slope_words(0.0, -0.04, 0.04, "nl") == "geen duidelijk verband"
    assert slope_words(-0.03, -0.09, 0.03, "nl") == "geen duidelijk verband"
    assert slope_words(0.21, 0.05, 0.37, "nl") == "positief verband"
    assert slope_words(-0.21, -0.37, -0.05, "en") == "negative association"
    assert slope_words(NAN, NAN, NAN, "nl") == ""


def test_relation_short_says_no_clear_association_whenever_zero_is_inside():
    # r = 0.05 used to read "nauwelijks een verband; kan toeval zijn"
    assert relation_short(0.05, -0.5, 0.6, "nl") == "geen duidelijk verband"
    # a large r whose interval includes zero is not clear either
    assert relation_short(0.55, -0.02, 0.85, "nl") == "geen duidelijk verband"
    assert relation_short(-0.55, -0.85, 0.0, "en") == "no clear association"
    assert relation_short(0.62, 0.1, 0.88, "nl") == "sterk positief verband"
    assert relation_short(-0.35, -0.6, -0.05, "nl") == "matig negatief verband"
    assert relation_short(0.2, 0.01, 0.4, "en") == "weak positive association"
    assert relation_short(0.05, 0.01, 0.09, "nl") == "zeer zwak positief verband"
    assert relation_short(NAN, NAN, NAN, "nl") == ""


def test_relation_sentence_association_never_cause():
    clear = relation_sentence(0.62, 0.1, 0.88, 12, "data", "betrokkenheid", "nl")
    assert "hoger scoren op ‘data’" in clear and "een sterk verband" in clear
    assert "r = 0,62, 95%-interval 0,10 tot 0,88" in clear
    assert "geen bewijs van oorzaak en gevolg" in clear and "toeval" not in clear
    neg = relation_sentence(-0.62, -0.88, -0.1, 12, "data", "lezen", "nl")
    assert "gemiddeld lager op ‘lezen’" in neg and "r = -0,62" in neg
    unclear = relation_sentence(-0.05, -0.6, 0.55, 9, "data", "lezen", "nl")
    assert unclear.startswith("Over 9 teams is er geen duidelijk verband tussen ‘data’")
    assert "toeval" in unclear and "geen bewijs van oorzaak" in unclear
    assert "lager" not in unclear and "hoger" not in unclear
    en = relation_sentence(-0.05, -0.6, 0.55, 9, "data", "reading", "en")
    assert "no clear association" in en and "r = -0.05" in en and "not proof of cause" in en
    assert relation_sentence(NAN, NAN, NAN, 9, "data", "lezen", "nl") == ""


def test_dutch_words_have_decimal_commas_and_no_english():
    cases = [(0.62, 0.1, 0.88), (-0.05, -0.6, 0.55), (0.0, -0.04, 0.04), (-0.31, -0.5, -0.12)]
    for r, lo, hi in cases:
        for text in (relation_sentence(r, lo, hi, 12, "data", "lezen", "nl"),
                     relation_short(r, lo, hi, "nl"), slope_words(r, lo, hi, "nl"),
                     change_words(r, lo, hi, "nl")):
            assert not POINT.search(text), text
            assert not ENGLISH.search(text), text
    english = relation_sentence(0.62, 0.1, 0.88, 12, "data", "lezen", "en")
    assert "0.62" in english and "0,62" not in english


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "{x}", "$x^2$ $$", "{0}{habit}",
                                  "100%", "a}b{"])
def test_hostile_names_pass_through_as_text(name):
    text = relation_sentence(0.62, 0.1, 0.88, 12, name, name, "nl")
    assert text.count(f"‘{name}’") == 2
    text = relation_sentence(0.05, -0.5, 0.6, 12, name, name, "en")
    assert text.count(f"‘{name}’") == 2


def test_glossary_in_both_languages():
    nl, en = glossary("nl"), glossary("en")
    assert len(nl) == len(en) == len(TERMS) == 9
    terms = [term for term, _ in nl]
    assert terms[:2] == ["Overeenstemming (rwg)", "95%-interval"]
    assert {"ICC", "Helling", "Trend", "Spreiding", "Respons", "Op koers", "n"} <= set(terms)
    rwg = dict(nl)["Overeenstemming (rwg)"]
    assert "jullie zijn het grotendeels met elkaar eens" in rwg
    for term, text in nl:
        assert text and not POINT.search(text), text
        assert not ENGLISH.search(f"{term} {text}"), term
    assert "0,7" in rwg and "0.7" in dict(en)["Agreement (rwg)"]
    assert all(text.endswith(".") for _, text in nl + en)


def test_glossary_html_is_an_escaped_definition_list():
    html = glossary_html("nl")
    assert html.startswith('<dl class="kit-glossary">') and html.endswith("</dl>")
    assert html.count("<dt>") == html.count("<dd>") == len(TERMS)
    assert "<dt>Overeenstemming (rwg)</dt>" in html
    assert "<dd>" + dict(glossary("nl"))["Respons"] + "</dd>" in html
    # every text is escaped: no tag other than the list's own
    tags = set(re.findall(r"</?([a-z]+)", html))
    assert tags == {"dl", "dt", "dd"}


def test_glossary_html_escapes(monkeypatch):
    from kit.present import glossary as g
    monkeypatch.setattr(g, "glossary", lambda lang="nl", terms=(): [("<b>x</b>", "a & <script>")])
    html = g.glossary_html("nl")
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "a &amp; &lt;script&gt;" in html
