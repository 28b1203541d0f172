"""Saving a dashboard view ("Bewaar deze weergave"): a PNG and a page that stands alone."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from kit.dashboard.style import CSS
from kit.dashboard.views import View
from kit.present.markup import html_text
from kit.reports.render import CSP

__all__ = ["OUT_ENV", "default_out", "save_view"]

#: the environment variable naming the folder saved views go to
OUT_ENV = "KIT_DASHBOARD_OUT"


def default_out() -> Path:
    """Where "save this view" writes: ``$KIT_DASHBOARD_OUT``, else ``reports/dashboard`` in
    the kit's checkout (ignored by git), else in the working folder."""
    if os.environ.get(OUT_ENV):
        return Path(os.environ[OUT_ENV])
    root = Path(__file__).resolve().parents[2]
    base = root if (root / "pyproject.toml").is_file() else Path.cwd()
    return base / "reports" / "dashboard"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "view"


def save_view(view: View, out: str | Path, *, lang: str = "nl",
              caption: str = "") -> tuple[Path, Path]:
    """Write a view as ``<out>/<team>-<view>-<timestamp>.png`` and ``.html``.

    The HTML page stands alone: the PNG embedded as base64, the tables, every data text
    escaped. A view without a figure (reflection, a notice) is drawn as text for the PNG.

    Returns
    -------
    (Path, Path)
        The PNG and the HTML file.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    png = view.png()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = f"{_safe(view.team)}-{view.key}-{stamp}"
    k = 1
    while (folder / f"{stem}.png").exists() or (folder / f"{stem}.html").exists():
        k += 1
        stem = f"{_safe(view.team)}-{view.key}-{stamp}-{k}"
    png_path, html_path = folder / f"{stem}.png", folder / f"{stem}.html"
    png_path.write_bytes(png)
    from kit import __version__
    foot = html_text(" · ".join(s for s in (caption, f"kit {__version__}",
                                             dt.datetime.now().isoformat(timespec="minutes"))
                                if s))
    page = (f'<!DOCTYPE html>\n<html lang="{html_text(lang)}"><head>{CSP}<meta charset="utf-8">'
            f"<title>{html_text(view.title)}</title><style>{CSS}\n"
            "body { font-family: sans-serif; margin: 24px; }</style></head>"
            f'<body class="kit-dashboard">{view.to_html(png=png)}'
            f'<p class="kit-saved-meta">{foot}</p></body></html>\n')
    html_path.write_text(page, encoding="utf-8")
    return png_path, html_path
