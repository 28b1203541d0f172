"""The instrument: the article's 39 items, scale synonyms, validation of custom files."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from kit import instrument
from kit.errors import ConfigError
from kit.textnorm import normalise

# The article's 39 aspect statements, quoted one per line (not the article's full text), with
# the article's checksum; the article itself is ../shared/reference/five_habits_article_nl.txt,
# beside developers' checkouts but not in a clone. The instrument is checked against the
# statements everywhere, and the statements against the article where it is present.
STATEMENTS = Path(__file__).resolve().parent / "reference" / "five_habits_article_statements.txt"
SHARED_ARTICLE = (Path(__file__).resolve().parents[2] / "shared" / "reference"
                  / "five_habits_article_nl.txt")


@pytest.fixture(scope="module")
def inst():
    return instrument.load()


def test_five_habits_and_39_items(inst):
    counts = {h.id: len(h.items) for h in inst.habits}
    assert counts == {"H1": 9, "H2": 12, "H3": 7, "H4": 6, "H5": 5}
    ids = [i.id for i in inst.items]
    assert ids[0] == "H1_01" and ids[-1] == "H5_05" and len(set(ids)) == 39
    assert all(i.en and i.nl for i in inst.items)


def test_pull_quote_is_not_an_item(inst):
    assert inst.match_statement("Een belangrijke voorwaarde voor een lerende cultuur is een "
                                "klimaat van veilige onzekerheid.") is None


def test_hyphenation_repaired_and_special_characters_kept(inst):
    texts = " ".join(i.nl for i in inst.items)
    for broken in ("ken-nis", "ver-langen", "betrok-kenen", "nieuwsgie-rig", "waarbin-nen"):
        assert broken not in texts
    assert "creëer" in inst.item("H2_04").nl
    for iid in ("H2_01", "H3_02", "H4_05", "H5_04"):
        assert "‘" in inst.item(iid).nl


def _statements() -> tuple[str, dict[str, str]]:
    lines = STATEMENTS.read_text(encoding="utf-8").splitlines()
    sha = next(ln.split()[-1] for ln in lines if ln.startswith("# article sha256"))
    rows = dict(ln.split("\t", 1) for ln in lines if ln and not ln.startswith("#"))
    return sha, rows


def test_every_item_is_the_articles_statement(inst):
    _, rows = _statements()
    assert list(rows) == [i.id for i in inst.items]
    for item in inst.items:
        assert normalise(item.nl) == rows[item.id], item.id


def test_the_statements_are_quoted_from_the_article():
    if not SHARED_ARTICLE.is_file():
        pytest.skip(f"the article is not beside this checkout ({SHARED_ARTICLE})")
    sha, rows = _statements()
    data = SHARED_ARTICLE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha
    # repair the PDF extraction: bullets, hyphenation across lines, line breaks
    flat = normalise(re.sub(r"-\s*\n\s*", "", data.decode("utf-8").replace("•", " ")))
    for iid, text in rows.items():
        assert text in flat, iid


def test_disciplines_and_oecd(inst):
    assert inst.habit("H1").disciplines == ("personal_mastery",)
    assert inst.habit("H5").disciplines == ("shared_vision",)
    assert set(inst.habit("H3").disciplines) == {"systems_thinking", "mental_models"}
    assert len(inst.oecd_dimensions) == 7
    for names in (*inst.oecd_dimensions.values(), *inst.disciplines.values()):
        assert set(names) == {"nl", "en"} and all(v and v.strip() for v in names.values())
    assert inst.oecd_dimensions["inquiry_innovation"]["nl"].endswith("exploratie vestigen")
    used = {i.oecd for i in inst.items if i.oecd}
    assert used == set(inst.oecd_dimensions)


@pytest.mark.parametrize("label,value", [
    ("Helemaal mee oneens", 1), ("  mee ONEENS ", 2), ("Niet eens/niet oneens", 3),
    ("Neutraal / geen mening", 3), ("Niet eens, niet oneens", 3), ("Mee eens", 4),
    ("Strongly agree", 5), ("4", 4), ("4 - Mee eens", 4), (5.0, 5), ("", None), ("n.v.t.", None),
    (None, None),
])
def test_scale_labels(inst, label, value):
    assert inst.scale.value_of(label) == value


@pytest.mark.parametrize("label", ["Soms", "6", "0", "4 - Helemaal mee eens", 7])
def test_scale_unknown_labels(inst, label):
    with pytest.raises(KeyError):
        inst.scale.value_of(label)


def test_match_statement_variants(inst):
    h = "Ik ben rolmodel in 'op leren gericht zijn' en in gedeeld leiderschap"
    assert inst.match_statement(h).id == "H2_01"
    assert inst.match_statement("Leiderschap [" + h + ".]").id == "H2_01"
    assert inst.match_statement("Q2 - Stellingen - " + h + ".").id == "H2_01"
    assert inst.match_statement("I listen out of wanting to understand.").id == "H4_01"
    assert inst.match_statement("In welk team werk je?") is None


def test_items_frame(inst):
    df = inst.items_frame("en")
    assert list(df.columns) == ["item", "habit", "text", "reverse", "oecd", "disciplines",
                                "position"]
    assert len(df) == 39 and df["position"].tolist() == list(range(1, 40))


def test_custom_short_instrument(tmp_path):
    f = tmp_path / "short.yml"
    f.write_text("""
id: short
habits:
  - id: A
    name: {nl: Alpha, en: Alpha}
    items:
      - {id: A_01, nl: "Eerste stelling", en: "First statement"}
      - {id: A_02, nl: "Tweede stelling", en: "Second statement", reverse: true}
scales:
  yn:
    options:
      - {value: 1, nl: Nee, en: "No"}
      - {value: 2, nl: Ja, en: "Yes"}
""", encoding="utf-8")
    inst = instrument.load(f)
    assert [i.id for i in inst.items] == ["A_01", "A_02"] and inst.item("A_02").reverse
    assert inst.scale.value_of("ja") == 2 and inst.scale.n_options == 2


@pytest.mark.parametrize("body,line,key", [
    ("id: x\nhabits:\n  - id: A\n    name: {nl: A, en: A}\n    items:\n"
     "      - {id: bad id, nl: a, en: b}\n"
     "scales: {s: {options: [{value: 1, nl: a, en: a}, {value: 2, nl: b, en: b}]}}\n", 6,
     "items.0.id"),
    ("id: x\nhabits:\n  - id: A\n    name: {nl: A}\n    items: []\nscales: {}\n", 6, "scales"),
    ("id: x\nhabits: [\n", 3, None),
    ("id: x\noecd_dimensions:\n  a: {nl: een, twee, en: one}\nhabits: []\nscales: {}\n", 3,
     "unexpected key"),
])
def test_malformed_instrument_names_key_and_line(tmp_path, body, line, key):
    f = tmp_path / "bad.yml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        instrument.load(f)
    msg = exc.value.message
    assert "bad.yml" in msg and f"row {line}" in msg
    if key:
        assert key in msg
