"""index071lib — compute, audit and report the Index071 of the Leiden region.

The library is a set of small pure functions on pandas objects:

* :mod:`index071lib.indices` — rebasing, polarity, chain indices, linking.
* :mod:`index071lib.align` — "most recent available figure" (lag alignment) and its alternatives.
* :mod:`index071lib.aggregate` — weight normalisation and weighted aggregation.
* :mod:`index071lib.edition` — loading and validating an edition from ``data/editions/<year>/``.
* :mod:`index071lib.pipeline` — the whole computation of an edition.
* :mod:`index071lib.audit` — the audit of a publication.
* :mod:`index071lib.changelog` — an edition's ``changelog.yml`` and the Dutch "Wijzigingen" section.
* :mod:`index071lib.editions` — scaffolding a new edition, fill-in status.
* :mod:`index071lib.rereference` — another base year for a whole edition; linking the old index.
* :mod:`index071lib.revisions` — revised values and changed parameters between editions.
* :mod:`index071lib.comparison` — the editions comparison report (Dutch tables, charts).
* :mod:`index071lib.scenarios`, :mod:`index071lib.whatif` — what-if weightings (scenario files, comparisons).
* :mod:`index071lib.fastindex`, :mod:`index071lib.sensitivity` — the index for many weightings at once; Monte Carlo.
"""

__version__ = "0.1.0"

from index071lib.errors import DataError  # noqa: E402,F401
