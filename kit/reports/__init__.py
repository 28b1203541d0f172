"""Reports: the registry of report kinds (:mod:`kit.reports.registry`)."""
