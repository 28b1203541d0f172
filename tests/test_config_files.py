"""Organisation and mapping files: what they resolve, and the messages for malformed ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kit.errors import ConfigError
from kit.ingest.mapping import load_mapping
from kit.ingest.org import load_org, normalise_group

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture(scope="module")
def org():
    return load_org(TEMPLATES / "org.example.yml")


def test_org_resolves_names_aliases_and_combined_labels(org):
    assert org.resolve_team("Bovenbouw", school="S01") == "S01-BB"
    assert org.resolve_team(" groep 5-8 ") == "S01-BB"
    assert org.resolve_team("De Linde - Onderbouw") == "S01-OB"
    assert org.resolve_team("Middenbouw") is None
    assert org.resolve_school("linde") == "S01"


def test_org_groups_sizes_waves(org):
    assert org.team_for_group("S01", "Groep 1/2B") == "S01-OB"
    assert org.team_for_group("S01", "8") is None
    assert org.team_size("S01-OB", "2025-najaar") == 8
    assert org.team_size("S01-BB", "2025-najaar") == 9
    assert org.wave_for(dt.datetime(2025, 10, 14, 9, 0)) == "2025-najaar"
    assert org.wave_for(dt.date(2026, 8, 15)) is None
    frame = org.teams_frame()
    assert len(frame) == 4 and frame["size"].dtype.name == "Int64"


@pytest.mark.parametrize("label,expected", [("Groep 7/8", "7/8"), ("7 - 8", "7/8"),
                                            ("1/2A", "1/2a"), (6.0, "6"), ("gr. 3", "3")])
def test_normalise_group(label, expected):
    assert normalise_group(label) == expected


def _write(tmp_path: Path, text: str) -> Path:
    f = tmp_path / "cfg.yml"
    f.write_text(text, encoding="utf-8")
    return f


ORG_OK = """board: {id: B}
waves: [{id: w1, start: 2025-09-01, end: 2026-01-31}]
schools:
  - id: S1
    teams:
      - {id: T1, size: 5, groups: ["1/2"]}
"""


@pytest.mark.parametrize("old,new,line,words", [
    ("size: 5", "size: five", 6, "whole number"),
    ("id: T1", "id: T 1", 6, "invalid team id"),
    ("end: 2026-01-31", "end: 2025-01-31", 2, "ends"),
    ("board: {id: B}", "board: {name: B}", 1, "board"),
    ("size: 5", "size: {w9: 3}", 6, "unknown wave"),
])
def test_org_errors_name_key_and_line(tmp_path, old, new, line, words):
    f = _write(tmp_path, ORG_OK.replace(old, new))
    with pytest.raises(ConfigError) as exc:
        load_org(f)
    assert f"row {line}" in exc.value.message and words in exc.value.message
    assert "cfg.yml" in exc.value.message


def test_org_group_in_two_teams(tmp_path):
    f = _write(tmp_path, ORG_OK.replace(
        '- {id: T1, size: 5, groups: ["1/2"]}',
        '- {id: T1, groups: ["1/2"]}\n      - {id: T2, groups: ["1-2"]}'))
    with pytest.raises(ConfigError, match="two teams"):
        load_org(f)


def test_mapping_merges_defaults_and_first_match():
    m = load_mapping(TEMPLATES / "mapping.example.yml")
    sm = m.for_file("/data/LINDE_voorjaar.csv")
    assert sm.tool == "limesurvey" and sm.school == "S01" and sm.date_order == "dmy"
    assert sm.items["GW1[SQ001]"] == "H1_01" and sm.codes["A6"] is None
    other = m.for_file("eigen_enquete.xlsx")
    assert other.tool == "generic" and other.columns["team"] == "Team" and other.header_row == 1
    assert m.for_file("unknown.csv").tool is None


@pytest.mark.parametrize("text,words", [
    ("sources:\n  - file: a.csv\n    schol: S1\n", "schol"),
    ("sources:\n  - file: a.csv\n    kind: answers\n", "unknown kind"),
    ("sources:\n  - school: S1\n", "no 'file'"),
    ("defaults: {timezone: Mars/Olympus}\n", "unknown time zone"),
    ("sources:\n  - file: a.csv\n    codes: {A1: een}\n", "number or null"),
    ("other: 1\n", "top-level"),
])
def test_mapping_errors(tmp_path, text, words):
    with pytest.raises(ConfigError) as exc:
        load_mapping(_write(tmp_path, text))
    assert words in exc.value.message and "row " in exc.value.message


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_org(tmp_path / "nope.yml")
