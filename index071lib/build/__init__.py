"""The edition build: the plan (validated before anything runs), the parallel runner, executing one notebook
and exporting it to offline HTML, the index page, and the page template.
"""
