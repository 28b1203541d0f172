"""Where the kit's files beside its code are: the report notebooks, the nbconvert and
configuration templates and the sample board.

In a checkout (and an editable install) they are the checkout's folders ``notebooks/``,
``templates/`` and ``sample_data/``; a kit installed from a wheel has them under
``<prefix>/share/kit/`` (``[tool.setuptools.data-files]`` in pyproject.toml).

>>> resource_dir("notebooks").joinpath("team_report.ipynb").is_file()
True
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

__all__ = ["FOLDERS", "resource_dir"]

#: the folders shipped beside the code
FOLDERS = ("notebooks", "templates", "sample_data")

_CHECKOUT = Path(__file__).resolve().parents[1]


def resource_dir(name: str, *, checkout: Path | None = None) -> Path:
    """The folder ``name`` (one of :data:`FOLDERS`): the checkout's when there is one, else
    the installed copy under ``share/kit``; the checkout's path when neither exists (the
    caller then says what is missing).

    Parameters
    ----------
    name : str
        ``notebooks``, ``templates`` or ``sample_data``.
    checkout : Path, optional
        The checkout to look in first (default: the one this module is in).
    """
    if name not in FOLDERS:
        raise ValueError(f"unknown resource folder {name!r}; one of {FOLDERS}")
    here = (checkout or _CHECKOUT) / name
    if here.is_dir():
        return here
    for prefix in dict.fromkeys([sys.prefix, sysconfig.get_paths()["data"]]):
        installed = Path(prefix) / "share" / "kit" / name
        if installed.is_dir():
            return installed
    return here
