"""Reports: what is rendered, and how.

* :mod:`kit.reports.registry` - the report kinds (notebook, parameters, output name, title)
* :mod:`kit.reports.team` - the content of a team report (and what every report shares)
* :mod:`kit.reports.overview` - the content of the school and board reports
* :mod:`kit.reports.render` - papermill, nbconvert and Chromium: notebook to HTML and PDF
* :mod:`kit.reports.batch` - every report of a board, in parallel, resumable
* :mod:`kit.reports.warm` - the warm kernels a batch reuses
"""
