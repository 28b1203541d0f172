"""One-factor minimum-residual (minres) factor analysis of a correlation matrix, as psych's
``fa(r, nfactors=1, fm="minres")``; used by :func:`kit.analysis.stats.omega_total`.

psych (``fa`` -> internal ``fit``) minimises, over the uniquenesses Psi, the sum of squared
lower-triangle residuals ``sum_{i>j} (R_ij - l_i l_j)^2``, where ``l`` is the first principal
axis of R with ``1 - Psi`` on its diagonal: ``l = v1 * sqrt(lambda1)``. It starts at
``Psi = 1 - smc`` (squared multiple correlations), bounds Psi to ``[0.005, max(smc, 1)]`` and
runs R's ``optim(method="L-BFGS-B")`` with ``parscale = 0.01``, the default ``factr = 1e7``
and ``lmm = 5``, and a gradient ``l_i^2 + Psi_i - 1`` that is exact only at the minimum. It
therefore stops a little before the minimum: loadings about 1e-6 away, omega total about 1e-7.

:func:`minres_one_factor` takes the same steps with SciPy's L-BFGS-B, which reproduces psych's
loadings to about 1e-14 on the reference data (``tests/reference/stats_reference.R``); with
``exact=True`` it uses the analytic gradient of the objective and runs to the minimum itself.

Heywood cases (a uniqueness at the lower bound 0.005, a loading near or above 1; typical of a
dozen respondents) agree less well: at an active bound R's L-BFGS-B (code of version 2) and
SciPy's (version 3.0) take different steps, and both stop early, so loadings agree to about
3e-5 and omega total to about 2e-6. Such a fit is unstable anyway; :attr:`MinresFit.heywood`
flags it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from kit.errors import ArgumentError

__all__ = ["MinresFit", "minres_one_factor", "smc"]

_EPS = float(np.finfo(float).eps)
_PARSCALE = 0.01          # psych: control = list(parscale = rep(0.01, ...))
_LOWER = 0.005            # psych: lower bound of the uniquenesses


@dataclass(frozen=True)
class MinresFit:
    """Result of :func:`minres_one_factor`.

    Attributes
    ----------
    loadings : numpy.ndarray
        Loadings on the factor, signed so that they sum to a non-negative number (as psych).
    uniquenesses : numpy.ndarray
        The optimised Psi (psych's ``res$par``).
    iterations : int
        L-BFGS-B iterations.
    objective : float
        Sum of squared lower-triangle residuals at the solution.
    """

    loadings: np.ndarray
    uniquenesses: np.ndarray
    iterations: int
    objective: float

    @property
    def heywood(self) -> bool:
        """True if a uniqueness sits at psych's lower bound 0.005 (a Heywood case)."""
        return bool(np.any(self.uniquenesses <= _LOWER * (1 + 1e-9)))


def _pinv(r: np.ndarray) -> np.ndarray:
    """Pseudo-inverse with psych's ``Pinv`` tolerance (singular values > sqrt(eps) * max)."""
    u, d, vt = np.linalg.svd(r)
    keep = d > max(np.sqrt(_EPS) * d[0], 0.0)
    return (vt[keep].T / d[keep]) @ u[:, keep].T


def smc(r: np.ndarray) -> np.ndarray:
    """Squared multiple correlations ``1 - 1 / diag(R^-1)``, clipped to [0, 1], as ``psych::smc``.

    Examples
    --------
    >>> smc(np.array([[1.0, 0.5], [0.5, 1.0]])).round(4).tolist()
    [0.25, 0.25]
    """
    out = 1.0 - 1.0 / np.diag(_pinv(np.asarray(r, dtype=float)))
    return np.clip(out, 0.0, 1.0)


def _first_axis(r: np.ndarray, psi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = r.copy()
    np.fill_diagonal(s, 1.0 - psi)
    values, vectors = np.linalg.eigh(s)          # ascending
    return values, vectors, s


def _objective(psi: np.ndarray, r: np.ndarray, low: np.ndarray) -> float:
    """psych's ``fit.residuals`` for fm = "minres"."""
    values, vectors, _ = _first_axis(r, psi)
    lam = values[-1] if values[-1] >= _EPS else 100 * _EPS
    load = vectors[:, -1] * np.sqrt(lam)
    return float(np.sum((r[low] - np.outer(load, load)[low]) ** 2))


def _psych_gradient(psi: np.ndarray, r: np.ndarray) -> np.ndarray:
    """psych's ``FAgr.minres``: diag(l l' + Psi - S) with l from S - diag(Psi)."""
    values, vectors = np.linalg.eigh(r - np.diag(psi))
    load = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
    return load ** 2 + psi - np.diag(r)


def _exact(psi: np.ndarray, r: np.ndarray, low: np.ndarray) -> tuple[float, np.ndarray]:
    """The objective and its analytic gradient (first-order eigen perturbation)."""
    values, vectors, _ = _first_axis(r, psi)
    lam, v = values[-1], vectors[:, -1]
    resid = r - lam * np.outer(v, v)
    np.fill_diagonal(resid, 0.0)
    ev = resid @ v
    others = vectors[:, :-1]
    coef = (others.T @ ev) / (lam - values[:-1])
    # d lambda / d Psi_k = -v_k^2 ;  d v / d Psi_k = -v_k sum_m v_m v_mk / (lambda - lambda_m)
    grad = v ** 2 * (v @ ev) + 2.0 * lam * v * (others @ coef)
    return float(np.sum(resid[low] ** 2)), grad


def minres_one_factor(r: np.ndarray, *, exact: bool = False) -> MinresFit:
    """Fit one factor to a correlation matrix by minimum residuals, as psych's ``fa``.

    Parameters
    ----------
    r : array-like, shape (k, k)
        A correlation matrix (k >= 3) without missing entries.
    exact : bool, default False
        False takes psych's optimiser steps (reproduces psych); True minimises to the exact
        minimum with the analytic gradient (differs from psych by about 1e-6 in the loadings).

    Returns
    -------
    MinresFit

    Notes
    -----
    Checked against ``psych::fa(r, 1, fm="minres")$loadings`` on ``psychTools::bfi`` item
    blocks (see the module docstring and ``tests/reference/stats_reference.R``).

    Examples
    --------
    >>> r = np.array([[1, .42, .35], [.42, 1, .30], [.35, .30, 1]])
    >>> minres_one_factor(r).loadings.round(3).tolist()
    [0.7, 0.6, 0.5]
    """
    r = np.asarray(r, dtype=float)
    if r.ndim != 2 or r.shape[0] != r.shape[1] or r.shape[0] < 3:
        raise ArgumentError(f"r must be a square correlation matrix of at least 3 items, got "
                            f"shape {r.shape}")
    if not np.isfinite(r).all():
        raise ArgumentError("r has missing (NaN) correlations",
                            expected="a correlation for every pair of items")
    k = r.shape[0]
    start_smc = smc(r)
    start = np.diag(r) - start_smc
    upper = max(float(start_smc.max()), 1.0)
    low = np.tril_indices(k, -1)
    if exact:
        res = optimize.minimize(_exact, start, args=(r, low), jac=True, method="L-BFGS-B",
                                bounds=[(_LOWER, upper)] * k,
                                options={"ftol": 0.0, "gtol": 1e-12, "maxiter": 1000,
                                         "maxcor": 20})
        psi = res.x
    else:
        # R's optim works on par / parscale and scales the gradient by parscale.
        res = optimize.minimize(
            lambda x: _objective(x * _PARSCALE, r, low), start / _PARSCALE,
            jac=lambda x: _psych_gradient(x * _PARSCALE, r) * _PARSCALE, method="L-BFGS-B",
            bounds=[(_LOWER / _PARSCALE, upper / _PARSCALE)] * k,
            options={"ftol": 1e7 * _EPS, "gtol": 0.0, "maxiter": 100, "maxcor": 5})
        psi = res.x * _PARSCALE
    # psych's FAout.wls: first axis of R with diag(R) - Psi, negative eigenvalue -> 0
    values, vectors = np.linalg.eigh(r - np.diag(psi))
    load = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
    if load.sum() < 0:
        load = -load
    return MinresFit(loadings=load, uniquenesses=psi, iterations=int(res.nit),
                     objective=_objective(psi, r, low))
