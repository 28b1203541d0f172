"""Free-text answers (open questions): opt-in storage with obvious personal data scrubbed.

By default ``kit ingest`` stores no free text at all: every column that is neither a statement
of the instrument nor tool metadata nor the team/school/role question is dropped. Only when a
source asks for it (``free_text: true`` in the mapping file, or ``kit ingest --free-text``) are
the non-empty answers of those columns kept, in the store's ``free_text`` table, after
:func:`scrub` has replaced:

* e-mail addresses,
* phone numbers (Dutch and international notations: ``06-12345678``, ``+31 6 1234 5678``,
  ``(020) 123 45 67``, ``0031 20 1234567``),
* the names the export itself holds (e.g. Microsoft Forms' ``Naam`` column) and any extra names
  passed in, as full names and as separate name parts of three or more letters,

by ``[verwijderd]``. Scrubbing takes time linear in the length of the text (a cell of 130,000
characters in milliseconds). An answer longer than :data:`MAX_TEXT_CHARS` (32,767 characters,
Excel's own limit of a cell) is kept scrubbed and then cut at that length, ending in
``[ingekort: N tekens]`` (N the length before) so that the reason stands in the text; its row
stays accepted, and :attr:`NameScrubber.truncated` counts such answers.

Columns whose header names personal data (``Naam``, ``E-mailadres``, ``Telefoon``,
``Geboortedatum``, ``IP``, ...) that a reader did not recognise as metadata (for example in a
generic file) are never kept as free text (:func:`identity_header`).

**Names in free text cannot be removed reliably**: a colleague called by a
nickname, a first name alone or a misspelt surname slips through, and the roster holds no names
at all (only e-mail, token, school, team and role). That is why free text is opt-in, and why the
analysis shows it only when asked and only for groups of at least 10 respondents
(:func:`kit.analysis.freetext.free_text`).

Examples
--------
>>> scrub("Mail me: j.devries@school.nl of bel 06-12345678.")
'Mail me: [verwijderd] of bel [verwijderd].'
>>> scrub("Vergadering op 14-10-2025 om 15:30, lokaal 12.")
'Vergadering op 14-10-2025 om 15:30, lokaal 12.'
>>> scrub("Fijn dat Anna de Vries meedenkt, en Anna ook.", names=["Anna de Vries"])
'Fijn dat [verwijderd] meedenkt, en [verwijderd] ook.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

__all__ = ["FREE_TEXT_COLUMNS", "MAX_TEXT_CHARS", "REMOVED", "NameScrubber", "free_text_value",
           "identity_header", "scrub"]

#: what scrubbed personal data is replaced with (Dutch for "removed")
REMOVED = "[verwijderd]"

#: columns of the store's ``free_text`` table
FREE_TEXT_COLUMNS = ["respondent_id", "wave", "board", "school", "team", "question", "text"]

#: the longest answer kept whole (Excel's limit of a cell); longer ones are cut, with a note
MAX_TEXT_CHARS = 32_767

# An e-mail address is [\w.+'-]+ @ [\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}. As one regular expression
# searched left to right it took time quadratic in a run of word characters without "@" (every
# start in the run scans to its end), so the local part is found by walking back from each "@"
# and only the domain is a pattern, matched once per "@" (see _email_spans).
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_LOCAL_EXTRA = frozenset(".+'-_")
# a candidate phone number: starts with +, 00, 0 or "(0"; digits with spaces, dashes, dots and
# brackets between; checked further in _phone()
_PHONE = re.compile(r"(?<![\w+])(?:\+|\(0|0)[\d\s\-.()/]{7,}\d(?!\w)")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_IDENTITY = re.compile(
    r"(?<![a-z])(?:naam|namen|name|voornaam|achternaam|roepnaam|voorletters|initialen|"
    r"e-?mail\w*|mail|telefoon\w*|tel\.|tel\.? ?nr|telnr|phone|mobiel\w*|gsm|ip|ip-?adres|"
    r"ip address|token|"
    r"toegangscode|access code|geboortedatum|geboren|date of birth|birth ?date|bsn|"
    r"burgerservicenummer|adres|address|postcode|zip code|woonplaats|leerlingnummer|"
    r"personeelsnummer|employee id|respondent ?id|response ?id)(?![a-z])")
_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "la",
              "le", "du", "da", "di", "von", "vd", "v.d."}


def _local_char(ch: str) -> bool:
    return ch.isalnum() or ch in _LOCAL_EXTRA          # [\w.+'-] as re's Unicode \w sees it


def _email_spans(text: str) -> list[tuple[int, int]]:
    """Where e-mail addresses are: the matches ``re.finditer`` of the one-pattern form gives,
    in linear time. A match starts at the leftmost local-part character after the previous
    match (runs of those characters end at the first other character, so an address holds the
    first "@" after its start); the domain is the longest match after that "@"."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    at = text.find("@")
    while 0 <= at < n:
        start = at
        while start > pos and _local_char(text[start - 1]):
            start -= 1
        m = _DOMAIN.match(text, at + 1) if start < at else None
        if m:
            spans.append((start, m.end()))
            pos = m.end()
            at = text.find("@", pos)
        else:
            at = text.find("@", at + 1)
    return spans


def _scrub_emails(text: str) -> str:
    if "@" not in text:
        return text
    out, last = [], 0
    for a, b in _email_spans(text):
        out += [text[last:a], REMOVED]
        last = b
    out.append(text[last:])
    return "".join(out)


# where a run of digits that is too long for one phone number may hold two or more: at a slash,
# a comma or semicolon, or a space before the start of a new number ("06-1234 5678 / 06-8765 4321")
_PHONE_SPLIT = re.compile(r"(\s*[/,;]\s*|\s+(?=\+|\(0|0))")


def _phone(match: re.Match) -> str:
    s = match.group(0)
    digits = sum(ch.isdigit() for ch in s)
    if digits > 15:
        parts = _PHONE_SPLIT.split(s)
        if len(parts) > 1:
            return "".join(part if i % 2 else _PHONE.sub(_phone, part)
                           for i, part in enumerate(parts))
        return s
    if digits < 9 or _DATE.match(s.lstrip("(")):
        return s
    return REMOVED


def identity_header(header: str) -> bool:
    """Whether a column header names personal data (such a column is never free text).

    >>> identity_header("Uw naam"), identity_header("E-mailadres"), identity_header("Tel.")
    (True, True, True)
    >>> identity_header("Wil je nog iets toelichten?"), identity_header("Opmerkingen")
    (False, False)
    """
    from ..textnorm import normalise
    return bool(_IDENTITY.search(normalise(header)))


def _name_patterns(names: Iterable[str]) -> list[re.Pattern]:
    full: set[str] = set()
    parts: set[str] = set()
    for n in names:
        if n is None:
            continue
        s = " ".join(str(n).split())
        if not s or "@" in s:
            continue
        words = s.split(" ")
        if len(words) > 1:
            full.add(s)
        for w in words:
            w = w.strip(".,;:()")
            if len(w) >= 3 and w.casefold() not in _PARTICLES and any(c.isalpha() for c in w):
                parts.add(w)
    out = []
    # full names first (case-insensitive, any whitespace), longest first
    for s in sorted(full, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in s.split(" "))
        out.append(re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE))
    # single name parts: as written (capitalised), so 'Bakker' goes but 'bakker' stays
    for w in sorted(parts, key=len, reverse=True):
        out.append(re.compile(rf"(?<!\w){re.escape(w)}(?!\w)"))
    return out


def scrub(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with e-mail addresses, phone numbers and the given ``names`` replaced.

    Parameters
    ----------
    text : str
        A free-text answer.
    names : iterable of str
        Person names to remove (full names; their parts of three or more letters are removed
        too, when written with the same capitals). Not a reliable way to remove every name.
    """
    return NameScrubber(names)(text)


def free_text_value(raw: object) -> str | None:
    """The text of an answer cell, or ``None`` when it is empty (empty answers are not kept)."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    s = str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
    return s or None


class NameScrubber:
    """:func:`scrub` with the name patterns compiled once (for a whole export).

    Attributes
    ----------
    truncated : int
        How many answers were longer than :data:`MAX_TEXT_CHARS` and were cut.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._patterns = _name_patterns(names)
        self.truncated = 0

    def __call__(self, text: str) -> str:
        out = _scrub_emails(text)
        out = _PHONE.sub(_phone, out)
        for pat in self._patterns:
            out = pat.sub(REMOVED, out)
        if len(out) > MAX_TEXT_CHARS:     # scrubbed first: a cut never leaves half an address
            self.truncated += 1
            out = f"{out[:MAX_TEXT_CHARS]} [ingekort: {len(text)} tekens]"
        return out
