"""Inline formsets that load, change and delete only the records of their own parent.

The case page once edited every record as nested inline formsets, and its formset library
built a bound formset's objects from every posted primary key with the model's default
manager: a tampered `hearings-0-id` moved another lawyer's hearing onto the attacker's
case. The case page has no formsets any more (it edits one record at a time, looked up
among its case's records), but every inline left on an admin page (a lawyer's profile
on the user's page) uses the formset mixin below, relying on no library's internals. It
holds the rule at each step a formset goes through:

1. lookup: `get_queryset` is the parent's records only, so a foreign record is never
   loaded into a form (nor shown back on an error page);
2. validation: a posted id that is not one of the parent's records makes that row
   invalid with a readable message, even on a row marked for deletion (Django skips
   the errors of deleted rows, so such a row is never "deleted"), and the formset is
   invalid: nothing of the whole page is written;
3. writing: `save_existing`, `save_new` and `delete_existing` refuse, as a last line,
   any object that is not one of the parent's records as they were when validated.

Each refused row leaves an audit event naming the record and the case it belongs to.
And a parent deleted on the same page takes its records with it (the cascade): they are
not written again (nested formsets once did: a 500 on deleting a detention with claims).
"""

from collections.abc import Iterable

from django.contrib import admin
from django.core.exceptions import SuspiciousOperation
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseForm, ModelChoiceField
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record, case_of

FOREIGN_RECORD_MESSAGE = _("This record does not belong to this case.")


class ParentScopedFormSetMixin:
    """Put first among an inline formset's bases (see the module docstring)."""

    foreign_record_message = FOREIGN_RECORD_MESSAGE
    # Set per request by ScopedInlineMixin.get_formset, so refusals can be audited.
    request: HttpRequest | None = None

    def parent_records(self) -> QuerySet:
        """The records this formset may touch: those of its parent, none for a new parent."""
        manager = self.model._default_manager
        if self.instance is None or self.instance.pk is None:
            return manager.none()
        return manager.filter(**{self.fk.name: self.instance.pk})

    def own_pks(self) -> frozenset[str]:
        # Taken once, at the first lookup: the writing step compares against the
        # records as they were validated, not as an earlier save left them.
        if not hasattr(self, "_own_pks"):
            self._own_pks = frozenset(str(pk) for pk in self.parent_records().values_list("pk", flat=True))
        return self._own_pks

    def get_queryset(self) -> QuerySet:
        if not hasattr(self, "_parent_scoped_queryset"):
            # Django's own inline queryset (the parent's related records, whatever was
            # posted), not a library's override that might look up every posted id.
            # The admin also pairs each initial row with this queryset's rows to show
            # it, so a refused row is shown as the parent's own record it replaced.
            queryset = BaseModelFormSet.get_queryset(self)
            if self.instance is None or self.instance.pk is None:
                queryset = queryset.none()
            else:
                queryset = queryset.filter(**{self.fk.name: self.instance.pk})
            self._parent_scoped_queryset = queryset
        return self._parent_scoped_queryset

    def add_fields(self, form: BaseForm, index: int | None) -> None:
        super().add_fields(form, index)
        pk_field = form.fields.get(self.model._meta.pk.name)
        if isinstance(pk_field, ModelChoiceField):
            # Django gives the hidden id field every record of the model as choices.
            pk_field.queryset = self.parent_records()
            pk_field.error_messages["invalid_choice"] = self.foreign_record_message

    def posted_pk(self, form: BaseForm) -> str:
        """The id a bound row carries, as posted ("" for none)."""
        if not self.is_bound:
            return ""
        value = form.data.get(form.add_prefix(self.model._meta.pk.name))
        return str(value).strip() if value is not None else ""

    def is_foreign(self, form: BaseForm) -> bool:
        pk = self.posted_pk(form)
        return bool(pk) and pk not in self.own_pks()

    def _should_delete_form(self, form: BaseForm) -> bool:
        return super()._should_delete_form(form) and not self.is_foreign(form)

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        refused = []
        for form in self.forms:
            if self.is_foreign(form):
                # Shown above the row: the id field itself is hidden, and so would be its error.
                form.add_error(None, self.foreign_record_message)
                refused.append(self.posted_pk(form))
        if refused:
            # Also above the inline: the admin shows as many rows as the parent has
            # records, so an extra row carrying a foreign id has no place of its own.
            self._non_form_errors.append(self.foreign_record_message)
            self.record_refusals(refused)

    def record_refusals(self, pks: Iterable[str]) -> None:
        """Audit each refused id once, under the case of the record it names (if it exists)."""
        # A formset may be validated again after its errors are reset: once is enough.
        recorded = self.__dict__.setdefault("_recorded_refusals", set())
        user = getattr(self.request, "user", None)
        for pk in pks:
            if pk in recorded:
                continue
            recorded.add(pk)
            record = _existing_record(self.model, pk)
            audit_record(
                user=user,
                action=AuditAction.REFUSED,
                object_type=self.model._meta.label_lower,
                object_id=pk[:64],
                case=case_of(record) if record is not None else None,
                request=self.request,
            )

    def save(self, commit: bool = True) -> list:
        if self.parent_deleted():
            # Its records went with it (on_delete=CASCADE): saving them again would
            # write new rows under a parent that no longer exists.
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            return []
        return super().save(commit=commit)

    def parent_deleted(self) -> bool:
        """Whether the parent had records when validated and its row is gone since (same request)."""
        if not (self.is_bound and self.instance is not None and self.own_pks()):
            return False
        # The row, not the instance: the parent formset deletes a copy it loads itself.
        parent = type(self.instance)._default_manager
        return self.instance.pk is None or not parent.filter(pk=self.instance.pk).exists()

    def _refuse_unless_own(self, *objects: models.Model) -> None:
        for obj in objects:
            if obj.pk is not None and str(obj.pk) not in self.own_pks():
                raise SuspiciousOperation(f"Refused a write to {obj._meta.label} {obj.pk} outside its parent.")

    def save_existing(self, form: BaseForm, obj: models.Model, commit: bool = True):
        self._refuse_unless_own(obj, form.instance)
        return super().save_existing(form, obj, commit=commit)

    def save_new(self, form: BaseForm, commit: bool = True):
        self._refuse_unless_own(form.instance)
        return super().save_new(form, commit=commit)

    def delete_existing(self, obj: models.Model, commit: bool = True) -> None:
        self._refuse_unless_own(obj)
        super().delete_existing(obj, commit=commit)


def _existing_record(model: type[models.Model], pk: str) -> models.Model | None:
    try:
        return model._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        return None  # not even a well-formed id: nothing to name


class ParentScopedFormSet(ParentScopedFormSetMixin, BaseInlineFormSet):
    """The formset of every plain Django admin inline."""


class ScopedInlineMixin:
    """Gives the inline's formset the request, for the audit trail of refused rows."""

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not issubclass(formset, ParentScopedFormSetMixin):
            raise TypeError(f"{type(self).__name__}.formset must be parent-scoped (ParentScopedFormSetMixin).")
        # inlineformset_factory makes a new class on every call: this request only.
        formset.request = request
        return formset


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    formset = ParentScopedFormSet
