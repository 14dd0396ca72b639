"""Report exports: the aggregate report as CSV, XLSX or PDF, and the anonymized row-level dataset.

Each export is a `ReportExport` record built by a Celery task into an encrypted file
that expires (services.py); views.py lets its requester follow and download it.
"""
