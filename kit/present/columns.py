"""The column headings of the report tables, per language (with :mod:`kit.present.text`)."""

from __future__ import annotations

__all__ = ["COLUMNS"]

#: column heading per language and key (``COLUMNS[lang]["mean"]``)
COLUMNS: dict[str, dict[str, str]] = {
    "nl": {"habit": "Gewoonte", "n": "n", "mean": "Gemiddelde", "ci": "95%-interval",
           "rwg_j": "Overeenstemming (rwg)", "response_rate": "Respons", "unit": "Eenheid",
           "indicator": "Indicator", "value": "Waarde", "target": "Doel",
           "on_course": "Op koers?", "trend": "Trend", "n_pupils": "Leerlingen",
           "change": "Verandering", "n_teams": "Teams", "r": "r", "status": "Status",
           "wording": "Toelichting", "yes": "ja", "no": "nee", "file": "Bestand",
           "measured": "Gemeten",
           "format": "Formaat", "rows_read": "Rijen", "accepted": "Geaccepteerd",
           "rejected": "Afgewezen", "team": "Team", "note": "Opmerking", "school": "School",
           "levels": "Niveaus", "slope": "Helling", "statement": "Stelling",
           "alpha": "Cronbachs alfa", "omega": "Omega", "icc1": "ICC(1)", "icc2": "ICC(2)",
           "reason": "Opmerking", "dimension": "OECD / Senge", "wave": "Meetmoment",
           "item": "Stelling", "what": "", "detail": ""},
    "en": {"habit": "Habit", "n": "n", "mean": "Mean", "ci": "95% interval",
           "rwg_j": "Agreement (rwg)", "response_rate": "Response", "unit": "Unit",
           "indicator": "Indicator", "value": "Value", "target": "Target",
           "on_course": "On course?", "trend": "Trend", "n_pupils": "Pupils",
           "change": "Change", "n_teams": "Teams", "r": "r", "status": "Status",
           "wording": "Note", "yes": "yes", "no": "no", "file": "File", "format": "Format",
           "measured": "Measured",
           "rows_read": "Rows", "accepted": "Accepted", "rejected": "Rejected", "team": "Team",
           "note": "Note", "school": "School", "levels": "Levels", "slope": "Slope",
           "statement": "Statement", "alpha": "Cronbach's alpha", "omega": "Omega",
           "icc1": "ICC(1)", "icc2": "ICC(2)", "reason": "Note", "dimension": "OECD / Senge",
           "wave": "Wave", "item": "Statement", "what": "", "detail": ""},
}
