"""PDF rendering of case summaries (WeasyPrint)."""
