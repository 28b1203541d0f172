"""The staff roster: linking by e-mail or token, and clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.ingest.org import load_org
from kit.ingest.roster import COLUMNS, load_roster
from kit.textnorm import normalise

ORG = load_org("templates/org.example.yml")


def _roster(tmp_path, text):
    f = tmp_path / "roster.csv"
    f.write_text(text, encoding="utf-8")
    return f


def test_lookup_by_email_and_token(tmp_path):
    r = load_roster(_roster(tmp_path, "E-mailadres;Toegangscode;School;Team;Functie\n"
                                      "A.Jansen@X.nl;tok1;De Linde;Onderbouw;leerkracht\n"
                                      ";tok2;S01;BB;ib\n"), ORG)
    assert r.lookup(email=" a.jansen@x.nl").team == "S01-OB"
    assert r.lookup(token="TOK2").team == "S01-BB" and r.lookup(token="tok2").role == "ib"
    assert r.lookup(email="nobody@x.nl") is None and len(r) == 2
    assert "jansen" not in repr(r)


@pytest.mark.parametrize("text,words,row", [
    ("email,team\na@x.nl,Middenbouw\n", "unknown team", 2),
    ("email,school,team\na@x.nl,Elders,Onderbouw\n", "unknown school", 2),
    ("naam,team\nPiet,Onderbouw\n", "no e-mail or token column", 1),
    ("email,school\na@x.nl,S01\n", "no team column", 1),
    ("email,team\na@x.nl,Onderbouw\nA@x.nl,Bovenbouw\n", "two teams", 3),
    ("email,token,team\n,,Onderbouw\n", "no e-mail or token", 2),
])
def test_roster_errors(tmp_path, text, words, row):
    with pytest.raises(ConfigError) as exc:
        load_roster(_roster(tmp_path, text), ORG)
    assert words in exc.value.message and f"row {row}" in exc.value.message


ROOT = Path(__file__).resolve().parents[1]


def test_the_template_roster_loads_and_documents_every_column_name():
    path = ROOT / "templates" / "roster.example.csv"
    r = load_roster(path, ORG)
    assert len(r) == 3
    assert r.lookup(email="A.Jansen@voorbeeld.nl").team == "S01-OB"
    assert r.lookup(token="K7QM2XRW9TZ4VLP").team == "S01-BB"
    comments = normalise(" ".join(line for line in path.read_text(encoding="utf-8").splitlines()
                                  if line.startswith("#")))
    for column, names in COLUMNS.items():
        for name in names:
            assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", comments), (column, name)


def test_comment_lines_anywhere_and_a_roster_of_comments_only(tmp_path):
    r = load_roster(_roster(tmp_path, "# staff of De Linde\nemail;team\n# onderbouw\n"
                                      "a@x.nl;Onderbouw\n#b@x.nl;Bovenbouw\n"), ORG)
    assert len(r) == 1 and r.lookup(email="b@x.nl") is None
    with pytest.raises(ConfigError, match="only comment lines"):
        load_roster(_roster(tmp_path, "# nothing yet\n"), ORG)
    with pytest.raises(ConfigError, match="row 4.*unknown team"):
        load_roster(_roster(tmp_path, "# c\nemail,team\n# d\na@x.nl,Zolder\n"), ORG)
