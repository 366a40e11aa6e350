"""Exact quantiles of many long rows: in place, or streamed chunk by chunk through narrow windows.

:func:`quantiles_inplace` partitions whole rows (numpy's ``linear`` method, like ``np.quantile``).

:class:`QuantileWindows` gives the *same* numbers without keeping the rows: a pilot sample sets, per
row and quantile, a narrow value window ``[lower, upper]`` that almost surely holds the order statistics
needed; every chunk then only counts its values below the window and keeps the few inside it
(:meth:`QuantileWindows.select`, thread-safe, runs while the chunk is still in the cache). At the end
(:meth:`QuantileWindows.finish`) the order statistic of rank ``k`` is the ``(k − below)``-th smallest
kept value, *if* ``below ≤ k < below + kept``; this is checked for every rank, and when a window
missed (an unrepresentative pilot), ``finish`` returns ``None`` so the caller can fall back to the
exact in-place method. The result is never an approximation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

QUANTILES = (0.05, 0.5, 0.95)
WIDTH = 8.0  # half-width of a window in standard deviations of a sample quantile's rank


def ranks(n: int, qs=QUANTILES) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Order statistics behind numpy's ``linear`` quantiles of ``n`` values.

    Args:
        n: Number of values (≥ 1).
        qs: Quantiles in [0, 1].

    Returns:
        ``(lo, hi, frac)``: the quantile is ``x[lo] + (x[hi] − x[lo]) × frac`` of the sorted values.

    Example:
        >>> [a.tolist() for a in ranks(5, (0.5, 0.9))]
        [[2, 3], [3, 4], [0.0, 0.6000000000000001]]
    """
    pos = np.asarray(qs, dtype=float) * (n - 1)
    lo = np.floor(pos).astype(int)
    return lo, np.minimum(lo + 1, n - 1), pos - lo


def quantiles_inplace(rows: np.ndarray, qs=QUANTILES) -> np.ndarray:
    """Quantiles of each row (numpy's default ``linear`` method), partitioning the rows in place.

    Args:
        rows: ``(m, n)`` float array; its rows are reordered.
        qs: Quantiles in [0, 1].

    Returns:
        ``(len(qs), m)``, equal to ``np.quantile(rows, qs, axis=1)``.

    Example:
        >>> quantiles_inplace(np.array([[4.0, 1.0, 3.0, 2.0]]), (0.5,)).tolist()
        [[2.5]]
    """
    lo, hi, frac = ranks(rows.shape[1], qs)
    kth = np.unique(np.concatenate([lo, hi]))
    out = np.empty((len(lo), rows.shape[0]))
    for i, row in enumerate(rows):
        row.partition(kth)
        out[:, i] = row[lo] + (row[hi] - row[lo]) * frac
    return out


@dataclass(frozen=True)
class WindowPart:
    """What one chunk contributes: per quantile and row, the count below the window and the values in it.

    Attributes:
        below: ``(Q, R)`` values below each window.
        kept: ``kept[q][r]``: the values inside the window of quantile ``q`` in row ``r``.
    """

    below: np.ndarray
    kept: tuple


class QuantileWindows:
    """Exact quantiles of ``R`` rows of ``n`` values that arrive in chunks of columns.

    Args:
        sample: ``(R, m)`` pilot values of the rows (e.g. the first chunks; not modified).
        n: Total number of values per row (all chunks together, the pilot's included if it is a chunk).
        qs: Quantiles in [0, 1].
        width: Window half-width in standard deviations of the rank of a sample quantile; the default
            makes a missed window (and the fallback) practically never happen.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> chunks = [rng.normal(size=(2, 1000)) for _ in range(5)]
        >>> windows = QuantileWindows(chunks[0], 5000)
        >>> exact = windows.finish([windows.select(c) for c in chunks])
        >>> bool((exact == quantiles_inplace(np.concatenate(chunks, axis=1))).all())
        True
    """

    def __init__(self, sample: np.ndarray, n: int, qs=QUANTILES, width: float = WIDTH):
        sample = np.asarray(sample, dtype=float)
        if sample.ndim != 2 or sample.shape[1] == 0:
            raise ValueError(f"sample must be a non-empty (rows, values) array, got shape {sample.shape}")
        q = np.asarray(qs, dtype=float)
        m = sample.shape[1]
        half = width * np.sqrt(q * (1 - q) * (1 / m + 1 / n)) + 2 / m
        low, high = np.clip(q - half, 0, 1), np.clip(q + half, 0, 1)
        bounds = quantiles_inplace(np.array(sample, order="C", copy=True), np.concatenate([low, high]))
        self.n, self.rows = int(n), sample.shape[0]
        self.lower = np.where((low > 0)[:, None], bounds[:len(q)], -np.inf)
        self.upper = np.where((high < 1)[:, None], bounds[len(q):], np.inf)
        self.lo, self.hi, self.frac = ranks(self.n, q)

    def select(self, chunk: np.ndarray) -> WindowPart:
        """Count and keep the values of one chunk for every window.

        Works row by row (one-dimensional counts are several times faster than 2-D ones).

        Args:
            chunk: The chunk's values, ``(R, size)``: an array or a sequence of ``R`` one-dimensional
                rows (e.g. views); not modified.

        Returns:
            The chunk's :class:`WindowPart`.
        """
        n_q = len(self.lo)
        below = np.empty((n_q, self.rows), dtype=np.int64)
        kept = [[None] * self.rows for _ in range(n_q)]
        for r, row in enumerate(chunk):
            for i in range(n_q):
                under = row < self.lower[i, r]
                inside = row <= self.upper[i, r]
                np.greater(inside, under, out=inside)  # inside and not under
                below[i, r] = np.count_nonzero(under)
                kept[i][r] = row[inside]
        return WindowPart(below=below, kept=tuple(map(tuple, kept)))

    def finish(self, parts: list[WindowPart], mapper=map) -> np.ndarray | None:
        """Combine the chunks' parts into the quantiles.

        Args:
            parts: One :class:`WindowPart` per chunk; together ``n`` values per row.
            mapper: A ``map``-like function used over the rows (e.g. a thread pool's ``map``).

        Returns:
            ``(Q, R)`` quantiles, equal to :func:`quantiles_inplace` over the whole rows (NaN sorts
            last there, and here it is never counted below or kept); ``None`` when a needed order
            statistic fell outside its window.
        """
        below = sum(p.below for p in parts)

        def row(r: int) -> np.ndarray | None:
            found = np.empty(len(self.lo))
            for i in range(len(self.lo)):
                values = np.concatenate([p.kept[i][r] for p in parts])
                k_lo, k_hi = self.lo[i] - below[i, r], self.hi[i] - below[i, r]
                if k_lo < 0 or k_hi >= len(values):
                    return None
                values.partition(np.unique([k_lo, k_hi]))
                found[i] = values[k_lo] + (values[k_hi] - values[k_lo]) * self.frac[i]
            return found

        rows = list(mapper(row, range(self.rows)))
        if any(r is None for r in rows):
            return None
        return np.array(rows).T.reshape(len(self.lo), self.rows)
