"""The demo data set of `manage.py seed_demo` (an app with no models, for its commands): invented
people, real places, 2021 dates.

Every person's name is invented, built from lists of common first names, patronymics
and surnames; stations, courts and police units are real so that reports look like the
real ones. One seeded generator draws everything, so every run plans the same set.
"""
