"""Audit the reads and writes made through a ModelAdmin (and its nested inlines)."""

from django.http import HttpRequest, HttpResponse

from casetracker.audit.models import AuditAction
from casetracker.audit.services import FORM_ONLY_FIELDS, audit_changed_fields, audit_record


class AuditedAdminMixin:
    """Record a `view` for every object page shown and an event for every saved object.

    Put it first among the bases. The admin's change and delete views run in one
    transaction, so an event commits or rolls back with the change it records.
    """

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self._audit_page_shown(request, response, context_key="original")
        return response

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self._audit_page_shown(request, response, context_key="object")
        return response

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        # The confirmation page lists the object and every record that would go with it.
        response = super().delete_view(request, object_id, extra_context)
        self._audit_page_shown(request, response, context_key="object")
        return response

    def _audit_page_shown(self, request: HttpRequest, response: HttpResponse, *, context_key: str) -> None:
        # Only a page actually shown: a 404 for an invisible case, a 403 and the
        # redirect after a save (its GET is recorded in turn) are not reads.
        if request.method != "GET" or response.status_code != 200:
            return
        obj = (getattr(response, "context_data", None) or {}).get(context_key)
        if obj is not None:
            audit_record(user=request.user, action=AuditAction.VIEW, obj=obj, request=request)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            user=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            changed_fields=audit_changed_fields(form),
            request=request,
        )

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        # Nested formsets (claims under a detention) come here too. Each event is filed
        # under the case its record belongs to (`audit_record` finds it from the record),
        # never simply under the case whose page was posted.
        # Deleted objects lose their pk: record them first (the transaction undoes the
        # events if the deletion fails).
        for deleted_form in formset.deleted_forms:
            if deleted_form.instance.pk is not None:
                audit_record(user=request.user, action=AuditAction.DELETE, obj=deleted_form.instance, request=request)
        super().save_formset(request, form, formset, change)
        forms_by_instance = {id(inline_form.instance): inline_form for inline_form in formset.forms}
        for obj in formset.new_objects:
            inline_form = forms_by_instance.get(id(obj))
            audit_record(
                user=request.user,
                action=AuditAction.CREATE,
                obj=obj,
                changed_fields=audit_changed_fields(inline_form) if inline_form is not None else (),
                request=request,
            )
        for obj, changed_data in formset.changed_objects:
            audit_record(
                user=request.user,
                action=AuditAction.UPDATE,
                obj=obj,
                changed_fields=[name for name in changed_data if name not in FORM_ONLY_FIELDS],
                request=request,
            )

    def delete_model(self, request: HttpRequest, obj) -> None:
        audit_record(user=request.user, action=AuditAction.DELETE, obj=obj, request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        # Bulk delete is switched off on case data (NoBulkDeleteMixin); should it come
        # back, each object still leaves its event.
        for obj in queryset:
            audit_record(user=request.user, action=AuditAction.DELETE, obj=obj, request=request)
        super().delete_queryset(request, queryset)
