"""The merge page of a queue entry: choose per field, confirm, then `person_merge`."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.policy import user_may_merge_persons
from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record
from casetracker.cases.admin.merge_forms import PersonMergeForm
from casetracker.cases.duplicates.merge import person_merge
from casetracker.cases.duplicates.selectors import possible_duplicate_queue, possible_duplicates_open
from casetracker.cases.models import PossibleDuplicate

FORM_TEMPLATE = "admin/cases/possibleduplicate/merge.html"
CONFIRM_TEMPLATE = "admin/cases/possibleduplicate/merge_confirmation.html"


def person_merge_view(model_admin: admin.ModelAdmin, request: HttpRequest, entry_id: int) -> HttpResponse:
    """GET: both records side by side. POST: the confirmation page; POST with confirm=yes: merge."""
    if not user_may_merge_persons(request.user):
        raise PermissionDenied
    # Only an open entry: a resolved one, or one whose person was erased or deleted, is 404.
    entry = get_object_or_404(possible_duplicate_queue(possible_duplicates_open(request.user)), pk=entry_id)
    # The record found first (the one already there) is the first column.
    first, second = entry.other, entry.person
    form = PersonMergeForm(request.POST or None, first=first, second=second)
    context = _context(model_admin, request, entry=entry, form=form)
    if request.method != "POST":
        # The page shows every personal value of both: a read of each record.
        for person in (first, second):
            audit_record(user=request.user, action=AuditAction.VIEW, obj=person, request=request)
        return TemplateResponse(request, FORM_TEMPLATE, context)
    if not form.is_valid():
        return TemplateResponse(request, FORM_TEMPLATE, context)
    arguments = form.merge_arguments()
    if request.POST.get("confirm") != "yes":
        moving = [case.reference for case in arguments["merge"].cases.all()]
        return TemplateResponse(
            request, CONFIRM_TEMPLATE, {**context, **arguments, "result": form.result(), "moving": moving}
        )
    try:
        result = person_merge(**arguments, user=request.user, request=request)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return TemplateResponse(request, FORM_TEMPLATE, context)
    messages.success(
        request,
        _("The two records are one now: #%(kept)s, with %(cases)s case(s) moved from #%(merged)s.")
        % {"kept": result.kept.pk, "cases": len(result.moved_cases), "merged": arguments["merge"].pk},
    )
    return HttpResponseRedirect(reverse("admin:cases_person_change", args=[result.kept.pk]))


def _context(model_admin: admin.ModelAdmin, request: HttpRequest, *, entry: PossibleDuplicate, form) -> dict:
    first, second = entry.other, entry.person
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Merge two records of one person?"),
        "entry": entry,
        "form": form,
        "columns": [
            (first, [case.reference for case in first.cases.all()]),
            (second, [case.reference for case in second.cases.all()]),
        ],
    }
