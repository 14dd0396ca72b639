from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casetracker.cases.models import Case
from casetracker.cases.selectors import get_case_for_user
from casetracker.reports.downloads import background_file_response, background_file_status
from casetracker.reports.summaries import services
from casetracker.reports.summaries.selectors import SummaryOptions, get_batch_for_user

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
