"""What a survey made by the kit asks, independent of the tool: :class:`Survey`.

The team question lists the board's teams per school (``org.yml``), the role question the roles
the ingest knows (:data:`~kit.ingest.surveyvalues.ROLES`), and one grid per habit holds its
statements on the instrument's agreement scale, whose answer codes are the scale values
(1 = *helemaal mee oneens* ... 5 = *helemaal mee eens*). The answer codes of teams and roles and
the statements' question codes come from :mod:`kit.ingest.kitsurvey`, which reads them back.
No question asks for a name or an e-mail address; ``collect_email`` asks the tool to record
the respondent's e-mail (for a roster) instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...errors import ArgumentError
from ...ingest.kitsurvey import (
    letter_code,
    lss_item_code,
    qsf_item_tag,
    role_codes,
    team_codes,
    team_labels,
)
from ...ingest.surveyvalues import ROLES
from ...present.text import LANGS, t

__all__ = ["PERSPECTIVES", "Choice", "Grid", "Statement", "Survey", "build", "statement_text"]

#: who answers: the team members, or the school leader
PERSPECTIVES = ("team", "leader")


def statement_text(item, lang: str, perspective: str) -> str:
    """The text of a statement as the respondents of ``perspective`` read it.

    The one place a survey takes a statement's text from: :meth:`kit.instrument.Item.text`
    (issue 15, part 1). The leader reads the article's own wording; team members read the
    team's view of their leader where the instrument has one (the leadership habit), else the
    article's wording.

    >>> from kit import instrument
    >>> statement_text(instrument.load().item("H4_01"), "en", "team")
    'I listen out of wanting to understand.'
    >>> statement_text(instrument.load().item("H2_01"), "nl", "team")[:32]
    'Onze schoolleider is rolmodel in'
    """
    if perspective not in PERSPECTIVES:
        raise ArgumentError(f"unknown perspective {perspective!r}",
                            expected=f"one of {PERSPECTIVES}")
    return item.text(lang, perspective)


@dataclass(frozen=True)
class Choice:
    """An answer option: what the kit stores (``value``), what the respondent reads
    (``label``), the LimeSurvey answer code (``lss``) and the Qualtrics recode value (``qsf``)."""

    value: str
    label: str
    lss: str
    qsf: int


@dataclass(frozen=True)
class Statement:
    """A statement of a grid with its codes in LimeSurvey and Qualtrics."""

    item: str
    text: str
    lss: str
    qsf: str


@dataclass(frozen=True)
class Grid:
    """The statements of one habit, answered on the agreement scale."""

    habit: str
    name: str
    question: str
    lss: str
    qsf: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Survey:
    """A survey made by the kit, ready to be written for one tool."""

    lang: str
    perspective: str
    title: str
    intro: str
    end: str
    wave: str
    start: dt.date | None
    end_date: dt.date | None
    team_question: str
    teams: tuple[Choice, ...]
    role_question: str
    roles: tuple[Choice, ...]
    scale: tuple[Choice, ...]
    grids: tuple[Grid, ...]
    collect_email: bool = False

    def words(self, key: str, **values: object) -> str:
        """A word of the survey in its language."""
        return t(key, self.lang, **values)


def _role_label(role: str, lang: str) -> str:
    try:
        return t(f"survey_role_{role}", lang)
    except KeyError:             # a role added to ROLES without a label: its own name
        return role[:1].upper() + role[1:]


def build(instrument, org, wave: str, *, lang: str = "nl", perspective: str = "team",
          collect_email: bool = False) -> Survey:
    """The survey of ``instrument`` for the board of ``org`` in ``wave``.

    Raises
    ------
    kit.errors.ArgumentError
        An unknown wave, language or perspective.
    kit.errors.ConfigError
        An instrument whose item or habit ids cannot be question codes of the tools.
    """
    if lang not in LANGS:
        raise ArgumentError(f"unknown language {lang!r}", expected=f"one of {LANGS}")
    waves = {w.id: w for w in org.waves}
    if wave not in waves:
        raise ArgumentError(f"the organisation file has no wave {wave!r}",
                            expected=f"one of {sorted(waves)}",
                            fix="give --wave one of the waves of org.yml, or add the wave there")
    w = waves[wave]
    schools = {s.id: s for s in org.schools}
    labels = team_labels(org)
    codes = team_codes(org)
    teams = tuple(Choice(tm.id, labels[tm.id], letter_code("T", codes[tm.id]), codes[tm.id])
                  for s in schools.values() for tm in s.teams)
    rcodes = role_codes()
    roles = tuple(Choice(r, _role_label(r, lang), letter_code("R", rcodes[r]), rcodes[r])
                  for r in ROLES)
    scale = tuple(Choice(str(o.value), o.label(lang), str(o.value), o.value)
                  for o in instrument.scale.options)
    grids = []
    module_scales = tuple(sc for m in instrument.modules for sc in m.scales)
    for habit in instrument.habits + module_scales:   # a module's scales after the habits
        statements = tuple(Statement(i.id, statement_text(i, lang, perspective),
                                     lss_item_code(i)[1], qsf_item_tag(i)[1])
                           for i in habit.items)
        lss_q = lss_item_code(habit.items[0])[0]
        grids.append(Grid(habit.id, habit.label(lang),
                          t("survey_habit_q", lang, habit=habit.label(lang)), lss_q,
                          qsf_item_tag(habit.items[0])[0], statements))
    name = instrument.name.get(lang) or instrument.name.get("nl") or instrument.id
    wave_label = w.label.get(lang) or w.label.get("nl") or w.id
    return Survey(
        lang=lang, perspective=perspective,
        title=t("survey_title", lang, instrument=name, wave=wave_label),
        intro=t("survey_intro_email" if collect_email else "survey_intro", lang),
        end=t("survey_end", lang), wave=w.id, start=w.start, end_date=w.end,
        team_question=t("survey_team_q", lang), teams=teams,
        role_question=t("survey_role_q", lang), roles=roles, scale=scale, grids=tuple(grids),
        collect_email=collect_email)
