"""Exact quantiles of many long rows: in place, or streamed chunk by chunk through narrow windows.

:func:`quantiles_inplace` partitions whole rows: numpy's ``linear`` method, as ``np.quantile`` up to
the last bit of rounding (numpy interpolates from the upper value when the fraction is ≥ 0,5), except
that NaN sorts last here instead of making the quantile NaN.

:class:`QuantileWindows` gives the *same* numbers without keeping the rows: a pilot sample sets, per
row and quantile, a narrow value window ``[lower, upper]`` that almost surely holds the order statistics
needed; every chunk then only counts its values below the window and keeps the few inside it
(:meth:`QuantileWindows.select`, thread-safe, runs while the chunk is still in the cache). At the end
(:meth:`QuantileWindows.finish`) the order statistic of rank ``k`` is the ``(k − below)``-th smallest
kept value, *if* ``below ≤ k < below + kept``; this is checked for every rank, and when a window
missed (an unrepresentative pilot), ``finish`` returns ``None`` so the caller can fall back to the
exact in-place method. The result is never an approximation: it equals :func:`quantiles_inplace` bit
for bit. A window that is a single value (a cell that is the same in every draw) keeps a count, not
the values. Many ties *inside* a wider window (a cell with only a few distinct values) make the
windows keep many values; the result stays exact, only the memory saving is lost.
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
    """What one chunk contributes: per quantile and row, the counts below and inside the window, and its values.

    Attributes:
        size: Values per row in the chunk.
        below: ``(Q, R)`` values below each window.
        inside: ``(Q, R)`` values inside each window.
        kept: ``kept[q][r]``: the values inside the window of quantile ``q`` in row ``r`` (``None`` for a
            window that is a single value: then only the count is kept).
    """

    size: int
    below: np.ndarray
    inside: np.ndarray
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

    def select(self, chunk) -> WindowPart:
        """Count and keep the values of one chunk for every window.

        Works row by row (one-dimensional counts are several times faster than 2-D ones).

        Args:
            chunk: The chunk's values, ``(R, size)``: an array or a sequence of ``R`` one-dimensional
                rows (e.g. views); not modified.

        Returns:
            The chunk's :class:`WindowPart`.

        Raises:
            ValueError: When the chunk does not have ``R`` rows of equal length.
        """
        sizes = {len(row) for row in chunk} or {np.shape(chunk)[-1] if np.ndim(chunk) == 2 else 0}
        if len(chunk) != self.rows or len(sizes) > 1:
            raise ValueError(f"a chunk must have {self.rows} rows of equal length, got {len(chunk)} rows "
                             f"of lengths {sorted(sizes)}")
        n_q = len(self.lo)
        below = np.zeros((n_q, self.rows), dtype=np.int64)
        inside = np.zeros((n_q, self.rows), dtype=np.int64)
        kept = [[None] * self.rows for _ in range(n_q)]
        for r, row in enumerate(chunk):
            for i in range(n_q):
                lower, upper = self.lower[i, r], self.upper[i, r]
                under = row < lower
                below[i, r] = np.count_nonzero(under)
                if lower == upper:  # a single value: count it
                    inside[i, r] = np.count_nonzero(row == lower)
                    continue
                mask = row <= upper
                np.greater(mask, under, out=mask)  # inside and not under
                kept[i][r] = row[mask]
                inside[i, r] = len(kept[i][r])
        return WindowPart(size=sizes.pop() if sizes else 0, below=below, inside=inside,
                          kept=tuple(map(tuple, kept)))

    def finish(self, parts: list[WindowPart], mapper=map) -> np.ndarray | None:
        """Combine the chunks' parts into the quantiles.

        Args:
            parts: One :class:`WindowPart` per chunk; together ``n`` values per row.
            mapper: A ``map``-like function used over the rows (e.g. a thread pool's ``map``).

        Returns:
            ``(Q, R)`` quantiles, equal to :func:`quantiles_inplace` over the whole rows (NaN sorts
            last there, and here it is never counted below or kept); ``None`` when a needed order
            statistic fell outside its window.

        Raises:
            ValueError: When the parts do not hold ``n`` values per row together.
        """
        total = sum(p.size for p in parts)
        if total != self.n:
            raise ValueError(f"the parts hold {total} values per row, expected n = {self.n}")
        below = sum(p.below for p in parts)
        inside = sum(p.inside for p in parts)

        def row(r: int) -> np.ndarray | None:
            found = np.empty(len(self.lo))
            for i in range(len(self.lo)):
                k_lo, k_hi = self.lo[i] - below[i, r], self.hi[i] - below[i, r]
                if k_lo < 0 or k_hi >= inside[i, r]:
                    return None
                if self.lower[i, r] == self.upper[i, r]:  # every value in the window is that value
                    value = self.lower[i, r]
                    found[i] = value + (value - value) * self.frac[i]
                    continue
                values = np.concatenate([p.kept[i][r] for p in parts])
                values.partition(np.unique([k_lo, k_hi]))
                found[i] = values[k_lo] + (values[k_hi] - values[k_lo]) * self.frac[i]
            return found

        rows = list(mapper(row, range(self.rows)))
        if any(r is None for r in rows):
            return None
        return np.array(rows).T.reshape(len(self.lo), self.rows)
