"""Pure text analysis for Borgerrejse: anonymisation, theme coding and aggregation.

No Flask or database imports live here.
"""
