"""The instrument as a survey ready to import (``kit instrument export``), so that items, codes
and the team question match the kit by construction and a response export needs no mapping file.

Formats (:data:`FORMATS`): ``lss`` (LimeSurvey survey structure, :mod:`.lss`), ``qsf``
(Qualtrics survey file, :mod:`.qsf`) and ``xlsx`` (the questions and settings to paste into
Microsoft Forms or Google Forms, :mod:`.sheet`). What the survey asks: :mod:`.content`; the
codes and their recognition at ingest: :mod:`kit.ingest.kitsurvey`.

Examples
--------
>>> import tempfile, json
>>> from pathlib import Path
>>> out = Path(tempfile.mkdtemp()) / "survey.qsf"
>>> export_survey("qsf", org="templates/org.example.yml", wave="2025-najaar", out=out).name
'survey.qsf'
>>> [e["Payload"]["DataExportTag"] for e in json.loads(out.read_text("utf-8"))["SurveyElements"]
...  if e["Element"] == "SQ"][:4]
['intro', 'team', 'role', 'kit_H1']
"""

from __future__ import annotations

from pathlib import Path

from ...errors import ArgumentError
from .content import PERSPECTIVES, Survey, build, statement_text
from .lss import write_lss
from .qsf import write_qsf
from .sheet import write_xlsx

__all__ = ["FORMATS", "PERSPECTIVES", "Survey", "build", "export_survey", "statement_text"]

#: format -> (file suffix, writer)
FORMATS = {"lss": (".lss", write_lss), "qsf": (".qsf", write_qsf), "xlsx": (".xlsx", write_xlsx)}


def export_survey(fmt: str, *, org, wave: str, out, lang: str = "nl",
                  perspective: str = "team", collect_email: bool = False,
                  instrument=None, overwrite: bool = False, modules=()) -> Path:
    """Write the survey of the board in ``org`` for ``wave`` in format ``fmt``.

    Parameters
    ----------
    fmt : str
        ``lss``, ``qsf`` or ``xlsx``.
    org : path or Organisation
        The organisation file (schools, teams, waves).
    wave : str
        A wave id of the organisation file.
    out : path
        The file to write; an existing file is only replaced with ``overwrite=True``.
    lang : str
        ``nl`` (default) or ``en``.
    perspective : str
        ``team`` (default) or ``leader``: whose wording of the statements.
    collect_email : bool
        Let the tool record the respondent's e-mail address (to link a roster); off by default,
        and the survey never asks for a name or e-mail itself.
    instrument : path or Instrument, optional
        Default the five habits.
    modules : iterable of str or Path, optional
        Optional modules to ask after the habits (issue 15), besides those the organisation
        file and the instrument name: module ids of the kit or module files.

    Returns
    -------
    Path
        The file written.
    """
    from ...ingest.org import Organisation, load_org
    from .. import Instrument, load

    if fmt not in FORMATS:
        raise ArgumentError(f"unknown survey format {fmt!r}", expected=f"one of {sorted(FORMATS)}")
    board = org if isinstance(org, Organisation) else load_org(org)
    named = tuple(board.modules) + tuple(modules or ())
    if isinstance(instrument, Instrument):
        inst = instrument
        if named:
            from dataclasses import replace
            extra = load(instrument.source, modules=named).modules
            inst = replace(instrument, modules=instrument.modules + tuple(
                m for m in extra if m.id not in {x.id for x in instrument.modules}))
    else:
        inst = load(instrument, modules=named)
    survey = build(inst, board, wave, lang=lang, perspective=perspective,
                   collect_email=collect_email)
    path = Path(out)
    if path.suffix.lower() != FORMATS[fmt][0]:
        raise ArgumentError(f"the output file {path.name!r} does not end in {FORMATS[fmt][0]}",
                            fix=f"name the file ...{FORMATS[fmt][0]} for --format {fmt}")
    if path.exists() and not overwrite:
        raise ArgumentError(f"{path} exists already",
                            fix="give another --out, or remove the file first")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        FORMATS[fmt][1](survey, tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
