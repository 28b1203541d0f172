"""Warm kernels: a batch worker keeps one Jupyter kernel and executes report after report in it.

A fresh kernel per report costs its start (about 1 s), the imports of pandas, matplotlib and
the kit (about 1.5 s) and the board's analysis (:mod:`kit.analysis`, computed once per kernel
and then shared). A worker process therefore starts one kernel on its first report and reuses
it: before every report the kernel's namespace is reset (``%reset -f``) and every figure is
closed, so no variable of one report can leak into the next; the executed notebook is the same
as with a fresh kernel.

papermill runs the notebook through the engine registered here as ``kit_warm``. When the
kernel died or a report timed out, the kernel is replaced before the next report. A worker
that is used from several threads at once (a Dask worker) gives the warm kernel to one of them
and starts fresh kernels for the others. The kernel is shut down when its process exits.
"""

from __future__ import annotations

import inspect
import multiprocessing.util
import threading

import nbformat

from kit.reports.tempfiles import kernel_files

__all__ = ["ENGINE", "WarmKernel", "shutdown", "warm_kernel"]

ENGINE = "kit_warm"

#: Run before every report in a reused kernel: no open figures and a clean namespace. ``%reset``
#: collects garbage itself (IPython's output cache flush), so it collects what the report before
#: the last left in cycles: a second full collection here cost about 0.2 s per report on a
#: 200-team board (the analysis it keeps is large), with memory no lower for long. What survives
#: that collection (modules, the board's analysis, the figures kept for the next report) is then
#: frozen (``gc.freeze``): the next collections, the reset's and those during a report, look at
#: the report's own objects only (the reset took 0.4 s on a 200-team board, then 0.02 s). A
#: frozen object that is dropped later is freed by its reference count, not if it is in a cycle.
RESET = ("import sys as _sys\n"
         "if 'matplotlib.pyplot' in _sys.modules:\n"
         "    _sys.modules['matplotlib.pyplot'].close('all')\n"
         "del _sys\n"
         "%reset -f\n"
         "import gc as _gc\n"
         "_gc.freeze()\n"
         "del _gc")


async def _resolve(fn, *args, **kwargs):
    result = fn(*args, **kwargs)
    return (await result) if inspect.isawaitable(result) else result


def _call(fn, *args, **kwargs):
    """Call a kernel-manager method that may be a coroutine (AsyncKernelManager) or not."""
    from jupyter_core.utils import run_sync
    return run_sync(_resolve)(fn, *args, **kwargs)


class WarmKernel:
    """One kernel (manager and client) kept alive for many notebooks."""

    def __init__(self, kernel_name: str = "python3") -> None:
        from nbclient import NotebookClient
        self.kernel_name = kernel_name
        self.lock = threading.Lock()
        self.runs = 0
        starter = NotebookClient(nbformat.v4.new_notebook(), kernel_name=kernel_name)
        self.km = starter.create_kernel_manager()
        # local sockets instead of TCP ports: nothing listens on the network, and ipykernel
        # does not warn about unencrypted TCP. An absolute path, since papermill changes
        # the working directory per report.
        # Named with this process's pid (kit.reports.tempfiles), the connection file too
        # (else a random /tmp/tmpXXXX.json), so that the next batch removes what a killed
        # one left.
        ipc = kernel_files()
        self.km.connection_file = f"{ipc}.json"
        if len(ipc) < 90:                 # a socket path must stay under ~107 bytes
            self.km.transport, self.km.ip = "ipc", ipc
        starter.start_new_kernel()
        starter.start_new_kernel_client()
        self.kc = starter.kc

    def alive(self) -> bool:
        """Whether the kernel process still runs."""
        try:
            return bool(self.km.has_kernel and _call(self.km.is_alive))
        except Exception:  # a half-dead kernel manager counts as dead
            return False

    def reset(self, timeout: float = 60) -> None:
        """Clear the namespace and close every figure (before the next report)."""
        from nbclient import NotebookClient
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(RESET)])
        client = NotebookClient(nb, km=self.km, kernel_name=self.kernel_name, timeout=timeout)
        client.kc = self.kc
        client.execute()

    def close(self) -> None:
        """Stop the client's channels and shut the kernel down."""
        try:
            self.kc.stop_channels()
        except Exception:
            pass
        try:
            _call(self.km.shutdown_kernel, now=True)
        except Exception:
            pass


_WARM: WarmKernel | None = None
_GUARD = threading.Lock()


def warm_kernel(kernel_name: str = "python3") -> WarmKernel:
    """This process's warm kernel, started (or replaced when it died) on demand."""
    global _WARM
    with _GUARD:
        if _WARM is not None and (not _WARM.alive() or _WARM.kernel_name != kernel_name):
            _WARM.close()
            _WARM = None
        if _WARM is None:
            _WARM = WarmKernel(kernel_name)
            # multiprocessing workers end with os._exit, which skips atexit: use its finalizers
            multiprocessing.util.Finalize(_WARM, WarmKernel.close, args=(_WARM,),
                                          exitpriority=10)
        return _WARM


def shutdown() -> None:
    """Shut this process's warm kernel down (if any)."""
    global _WARM
    with _GUARD:
        if _WARM is not None:
            _WARM.close()
            _WARM = None


def _discard(warm: WarmKernel) -> None:
    global _WARM
    with _GUARD:
        if _WARM is warm:
            _WARM = None
    warm.close()


def _acquire(kernel_name: str) -> WarmKernel | None:
    """This process's warm kernel, locked and reset; None when another thread holds it."""
    for _ in range(2):
        warm = warm_kernel(kernel_name)
        if not warm.lock.acquire(blocking=False):
            return None
        if not warm.runs:
            return warm
        try:
            warm.reset()
            return warm
        except Exception:               # it died since the last report: start a new one
            warm.lock.release()
            _discard(warm)
    return None


def _register() -> None:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WarmEngine(NBClientEngine):
        """papermill's nbclient engine, on this process's warm kernel."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout", "km"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout,
                                 startup_timeout=start_timeout, kernel_name=kernel_name,
                                 log=logger, log_output=log_output, stdout_file=stdout_file,
                                 stderr_file=stderr_file)
            warm = _acquire(kernel_name)
            if warm is None:                               # busy in another thread
                return PapermillNotebookClient(nb_man, **final).execute()
            try:
                warm.runs += 1
                client = PapermillNotebookClient(nb_man, km=warm.km, **final)
                client.kc = warm.kc
                try:
                    return client.execute()
                except BaseException:
                    # a timeout or a dead kernel: never reuse a kernel in an unknown state
                    _discard(warm)
                    raise
            finally:
                warm.lock.release()

    papermill_engines.register(ENGINE, WarmEngine)


_register()
