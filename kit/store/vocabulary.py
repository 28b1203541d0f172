"""The store's shared vocabulary: words that ingest writes and analysis reads back.

The store is the floor of the kit: ingest writes into it and everything after reads from it, so
the codes and foldings that both sides must agree on live here, not in either of them.

* :data:`REASONS`: every rejection reason code (the ``rejections.reason`` column) with its Dutch
  and English description.
* :data:`FILE_KINDS`: what an input file holds (the ``files.kind`` column), in ingest order.
* :data:`NOT_TAKEN` and :data:`UNLINKED`: why a kept test result has no score (``tests.not_taken``)
  or no group and team (``tests.unlinked``), with their Dutch and English descriptions.
* :func:`normalise_group`: the folding of pupil group labels (``"Groep 7/8"`` = ``"7-8"``),
  used to link groups to teams at ingest and to select groups again at analysis time.
"""

from __future__ import annotations

import re

from ..textnorm import normalise

__all__ = ["FILE_KINDS", "NOT_TAKEN", "REASONS", "UNLINKED", "normalise_group"]

#: what a source file holds, in the order ingest collects them (``files.kind``)
FILE_KINDS = ("survey", "observations", "tests", "roster")

#: reason code -> (Dutch, English) description. Every rejection uses one of these codes.
REASONS: dict[str, tuple[str, str]] = {
    # survey tool metadata
    "preview": ("voorbeeldweergave van de enquête, geen echte respons",
                "survey preview, not a real response"),
    "test": ("testrespons van het enquêteprogramma", "test response made by the survey tool"),
    "spam": ("door het enquêteprogramma als spam gemarkeerd", "flagged as spam by the survey tool"),
    "incomplete": ("niet afgerond of niet verzonden", "not finished or not submitted"),
    # survey content
    "no_answers": ("geen enkele stelling beantwoord", "no statement answered"),
    "no_team": ("team onbekend: niet in de vragenlijst en niet in de deelnemerslijst",
                "team unknown: not in the survey and not in the roster"),
    "unknown_team": ("het opgegeven team staat niet in het organisatiebestand",
                     "the team given is not in the organisation file"),
    "no_wave": ("meetmoment onbekend: geen datum binnen een meetmoment",
                "wave unknown: no date within a wave"),
    "duplicate": ("exact dubbele inzending", "exact duplicate submission"),
    "superseded": ("dezelfde respondent vulde later in hetzelfde meetmoment opnieuw in",
                   "the same respondent answered again later in the same wave"),
    "ragged_row": ("rij heeft meer cellen dan de kopregel", "row has more cells than the header"),
    "bad_date": ("datum onleesbaar", "date cannot be read"),
    # pupil data
    "no_pupil_id": ("geen leerlingnummer", "no pupil number"),
    "unknown_school": ("school staat niet in het organisatiebestand",
                       "school is not in the organisation file"),
    "unknown_group": ("groep hoort bij geen team in het organisatiebestand",
                      "group belongs to no team in the organisation file"),
    "bad_value": ("waarde onleesbaar of buiten het bereik", "value unreadable or out of range"),
    "no_value": ("geen waarde", "no value"),
    "unknown_indicator": ("onbekende indicator of onbekend domein", "unknown indicator or domain"),
    "duplicate_measurement": ("dubbele meting (zelfde leerling, datum, indicator)",
                              "duplicate measurement (same pupil, date, indicator)"),
    "total_row": ("totaal- of gemiddelderegel van een rapport", "total or average row of a report"),
}

#: why a test was not taken (``tests.not_taken``): kept as a row, never counted as a score
NOT_TAKEN: dict[str, tuple[str, str]] = {
    "absent": ("afwezig", "absent"),
    "exempt": ("vrijgesteld of ontheven", "exempt"),
    "not_applicable": ("niet van toepassing", "not applicable"),
    "not_taken": ("niet gemaakt", "not taken"),
    "unknown": ("niet gemaakt; de status in het bestand is niet herkend",
                "not taken; the file's status was not recognised"),
}

#: why a kept test result is linked to no group and team (``tests.unlinked``)
UNLINKED: dict[str, tuple[str, str]] = {
    "group_of_other_year": (
        "de groep in het bestand is niet die van de toets (het toetsmoment noemt een andere "
        "jaargroep) en geen observatie van dat schooljaar noemt de groep",
        "the file's group is not the group at the test (the test moment names another "
        "jaargroep) and no observation of that school year gives the group"),
    "no_group": ("geen groep in het bestand en geen observatie van dat schooljaar noemt de groep",
                 "no group in the file and no observation of that school year gives it"),
}


def normalise_group(label: object) -> str:
    """Fold a group label for matching: ``"Groep 7/8"``, ``"7 / 8"`` and ``"7-8"`` -> ``"7/8"``.

    Examples
    --------
    >>> normalise_group("Groep 1/2A"), normalise_group(" 7 - 8 "), normalise_group(5.0)
    ('1/2a', '7/8', '5')
    """
    if isinstance(label, float) and label.is_integer():
        label = int(label)
    s = normalise(label)
    s = re.sub(r"^(groep|gr\.?|group)\s*", "", s)
    s = re.sub(r"\s*[/\-]\s*", "/", s)
    s = re.sub(r"\s+", "", s)
    return s
