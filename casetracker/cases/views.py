from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casetracker.cases.selectors import get_document_for_user


@require_GET
@never_cache
@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a document's file: 404 unless its case is visible to the user."""
    document = get_document_for_user(request.user, pk)
    response = FileResponse(
        document.file.storage.open(document.file.name, "rb"),
        as_attachment=True,
        filename=document.original_name or f"document-{document.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
