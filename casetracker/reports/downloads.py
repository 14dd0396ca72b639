"""What a batch of summaries and a report export share: the status page and the download.

Both are background files (`BackgroundFile` in models.py, a `BackgroundJob`): built
by a Celery task, stored encrypted, served to their owner until they expire. The
status page shows what any job answers (`BackgroundJob.status_context`).
"""

import logging
from collections.abc import Callable

from django.contrib import admin
from django.core.files import File
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casetracker.cases.models.jobs import BackgroundJob
from casetracker.protected.crypto.files import CHUNK_SIZE
from casetracker.protected.crypto.keys import DecryptionError
from casetracker.reports.models import BackgroundFile

logger = logging.getLogger(__name__)

GONE = 410


def background_file_status(request: HttpRequest, job: BackgroundJob, template: str, **context) -> HttpResponse:
    """The status page of a job (`job`, `state`, `progress` in the template); 410 once expired."""
    context = {**admin.site.each_context(request), **job.status_context(), **context}
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
    if not record.succeeded or not record.file:
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
