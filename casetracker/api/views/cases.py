from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from casetracker.api import filters
from casetracker.api.serializers import CaseSerializer
from casetracker.api.views.base import ScopedModelViewSet
from casetracker.cases.selectors import cases_visible_to


@extend_schema_view(
    list=extend_schema(
        summary="List cases",
        description=(
            "The cases you can see: all for coordinators, your assigned ones for lawyers. "
            "A case you cannot see does not exist for you (404 everywhere)."
        ),
    ),
    create=extend_schema(
        summary="Open a case",
        description="The reference is generated when left out. A lawyer who creates a case is assigned to it.",
    ),
    retrieve=extend_schema(summary="Show a case", description="Recorded in the audit trail as a read."),
    update=extend_schema(summary="Replace a case"),
    partial_update=extend_schema(summary="Change a case"),
    destroy=extend_schema(summary="Delete a case", description="With all its records. Coordinators only."),
)
class CaseViewSet(ScopedModelViewSet):
    serializer_class = CaseSerializer
    filterset_class = filters.CaseFilter
    ordering_fields = ["reference", "opened_at", "closed_at", "status", "created_at", "updated_at"]
    ordering = ["-opened_at", "-pk"]

    def scoped_queryset(self) -> QuerySet:
        return cases_visible_to(self.request.user).prefetch_related("lawyers").order_by("-opened_at", "-pk")
