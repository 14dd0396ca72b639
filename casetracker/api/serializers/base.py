"""What every serializer of the API shares: admin-equal validation and scoped relations."""

import copy
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

ID_HELP = _("Unique id of the record, assigned by the server.")


def request_user(context: dict):
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


class SafePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """DRF's relation by id, with 1e400 (infinity) or 10**30 an unknown id rather than a 500."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except OverflowError:
            self.fail("does_not_exist", pk_value=data)


class ScopedPrimaryKeyRelatedField(SafePrimaryKeyRelatedField):
    """A relation whose choices are what a visibility selector gives the requesting user.

    An id outside the scope gets DRF's "Invalid pk - object does not exist." (400 on
    that field): a record the user may not see does not exist for them.
    """

    def __init__(self, *, scope: Callable[..., QuerySet], **kwargs) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return self.scope(request_user(self.context))


class AdminEqualValidationMixin:
    """Validate like the admin: the model's `full_clean()` on the instance as it would be saved.

    The model's `clean()` holds the cross-field rules (release after detention, footage
    before it, fines only with the outcome "fine", no birth date in the future...);
    running it here means the API cannot store what the admin would refuse. Its errors
    come back as 400 under the field they concern.
    """

    serializer_related_field = SafePrimaryKeyRelatedField
    # Fields that may be set on create but never changed afterwards.
    create_only_fields: tuple[str, ...] = ()

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if self.instance is not None:
            self._refuse_create_only_changes(attrs)
        candidate = self._candidate(attrs)
        try:
            candidate.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs

    def _refuse_create_only_changes(self, attrs: dict) -> None:
        errors = {}
        for name in self.create_only_fields:
            if name in attrs and attrs[name] != getattr(self.instance, name):
                errors[name] = [_("This cannot be changed once the record exists.")]
        if errors:
            raise serializers.ValidationError(errors)

    def _candidate(self, attrs: dict) -> models.Model:
        model = self.Meta.model
        concrete = {field.name for field in model._meta.concrete_fields}
        values = {name: value for name, value in attrs.items() if name in concrete}
        if self.instance is None:
            return model(**values)
        # A copy: a failed validation must not leave the instance half-changed.
        candidate = copy.copy(self.instance)
        for name, value in values.items():
            setattr(candidate, name, value)
        return candidate


def changed_field_names(instance: models.Model, validated_data: dict) -> list[str]:
    """Names (never values) of the fields an update changes, for the audit trail."""
    changed = []
    many_to_many = {field.name for field in instance._meta.many_to_many}
    for name, value in validated_data.items():
        if name in many_to_many:
            before = set(getattr(instance, name).values_list("pk", flat=True))
            if before != {item.pk for item in value}:
                changed.append(name)
        elif getattr(instance, name, None) != value:
            changed.append(name)
    return changed
