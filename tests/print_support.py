"""Print-layout checks for rendered reports: a report's HTML opened in Debian's Chromium (through
Playwright) with print media emulated and the viewport as wide as an A4 page's printable area,
then every element measured.

A report fails the check when an element's box reaches beyond the printable width (it is cut
off at the page edge in the PDF) or when an element draws a scroll bar (its content is wider or
taller than its box while its overflow is ``auto`` or ``scroll``: Chromium prints the bar and
cuts the content).

Used by ``tests/test_print_layout.py``; also runnable on a folder of reports::

    .venv/bin/python tests/print_support.py reports/
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

#: A4 in CSS pixels (96 per inch)
MM = 96 / 25.4
A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0
TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "kit_report" / "index.html.j2"
#: an element may reach this far (CSS px) past the edge: sub-pixel rounding, not a cut
TOLERANCE = 0.5

#: the class a report gives a table printed on a landscape page of its own (the template's
#: ``@page kit-landscape``)
LANDSCAPE = "kit-landscape"

# every element's box, and whether it draws a scroll bar; elements of zero size (hidden) and
# those inside an element already reported are skipped, so that a wide table is listed once,
# not with each of its cells; an element on a landscape page is held to that page's width
MEASURE = r"""
([limit, wideLimit, landscape]) => {
  const out = [];
  const text = (el) => (el.innerText || el.textContent || "").trim().replace(/\s+/g, " ")
    .slice(0, 60);
  const describe = (el, r, what) => ({
    what, tag: el.tagName.toLowerCase(),
    cls: (typeof el.className === "string" ? el.className : "").trim().slice(0, 80),
    text: text(el), left: r.left, right: r.right, width: r.width,
    scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
  });
  const reported = [];
  const inside = (el) => reported.some((p) => p !== el && p.contains(el));
  const turned = (el) => el.closest("." + landscape) !== null;
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden") continue;
    const scrolls = (o) => o === "auto" || o === "scroll";
    const barX = scrolls(cs.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const barY = scrolls(cs.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (barX || barY) {
      out.push(describe(el, r, barX ? "scroll bar (horizontal)" : "scroll bar (vertical)"));
    }
    if (r.right > (turned(el) ? wideLimit : limit) && !inside(el)) {
      out.push(describe(el, r, "beyond the printable width"));
      reported.push(el);
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1 && !document.querySelector("." + landscape)) {
    out.push({what: "page wider than the printable width", tag: "html", cls: "", text: "",
              left: 0, right: doc.scrollWidth, width: doc.scrollWidth,
              scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth});
  }
  return out;
}
"""


@dataclass(frozen=True)
class Problem:
    """One element that runs off the printed page or draws a scroll bar."""

    report: str
    what: str
    tag: str
    cls: str
    text: str
    right: float
    width: float

    def __str__(self) -> str:
        cls = f".{self.cls.replace(' ', '.')}" if self.cls else ""
        return (f"{self.report}: {self.what}: <{self.tag}{cls}> {self.width:.0f} px wide, "
                f"right edge {self.right:.0f} px, text {self.text!r}")


def page_margins_mm(template: Path = TEMPLATE, name: str = "") -> tuple[float, float]:
    """The left and right margins of the template's ``@page`` rule (or of the named page
    ``@page NAME``), in mm.

    Returns
    -------
    tuple of float
        ``(left, right)``; a ``margin`` of one, two, three or four lengths is read as CSS
        reads it.
    """
    css = template.read_text(encoding="utf-8")
    m = re.search(r"@page\s*" + re.escape(name) + r"\s*\{[^}]*?\bmargin\s*:\s*([^;}]+)", css)
    if m is None:
        raise ValueError(f"no @page margin in {template}")
    sizes = [float(v) for v in re.findall(r"([\d.]+)mm", m.group(1))]
    if len(sizes) != len(m.group(1).split()):
        raise ValueError(f"@page margins not all in mm: {m.group(1)!r}")
    right = sizes[1] if len(sizes) > 1 else sizes[0]
    left = sizes[3] if len(sizes) == 4 else right
    return left, right


def printable_width_px(template: Path = TEMPLATE) -> float:
    """The printable width of an A4 page (portrait) in CSS px: 210 mm minus the template's
    left and right ``@page`` margins, at 96 dpi."""
    left, right = page_margins_mm(template)
    return (A4_WIDTH_MM - left - right) * MM


def landscape_width_px(template: Path = TEMPLATE) -> float:
    """The printable width of the template's landscape page (``@page kit-landscape``, A4 turned:
    297 mm wide) in CSS px."""
    left, right = page_margins_mm(template, LANDSCAPE)
    return (A4_HEIGHT_MM - left - right) * MM


def check_reports(paths: list[Path], *, width: float | None = None,
                  executable: str = "/usr/bin/chromium") -> list[Problem]:
    """Open each report's HTML in Chromium with print media and measure every element.

    Returns
    -------
    list of Problem
        Elements beyond the printable width (for an element in a ``kit-landscape`` table, the
        landscape page's) and elements drawing a scroll bar, per report.
    """
    from playwright.sync_api import sync_playwright
    limit = printable_width_px() if width is None else width
    problems: list[Problem] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=["--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": int(limit), "height": 1100})
            page.emulate_media(media="print")
            # a report needs nothing from the network; never wait for it
            page.route(re.compile(r"^https?://"), lambda route: route.abort())
            for path in paths:
                page.goto(Path(path).resolve().as_uri(), wait_until="load")
                args = [limit + TOLERANCE, landscape_width_px() + TOLERANCE, LANDSCAPE]
                for f in page.evaluate(MEASURE, args):
                    problems.append(Problem(report=Path(path).name, what=f["what"],
                                            tag=f["tag"], cls=f["cls"], text=f["text"],
                                            right=f["right"], width=f["width"]))
        finally:
            browser.close()
    return problems


if __name__ == "__main__":  # pragma: no cover - a tool for looking at a folder of reports
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "reports")
    found = check_reports(sorted(p for p in folder.rglob("*.html") if p.name != "index.html"))
    print(f"printable width {printable_width_px():.1f} px")
    print("\n".join(map(str, found)) or "nothing runs off the page")
