"""The dashboard's look: one style sheet for the page, the saved views and the problem message.

Large type for a projector; ipywidgets' own sizes come from the CSS variables. Below 1300 px
wide (a 1024x768 or 1280x800 projector) the header (title, language, school, team, wave, the view
buttons) shrinks to a few compact rows so the view keeps most of the screen, and no row or table
makes the page wider than the screen (rows wrap, wide tables scroll in their own box).
"""

from __future__ import annotations

__all__ = ["CSS"]

#: large type for a projector; ipywidgets' own sizes come from these CSS variables. Below 1300 px
#: (a 1024x768 or 1280x800 projector) the header shrinks so the view keeps most of the screen.
CSS = """
.kit-dashboard { --jp-widgets-font-size: 20px; --jp-widgets-inline-height: 44px;
  --jp-widgets-inline-label-width: 150px; font-size: 20px; max-width: 1500px; }
.kit-dashboard h1 { font-size: 34px; margin: 4px 0 10px 0; }
.kit-dashboard .widget-toggle-button { font-size: 20px; height: 46px; width: auto;
  padding: 0 18px; }
.kit-dashboard select { font-size: 20px; }
.kit-dashboard .widget-button { font-size: 20px; height: 46px; width: auto; padding: 0 20px; }
.kit-row { flex-wrap: wrap; align-items: center; }
.kit-head { justify-content: space-between; }
.kit-view h2 { font-size: 30px; margin: 14px 0 8px 0; }
.kit-view img { max-width: 100%; height: auto; }
.kit-view figure { margin: 0; }
.kit-notice { font-size: 26px; padding: 18px 22px; background: #fff4d6;
  border-left: 10px solid #E69F00; margin: 12px 0; }
.kit-problem { font-size: 24px; padding: 18px 22px; background: #fde8e0;
  border-left: 10px solid #D55E00; }
.kit-text li { font-size: 24px; margin: 0 0 14px 0; line-height: 1.35; }
.kit-table { border-collapse: collapse; font-size: 20px; margin: 10px 0; }
.kit-table th, .kit-table td { padding: 6px 12px; border-bottom: 1px solid #ccc;
  text-align: left; vertical-align: top; }
.kit-table-wrap, .kit-data { max-width: 100%; overflow-x: auto; }
.kit-data summary { font-size: 18px; color: #444; cursor: pointer; }
.kit-status { font-size: 18px; }
@media (max-width: 1300px) {
  .kit-dashboard { --jp-widgets-font-size: 17px; --jp-widgets-inline-height: 34px;
    font-size: 18px; }
  .kit-dashboard h1 { font-size: 24px; margin: 0 0 2px 0; }
  .kit-dashboard .widget-toggle-button, .kit-dashboard .widget-button { font-size: 17px;
    height: 36px; padding: 0 12px; }
  .kit-dashboard select { font-size: 17px; }
  .kit-dashboard .kit-school { width: 320px !important; }
  .kit-dashboard .kit-team, .kit-dashboard .kit-wave { width: 270px !important; }
  .kit-dashboard .kit-habit { width: 560px !important; max-width: 100%; }
  .kit-dashboard .widget-dropdown { margin: 1px 14px 1px 0 !important; }
  .kit-view h2 { font-size: 24px; margin: 8px 0 6px 0; }
  .kit-notice { font-size: 22px; }
  .kit-text li, .kit-problem { font-size: 21px; }
  .kit-table { font-size: 17px; }
}
"""
