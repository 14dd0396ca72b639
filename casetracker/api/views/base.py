"""The viewset every resource of the API is built on.

Rows come from a visibility selector (`scoped_queryset`), so list, detail, update
and delete only ever find what the user may see; writes go through the write services
(`cases/writes.py`, as the admin's do) in one transaction with their audit event;
detail reads of personal records leave a `view` event.
"""

from django.db import models, transaction
from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from casetracker.api.permissions import ScopedModelPermissions
from casetracker.api.serializers.base import changed_field_names
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases import writes


class ScopedModelViewSet(viewsets.ModelViewSet):
    permission_classes = [ScopedModelPermissions]
    # PUT replaces every writable field; PATCH changes the ones sent.
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    # Record a `view` event for each detail read (records of cases and persons).
    audit_reads = True

    def scoped_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset()

    def audit(self, action: AuditAction, obj: models.Model, changed_fields=()) -> None:
        audit_record(
            user=self.request.user,
            action=action,
            obj=obj,
            changed_fields=changed_fields,
            request=self.request,
            source=AuditSource.API,
        )

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        if self.audit_reads:
            self.audit(AuditAction.VIEW, instance)
        return Response(self.get_serializer(instance).data)

    def perform_create(self, serializer) -> None:
        user = self.request.user
        with transaction.atomic():
            instance = serializer.save(**writes.creator_values(model=serializer.Meta.model, user=user))
            writes.record_created(
                record=instance,
                user=user,
                changed_fields=list(serializer.validated_data),
                request=self.request,
                source=AuditSource.API,
            )

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            changed = changed_field_names(serializer.instance, serializer.validated_data)
            instance = serializer.save()
            writes.record_updated(
                record=instance,
                user=self.request.user,
                changed_fields=changed,
                request=self.request,
                source=AuditSource.API,
            )

    def perform_destroy(self, instance: models.Model) -> None:
        # The event in the deleting transaction: a failed delete (a protected record) rolls it back.
        writes.record_delete(record=instance, user=self.request.user, request=self.request, source=AuditSource.API)


class ReferenceDataViewSet(ScopedModelViewSet):
    """Events and legal articles: readable by every role, written per model permission."""

    audit_reads = False
