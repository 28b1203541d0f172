"""Recognising the columns of pupil-data exports (ParnasSys, ZIEN!, Cito, Boom, ...).

Vendors publish no column specification, so headers are recognised through synonyms (case,
spacing, accents and punctuation do not matter) and the mapping file's ``columns`` overrides
them. Columns with names, birth dates, BSN or e-mail are recognised only to be dropped.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError
from .mapping import SourceMapping
from .table import RawTable

__all__ = ["DROP", "INDICATORS", "ROLES", "find_header", "key", "locate"]


def key(text: object) -> str:
    """Fold a header for matching: no accents, lower case, only letters and digits."""
    s = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", s.lower())


ROLES: dict[str, tuple[str, ...]] = {
    "pupil": ("leerlingnummer", "leerlingnr", "leerling nummer", "leerlingid", "leerling id",
              "leerling-id", "llnr", "pupil", "pupil id", "student id", "nummer", "id"),
    "school": ("school", "schoolnaam", "brin", "vestiging", "locatie"),
    "group": ("groep", "groepsnaam", "klas", "group", "stamgroep"),
    "jaargroep": ("jaargroep", "leerjaar", "year", "jaar groep"),
    "date": ("datum", "afnamedatum", "observatiedatum", "toetsdatum", "date", "peildatum",
             "datum afname", "datum observatie"),
    "domain": ("toets", "toetsnaam", "vakgebied", "domein", "leergebied", "test", "vak",
               "toetsonderdeel"),
    "moment": ("toetsmoment", "moment", "afname", "periode", "afnamemoment"),
    "score": ("vaardigheidsscore", "vs", "vaardigheid", "score", "ability score",
              "vaardigheidsscore vs"),
    "level": ("niveau", "niveauwaarde", "cito niveau", "citoniveau", "percentielniveau",
              "niveau i-v", "niveau a-e", "level"),
    "percentile": ("percentiel", "percentile", "percentielscore"),
    "referentieniveau": ("referentieniveau", "ref niveau", "referentie", "ref. niveau",
                         "referentieniveaus", "reference level"),
    "supplier": ("leverancier", "toetsaanbieder", "aanbieder", "supplier"),
    "indicator": ("indicator", "dimensie", "schaal", "dimension", "onderdeel"),
    "value": ("score", "waarde", "value", "schaalscore", "gemiddelde score"),
    "school_year": ("schooljaar", "school year"),
    # the group and jaargroep the pupil was in when the test was taken, where an export gives
    # them beside the pupil's present group
    "test_group": ("groep bij afname", "groep afname", "afnamegroep", "groep tijdens afname",
                   "toetsgroep", "groep op afnamedatum", "group at test"),
    "test_jaargroep": ("jaargroep bij afname", "leerjaar bij afname", "jaargroep afname",
                       "leerjaar afname", "jaargroep tijdens afname"),
    # whether the test was taken (a score or level cell may say it too: afwezig, vrijgesteld)
    "status": ("status", "afnamestatus", "toetsstatus", "resultaatstatus", "status afname",
               "afname status", "resultaat status", "reden niet afgenomen", "reden",
               "test status"),
}
DROP = ("naam", "roepnaam", "voornaam", "achternaam", "tussenvoegsel", "tussenvoegsels",
        "leerling", "volledige naam", "geboortedatum", "geslacht", "bsn", "email", "e-mail",
        "emailadres", "e-mailadres", "adres", "postcode", "woonplaats", "telefoon",
        "onderwijsnummer", "name", "first name", "last name", "birth date")
#: ZIEN! dimensions: header synonyms -> code
INDICATORS: dict[str, str] = {
    "betrokkenheid": "BT", "bt": "BT", "welbevinden": "WB", "wb": "WB",
    "sociaal initiatief": "SI", "si": "SI", "sociale flexibiliteit": "SF", "sf": "SF",
    "sociale autonomie": "SA", "sa": "SA", "impulsbeheersing": "IB", "ib": "IB",
    "inlevingsvermogen": "IL", "il": "IL",
}
_ROLE_KEYS = {role: {key(n) for n in names} for role, names in ROLES.items()}
_DROP_KEYS = {key(n) for n in DROP}
_IND_KEYS = {key(k): v for k, v in INDICATORS.items()}


def find_header(table: RawTable, mapping: SourceMapping) -> int:
    """Index (in ``table.rows``) of the header row, skipping report title rows."""
    if mapping.header_row is not None:
        for k, line in enumerate(table.lines):
            if line == mapping.header_row:
                return k
        raise InputError(f"row {mapping.header_row} (header_row in the mapping) is empty",
                         where=table.where(0), fix="correct header_row in the mapping file")
    pupil_names = {key(v) for v in mapping.columns.values()} | _ROLE_KEYS["pupil"]
    for k, row in enumerate(table.rows[:30]):
        cells = [key(c) for c in row if c is not None and str(c).strip()]
        if len(cells) >= 3 and any(c in pupil_names for c in cells):
            return k
    raise InputError(
        "no header row with a pupil-number column found",
        where=table.where(0),
        expected="a header such as 'Leerlingnummer' in the first 30 rows",
        fix="add 'columns: {pupil: <header of the pupil number>}' to the mapping file")


def locate(header: list[str], mapping: SourceMapping, table: RawTable,
           header_index: int) -> tuple[dict[str, int], set[int], dict[int, str]]:
    """Column roles, dropped (identifying) columns, and wide indicator columns.

    Returns ``(roles, dropped, indicator_columns)`` where ``roles`` maps role -> column index,
    ``dropped`` holds identifying columns, and ``indicator_columns`` maps column index ->
    indicator code for wide observation layouts.
    """
    keys = [key(h) for h in header]
    roles: dict[str, int] = {}
    for role, name in mapping.columns.items():
        if key(name) not in keys:
            raise InputError(f"the column {name!r} named in the mapping is not in the header",
                             where=table.where(header_index, name),
                             expected=f"one of {[h for h in header if h][:10]}",
                             fix="correct 'columns' in the mapping file")
        roles[role] = keys.index(key(name))
    taken = set(roles.values())
    extra_ind = {key(k): v for k, v in mapping.indicators.items()}
    indicator_cols: dict[int, str] = {}
    for i, k in enumerate(keys):
        if i in taken or not k:
            continue
        if k in extra_ind:
            indicator_cols[i] = extra_ind[k]
            continue
        for role in ROLES:
            if role not in roles and k in _ROLE_KEYS[role]:
                if role == "value" and "score" in roles and roles["score"] == i:
                    continue
                roles[role] = i
                taken.add(i)
                break
        else:
            if k in _IND_KEYS:
                indicator_cols[i] = _IND_KEYS[k]
    dropped = {i for i, k in enumerate(keys) if k in _DROP_KEYS and i not in taken}
    if "score" in roles and "value" not in roles:
        roles["value"] = roles["score"]
    return roles, dropped, indicator_cols
