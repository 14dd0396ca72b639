"""The only way WeasyPrint may load anything while it renders a summary.

A summary carries text typed by users; if markup ever slipped through, a remote image
or stylesheet would tell a third party which case was printed, by whom and when. So the
fetcher serves our own static files and fonts only and refuses everything else:
http(s), file: (even on this machine), ftp: ... `data:` URLs are self-contained and allowed.
"""

import logging
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A reserved name (RFC 2606): even if a URL escaped the fetcher, it would resolve nowhere.
BASE_URL = "https://casetracker.invalid/"
STATIC_PREFIX = BASE_URL + "static/"
FONTS_PREFIX = BASE_URL + "fonts/"
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"


class RefusedURLError(ValueError):
    """A URL the summary may not load (WeasyPrint logs it and renders without it)."""


class ProjectOnlyURLFetcher(URLFetcher):
    """Serves `static/...` through the staticfiles finders and `fonts/...` from the project."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._local_path(url)
        if path is None:
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise RefusedURLError(f"Refused to fetch {url[:200]}: only the project's static files may be loaded")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    def _local_path(self, url: str) -> Path | None:
        relative = url.split("?", 1)[0].split("#", 1)[0]
        try:
            if relative.startswith(STATIC_PREFIX):
                found = finders.find(relative.removeprefix(STATIC_PREFIX))
                return Path(found) if isinstance(found, str) else None
            if relative.startswith(FONTS_PREFIX):
                path = Path(safe_join(str(FONTS_DIR), relative.removeprefix(FONTS_PREFIX)))
                return path if path.is_file() else None
        except (SuspiciousFileOperation, ValueError):  # "../" out of the allowed directories
            return None
        return None
