"""The report kinds: one registry that the command line, batches and rendering share.

Each kind names its notebook, the parameters that name its unit (required: the notebooks'
defaults name the sample board's units), where its files go and what they are called, and the
text key of its title. ``kit report`` and ``kit batch`` name the same report the same way:
``board_nl``, ``S01/school_S01_nl``, ``S01/S01-BB_nl``, a leader's ``S01/leader_S01_nl``
(``leader_S01_ID_nl`` when the leader is named by id; with ``_WAVE`` before the language when
a wave is chosen).

Examples
--------
>>> p = ReportParameters(store="store", lang="nl", school="S01", team="S01-BB")
>>> kind_of(p).name, output_path(p, "reports").as_posix()
('team', 'reports/S01/S01-BB_nl')
>>> output_path(ReportParameters(store="store", wave="2026-voorjaar"), "out").as_posix()
'out/board_2026-voorjaar_nl'
>>> output_path(ReportParameters(store="store", school="S01", leader=True), "out").as_posix()
'out/S01/leader_S01_nl'
>>> report_kind("pupil")    # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kit.errors.ConfigError: unknown report kind 'pupil' (expected one of ['board', 'leader', ...])
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from kit.analysis.privacy import DEFAULT_THRESHOLD, check_threshold
from kit.errors import ConfigError
from kit.present.text import LANGS
from kit.resources import resource_dir

__all__ = ["KINDS", "NOTEBOOK_DIR", "TEMPLATE_DIR", "ReportKind", "ReportParameters", "kind_of",
           "output_path", "report_kind"]

#: the report notebooks (the checkout's, or those installed with the kit)
NOTEBOOK_DIR = resource_dir("notebooks")
#: the nbconvert template folder (``kit_report``)
TEMPLATE_DIR = resource_dir("templates")


@dataclass(frozen=True)
class ReportKind:
    """One kind of report.

    Parameters
    ----------
    name : str
        ``team``, ``school``, ``board`` or ``leader``.
    notebook : str
        The notebook's file name in :data:`NOTEBOOK_DIR`.
    required : tuple of str
        Parameters that must be given (they name the report's unit).
    title_key : str
        The :func:`kit.present.text.t` key of the report's title.
    """

    name: str
    notebook: str
    required: tuple[str, ...]
    title_key: str

    @property
    def path(self) -> Path:
        """The notebook file."""
        return NOTEBOOK_DIR / self.notebook


#: every report kind, in the order a batch renders them
KINDS: dict[str, ReportKind] = {
    "board": ReportKind("board", "board_report.ipynb", ("store",), "board_report_title"),
    "school": ReportKind("school", "school_report.ipynb", ("store", "school"),
                         "school_report_title"),
    "team": ReportKind("team", "team_report.ipynb", ("store", "school", "team"),
                       "report_title"),
    # a leader's own view beside the team's view (issue 15): rendered only when asked for
    "leader": ReportKind("leader", "leader_report.ipynb", ("store", "school"),
                         "leader_report_title"),
}


def report_kind(name: str) -> ReportKind:
    """The kind called ``name``; an unknown name is a :class:`kit.errors.ConfigError` that
    lists the known ones."""
    if name not in KINDS:
        raise ConfigError(f"unknown report kind {name!r}", expected=f"one of {sorted(KINDS)}")
    return KINDS[name]


@dataclass(frozen=True)
class ReportParameters:
    """The parameters of one report, checked once for every front door (CLI, batch, Python).

    The kind follows from what is given: a team (with its school) is a team report, a school
    alone a school report, neither the board report; ``leader`` (with the school, and
    optionally the leader's respondent id ``leader_id``) the school leader's report.
    """

    store: str | Path
    lang: str = "nl"
    wave: str | None = None
    aspiration: str | Path | None = None
    threshold: int = DEFAULT_THRESHOLD
    school: str | None = None
    team: str | None = None
    free_text: bool = False
    leader: bool = False
    leader_id: str | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ConfigError(f"unknown language {self.lang!r}", expected=f"one of {list(LANGS)}")
        check_threshold(self.threshold)
        if self.team and not self.school:
            raise ConfigError("a team report needs the team's school",
                              fix="give the school too (--school S --team T)")
        if self.free_text and not self.team:
            raise ConfigError("free text is shown only in team reports",
                              fix="leave out free text, or ask for a team report")
        if self.leader and (self.team or not self.school):
            raise ConfigError("a leader report is about one school's leader",
                              fix="give the school (--leader SCHOOL), without a team")
        if self.leader_id and not self.leader:
            raise ConfigError("a leader's id names a leader report", fix="add leader=True")

    def to_notebook(self) -> dict:
        """The papermill parameters: what was given, paths as absolute strings; the notebook's
        defaults for the rest."""
        out = {}
        for key, value in asdict(self).items():
            if value is None or (key in ("free_text", "leader") and not value) or \
                    key == "leader" or (self.leader and key == "aspiration"):
                continue
            if key in ("store", "aspiration"):
                value = str(Path(value).resolve())
            out[key] = value
        if out.get("threshold") == DEFAULT_THRESHOLD:
            del out["threshold"]
        return out


def kind_of(params: ReportParameters) -> ReportKind:
    """The report kind these parameters ask for."""
    if params.leader:
        return KINDS["leader"]
    return KINDS["team" if params.team else "school" if params.school else "board"]


def output_path(params: ReportParameters, out: str | Path) -> Path:
    """Where the report's files go, without suffix: the board's in ``out``, a school's and its
    teams' in ``out/SCHOOL``."""
    kind = kind_of(params)
    leader = f"leader_{params.school}" + (f"_{params.leader_id}" if params.leader_id else "")
    base = {"board": "board", "school": f"school_{params.school}", "team": str(params.team),
            "leader": leader}
    name = base[kind.name] + (f"_{params.wave}" if params.wave else "") + f"_{params.lang}"
    folder = Path(out) if kind.name == "board" else Path(out) / str(params.school)
    return folder / name
