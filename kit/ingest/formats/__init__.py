"""Built-in survey-format readers; importing this package registers them."""

from . import generic, googleforms, limesurvey, msforms, qualtrics, surveymonkey  # noqa: F401

__all__ = ["generic", "googleforms", "limesurvey", "msforms", "qualtrics", "surveymonkey"]
