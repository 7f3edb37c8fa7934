"""Selectors read plans for pages, commands and exporters, one module per concept.

They own the prefetching, so that the number of queries does not grow with the rows.
Everything is read *as at* a date: each action's status and words are those of its
latest update made on or before that date. Callers import them from their modules
(ADR 0032).
"""
