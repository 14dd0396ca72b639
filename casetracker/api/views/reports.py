"""GET /api/v1/reports/summary/: the report's figures as JSON, with the report page's filters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casetracker.accounts.policy import user_may_view_reports
from casetracker.api.serializers.reports import ReportSummarySerializer
from casetracker.cases.choices import HearingOutcome, IdentificationMethod, PlaceType
from casetracker.reports.statistics.filters import ReportFilterForm
from casetracker.reports.statistics.summary import report_summary


class MayViewReports(permissions.BasePermission):
    message = "Aggregate reports are for analysts and coordinators."

    def has_permission(self, request, view) -> bool:
        return user_may_view_reports(request.user)


FILTER_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Detention date from (inclusive, display time zone)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Detention date to (inclusive, display time zone)."),
    OpenApiParameter("region", OpenApiTypes.STR, description="Region of the detention, exactly."),
    OpenApiParameter("city", OpenApiTypes.STR, description="City of the detention, exactly."),
    OpenApiParameter("event", OpenApiTypes.INT, description="Id of the event the detentions relate to."),
    OpenApiParameter("place_type", OpenApiTypes.STR, enum=PlaceType.values, description="Place type."),
    OpenApiParameter(
        "method",
        OpenApiTypes.STR,
        enum=IdentificationMethod.values,
        description="Only detentions with at least one evidence claim of this method.",
    ),
    OpenApiParameter(
        "outcome",
        OpenApiTypes.STR,
        enum=HearingOutcome.values,
        description="Only detentions whose case had a hearing with this outcome.",
    ),
    OpenApiParameter(
        "publish",
        OpenApiTypes.BOOL,
        description="Publication mode: every count from 1 to k-1 becomes null (k = CASETRACKER_PUBLISH_MIN_CELL).",
    ),
]


class ReportSummaryView(APIView):
    permission_classes = [MayViewReports]

    @extend_schema(
        operation_id="reports_summary",
        tags=["reports"],
        summary="Aggregate figures",
        description=(
            "The report page's figures over all cases, for analysts, coordinators and superusers (403 for "
            "others). Counts only; no personal value. Filters combine with AND."
        ),
        parameters=FILTER_PARAMETERS,
        responses={200: ReportSummarySerializer},
    )
    def get(self, request: Request) -> Response:
        form = ReportFilterForm(request.query_params)
        if not form.is_valid():
            errors = {
                ("non_field_errors" if field == "__all__" else field): list(messages)
                for field, messages in form.errors.items()
            }
            raise exceptions.ValidationError(errors)
        return Response(report_summary(form.report_filters()))
