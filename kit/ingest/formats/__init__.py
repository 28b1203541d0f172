"""Built-in readers: the survey formats and the pupil-data exports; importing this package
registers them (:mod:`kit.ingest.registry`)."""

from . import (  # noqa: F401
    generic,
    googleforms,
    limesurvey,
    msforms,
    pupils,
    qualtrics,
    surveymonkey,
)

__all__ = ["generic", "googleforms", "limesurvey", "msforms", "pupils", "qualtrics",
           "surveymonkey"]
