"""Warm kernels (kit.reports.warm): one kernel reused for many notebooks, reset in between,
replaced when it died."""

from __future__ import annotations

import os
import signal

import nbformat
import pytest

from kit.errors import KitError
from kit.reports.render import render


def _notebook(path, *sources, params="x = 1"):
    cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})]
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}),
        str(path))
    return path


def _pid(ipynb) -> int:
    nb = nbformat.read(str(ipynb), as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("name") == "stdout" and out["text"].startswith("pid="):
                return int(out["text"].split("=")[1])
    raise AssertionError("no pid printed")


@pytest.mark.slow
def test_one_kernel_many_notebooks_without_leaks(tmp_path):
    from kit.reports import warm
    warm.shutdown()
    first = _notebook(tmp_path / "a.ipynb", "import os\nleak = 42\nprint(f'pid={os.getpid()}')")
    second = _notebook(tmp_path / "b.ipynb",
                       "import os\nassert 'leak' not in globals(), 'state leaked'\n"
                       "import matplotlib.pyplot as plt\nassert not plt.get_fignums()\n"
                       "print(f'pid={os.getpid()}')")
    figure = _notebook(tmp_path / "f.ipynb", "import matplotlib\nmatplotlib.use('agg')\n"
                       "import matplotlib.pyplot as plt\nplt.figure()")
    try:
        r1 = render(first, {"x": 2}, tmp_path / "out", "a", pdf=False, warm=True)
        render(figure, {}, tmp_path / "out", "f", pdf=False, warm=True)
        r2 = render(second, {}, tmp_path / "out", "b", pdf=False, warm=True)
        assert _pid(r1.ipynb) == _pid(r2.ipynb)          # the same kernel ran both
        assert warm.warm_kernel().runs == 3
        # a failing cell fails that report only; the kernel stays usable
        bad = _notebook(tmp_path / "bad.ipynb", "raise ValueError('boom')")
        with pytest.raises(KitError, match="boom"):
            render(bad, {}, tmp_path / "out", "bad", pdf=False, warm=True)
        r3 = render(second, {}, tmp_path / "out", "b3", pdf=False, warm=True)
        assert _pid(r3.ipynb) == _pid(r1.ipynb)
        # a kernel that died is replaced before the next report
        os.kill(_pid(r3.ipynb), signal.SIGKILL)
        r4 = render(second, {}, tmp_path / "out", "b4", pdf=False, warm=True)
        assert _pid(r4.ipynb) != _pid(r3.ipynb)
    finally:
        warm.shutdown()


def test_warm_kernel_uses_local_sockets_not_tcp():
    from kit.reports.warm import WarmKernel
    k = WarmKernel()
    try:
        assert k.km.transport == "ipc" and os.path.isabs(k.km.ip)
        assert k.alive()
    finally:
        k.close()
