"""Who answered as what: team members and leaders (issue 15).

The instrument names, per statement, who answers it in which wording
(:meth:`kit.instrument.Item.text`): team members answer the leadership habit as their view of
their school leader, the leader answers it in the article's own wording. A leader's own answers
are one person's: they belong in that leader's own report only, never in a team's, a school's
or the board's figures, nor in the counts the privacy gate decides from. Every aggregating
function of the analysis therefore starts from :func:`team_members`.

Who is a leader is decided by the respondent's role (the roster's or the survey's role question,
:data:`kit.ingest.surveyvalues.ROLES`): ``directeur`` (which includes schoolleider,
locatieleider and adjunct-directeur) by default; a board may add ``bouwcoördinator`` in its
organisation file (``leader_roles: [directeur, bouwcoördinator]``). The store keeps the board's
choice in its manifest (``leader_roles``) and hands it on with the respondents table
(``respondents.attrs["leader_roles"]``, set by :class:`kit.store.Store`).

Examples
--------
>>> import pandas as pd
>>> r = pd.DataFrame({"respondent_id": ["a", "b", "c"], "wave": "W",
...                   "role": ["leerkracht", "directeur", "bouwcoördinator"]})
>>> team_members(r)["respondent_id"].tolist()
['a', 'c']
>>> team_members(r, ("directeur", "bouwcoördinator"))["respondent_id"].tolist()
['a']
"""

from __future__ import annotations

import pandas as pd

__all__ = ["DEFAULT_LEADER_ROLES", "LEADER_ROLE_CHOICES", "is_leader", "leader_roles_of",
           "leaders", "team_members"]

#: roles whose respondents are leaders unless the organisation file says otherwise
DEFAULT_LEADER_ROLES: tuple[str, ...] = ("directeur",)
#: the roles a board may name as leaders (``leader_roles`` in the organisation file)
LEADER_ROLE_CHOICES: tuple[str, ...] = ("directeur", "bouwcoördinator")


def leader_roles_of(respondents: pd.DataFrame, leader_roles=None) -> tuple[str, ...]:
    """The leader roles that apply: ``leader_roles`` when given, else the ones the store
    handed on with the table (``attrs["leader_roles"]``), else :data:`DEFAULT_LEADER_ROLES`."""
    if leader_roles is not None:
        return tuple(leader_roles)
    found = getattr(respondents, "attrs", {}).get("leader_roles")
    return tuple(found) if found else DEFAULT_LEADER_ROLES


def is_leader(respondents: pd.DataFrame, leader_roles=None) -> pd.Series:
    """Per respondent row, whether the respondent is a leader (False without a ``role``
    column: a table without roles has team members only).

    Returns
    -------
    Series
        Boolean, on the index of ``respondents``.
    """
    if "role" not in respondents.columns:
        return pd.Series(False, index=respondents.index)
    roles = set(leader_roles_of(respondents, leader_roles))
    return respondents["role"].isin(roles).fillna(False).astype(bool)


def team_members(respondents: pd.DataFrame, leader_roles=None) -> pd.DataFrame:
    """The respondents who are not leaders.

    Returns
    -------
    DataFrame
        The columns of ``respondents`` (``respondent_id``, ``wave``, ``role``, ...); the table
        itself when it holds no leader, so nothing changes for a board without leaders.
    """
    mask = is_leader(respondents, leader_roles)
    if not mask.any():
        return respondents
    out = respondents[~mask]
    out.attrs = dict(respondents.attrs)
    return out


def leaders(respondents: pd.DataFrame, leader_roles=None) -> pd.DataFrame:
    """The respondents who are leaders.

    Returns
    -------
    DataFrame
        The columns of ``respondents`` (``respondent_id``, ``wave``, ``role``, ...).
    """
    out = respondents[is_leader(respondents, leader_roles)]
    out.attrs = dict(respondents.attrs)
    return out
