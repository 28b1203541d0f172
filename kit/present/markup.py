"""Text from a board's files shown as text, never as markup.

Board, school, team and wave names (``org.yml``), indicator labels (the aspiration YAML), habit
names and item texts (the instrument YAML) and free-text answers come from files a board writes.
Wherever such a text enters Markdown, HTML or a matplotlib text it goes through one of these
helpers, so that ``<script>``, ``<b>``, ``*star*``, ``[link](x)`` or ``$x^2$`` show exactly as
typed:

* :func:`md_text` - inside Markdown (the reports' headings; IPython ``Markdown`` rendered by
  nbconvert's mistune, JupyterLab or any CommonMark renderer): every ASCII punctuation
  character is backslash-escaped (CommonMark allows exactly that), so no emphasis, link,
  heading, table, math, autolink, entity or raw HTML can start; line breaks become spaces, so a
  name cannot end a heading.
* :func:`md_plain` - the plain text back from :func:`md_text` (the report's ``<title>``).
* :func:`html_text` - inside HTML text or a quoted attribute value.
* :func:`mpl_text` - inside a matplotlib text (labels, titles, tick labels, legends): ``$`` is
  escaped, so two of them never start mathtext (which would draw ``$x^2$`` as a formula, or
  raise on ``$$``); a leading ``_`` is kept visible in a legend.

The kit's drawing functions (:mod:`kit.present.plots`, :mod:`kit.dashboard.views`) take plain
text and escape it themselves: escape a text once, where it reaches the markup, never before.
"""

from __future__ import annotations

import html as _html
import re

__all__ = ["html_text", "md_plain", "md_text", "mpl_text"]

#: every ASCII punctuation character: the characters CommonMark lets a backslash escape
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_MD_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
#: line breaks (also those of ``str.splitlines``), other control characters and runs of spaces:
#: one space (HTML shows a run of white space as one space anyway)
_BREAKS = re.compile(r"[\x00-\x20\x7f\x85\u2028\u2029]+")


def md_text(s: object) -> str:
    r"""``s`` as literal text inside Markdown (and so inside the HTML it becomes).

    Examples
    --------
    >>> md_text("<script>alert(1)</script>")
    '\\<script\\>alert\\(1\\)\\<\\/script\\>'
    >>> print(md_text("*star* _under_ # [link](http://x) | pipe"))
    \*star\* \_under\_ \# \[link\]\(http\:\/\/x\) \| pipe
    >>> print(md_text('Team "quoted" & <b>bold</b>'))
    Team \"quoted\" \& \<b\>bold\<\/b\>
    >>> print(md_text("$x^2$ $$"))
    \$x\^2\$ \$\$
    >>> md_text("Bovenbouw")                   # a name without punctuation is unchanged
    'Bovenbouw'
    >>> md_text("line one\n# line two")        # no new line, so no new heading
    'line one \\# line two'

    Rendered as the report renders it, the text shows as typed:

    >>> from nbconvert.filters.markdown import markdown2html
    >>> markdown2html(md_text("<b>bold</b> *star*"))
    '<p>&lt;b&gt;bold&lt;/b&gt; *star*</p>\n'
    """
    return _MD_PUNCT.sub(r"\\\1", _BREAKS.sub(" ", str(s)))


def md_plain(s: str) -> str:
    r"""The plain text of Markdown escaped by :func:`md_text` (backslash escapes undone).

    >>> md_plain(md_text('Team "quoted" & <b>bold</b>'))
    'Team "quoted" & <b>bold</b>'
    >>> md_plain(r"a\\b \$ \o")                # an escaped backslash; \o is no escape
    'a\\b $ \\o'
    """
    return _MD_ESCAPED.sub(r"\1", s)


def html_text(s: object) -> str:
    """``s`` as literal text inside HTML: text or a quoted attribute value.

    >>> html_text('Team "quoted" & <b>bold</b>')
    'Team &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;'
    """
    return _html.escape(str(s), quote=True)


def mpl_text(s: object) -> str:
    r"""``s`` as literal text for matplotlib (a label, title, tick label or legend entry).

    ``$`` becomes ``\$``, which matplotlib draws as ``$`` and never as the start of mathtext.
    A text starting with ``_`` gets a zero-width space before it: matplotlib leaves labels
    starting with ``_`` out of a legend.

    Examples
    --------
    >>> print(mpl_text("$x^2$ $$"))
    \$x^2\$ \$\$
    >>> mpl_text("_under_")
    '\u200b_under_'
    >>> mpl_text("Bovenbouw")
    'Bovenbouw'

    Drawn, the text is the one typed:

    >>> from matplotlib.text import Text
    >>> Text(text=mpl_text("Team $$$ $x$"))._preprocess_math(mpl_text("Team $$$ $x$"))
    ('Team $$$ $x$', False)
    """
    s = str(s).replace("$", r"\$")
    return "\u200b" + s if s.startswith("_") else s
