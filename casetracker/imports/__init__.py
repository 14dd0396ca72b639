"""Bulk import of detention lists (CSV/XLSX): checks, parsing, writing, the admin pages and the task."""
