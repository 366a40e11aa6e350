"""Saltelli's design and Sobol' first-order and total indices, with bootstrap intervals, for many outputs at once.

This is SALib's ``sample.sobol`` + ``analyze.sobol`` (with ``calc_second_order=False``) computed the same way,
number for number, but vectorised:

* **Design** (:func:`saltelli_design`): a scrambled Sobol' sequence of dimension ``2k`` from
  :class:`scipy.stats.qmc.Sobol` (the generator SALib uses) gives the matrices ``A`` and ``B`` (``N × k``);
  for every group of factors ``AB_j`` is ``A`` with the group's columns taken from ``B``. SALib builds the
  ``N·(D + 2)`` rows in a Python loop over every row, group and column (22 s for ``N = 2^14`` and 83 columns
  on the 2-core machine); here they are array slices. :meth:`Design.stacked` gives SALib's row order.
* **Estimators** (:func:`sobol_indices`): first order after Saltelli et al. (2010),
  ``S1_j = mean(f(B)·(f(AB_j) − f(A))) / V``, total order after Jansen (1999),
  ``ST_j = mean((f(A) − f(AB_j))²) / 2V``, with ``V`` the variance of ``f(A)`` and ``f(B)`` together, on
  outputs centred and scaled as SALib does.
* **Bootstrap** (the same resamples as SALib's: ``default_rng(seed).integers(N, size=(N, R))``, column ``r``
  is resample ``r``): every estimator is a ratio of sample means, so a resample's means are its *counts*
  (how often it took each of the ``N`` rows) times the per-row terms. All resamples of all outputs and
  groups are then one matrix product ``counts (R × N) @ terms (N × outputs·(2 + 2D))`` in float64, done in
  slices of resamples. The half-width of the interval is ``z · sd`` of the resampled indices, SALib's
  convention (``z`` the normal quantile of ``conf_level``).

SALib's own ``analyze.sobol`` indexes ``N × R`` copies of the outputs per group and output (39 s for one
output, nine groups, ``N = 2^14`` and 1,000 resamples on the 2-core machine). Tests compare both functions
with SALib's on the same inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_CONF_LEVEL = 0.95
RESAMPLE_SLICE = 125  # resamples per matrix product (counts slice: RESAMPLE_SLICE × N floats)
INDEX_ROWS = 4096  # rows of the resample indices drawn at a time


def check_base_samples(n: int) -> int:
    """The number of base samples must be a power of 2 (the balance properties of the Sobol' sequence).

    Raises:
        ValueError: Otherwise, naming the nearest powers of 2.

    Example:
        >>> check_base_samples(1024)
        1024
    """
    n = int(n)
    if n < 4 or n & (n - 1):
        low = 1 << max(2, n.bit_length() - 1)
        raise ValueError(f"the number of base samples must be a power of 2 (at least 4), got {n}; "
                         f"e.g. {low} or {low * 2}")
    return n


@dataclass(frozen=True)
class Design:
    """Saltelli's design for first-order and total indices.

    Attributes:
        a: Matrix ``A`` (``N × k``), values in [0, 1).
        b: Matrix ``B`` (``N × k``).
        groups: Group name of every column.
        names: The distinct group names, in order of first appearance (``D`` of them).
    """

    a: np.ndarray
    b: np.ndarray
    groups: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def n(self) -> int:
        """Number of base samples ``N``."""
        return len(self.a)

    def columns(self, j: int) -> np.ndarray:
        """Columns of group ``j``."""
        return np.flatnonzero(np.asarray(self.groups) == self.names[j])

    def ab(self, j: int) -> np.ndarray:
        """``AB_j``: ``A`` with the columns of group ``j`` from ``B``."""
        out = self.a.copy()
        cols = self.columns(j)
        out[:, cols] = self.b[:, cols]
        return out

    def stacked(self) -> np.ndarray:
        """All ``N·(D + 2)`` rows in SALib's order (per base sample: ``A``, ``AB_1`` … ``AB_D``, ``B``)."""
        blocks = [self.a, *(self.ab(j) for j in range(len(self.names))), self.b]
        return np.stack(blocks, axis=1).reshape(-1, self.a.shape[1])


def saltelli_design(groups, n: int, seed: int | None) -> Design:
    """The design of SALib's ``sample.sobol(problem, n, calc_second_order=False, seed=default_rng(seed))``.

    Args:
        groups: Group name of each input column (a column may be its own group).
        n: Base samples ``N`` (a power of 2).
        seed: Seed of the scrambling.

    Returns:
        The :class:`Design` (``A``, ``B`` and the groups; ``AB_j`` on demand).

    Raises:
        ValueError: If ``n`` is not a power of 2.

    Example:
        >>> d = saltelli_design(["x", "x", "y"], 8, seed=1)
        >>> d.a.shape, d.names, d.columns(0).tolist()
        ((8, 3), ('x', 'y'), [0, 1])
    """
    from scipy.stats import qmc

    groups = tuple(str(g) for g in groups)
    base = qmc.Sobol(d=2 * len(groups), scramble=True, rng=np.random.default_rng(seed)).random(check_base_samples(n))
    k = len(groups)
    return Design(a=base[:, :k], b=base[:, k:], groups=groups, names=tuple(dict.fromkeys(groups)))


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total indices with the half-widths of their bootstrap intervals.

    Every array is outputs × groups; an output that does not vary has NaN everywhere.
    """

    s1: np.ndarray
    st: np.ndarray
    s1_conf: np.ndarray
    st_conf: np.ndarray
    num_resamples: int
    conf_level: float


def _terms(ya: np.ndarray, yb: np.ndarray, yab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per base sample, the terms whose means make every estimator, only those that are not all 0.

    The full set is ``(2 + 2D) × M`` per sample: ``f(A) + f(B)`` and ``f(A)² + f(B)²`` (the variance), then
    ``f(B)·(f(AB_j) − f(A))`` (first order) and ``(f(A) − f(AB_j))²`` (total) for every group ``j``. A group
    that cannot change an output (``f(AB_j) = f(A)`` in every row) has both terms exactly 0: they are left
    out (often most of them: a basket does not depend on the other baskets' weights).

    Returns:
        ``(terms (N × kept), where)``: ``where`` is each kept term's position in the flattened full set.
    """
    n, m = ya.shape
    d = yab.shape[0]
    changes = np.argwhere((yab != ya).any(axis=1))  # (group, output) pairs that vary
    terms = np.empty((n, 2 * m + 2 * len(changes)))
    np.add(ya, yb, out=terms[:, :m])
    np.add(ya * ya, yb * yb, out=terms[:, m:2 * m])
    for k, (j, o) in enumerate(changes):
        diff = yab[j, :, o] - ya[:, o]
        np.multiply(yb[:, o], diff, out=terms[:, 2 * m + k])
        np.multiply(diff, diff, out=terms[:, 2 * m + len(changes) + k])
    where = np.concatenate([np.arange(2 * m), (2 + changes[:, 0]) * m + changes[:, 1],
                            (2 + d + changes[:, 0]) * m + changes[:, 1]])
    return terms, where


def _means(terms: np.ndarray, where: np.ndarray, shape: tuple[int, int], weights: np.ndarray | None = None):
    """Means of the kept terms, put back into the full set ``(rows, 2 + 2D, M)`` (left-out terms 0).

    ``weights``: counts of the base samples per resample (``rows × N``); ``None``: the plain means (one row).
    """
    n = len(terms)
    kept = terms.mean(axis=0)[None] if weights is None else weights @ terms / n
    full = np.zeros((len(kept), shape[0] * shape[1]))
    full[:, where] = kept
    return full.reshape(len(kept), *shape)


def _ratios(means: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """S1 and ST from term means ``(..., 2 + 2D, M)``: each ``(..., M, D)``."""
    variance = means[..., 1, :] / 2 - (means[..., 0, :] / 2) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        s1 = means[..., 2:2 + d, :] / variance[..., None, :]
        st = means[..., 2 + d:, :] / 2 / variance[..., None, :]
    return np.swapaxes(s1, -1, -2), np.swapaxes(st, -1, -2)


def resample_indices(n: int, num_resamples: int, seed: int | None) -> np.ndarray:
    """SALib's bootstrap rows: ``default_rng(seed).integers(n, size=(n, R))``, drawn in slices, stored small.

    Returns:
        ``n × R`` (column ``r`` is resample ``r``), as uint16 when ``n`` ≤ 65,536 (else int32).
    """
    rng = np.random.default_rng(seed)
    out = np.empty((n, num_resamples), dtype=np.uint16 if n <= 1 << 16 else np.int32)
    for start in range(0, n, INDEX_ROWS):  # an even count per slice keeps numpy's 32-bit stream in step
        stop = min(start + INDEX_ROWS, n)
        out[start:stop] = rng.integers(n, size=(stop - start, num_resamples), dtype=np.int32)
    return out


def sobol_indices(ya, yb, yab, *, num_resamples: int = DEFAULT_RESAMPLES, conf_level: float = DEFAULT_CONF_LEVEL,
                  seed: int | None = None, resamples: np.ndarray | None = None, pmap=map) -> SobolIndices:
    """First-order and total Sobol' indices of many outputs, with bootstrap intervals.

    Args:
        ya: ``f(A)``: ``N`` or ``N × M`` (``M`` outputs).
        yb: ``f(B)``, the same shape.
        yab: ``f(AB_j)`` for every group: ``D × N`` or ``D × N × M``.
        num_resamples: Bootstrap resamples ``R``.
        conf_level: Level of the intervals (0–1).
        seed: Seed of the resamples (the same seed as SALib's ``analyze.sobol`` gives the same resamples).
        resamples: The resample rows themselves (``N × R``), instead of drawing them from ``seed``.
        pmap: A ``map`` over the slices of resamples (e.g. a thread pool's; the numbers do not depend on it).

    Returns:
        :class:`SobolIndices`, arrays ``M × D``.

    Raises:
        ValueError: For shapes that do not fit, fewer than 2 resamples or a level outside (0, 1).

    Example:
        >>> d = saltelli_design(["x1", "x2"], 1024, seed=1)
        >>> f = lambda x: x[:, 0] + 2 * x[:, 1]
        >>> s = sobol_indices(f(d.a), f(d.b), np.stack([f(d.ab(0)), f(d.ab(1))]), num_resamples=100, seed=2)
        >>> np.round(s.s1, 2).tolist(), np.round(s.st, 2).tolist()   # exact: 1/5 and 4/5
        ([0.2, 0.8], [0.2, 0.8])
    """
    ya, yb, yab = (np.asarray(v, dtype=float) for v in (ya, yb, yab))
    single = ya.ndim == 1
    if single:
        ya, yb, yab = ya[:, None], yb[:, None], yab[..., None]
    n, m = ya.shape
    d = yab.shape[0]
    if yb.shape != (n, m) or yab.shape != (d, n, m):
        raise ValueError(f"f(A) {ya.shape}, f(B) {yb.shape} and f(AB) {yab.shape} do not fit together")
    if not 0 < conf_level < 1:
        raise ValueError(f"conf_level must be between 0 and 1, got {conf_level}")
    if int(num_resamples) < 2:
        raise ValueError(f"num_resamples must be at least 2, got {num_resamples}")
    # centred and scaled over every evaluation, as SALib does (the indices are ratios; the centring matters
    # for the first-order estimator in a finite sample)
    everything = np.concatenate([ya[None], yab, yb[None]])
    mean, sd = everything.mean(axis=(0, 1)), everything.std(axis=(0, 1))
    del everything
    flat = sd <= 0
    scale = np.where(flat, 1.0, sd)
    ya, yb, yab = (ya - mean) / scale, (yb - mean) / scale, (yab - mean) / scale
    terms, where = _terms(ya, yb, yab)
    shape = (2 + 2 * d, m)
    s1, st = (x[0] for x in _ratios(_means(terms, where, shape), d))

    r = resample_indices(n, int(num_resamples), seed) if resamples is None else np.asarray(resamples)
    if r.shape[0] != n:
        raise ValueError(f"resamples must have {n} rows, got {r.shape[0]}")
    s1_boot = np.empty((r.shape[1], m, d))
    st_boot = np.empty_like(s1_boot)

    def one_slice(start: int) -> None:
        block = np.ascontiguousarray(r[:, start:start + RESAMPLE_SLICE].T)
        counts = np.empty((len(block), n))  # how often each resample takes each base sample
        for i, rows in enumerate(block):
            counts[i] = np.bincount(rows, minlength=n)
        s1_boot[start:start + len(block)], st_boot[start:start + len(block)] = _ratios(
            _means(terms, where, shape, counts), d)

    for _ in pmap(one_slice, range(0, r.shape[1], RESAMPLE_SLICE)):
        pass
    z = NormalDist().inv_cdf(0.5 + conf_level / 2)
    s1_conf, st_conf = z * s1_boot.std(axis=0, ddof=1), z * st_boot.std(axis=0, ddof=1)
    for array in (s1, st, s1_conf, st_conf):
        array[flat] = np.nan
    if single:
        s1, st, s1_conf, st_conf = s1[0], st[0], s1_conf[0], st_conf[0]
    return SobolIndices(s1=s1, st=st, s1_conf=s1_conf, st_conf=st_conf, num_resamples=int(r.shape[1]),
                        conf_level=float(conf_level))
