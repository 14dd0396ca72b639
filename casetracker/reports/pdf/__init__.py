"""PDF typesetting shared by the case summaries and the aggregate report (WeasyPrint)."""
