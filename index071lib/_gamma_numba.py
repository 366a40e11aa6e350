"""The numba-compiled gamma kernel behind :func:`index071lib.gamma.fill_standard_gamma` (imported lazily).

Kept in its own module so that ``import numba`` (about 0.3 s) is paid only by the first Dirichlet draw,
and so that numba can cache the compiled function on disk (``cache=True`` needs a module-level function).
"""

import numpy as np
from numba import njit


@njit(nogil=True, cache=True)
def fill_rows(rng, shapes, out):  # pragma: no cover - compiled; tested through fill_standard_gamma
    """Row ``k`` of ``out`` ← Gamma(``shapes[k]``) variates, exactly as ``Generator.standard_gamma`` draws them."""
    for k in range(out.shape[0]):
        shape = shapes[k]
        if shape <= 1.0:  # 0, the exponential case and shape < 1: numba's port of numpy's own code
            for i in range(out.shape[1]):
                out[k, i] = rng.standard_gamma(shape) if shape > 0.0 else 0.0
            continue
        # Marsaglia & Tsang (2000), as numpy's random_standard_gamma, with the constants computed once per row
        b = shape - 1.0 / 3.0
        c = 1.0 / np.sqrt(9.0 * b)
        for i in range(out.shape[1]):
            while True:
                x = rng.standard_normal()
                v = 1.0 + c * x
                while v <= 0.0:
                    x = rng.standard_normal()
                    v = 1.0 + c * x
                v = v * v * v
                u = rng.random()
                if u < 1.0 - 0.0331 * (x * x) * (x * x):
                    break
                if np.log(u) < 0.5 * x * x + b * (1.0 - v + np.log(v)):
                    break
            out[k, i] = b * v
