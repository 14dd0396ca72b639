"""Report exports on the web: start one from the report page, follow it, download it.

Lawyers (anyone who may not view reports) get 403 on every URL here; an export of
someone else is 404 (see selectors.report_exports_visible_to).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from casetracker.accounts.policy import user_may_view_reports
from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record
from casetracker.reports.downloads import background_file_response, background_file_status
from casetracker.reports.exports.selectors import get_report_export_for_user
from casetracker.reports.exports.services import report_export_request
from casetracker.reports.models import ReportExport, ReportExportFormat
from casetracker.reports.statistics.filters import ReportFilterForm

REPORT_PAGE = "reports:report"


def _require_report_access(request: HttpRequest) -> None:
    if not user_may_view_reports(request.user):
        raise PermissionDenied


def _export_of(request: HttpRequest, pk: int) -> ReportExport:
    """403 for who may not view reports, 404 for an export of someone else."""
    _require_report_access(request)
    return get_report_export_for_user(request.user, pk)


def _report_url(query: dict[str, str]) -> str:
    """The report page with these filters."""
    url = reverse(REPORT_PAGE)
    return f"{url}?{urlencode(query)}" if query else url


def _report_page(query: dict[str, str]) -> HttpResponseRedirect:
    return redirect(_report_url(query))


@require_POST
@login_required
def export_create(request: HttpRequest) -> HttpResponse:
    """Start an export of the report page's filters (hidden inputs) in the chosen `format`."""
    _require_report_access(request)
    form = ReportFilterForm(request.POST)
    export_format = request.POST.get("format", "")
    if not form.is_valid() or export_format not in ReportExportFormat.values:
        messages.error(request, _("The export could not be started: check the filters and choose a format."))
        return _report_page({name: request.POST.get(name, "") for name in form.fields if request.POST.get(name)})
    try:
        export = report_export_request(
            user=request.user,
            filters=form.report_filters(),
            export_format=export_format,
            language=translation.get_language(),
            request=request,
        )
    except ValidationError:
        messages.error(request, _("The export could not be started: check the filters and choose a format."))
        return _report_page(form.report_filters().as_query())
    return redirect("reports:export-status", pk=export.pk)


@require_GET
@never_cache
@login_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of an export, refreshing itself until it is finished; 410 once expired."""
    export = _export_of(request, pk)
    return background_file_status(
        request, export, "reports/export_status.html", export=export, report_url=_report_url(export.filters)
    )


@require_GET
@never_cache
@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The decrypted file of a finished export; 410 once expired."""
    export = _export_of(request, pk)
    return background_file_response(
        export,
        filename=export.download_name,
        content_type=export.content_type,
        unreadable="",
        log_label="Report export",
        before_sending=lambda: audit_record(
            user=request.user, action=AuditAction.DOWNLOAD, obj=export, request=request
        ),
    )
