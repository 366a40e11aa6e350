"""Reader-facing text, the bottom layer: all Dutch wording (:mod:`.nl`) and Dutch number/date formatting
on babel (:mod:`.fmt`).

Imports nothing else of index071lib, so every layer (analysis audit messages, the data layer's changelog
section, the reports, the index page) takes its Dutch from here. ``tests/unit/test_dutch_in_one_place.py``
checks that no other module holds Dutch text.
"""
