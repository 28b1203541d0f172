"""A short glossary for a teacher: the words of the reports in plain language.

Every report and the dashboard can carry it: rwg ("jullie zijn het grotendeels met elkaar
eens"), the 95% interval, ICC, helling (slope), trend, spreiding (spread), respons, op koers
and n. The words live in :mod:`kit.present.words_nl` and :mod:`kit.present.words_en`.

Examples
--------
>>> [term for term, _ in glossary("nl")][:3]
['Overeenstemming (rwg)', '95%-interval', 'ICC']
>>> glossary_html("en").startswith('<dl class="kit-glossary"><dt>Agreement (rwg)</dt><dd>')
True
"""

from __future__ import annotations

import html as _html

from kit.present.text import t

__all__ = ["TERMS", "glossary", "glossary_html"]

#: the glossary's entries, in the order shown (keys ``gl_<term>_term`` and ``gl_<term>``)
TERMS = ("rwg", "interval", "icc", "slope", "trend", "spread", "response", "on_course", "n")


def glossary(lang: str = "nl", terms: tuple[str, ...] = TERMS) -> list[tuple[str, str]]:
    """The glossary as (term, explanation) pairs in ``lang``.

    Parameters
    ----------
    lang : {"nl", "en"}
    terms : tuple of str
        The entries a report uses, keys of :data:`TERMS` (default: all of them).

    Returns
    -------
    list of (str, str)
        One pair per entry of :data:`TERMS` named in ``terms``, in the order of :data:`TERMS`.

    >>> [term for term, _ in glossary("en", ("n", "interval"))]
    ['95% interval', 'n']
    """
    unknown = set(terms) - set(TERMS)
    if unknown:
        raise ValueError(f"not glossary terms: {sorted(unknown)}")
    return [(t(f"gl_{k}_term", lang), t(f"gl_{k}", lang)) for k in TERMS if k in terms]


def glossary_html(lang: str = "nl", terms: tuple[str, ...] = TERMS) -> str:
    """The glossary (the entries named in ``terms``) as an escaped HTML definition list,
    ``<dl class="kit-glossary">``."""
    rows = "".join(f"<dt>{_html.escape(term)}</dt><dd>{_html.escape(text)}</dd>"
                   for term, text in glossary(lang, terms))
    return f'<dl class="kit-glossary">{rows}</dl>'
