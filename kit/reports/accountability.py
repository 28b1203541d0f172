"""The accountability section every report ends with: the files it draws on, their ingest
accounting and the report's provenance (:class:`Accountability`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kit.present.text import t

__all__ = ["Accountability"]


class Accountability:
    """Section 7 of every report. Mixed into :class:`kit.reports.sections.ReportSections`,
    which sets ``store``, ``lang`` and, for a team or school report, ``school``."""

    def source_files(self) -> set[str] | None:
        """The input files this report draws on: for a team or school report the files with
        an accepted row of its school (a school's report does not list, or reveal the names
        of, other schools' files); None for the board report (every file)."""
        school = getattr(self, "school", None)
        if school is None:
            return None
        st = self.store
        files: set[str] = set()
        for table in (st.respondents, st.observations, st.tests):
            if len(table) and {"school", "source_file"} <= set(table.columns):
                files |= set(table.loc[table["school"] == school, "source_file"].astype(str))
        return files

    def data_quality(self) -> pd.DataFrame:
        """Section 7: the ingest accounting of every input file (of this school, for a
        team or school report).

        Returns
        -------
        DataFrame
            One row per file: ``file``, ``format``, ``rows_read``, ``accepted``, ``rejected``.
        """
        f = self.store.files
        mine = self.source_files()
        if mine is not None:
            f = f[f["file"].isin(mine)]
        return f[["file", "format", "rows_read", "accepted", "rejected"]].reset_index(drop=True)

    def provenance(self, parameters: dict) -> pd.DataFrame:
        """Section 7: kit version, parameters, date and the hash of every input file.

        Parameters
        ----------
        parameters : dict
            The report's parameters, one row each.

        Returns
        -------
        DataFrame
            ``what`` (``kit``, ``datum`` (date),
            ``gegevensmap (store)`` (store), ``parameter NAME``, each input file) and its
            value (version, time, store folder, value, ``sha256`` and 16 hex digits).
        """
        from kit import __version__
        from kit.reports.render import stamp
        rows = [("kit", __version__), (t("prov_date", self.lang), stamp()),
                (t("prov_store", self.lang), str(Path(self.store.path).name))]
        rows += [(f"parameter {k}", _shown_parameter(v)) for k, v in sorted(parameters.items())
                 if v is not None]   # a parameter left unset says nothing
        mine = self.source_files()
        rows += [(s["file"], "sha256 " + s["sha256"][:16])
                 for s in self.store.manifest.get("sources", [])
                 if mine is None or s["file"] in mine]
        return pd.DataFrame(rows, columns=["what", "detail"])


def _shown_parameter(value: object) -> str:
    """A parameter as the provenance shows it: a path by its last part only (a full local path
    tells a reader of a shared report where a user keeps files, and their user name).

    >>> _shown_parameter("/home/jdevries/bestuur/store"), _shown_parameter(5)
    ('store', '5')
    """
    text = str(value)
    if isinstance(value, (str, Path)) and ("/" in text or "\\" in text):
        return Path(text.replace("\\", "/")).name or text
    return text
