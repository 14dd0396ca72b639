from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, permissions

from casetracker.api import filters
from casetracker.api.serializers import EventSerializer, LegalArticleSerializer, PersonSerializer
from casetracker.api.views.base import ReferenceDataViewSet, ScopedModelViewSet
from casetracker.cases.models import Event, LegalArticle
from casetracker.cases.selectors import persons_visible_to

TAG = "persons"


@extend_schema_view(
    list=extend_schema(
        summary="List persons",
        description=(
            "Persons of the cases you can see, and persons you created that have no case yet. "
            "Names are encrypted: `name` matches the exact full name only."
        ),
    ),
    create=extend_schema(
        summary="Create a person",
        description=(
            "A probable duplicate that you can see (same name, and birth date where known) is refused with 400 "
            "on `full_name` unless `save_despite_duplicate` is true. Persons you cannot see are never mentioned: "
            "a match among them is queued for the coordinators."
        ),
    ),
    retrieve=extend_schema(summary="Show a person", description="Recorded in the audit trail as a read."),
    update=extend_schema(summary="Replace a person"),
    partial_update=extend_schema(summary="Change a person"),
    destroy=extend_schema(summary="Delete a person", description="409 while the person still has a case."),
)
class PersonViewSet(ScopedModelViewSet):
    serializer_class = PersonSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["created_at", "updated_at", "region"]
    ordering = ["-created_at", "-pk"]

    def scoped_queryset(self) -> QuerySet:
        return persons_visible_to(self.request.user).order_by("-created_at", "-pk")

    def check_object_permissions(self, request, obj) -> None:
        super().check_object_permissions(request, obj)
        # Erasure is final: no path may write personal data back (as in the admin).
        if obj.erased_at is not None and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied(
                _("This person's personal data was erased; the record cannot be changed.")
            )


@extend_schema_view(
    list=extend_schema(summary="List events", description="Rallies, pickets and marches (reference data)."),
    create=extend_schema(summary="Create an event", description="Coordinators and lawyers."),
    retrieve=extend_schema(summary="Show an event"),
    update=extend_schema(summary="Replace an event", description="Coordinators only."),
    partial_update=extend_schema(summary="Change an event", description="Coordinators only."),
    destroy=extend_schema(
        summary="Delete an event", description="Coordinators only; 409 while detentions refer to it."
    ),
)
class EventViewSet(ReferenceDataViewSet):
    serializer_class = EventSerializer
    filterset_class = filters.EventFilter
    ordering_fields = ["date", "name", "city"]
    ordering = ["-date", "name"]

    def scoped_queryset(self) -> QuerySet:
        return Event.objects.all()


@extend_schema_view(
    list=extend_schema(summary="List legal articles", description="Articles of the KoAP and UK (reference data)."),
    create=extend_schema(summary="Create a legal article", description="Coordinators only."),
    retrieve=extend_schema(summary="Show a legal article"),
    update=extend_schema(summary="Replace a legal article", description="Coordinators only."),
    partial_update=extend_schema(summary="Change a legal article", description="Coordinators only."),
    destroy=extend_schema(
        summary="Delete a legal article", description="Coordinators only; 409 while charges refer to it."
    ),
)
class LegalArticleViewSet(ReferenceDataViewSet):
    serializer_class = LegalArticleSerializer
    filterset_class = filters.LegalArticleFilter
    ordering_fields = ["code", "number"]
    ordering = ["code", "number", "part"]

    def scoped_queryset(self) -> QuerySet:
        return LegalArticle.objects.all()
