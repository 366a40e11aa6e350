"""Input data: loading and validating an edition, its schemas, changelog, commentary and scenario files, the
files shipped with the package (notebooks, scenarios, templates) and scaffolding a new edition. Imports only
:mod:`index071lib.text` and :mod:`index071lib.errors`.
"""
