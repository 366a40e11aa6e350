"""Analyses on top of the core: audit of a publication, fill-in status and revisions between editions, what-if
weightings and sensitivity (with their fast kernels: gamma variates and streamed quantiles).
"""
