"""The "Case summary PDF" actions of the case change list (registered in CaseAdmin)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from casetracker.cases.models import Case
from casetracker.reports.summaries import services
from casetracker.reports.summaries.selectors import SummaryOptions
from casetracker.reports.summaries.views import pdf_response


def _summaries(request: HttpRequest, queryset: QuerySet[Case], *, redacted: bool) -> HttpResponse | None:
    # The queryset is the change list's, already scoped by CaseAdmin.get_queryset.
    cases = list(queryset.select_related(None).prefetch_related(None).order_by("pk").only("pk", "reference"))
    if not cases:
        # Only ids the user cannot see were posted (the change list never offers them):
        # say so without telling whether they exist, and build nothing.
        messages.error(request, _("None of the selected cases is available to you: no summary was made."))
        return None
    if len(cases) == 1:
        case = cases[0]
        options = SummaryOptions(redacted=redacted)
        pdf = services.case_summary_render(
            case=case, user=request.user, options=options, source="admin", request=request
        )
        return pdf_response(pdf, case=case, options=options)
    try:
        batch = services.batch_request(
            user=request.user, cases=cases, redacted=redacted, language=translation.get_language() or "en"
        )
    except services.EmptyBatchError:
        messages.error(request, _("None of the selected cases is available to you: no summary was made."))
        return None
    except services.BatchTooLargeError:
        messages.error(
            request,
            _("Select at most %(count)d cases for one batch of summaries.") % {"count": services.MAX_BATCH_CASES},
        )
        return None
    return HttpResponseRedirect(reverse("reports:batch-status", args=[batch.pk]))


@admin.action(description=_("Case summary PDF"), permissions=["view"])
def case_summary_pdf(modeladmin, request: HttpRequest, queryset: QuerySet[Case]) -> HttpResponse | None:
    """One case: the PDF at once. Several: a ZIP built in the background."""
    return _summaries(request, queryset, redacted=False)


@admin.action(description=_("Case summary PDF (redacted)"), permissions=["view"])
def case_summary_pdf_redacted(modeladmin, request: HttpRequest, queryset: QuerySet[Case]) -> HttpResponse | None:
    return _summaries(request, queryset, redacted=True)
