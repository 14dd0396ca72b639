import functools
import logging

from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.settings import api_settings

from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record
from casetracker.cases.models import Document
from casetracker.cases.selectors import get_document_for_user
from casetracker.protected.crypto.keys import DecryptionError

logger = logging.getLogger(__name__)


def login_or_api_token_required(view):
    """A browser session (else the login page) or a credential the API accepts (else 401)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated and request.headers.get("Authorization"):
            # The API's own authentication classes, named in its settings: the same tokens
            # work here, and this app imports nothing from the API.
            authenticators = [authentication() for authentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
            try:
                user = Request(request, authenticators=authenticators).user
            except AuthenticationFailed as error:
                return JsonResponse({"detail": str(error.detail)}, status=401)
            if user.is_authenticated:
                request.user = user
        return login_required(view)(request, *args, **kwargs)

    return wrapper


@require_GET
@never_cache
@login_or_api_token_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way to a document's file: 404 unless its case is visible to the user."""
    try:
        document = get_document_for_user(request.user, pk)
    except DecryptionError as error:
        # Its file name (or the case's summary) is under a key no longer configured.
        logger.error("Document %s: %s", pk, error)
        raise Http404("This document cannot be decrypted: wrong key.") from None
    handle = _open_document_file(document)
    audit_record(user=request.user, action=AuditAction.DOWNLOAD, obj=document, request=request)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or f"document-{document.pk}",
    )
    # Explicit: the file on disk is ciphertext, so its size is not the response's.
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _open_document_file(document: Document) -> File:
    """The decrypting reader of a document's file, or 404 when it is missing or unreadable.

    Opening authenticates the header and the first chunk. The ciphertext's length gives
    the plaintext size, so a dropped tail shows here too, before any byte is sent. A
    chunk altered further in stops the stream at that chunk: the client gets fewer bytes
    than Content-Length, never an unauthenticated one.
    """
    unreadable = "The file of this document cannot be decrypted: wrong key or altered file."
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        logger.error("Document %s: stored file %s is missing", document.pk, document.file.name)
        raise Http404("The file of this document is missing from storage.") from None
    except DecryptionError as error:
        logger.error("Document %s: %s", document.pk, error)
        raise Http404(unreadable) from None
    if handle.size != document.size:
        handle.close()
        logger.error("Document %s: stored file holds %s bytes, not %s", document.pk, handle.size, document.size)
        raise Http404(unreadable)
    return handle
