"""The gamma kernel behind :func:`index071lib.analysis.gamma.fill_standard_gamma`, as plain Python.

:func:`index071lib.analysis.gamma._kernel` compiles :func:`fill_rows` with numba (``nogil``, cached on disk when
a cache folder is writable). Uncompiled it runs too, slowly, with the same numbers: the unit tests use
that to check the algorithm against numpy without numba.
"""

import numpy as np


def fill_rows(rng, shapes, out):
    """Row ``k`` of ``out`` ← Gamma(``shapes[k]``) variates, exactly as ``Generator.standard_gamma`` draws them.

    Args:
        rng: A ``numpy.random.Generator``.
        shapes: One shape ≥ 0 per row.
        out: ``(K, n)`` float64 array, overwritten.
    """
    for k in range(out.shape[0]):
        shape = shapes[k]
        if shape <= 1.0:  # 0, the exponential case and shape < 1: numpy's own code (numba's port when compiled)
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
