"""The organisation file: board, schools, teams, the groups each team teaches, sizes, waves.

See ``templates/org.example.yml`` for the format. :func:`load_org` validates it and returns an
:class:`Organisation` that resolves team and school names (ids, names, aliases; case and spacing
do not matter), links pupil groups to teams, and finds the wave of a date. Group labels are
folded by :func:`~kit.store.vocabulary.normalise_group` (re-exported here), so that analysis
selects groups the same way without importing ingest.

Examples
--------
>>> from kit.ingest.org import load_org
>>> org = load_org("templates/org.example.yml")
>>> org.resolve_team("onderbouw", school="S01")
'S01-OB'
>>> org.team_for_group("S01", "7/8")
'S01-BB'
>>> org.team_size("S01-BB", "2026-voorjaar")
10
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..store.vocabulary import normalise_group
from ..textnorm import normalise
from ..yamlio import YamlDoc, load_yaml

__all__ = ["Organisation", "School", "Team", "Wave", "load_org", "normalise_group"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class Wave:
    """A measurement moment with its date window (inclusive)."""

    id: str
    start: dt.date | None
    end: dt.date | None
    label: dict = field(default_factory=dict)

    def holds(self, when: dt.date | dt.datetime) -> bool:
        """Whether ``when`` falls in this wave's window."""
        d = when.date() if isinstance(when, dt.datetime) else when
        return (self.start is None or d >= self.start) and (self.end is None or d <= self.end)


@dataclass(frozen=True)
class Team:
    """A team of a school."""

    id: str
    school: str
    name: str
    aliases: tuple[str, ...]
    size: int | dict | None
    groups: tuple[str, ...]


@dataclass(frozen=True)
class School:
    """A school of the board."""

    id: str
    name: str
    aliases: tuple[str, ...]
    teams: tuple[Team, ...]


@dataclass(frozen=True)
class Organisation:
    """A validated organisation file."""

    board_id: str
    board_name: str
    schools: tuple[School, ...]
    waves: tuple[Wave, ...]
    source: Path | None = None
    #: the roles whose respondents are leaders (``leader_roles``; default ``directeur``):
    #: their own answers count only in their leader report (issue 15)
    leader_roles: tuple[str, ...] = ("directeur",)
    #: optional instrument modules the board asks (``modules``: ids of the kit's modules or
    #: module files, relative to the organisation file; issue 15)
    modules: tuple = ()

    @cached_property
    def teams(self) -> tuple[Team, ...]:
        """All teams of the board (worked out once: the organisation does not change)."""
        return tuple(t for s in self.schools for t in s.teams)

    @cached_property
    def date_range(self) -> tuple[dt.date, dt.date]:
        """The dates a measurement of this board can plausibly have: from 1 August ten school
        years before the first wave to 31 July of the school year after the last (without
        wave dates: 2000 to next year). A date outside it is a typing or export error."""
        days = [d for w in self.waves for d in (w.start, w.end) if d is not None]
        if not days:
            today = dt.date.today()
            return dt.date(2000, 1, 1), dt.date(today.year + 1, 12, 31)
        first, last = min(days), max(days)
        first_year = first.year - (first.month < 8)       # the school year it falls in
        last_year = last.year - (last.month < 8)
        return dt.date(first_year - 10, 8, 1), dt.date(last_year + 2, 7, 31)

    def team(self, team_id: str) -> Team:
        """The team with id ``team_id``; ``KeyError`` otherwise."""
        for t in self.teams:
            if t.id == team_id:
                return t
        raise KeyError(team_id)

    def resolve_school(self, label: object) -> str | None:
        """The school id for an id, name or alias; ``None`` if none or ambiguous."""
        hits = self._school_index.get(normalise(label), set())
        return next(iter(hits)) if len(hits) == 1 else None

    @cached_property
    def _school_index(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for s in self.schools:
            for x in (s.id, s.name, *s.aliases):
                index.setdefault(normalise(x), set()).add(s.id)
        return index

    @cached_property
    def _team_index(self) -> dict[str, set[tuple[str, str]]]:
        index: dict[str, set[tuple[str, str]]] = {}
        for t in self.teams:
            for x in (t.id, t.name, *t.aliases):
                index.setdefault(normalise(x), set()).add((t.school, t.id))
        return index

    @cached_property
    def _group_index(self) -> dict[tuple[str, str], list[str]]:
        index: dict[tuple[str, str], list[str]] = {}
        for t in self.teams:
            for g in t.groups:
                index.setdefault((t.school, normalise_group(g)), []).append(t.id)
        return index

    def resolve_team(self, label: object, school: str | None = None) -> str | None:
        """The team id for an id, name or alias (within ``school`` if given).

        ``"De Linde - Onderbouw"`` style labels (school and team together) are resolved too.
        Returns ``None`` when nothing or more than one team matches.
        """
        key = normalise(label)
        if not key:
            return None
        hits = {tid for sch, tid in self._team_index.get(key, ())
                if school is None or sch == school}
        if len(hits) == 1:
            return hits.pop()
        if not hits:
            for sep in (" - ", " / ", ": ", ", ", " | "):
                if sep in key:
                    left, right = key.split(sep, 1)
                    sid = self.resolve_school(left)
                    if sid and (school is None or sid == school):
                        return self.resolve_team(right, sid)
        return None

    def team_for_group(self, school: str, group: object) -> str | None:
        """The team of ``school`` that teaches ``group``; ``None`` if no team lists it."""
        hits = self._group_index.get((school, normalise_group(group)), [])
        return hits[0] if len(hits) == 1 else None

    def team_size(self, team_id: str, wave: str | None = None) -> int | None:
        """Staff count of a team (in ``wave`` when sizes are given per wave)."""
        size = self.team(team_id).size
        if isinstance(size, dict):
            return size.get(wave) if wave is not None else None
        return size

    def wave_for(self, when: dt.date | dt.datetime | None) -> str | None:
        """The id of the wave whose window holds ``when``; ``None`` when none does."""
        if when is None or pd.isna(when):
            return None
        hits = [w.id for w in self.waves if w.holds(when)]
        return hits[0] if len(hits) == 1 else None

    def teams_frame(self) -> pd.DataFrame:
        """One row per team and wave.

        Returns
        -------
        pandas.DataFrame
            ``board``, ``school``, ``school_name``, ``team``, ``team_name``, ``wave``,
            ``size`` (nullable Int64), ``groups`` (comma-separated labels).
        """
        rows = []
        waves = [w.id for w in self.waves] or [None]
        for s in self.schools:
            for t in s.teams:
                for w in waves:
                    rows.append({
                        "board": self.board_id, "school": s.id, "school_name": s.name,
                        "team": t.id, "team_name": t.name, "wave": w,
                        "size": self.team_size(t.id, w), "groups": ",".join(t.groups),
                    })
        df = pd.DataFrame(rows)
        df["size"] = df["size"].astype("Int64")
        return df


def _str_list(doc: YamlDoc, node: object, path: tuple) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, list):
        raise doc.error(path, "must be a list", expected="[a, b, ...]")
    return tuple(str(x) for x in node)


def _date(doc: YamlDoc, node: object, path: tuple) -> dt.date | None:
    if node is None:
        return None
    if isinstance(node, dt.datetime):
        return node.date()
    if isinstance(node, dt.date):
        return node
    try:
        return dt.date.fromisoformat(str(node))
    except ValueError:
        raise doc.error(path, f"is not a date: {node!r}", expected="YYYY-MM-DD") from None


def load_org(path: str | Path) -> Organisation:
    """Load and validate an organisation file.

    Raises
    ------
    kit.errors.ConfigError
        Naming the key and line of anything missing or malformed.
    """
    doc = load_yaml(path, what="organisation file")
    d = doc.data
    if not isinstance(d, dict):
        raise doc.error((), "must be a mapping with board, schools and waves")
    board = d.get("board")
    if not isinstance(board, dict) or not board.get("id"):
        raise doc.error(("board",), "is missing or has no id",
                        expected="board: {id: ..., name: ...}")
    waves = _waves(doc, d.get("waves") or [])
    schools_node = d.get("schools")
    if not isinstance(schools_node, list) or not schools_node:
        raise doc.error(("schools",), "must be a non-empty list of schools")
    wave_ids = {w.id for w in waves}
    schools = []
    team_ids: set[str] = set()
    school_ids: set[str] = set()
    for n, s in enumerate(schools_node):
        schools.append(_school(doc, s, ("schools", n), school_ids, team_ids, wave_ids))
    org = Organisation(str(board["id"]), str(board.get("name") or board["id"]), tuple(schools),
                       tuple(waves), doc.path, _leader_roles(doc, d.get("leader_roles")),
                       _module_refs(doc, d.get("modules")))
    _check_groups(doc, org)
    return org


_LEADER_CHOICES = ("directeur", "bouwcoördinator")


def _module_refs(doc: YamlDoc, node: object) -> tuple:
    """``modules``: the kit's module ids (``psychological_safety``) or module files (a path
    relative to the organisation file); loaded and checked with the instrument."""
    if node is None:
        return ()
    if not isinstance(node, list) or not all(isinstance(r, str) and r.strip() for r in node):
        raise doc.error(("modules",), "must be a list of module ids or module files",
                        expected="e.g. [psychological_safety] or [modules/visie.yml]")
    out = []
    for r in node:
        if r.endswith((".yml", ".yaml")) or "/" in r:
            p = Path(r)
            out.append(p if p.is_absolute() or doc.path is None else doc.path.parent / p)
        else:
            out.append(r)
    return tuple(out)


def _leader_roles(doc: YamlDoc, node: object) -> tuple[str, ...]:
    """``leader_roles``: which roles are leaders (directeur, and bouwcoördinator where the
    board says so); each named as the kit's roles name it, or by an alias (schoolleider)."""
    from .surveyvalues import role_value
    if node is None:
        return ("directeur",)
    if not isinstance(node, list) or not node:
        raise doc.error(("leader_roles",), "must be a list of roles",
                        expected=f"a list such as {list(_LEADER_CHOICES)}")
    roles = []
    for k, r in enumerate(node):
        role = role_value(r) if isinstance(r, str) else None
        if role not in _LEADER_CHOICES:
            raise doc.error(("leader_roles", k), f"names no leader role ({str(r)[:40]!r})",
                            expected=f"one of {list(_LEADER_CHOICES)}",
                            fix="name the roles whose answers are a leader's own")
        if role not in roles:
            roles.append(role)
    return tuple(roles)


def _waves(doc: YamlDoc, node: list) -> list[Wave]:
    waves = []
    seen_w: set[str] = set()
    for n, w in enumerate(node):
        p = ("waves", n)
        if not isinstance(w, dict) or not w.get("id"):
            raise doc.error(p, "must be a mapping with an id", expected="{id, start, end}")
        wid = str(w["id"])
        if wid in seen_w:
            raise doc.error(p + ("id",), f"wave {wid!r} is listed twice")
        seen_w.add(wid)
        start = _date(doc, w.get("start"), p + ("start",))
        end = _date(doc, w.get("end"), p + ("end",))
        if start and end and end < start:
            raise doc.error(p, f"ends ({end}) before it starts ({start})")
        label = w.get("label") or {"nl": wid, "en": wid}
        waves.append(Wave(wid, start, end, label))
    return waves


def _school(doc: YamlDoc, s: object, p: tuple, school_ids: set[str], team_ids: set[str],
            wave_ids: set[str]) -> School:
    if not isinstance(s, dict) or not s.get("id"):
        raise doc.error(p, "must be a mapping with id, name and teams")
    sid = str(s["id"])
    if not _ID.match(sid):
        raise doc.error(p + ("id",), f"invalid school id {sid!r}",
                        expected="letters, digits, '-', '_' or '.'")
    if sid in school_ids:
        raise doc.error(p + ("id",), f"school id {sid!r} is used twice")
    school_ids.add(sid)
    teams_node = s.get("teams")
    if not isinstance(teams_node, list) or not teams_node:
        raise doc.error(p + ("teams",), "must be a non-empty list of teams")
    teams = tuple(_team(doc, t, p + ("teams", m), sid, team_ids, wave_ids)
                  for m, t in enumerate(teams_node))
    return School(sid, str(s.get("name") or sid),
                  _str_list(doc, s.get("aliases"), p + ("aliases",)), teams)


def _team(doc: YamlDoc, t: object, tp: tuple, sid: str, team_ids: set[str],
          wave_ids: set[str]) -> Team:
    if not isinstance(t, dict) or not t.get("id"):
        raise doc.error(tp, "must be a mapping with id, name, size and groups")
    tid = str(t["id"])
    if not _ID.match(tid):
        raise doc.error(tp + ("id",), f"invalid team id {tid!r}",
                        expected="letters, digits, '-', '_' or '.'")
    if tid in team_ids:
        raise doc.error(tp + ("id",), f"team id {tid!r} is used twice (ids are board-wide)")
    team_ids.add(tid)
    size = t.get("size")
    if isinstance(size, dict):
        for wk, wv in size.items():
            if str(wk) not in wave_ids:
                raise doc.error(tp + ("size", wk), f"names unknown wave {wk!r}",
                                expected=f"one of {sorted(wave_ids)}")
            if not isinstance(wv, int) or wv < 0:
                raise doc.error(tp + ("size", wk), f"must be a whole number, got {wv!r}")
        size = {str(k): v for k, v in size.items()}
    elif size is not None and (not isinstance(size, int) or isinstance(size, bool)
                               or size < 0):
        raise doc.error(tp + ("size",), f"must be a whole number, got {size!r}")
    return Team(tid, sid, str(t.get("name") or tid),
                _str_list(doc, t.get("aliases"), tp + ("aliases",)),
                size, _str_list(doc, t.get("groups"), tp + ("groups",)))


def _check_groups(doc: YamlDoc, org: Organisation) -> None:
    """A group of a school is taught by one team."""
    for s in org.schools:
        seen_g: dict[str, str] = {}
        for t in s.teams:
            for g in t.groups:
                k = normalise_group(g)
                if k in seen_g:
                    raise doc.error(("schools",), f"group {g!r} of school {s.id} is listed for "
                                    f"two teams ({seen_g[k]} and {t.id})")
                seen_g[k] = t.id
