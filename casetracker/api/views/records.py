from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from casetracker.api import filters
from casetracker.api.serializers import (
    CaseNoteSerializer,
    ChargeSerializer,
    DetentionSerializer,
    EvidenceClaimSerializer,
    HearingSerializer,
)
from casetracker.api.views.base import ScopedModelViewSet
from casetracker.cases.models import Charge, EvidenceClaim, Hearing
from casetracker.cases.selectors import cases_visible_to, detentions_visible_to, notes_visible_to

SCOPE = "Only records of cases you can see exist for you (404 otherwise)."


def record_schema(singular: str, plural: str, *, parent: str = "case", audited: bool = True):
    read_note = " Recorded in the audit trail as a read." if audited else ""
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}", description=SCOPE),
        create=extend_schema(
            summary=f"Add a {singular}",
            description=f"The {parent} must be one of a case you can see (400 on `{parent}` otherwise).",
        ),
        retrieve=extend_schema(summary=f"Show a {singular}", description=SCOPE + read_note),
        update=extend_schema(summary=f"Replace a {singular}", description=SCOPE),
        partial_update=extend_schema(summary=f"Change a {singular}", description=SCOPE),
        destroy=extend_schema(summary=f"Delete a {singular}", description=SCOPE),
    )


@record_schema("detention", "detentions")
class DetentionViewSet(ScopedModelViewSet):
    serializer_class = DetentionSerializer
    filterset_class = filters.DetentionFilter
    ordering_fields = ["detained_at", "released_at", "city", "region", "place_type"]
    ordering = ["detained_at", "pk"]

    def scoped_queryset(self) -> QuerySet:
        return detentions_visible_to(self.request.user).order_by("detained_at", "pk")


@record_schema("evidence claim", "evidence claims", parent="detention")
class EvidenceClaimViewSet(ScopedModelViewSet):
    serializer_class = EvidenceClaimSerializer
    filterset_class = filters.EvidenceClaimFilter
    ordering_fields = ["method", "footage_date", "reliability", "source"]
    ordering = ["detention_id", "pk"]

    def scoped_queryset(self) -> QuerySet:
        return (
            EvidenceClaim.objects.filter(detention__in=detentions_visible_to(self.request.user))
            .select_related("detention")
            .order_by("detention_id", "pk")
        )


@record_schema("charge", "charges", audited=False)
class ChargeViewSet(ScopedModelViewSet):
    serializer_class = ChargeSerializer
    filterset_class = filters.ChargeFilter
    ordering_fields = ["filed_at"]
    ordering = ["filed_at", "pk"]
    audit_reads = False

    def scoped_queryset(self) -> QuerySet:
        return Charge.objects.filter(case__in=cases_visible_to(self.request.user)).order_by("filed_at", "pk")


@record_schema("hearing", "hearings", audited=False)
class HearingViewSet(ScopedModelViewSet):
    serializer_class = HearingSerializer
    filterset_class = filters.HearingFilter
    ordering_fields = ["date", "appeal_deadline", "outcome"]
    ordering = ["date", "pk"]
    audit_reads = False

    def scoped_queryset(self) -> QuerySet:
        return Hearing.objects.filter(case__in=cases_visible_to(self.request.user)).order_by("date", "pk")


@record_schema("note", "notes")
class CaseNoteViewSet(ScopedModelViewSet):
    serializer_class = CaseNoteSerializer
    filterset_class = filters.CaseNoteFilter
    ordering_fields = ["created_at"]
    ordering = ["created_at", "pk"]

    def scoped_queryset(self) -> QuerySet:
        return notes_visible_to(self.request.user).order_by("created_at", "pk")
