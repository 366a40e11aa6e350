"""Gamma variates for the Dirichlet draws: numpy's own algorithm, compiled with numba when it is installed.

numpy's ``Generator.standard_gamma`` (Marsaglia & Tsang 2000 for shapes above 1) spends much of its
time per variate on overhead: it recomputes the constants ``b = shape − 1/3`` and ``c = 1/sqrt(9b)``
for every variate and reaches the normal and uniform samplers through function pointers.
:func:`fill_standard_gamma` runs the same algorithm compiled by numba (:mod:`index071lib.analysis._gamma_kernel`),
with the constants computed once per row and the sampling logic compiled (the bit generator itself is
still called through its function pointer), on the same generator. The numbers are the same as
numpy's, bit for bit, and the generator ends in the same state (checked by the unit tests, and once
per process before the compiled kernel is used), in about 60% of the time (measured on the 2-core
machine: 43 × 65,536 variates in 43 ms against 70 ms).

The first use in a process imports numba and loads the compiled kernel from numba's cache (about
0.3–0.6 s); the very first use after an install or an upgrade compiles it (about 2.5 s). Without numba,
or when it cannot be used (a broken install, a kernel that does not reproduce numpy), the rows are
filled by numpy itself, with the same result.
"""

from __future__ import annotations

import functools
import warnings

import numpy as np

_CHECK_SHAPES = (0.0, 0.5, 1.0, 1.0 + 1e-9, 2.5, 30.0, 1e6)


@functools.cache
def _kernel():
    """The compiled kernel, or ``None`` when numba is missing or unusable (a warning says why)."""
    try:
        import numba
    except ImportError:
        return None
    except Exception as err:  # noqa: BLE001 - a broken numba install must not break the draws
        warnings.warn(f"numba could not be imported ({err}); gamma variates come from numpy (same numbers, slower)",
                      RuntimeWarning, stacklevel=2)
        return None
    from index071lib.analysis._gamma_kernel import fill_rows

    try:
        kernel = numba.njit(nogil=True, cache=True)(fill_rows)
    except Exception:  # noqa: BLE001 - e.g. no writable cache folder: compile in memory instead
        kernel = numba.njit(nogil=True)(fill_rows)
    try:
        agrees = agrees_with_numpy(kernel)
    except Exception as err:  # noqa: BLE001 - a numba that cannot compile the kernel
        warnings.warn(f"the numba gamma kernel failed ({err}); gamma variates come from numpy (same numbers, slower)",
                      RuntimeWarning, stacklevel=2)
        return None
    if not agrees:
        warnings.warn("the numba gamma kernel does not reproduce numpy's standard_gamma here; gamma variates "
                      "come from numpy", RuntimeWarning, stacklevel=2)
        return None
    return kernel


def agrees_with_numpy(kernel, n: int = 64) -> bool:
    """Whether ``kernel`` gives numpy's ``standard_gamma`` numbers and generator state for a few shapes.

    Args:
        kernel: A function ``(rng, shapes, out)`` like :func:`index071lib.analysis._gamma_kernel.fill_rows`.
        n: Variates per shape.

    Returns:
        True when every variate and the next random number afterwards are equal.
    """
    shapes = np.array(_CHECK_SHAPES)
    mine, ours = np.random.default_rng(20171), np.random.default_rng(20171)
    out = np.empty((len(shapes), n))
    kernel(mine, shapes, out)
    expected = np.empty_like(out)
    for k, shape in enumerate(shapes):
        ours.standard_gamma(shape, size=n, out=expected[k])
    return bool((out == expected).all()) and mine.random() == ours.random()


def numba_available() -> bool:
    """True when the compiled kernel is used."""
    return _kernel() is not None


def fill_standard_gamma(rng: np.random.Generator, shapes, out: np.ndarray, *,
                        use_numba: bool | None = None) -> np.ndarray:
    """Fill row ``k`` of ``out`` with Gamma(``shapes[k]``, 1) variates from ``rng``.

    The same numbers as ``for k: rng.standard_gamma(shapes[k], out=out[k])``, and ``rng`` is left in
    the same state.

    Args:
        rng: The generator (advanced by the draws).
        shapes: One shape ≥ 0 per row (0 gives zeros and draws nothing).
        out: ``(K, n)`` C-contiguous float64 array, overwritten.
        use_numba: ``None`` (default): the compiled kernel when available; ``False``: numpy per row;
            ``True``: the compiled kernel or ``RuntimeError``.

    Returns:
        ``out``.

    Raises:
        ValueError: For a negative or non-finite shape, or an ``out`` of the wrong shape or layout.
        RuntimeError: ``use_numba=True`` without a usable numba.

    Example:
        >>> out = np.empty((2, 3))
        >>> a = fill_standard_gamma(np.random.default_rng(1), [5.0, 0.0], out)
        >>> b = np.random.default_rng(1).standard_gamma(5.0, size=3)
        >>> bool((a[0] == b).all()), a[1].tolist()
        (True, [0.0, 0.0, 0.0])
    """
    shapes = np.ascontiguousarray(shapes, dtype=float)
    if out.ndim != 2 or out.dtype != np.float64 or not out.flags.c_contiguous or len(shapes) != out.shape[0]:
        raise ValueError(f"out must be a C-contiguous float64 array with one row per shape ({len(shapes)}), "
                         f"got {out.dtype} {out.shape}")
    if not np.isfinite(shapes).all() or (shapes < 0).any():
        raise ValueError(f"shapes must be finite and >= 0, got {shapes.tolist()}")
    kernel = _kernel() if use_numba is not False else None
    if use_numba and kernel is None:
        raise RuntimeError("numba is not installed or not usable here (pip install numba)")
    if kernel is not None:
        kernel(rng, shapes, out)
        return out
    for k, shape in enumerate(shapes):
        rng.standard_gamma(shape, size=out.shape[1], out=out[k])
    return out
