"""Aggregate statistics over detentions: filters, figures, publication suppression.

Every figure is computed by the database (GROUP BY and aggregates), never by a Python
loop over detentions, and only from unencrypted, non-personal columns.
"""
