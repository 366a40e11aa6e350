"""Index arithmetic: rebase, polarity, chain and link, re-reference; alignment, aggregation, the pipeline of an
edition, the chapter 7 trend themes and the fast weight model for many weightings at once.
"""
