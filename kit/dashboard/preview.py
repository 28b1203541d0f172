"""The dashboard's first view as a picture, shown while the page's widget code still loads.

Voilà shows a page's widgets only after its JavaScript has loaded and connected to the kernel
(1-2 s on a school laptop, whatever the notebook does). A kernel kept ready by ``kit dashboard``
has already made the first view, so the page can show that view at once: :func:`preview_html`
is the view on screen with the selection as plain text instead of the controls, and a line that
the controls follow. :func:`show_preview` displays it as an output marked ``kit_preview``, which
the kit's Voilà template (:data:`kit.dashboard.serve.TEMPLATE`) writes into the page itself, not
into the cells the widget code fills later; the page's style sheet hides it as soon as the live
dashboard's view is there. Outside ``kit dashboard`` (JupyterLab, nbval) nothing is shown: the
live widgets come as fast there, and a second copy of the view would only confuse.

Every text in it is escaped (:func:`kit.present.markup.html_text`); the view's own HTML is
:meth:`kit.dashboard.views.View.to_html`, which escapes its data texts.
"""

from __future__ import annotations

import os

from kit.dashboard.style import CSS
from kit.present.markup import html_text
from kit.present.text import t

__all__ = ["PREVIEW_ENV", "PREVIEW_MARK", "preview_html", "show_preview"]

#: ``kit dashboard`` (and the browser tests' server) set this, so the notebook shows the preview
PREVIEW_ENV = "KIT_DASHBOARD_PREVIEW"
#: the output's metadata key by which the kit's Voilà template knows the preview
PREVIEW_MARK = "kit_preview"


def preview_html(dash) -> str:
    """The first view of ``dash`` (a :class:`kit.dashboard.app.Dashboard`) as static HTML: the
    title, the selection in words, the view and a line saying that the controls follow."""
    lang = dash.lang.value
    board = dash.board
    s = dash.selection
    picked = [(t("school", lang), board.schools.get(s["school"], s["school"])),
              (t("team", lang), board.team_names.get(s["team"], s["team"])),
              (t("wave", lang), board.wave_label(s["wave"], lang)),
              (t("dash_view", lang), t(f"dash_view_{s['view']}", lang))]
    line = " · ".join(f"{html_text(k)}: <b>{html_text(v)}</b>" for k, v in picked)
    return (f"<style>{CSS}</style>"
            '<div class="kit-dashboard kit-preview">'
            f'<div class="kit-header"><h1>{html_text(t("dash_title", lang))}</h1>'
            f'<div class="kit-preview-selection">{line}</div>'
            f'<div class="kit-preview-loading">{html_text(t("dash_loading", lang))}</div></div>'
            f'<div class="kit-preview-box">{dash.view.to_html()}</div></div>')


def show_preview(dash) -> None:
    """Display the preview of ``dash`` as an output marked :data:`PREVIEW_MARK`, only when the
    notebook is served by ``kit dashboard`` (environment variable :data:`PREVIEW_ENV`)."""
    if not os.environ.get(PREVIEW_ENV) or getattr(dash, "view", None) is None:
        return
    from IPython.display import HTML, display
    display(HTML(preview_html(dash)), metadata={PREVIEW_MARK: True})
