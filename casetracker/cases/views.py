import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casetracker.cases.selectors import get_document_for_user

logger = logging.getLogger(__name__)


@require_GET
@never_cache
@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a document's file: 404 unless its case is visible to the user."""
    document = get_document_for_user(request.user, pk)
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        logger.error("Document %s: stored file %s is missing", document.pk, document.file.name)
        raise Http404("The file of this document is missing from storage.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or f"document-{document.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
