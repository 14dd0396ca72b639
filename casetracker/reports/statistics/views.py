"""The aggregate report page `/reports/`: filters in the query string, figures, tables, charts."""

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casetracker.accounts.policy import user_may_view_reports
from casetracker.reports.exports.selectors import export_panel
from casetracker.reports.statistics.filters import ReportFilterForm
from casetracker.reports.statistics.report import build_report
from casetracker.reports.statistics.series import MAX_PLACE_CHOICES, region_city_pairs

TEMPLATE = "reports/report.html"
BAD_REQUEST = 400


def report_filter_form(data) -> ReportFilterForm:
    """The filter form with date pickers and region/city selects from the recorded values.

    The selects are built by a loose index scan (`region_city_pairs`); with more pairs
    than a select can usefully hold, region and city stay text inputs.
    """
    form = ReportFilterForm(data)
    for name in ("date_from", "date_to"):
        form.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    form.fields["event"].empty_label = _("all")
    pairs = region_city_pairs()
    if len(pairs) <= MAX_PLACE_CHOICES:
        everything = [("", _("all"))]
        regions = sorted({region for region, _city in pairs})
        by_region: dict[str, list[tuple[str, str]]] = {}
        for region, city in pairs:
            by_region.setdefault(region, []).append((city, city))
        # A value typed into the URL that matches nothing stays selected (and selects nothing).
        extra_region = [(data.get("region"),) * 2] if data.get("region") and data["region"] not in regions else []
        known_cities = {city for _region, city in pairs}
        extra_city = [(data.get("city"),) * 2] if data.get("city") and data["city"] not in known_cities else []
        form.fields["region"].widget = forms.Select(choices=[*everything, *[(r, r) for r in regions], *extra_region])
        form.fields["city"].widget = forms.Select(choices=[*everything, *by_region.items(), *extra_city])
    return form


@require_GET
@never_cache
@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    """The report for Analysts, Coordinators and superusers; 403 for anyone else signed in."""
    if not user_may_view_reports(request.user):
        raise PermissionDenied
    form = report_filter_form(request.GET)
    context = {**admin.site.each_context(request), "title": _("Aggregate report"), "form": form}
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=BAD_REQUEST)
    filters = form.report_filters()
    context |= {
        "report": build_report(filters),
        "filter_query": filters.as_query(),
        **export_panel(request.user, filters),
    }
    return render(request, TEMPLATE, context)
