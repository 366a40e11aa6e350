"""The edition build: the plan and parallel runner, one notebook's execution and HTML export, the index page.
Imports :mod:`index071lib.report` and the layers below it.
"""
