"""The admin's writes of case data go through the write services (`cases/writes.py`).

The admin's change and delete views run in one transaction, so each event commits or
rolls back with the change it records.
"""

from django.http import HttpRequest

from casetracker.audit.services import FORM_ONLY_FIELDS, audit_changed_fields
from casetracker.cases import writes


class RecordWritesAdminMixin:
    """Creator, follow-up writes and audit events of the object and its inline records."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        writes.record_prepare_new(record=obj, user=request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # Django's own save_related, with the object's services between its many-to-many
        # fields and its inlines: a new case is assigned to its creator after the form
        # has set its lawyers, and its event comes before those of its records.
        form.save_m2m()
        follow_up = writes.record_updated if change else writes.record_created
        follow_up(record=form.instance, user=request.user, changed_fields=audit_changed_fields(form), request=request)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        # Nested formsets (claims under a detention) come here too. Deleted records lose
        # their pk: their events first (the transaction undoes them if a deletion fails).
        for deleted_form in formset.deleted_forms:
            if deleted_form.instance.pk is not None:
                writes.record_deleting(record=deleted_form.instance, user=request.user, request=request)
        for inline_form in formset.forms:
            writes.record_prepare_new(record=inline_form.instance, user=request.user)
        super().save_formset(request, form, formset, change)
        forms_by_instance = {id(inline_form.instance): inline_form for inline_form in formset.forms}
        for record in formset.new_objects:
            inline_form = forms_by_instance.get(id(record))
            changed = audit_changed_fields(inline_form) if inline_form is not None else ()
            writes.record_created(record=record, user=request.user, changed_fields=changed, request=request)
        for record, changed_data in formset.changed_objects:
            changed = [name for name in changed_data if name not in FORM_ONLY_FIELDS]
            writes.record_updated(record=record, user=request.user, changed_fields=changed, request=request)

    def delete_model(self, request: HttpRequest, obj) -> None:
        writes.record_delete(record=obj, user=request.user, request=request)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        # Bulk delete is switched off on case data (NoBulkDeleteMixin); should it come
        # back, each record still goes through the service and leaves its event.
        for obj in queryset:
            writes.record_delete(record=obj, user=request.user, request=request)
