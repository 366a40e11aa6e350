"""Reader-facing text, the bottom layer: Dutch number formatting (and the Dutch wording of the reports).

Imports nothing else of index071lib, so every layer may use it.
"""
