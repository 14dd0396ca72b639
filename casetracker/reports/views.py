import logging
from collections.abc import Callable

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casetracker.cases.models import Case
from casetracker.cases.selectors import get_case_for_user
from casetracker.protected.crypto.files import CHUNK_SIZE
from casetracker.protected.crypto.keys import DecryptionError
from casetracker.reports import services
from casetracker.reports.models import BackgroundFile, BatchStatus
from casetracker.reports.selectors import SummaryOptions, get_batch_for_user

logger = logging.getLogger(__name__)

GONE = 410
UNREADABLE_BATCH = (
    "This ZIP of case summaries cannot be decrypted (its file was altered, stored unencrypted by an "
    "earlier version, or its encryption key is no longer configured), so it is not served. "
    "Select the cases again to build a new one.\n"
)


def pdf_response(pdf: bytes, *, case: Case, options: SummaryOptions) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, services.summary_filename(case=case, options=options)
    )
    # Personal data: no cache, shared or private, may keep a copy.
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@never_cache
@login_required
def case_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary of a case the user may see (404 otherwise); `?notes=1`; `?redacted=1` for the anonymized copy."""
    case = get_case_for_user(request.user, pk)
    options = SummaryOptions(redacted=request.GET.get("redacted") == "1", include_notes=request.GET.get("notes") == "1")
    pdf = services.case_summary_render(case=case, user=request.user, options=options, source="web", request=request)
    return pdf_response(pdf, case=case, options=options)


@require_GET
@never_cache
@login_required
def batch_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a batch, refreshing itself until it is finished; 410 once expired."""
    batch = get_batch_for_user(request.user, pk)
    return background_file_status(request, batch, "reports/batch_status.html", batch=batch)


@require_GET
@never_cache
@login_required
def batch_download(request: HttpRequest, pk: int) -> FileResponse | HttpResponse:
    batch = get_batch_for_user(request.user, pk)
    return background_file_response(
        batch,
        filename=batch.download_name,
        content_type="application/zip",
        unreadable=UNREADABLE_BATCH,
        log_label="Case summary batch",
    )


def background_file_status(request: HttpRequest, job: BackgroundFile, template: str, **context) -> HttpResponse:
    """The status page of a batch or an export (`job` in the template); 410 once expired."""
    context = {
        **admin.site.each_context(request),
        "job": job,
        "title": str(job),
        "BatchStatus": BatchStatus,
        **context,
    }
    if job.is_expired:
        return render(request, template, {**context, "expired": True}, status=GONE)
    return render(request, template, context)


def background_file_response(
    record: BackgroundFile,
    *,
    filename: str,
    content_type: str,
    unreadable: str,
    log_label: str,
    before_sending: Callable[[], None] | None = None,
) -> FileResponse | HttpResponse:
    """The decrypted file of a finished batch or export, as an attachment.

    410 once expired, or when the file cannot be decrypted (with `unreadable` as a
    plain-text body, if given); 404 while unfinished or when the file is missing.
    `before_sending` runs only when the file is about to be sent (an audit event).
    """
    if record.is_expired:
        return HttpResponse(status=GONE)
    if record.status != BatchStatus.DONE or not record.file:
        raise Http404
    try:
        handle = _open_authenticated(record)
    except FileNotFoundError:
        raise Http404 from None
    except DecryptionError as error:
        logger.error("%s %s: %s", log_label, record.pk, error)
        if not unreadable:
            return HttpResponse(status=GONE)
        return HttpResponse(unreadable, status=GONE, content_type="text/plain; charset=utf-8")
    if before_sending is not None:
        before_sending()
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    # Explicit: the file on disk is ciphertext, so its size is not the response's.
    response["Content-Length"] = str(handle.size)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _open_authenticated(record: BackgroundFile) -> File:
    """The decrypting reader of a batch's ZIP, rewound after a pass that authenticates all of it.

    Opening checks only the header and the first chunk; the extra pass (one chunk in
    memory at a time, cheap next to typesetting the PDFs) makes an altered or truncated
    ZIP a clear refusal rather than a download cut off midway. Streaming authenticates
    again, so a file changed after this pass still stops at the altered chunk: no
    unauthenticated byte is ever sent.
    """
    handle = record.file.storage.open(record.file.name, "rb")
    try:
        buffer = bytearray(CHUNK_SIZE)
        while handle.readinto(buffer):
            pass
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle
