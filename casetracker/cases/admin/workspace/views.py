"""The case page and the forms of its records, served under the case admin's URLs.

Every view takes the case admin (`model_admin`) first, as the case admin's `get_urls`
wraps them. A request sent by the page's script carries `X-Workspace-Fragment: 1` and
gets a piece of the page back; the same URL opened by the browser is a page of its own,
so everything also works without the script.
"""

import functools

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_changed_fields, audit_record, case_of
from casetracker.cases import writes
from casetracker.cases.admin.workspace.kinds import CLAIM, RECORD_KINDS, RecordKind, new_record
from casetracker.cases.admin.workspace.presenters import case_sections, timeline_html
from casetracker.cases.models import Case, Detention
from casetracker.cases.selectors import cases_visible_to
from casetracker.cases.workspace import case_for_workspace, case_timeline

FRAGMENT_HEADER = "X-Workspace-Fragment"
WORKSPACE_TEMPLATE = "admin/cases/case/workspace.html"
BODY_TEMPLATE = "admin/cases/case/workspace/_body.html"
FORM_PAGE_TEMPLATE = "admin/cases/case/record_form.html"
FORM_TEMPLATE = "admin/cases/case/workspace/_record_form.html"
DELETE_PAGE_TEMPLATE = "admin/cases/case/record_delete.html"


def is_fragment_request(request: HttpRequest) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def workspace_url(case: Case, anchor: str = "") -> str:
    url = reverse("admin:cases_case_change", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def workspace_media(admin_site) -> forms.Media:
    """The scripts and styles every record form may need, loaded once with the page."""
    # Any autocomplete widget brings select2, its translations (by language) and the admin's glue.
    autocomplete = AutocompleteSelect(Detention._meta.get_field("event"), admin_site)
    return (
        forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.min.js",
                "admin/js/jquery.init.js",
                "admin/js/core.js",
                "admin/js/admin/RelatedObjectLookups.js",
                "admin/js/calendar.js",
                "admin/js/admin/DateTimeShortcuts.js",
            ],
            css={"all": ["admin/css/forms.css", "admin/css/widgets.css"]},
        )
        + autocomplete.media
        + forms.Media(js=["casetracker/workspace.js"])
    )


@functools.lru_cache(maxsize=16)
def _workspace_media_html(language: str, admin_site) -> str:
    # The same tags for every view of the page in one language: written once per process.
    return str(workspace_media(admin_site))


def _id_or_404(value: object) -> int:
    """An id from a URL or a form, or a 404 for anything that is not one."""
    text = str(value or "")
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses, and int()
    # takes "١"; 18 digits at most, as a bigint holds.
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise Http404
    return int(text)


def _body_context(model_admin, request: HttpRequest, case: Case) -> dict:
    case_url = reverse("admin:cases_case_change", args=[case.pk])
    # Built once: the page links every record, and reversing a URL per link costs.
    downloads_url = reverse("document-download", args=[0]).removesuffix("0/download/")
    records_url = case_url.removesuffix("change/") + "records/"
    can_edit = model_admin.has_change_permission(request, case)
    return {
        "case": case,
        "case_url": case_url,
        "records_url": records_url,
        "sections": case_sections(case, records_url=records_url, downloads_url=downloads_url, can_edit=can_edit),
        "timeline": timeline_html(case_timeline(case)),
        "can_edit": can_edit,
        "opts": Case._meta,
    }


def workspace_view(model_admin, request: HttpRequest, object_id: str) -> TemplateResponse:
    """The case page: the case, its timeline and its records as text."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    case = case_for_workspace(request.user, _id_or_404(unquote(object_id)))
    if case is None:
        raise Http404
    context = {
        **model_admin.admin_site.each_context(request),
        **_body_context(model_admin, request, case),
        "title": case.reference,
        "original": case,  # what the audited reads record
        "media": mark_safe(_workspace_media_html(get_language(), model_admin.admin_site)),  # noqa: S308
    }
    return TemplateResponse(request, WORKSPACE_TEMPLATE, context)


def _body_response(model_admin, request: HttpRequest, case_id: int, anchor: str) -> HttpResponse:
    case = case_for_workspace(request.user, case_id)
    response = TemplateResponse(request, BODY_TEMPLATE, _body_context(model_admin, request, case))
    response["X-Record-Saved"] = "1"
    response["X-Record-Anchor"] = anchor
    return response


def _editable_case(model_admin, request: HttpRequest, object_id: str) -> Case:
    """The case in the URL, if the user may see it (else 404) and change it (else 403)."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    case = get_object_or_404(cases_visible_to(request.user).select_related("person"), pk=_id_or_404(unquote(object_id)))
    if not model_admin.has_change_permission(request, case):
        raise PermissionDenied
    return case


def _kind(slug: str) -> RecordKind:
    try:
        return RECORD_KINDS[slug]
    except KeyError:
        raise Http404 from None


def _require_permission(request: HttpRequest, kind: RecordKind, action: str) -> None:
    opts = kind.model._meta
    if not request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        raise PermissionDenied


def _case_record_or_404(request: HttpRequest, records: QuerySet, record_id: object) -> models.Model:
    """The record `record_id` among `records` (one case's), or a 404.

    An id of a record that exists in another case is an attempt to reach it: the refusal
    is audited under the case that record belongs to, as the old formsets did.
    """
    pk = _id_or_404(record_id)
    record = records.filter(pk=pk).first()
    if record is not None:
        return record
    elsewhere = records.model._default_manager.filter(pk=pk).first()
    if elsewhere is not None:
        audit_record(
            user=request.user,
            action=AuditAction.REFUSED,
            object_type=records.model._meta.label_lower,
            object_id=str(pk),
            case=case_of(elsewhere),
            request=request,
        )
    raise Http404


def _parent_detention(request: HttpRequest, case: Case) -> Detention:
    """The detention a new claim goes under: one of this case's, whatever id is sent."""
    detention_id = request.GET.get("detention") or request.POST.get("detention")
    return _case_record_or_404(request, Detention.objects.filter(case=case), detention_id)


def _case_and_kind(model_admin, request: HttpRequest, object_id: str, kind: str, action: str):
    """The case in the URL and the kind of record, if the user may `action` such records in it."""
    case = _editable_case(model_admin, request, object_id)
    record_kind = _kind(kind)
    _require_permission(request, record_kind, action)
    return case, record_kind


def record_add_view(model_admin, request: HttpRequest, object_id: str, kind: str) -> HttpResponse:
    """A new record of `kind` in the case: its form, and its first save."""
    case, record_kind = _case_and_kind(model_admin, request, object_id, kind, "add")
    parent = _parent_detention(request, case) if record_kind is CLAIM else None
    record = new_record(record_kind, case=case, parent=parent)
    writes.record_prepare_new(record=record, user=request.user)
    return _record_form_response(model_admin, request, case, record_kind, record, parent=parent)


def _case_and_record(model_admin, request: HttpRequest, object_id: str, kind: str, record_id: int, action: str):
    """The case in the URL, the kind, and its record `record_id`, looked up among this case's records only."""
    case, record_kind = _case_and_kind(model_admin, request, object_id, kind, action)
    return case, record_kind, _case_record_or_404(request, record_kind.records_of(case), record_id)


def record_change_view(model_admin, request: HttpRequest, object_id: str, kind: str, record_id: int) -> HttpResponse:
    """One record of the case: its form, and its save."""
    case, record_kind, record = _case_and_record(model_admin, request, object_id, kind, record_id, "change")
    if request.method == "GET":
        audit_record(user=request.user, action=AuditAction.VIEW, obj=record, request=request)
    return _record_form_response(model_admin, request, case, record_kind, record)


def _record_form_response(
    model_admin, request: HttpRequest, case: Case, kind: RecordKind, record: models.Model, *, parent=None
) -> HttpResponse:
    editor = kind.editor(model_admin.admin_site)
    form_class = editor.form_class(request, record)
    prefix = f"{kind.slug}-{record.pk or 'new'}"
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=record, prefix=prefix)
        if form.is_valid():
            saved = _save(request, form)
            anchor = kind.anchor(saved)
            if is_fragment_request(request):
                return _body_response(model_admin, request, case.pk, anchor)
            messages.success(request, _("“%(record)s” was saved.") % {"record": kind.model._meta.verbose_name})
            return HttpResponseRedirect(workspace_url(case, anchor))
    else:
        form = form_class(instance=record, prefix=prefix)
    admin_form = helpers.AdminForm(
        form,
        list(editor.fieldsets),
        {},
        readonly_fields=editor.get_readonly_fields(request, record),
        model_admin=editor,
    )
    if record.pk:
        action = reverse("admin:cases_case_record_change", args=[case.pk, kind.slug, record.pk])
    else:
        action = reverse("admin:cases_case_record_add", args=[case.pk, kind.slug])
        if parent is not None:
            action = f"{action}?detention={parent.pk}"
    context = {
        "case": case,
        "kind": kind,
        "record": record,
        "parent": parent,
        "adminform": admin_form,
        "form": form,
        "errors": helpers.AdminErrorList(form, []),
        "form_action": action,
        "cancel_url": workspace_url(case, kind.anchor(record) if record.pk else kind.section),
        "is_fragment": is_fragment_request(request),
        "opts": kind.model._meta,
    }
    if is_fragment_request(request):
        # 422 tells the page's script the form came back with errors, not saved.
        status = 422 if request.method == "POST" else 200
        return TemplateResponse(request, FORM_TEMPLATE, context, status=status)
    title = _("Change %(record)s") if record.pk else _("Add %(record)s")
    page_context = {
        **model_admin.admin_site.each_context(request),
        **context,
        "title": title % {"record": kind.model._meta.verbose_name},
        "media": workspace_media(model_admin.admin_site) + admin_form.media,
        "case_opts": Case._meta,
    }
    return TemplateResponse(request, FORM_PAGE_TEMPLATE, page_context)


def _save(request: HttpRequest, form: forms.ModelForm) -> models.Model:
    # A new record was stamped with its creator before its form (record_add_view).
    created = form.instance.pk is None
    with transaction.atomic():
        record = form.save(commit=False)
        record.save()
        form.save_m2m()
        follow_up = writes.record_created if created else writes.record_updated
        follow_up(record=record, user=request.user, changed_fields=audit_changed_fields(form), request=request)
    return record


def record_delete_view(model_admin, request: HttpRequest, object_id: str, kind: str, record_id: int) -> HttpResponse:
    """Delete one record of the case, after a confirmation page (or the page script's own question)."""
    case, record_kind, record = _case_and_record(model_admin, request, object_id, kind, record_id, "delete")
    if request.method == "POST":
        writes.record_delete(record=record, user=request.user, request=request)
        if is_fragment_request(request):
            return _body_response(model_admin, request, case.pk, record_kind.section)
        messages.success(request, _("“%(record)s” was deleted.") % {"record": record_kind.model._meta.verbose_name})
        return HttpResponseRedirect(workspace_url(case, record_kind.section))
    audit_record(user=request.user, action=AuditAction.VIEW, obj=record, request=request)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Delete %(record)s") % {"record": record_kind.model._meta.verbose_name},
        "case": case,
        "case_opts": Case._meta,
        "kind": record_kind,
        "record": record,
        "claims": list(record.evidence_claims.all()) if isinstance(record, Detention) else [],
        "cancel_url": workspace_url(case, record_kind.anchor(record)),
        "opts": record_kind.model._meta,
    }
    return TemplateResponse(request, DELETE_PAGE_TEMPLATE, context)
