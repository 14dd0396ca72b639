"""Possible duplicate persons: the coordinators' queue and the merge of two records.

A user is warned only of probable duplicates they can see (see
`casetracker.cases.selectors.probable_duplicates_visible_to`). A match among persons
they cannot see is never mentioned to them; it is queued here for the coordinators,
who see every person and may merge the two records into one.
"""
