"""/api/v1/deadlines/: the deadlines of visible cases, marked done or dismissed; and as a calendar."""

import django_filters as filters
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casetracker.api.filters import IdFilter
from casetracker.api.permissions import ScopedModelPermissions
from casetracker.api.serializers.deadlines import DeadlineMarkSerializer, DeadlineSerializer
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases.models import Case
from casetracker.deadlines import selectors, services
from casetracker.deadlines.models import Deadline, DeadlineStatus
from casetracker.deadlines.rules import DeadlineKind
from casetracker.deadlines.views import calendar_response


class DeadlineFilter(filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Id of the case."))
    kind = filters.ChoiceFilter(choices=DeadlineKind.choices)
    status = filters.ChoiceFilter(choices=DeadlineStatus.choices, method="filter_status")
    due_from = filters.DateFilter(field_name="due_on", lookup_expr="gte", label=_("Due on or after this date."))
    due_to = filters.DateFilter(field_name="due_on", lookup_expr="lte", label=_("Due on or before this date."))
    lawyer = IdFilter(method="filter_lawyer", label=_("Deadlines of cases assigned to this user (id)."))

    class Meta:
        model = Deadline
        fields = ["case", "kind", "status", "due_from", "due_to", "lawyer"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(selectors.status_filter(value, today=timezone.localdate()))

    def filter_lawyer(self, queryset, name, value):
        return queryset.filter(case_id__in=Case.lawyers.through.objects.filter(user_id=value).values("case_id"))


SCOPE = _("Only deadlines of cases you can see exist for you (404 otherwise).")


@extend_schema_view(
    list=extend_schema(summary="List deadlines", description=SCOPE),
    retrieve=extend_schema(summary="Show a deadline", description=SCOPE),
)
class DeadlineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deadlines are counted from hearings: they are listed and marked, never created or deleted here."""

    serializer_class = DeadlineSerializer
    permission_classes = [ScopedModelPermissions]
    filterset_class = DeadlineFilter
    ordering_fields = ["due_on", "kind"]
    ordering = ["due_on", "pk"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        deadlines = (
            selectors.deadlines_visible_to(self.request.user)
            .select_related("case")
            .defer("case__summary")  # only the reference is shown
            .order_by("due_on", "pk")
        )
        return selectors.with_status(deadlines, today=timezone.localdate())

    @extend_schema(
        summary="Mark a deadline done, dismissed or open",
        description=SCOPE,
        request=DeadlineMarkSerializer,
        responses=DeadlineSerializer,
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        deadline = self.get_object()
        mark = DeadlineMarkSerializer(data=request.data, context={"request": request, "deadline": deadline})
        mark.is_valid(raise_exception=True)
        data = mark.validated_data
        common = {"deadline": deadline, "user": request.user, "request": request, "source": AuditSource.API}
        if data["status"] == DeadlineStatus.DONE:
            services.deadline_mark_done(**common, done_on=data["done_on"], document=data.get("document"))
        elif data["status"] == DeadlineStatus.DISMISSED:
            services.deadline_dismiss(**common, reason=data["dismissed_reason"])
        else:
            services.deadline_reopen(**common)
        return Response(self.get_serializer(self.get_queryset().get(pk=deadline.pk)).data)


class DeadlineCalendarView(APIView):
    """GET /api/v1/deadlines/calendar.ics: the signed-in user's hearings and deadlines (RFC 5545)."""

    @extend_schema(
        summary="Your hearings and deadlines as iCalendar",
        description=_("RFC 5545: case reference, kind and court only, never a name."),
        responses={(200, "text/calendar"): bytes},
    )
    def get(self, request: Request) -> HttpResponse:
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            object_type=Deadline._meta.label_lower,
            request=request,
            source=AuditSource.API,
        )
        return calendar_response(request.user)
