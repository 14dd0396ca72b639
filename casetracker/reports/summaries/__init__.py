"""Per-case summary PDFs: one case's summary (full or anonymized), from the web, the admin
action, or a ZIP batch built by a Celery task."""
