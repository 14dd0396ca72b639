"""The hotline's API: /api/v1/intake/ (intakes, conversion, merge), stations/, police-stations/, dispatches/."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casetracker.accounts.policy import user_may_convert_intakes, user_may_dispatch_lawyers
from casetracker.api.serializers.intake import (
    DispatchEntrySerializer,
    DispatchSerializer,
    IntakeSerializer,
    MergeSerializer,
    PoliceStationSerializer,
    StationRowSerializer,
)
from casetracker.audit.models import AuditSource
from casetracker.cases.models import Event
from casetracker.intake import services
from casetracker.intake.conversion import intake_convert
from casetracker.intake.models import Dispatch, Intake, PoliceStation
from casetracker.intake.selectors import (
    dispatches_visible_to,
    intakes_visible_to,
    police_stations_matching,
    station_board,
)

API = AuditSource.API
INTAKE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Id of the intake.")


class IntakePermissions(permissions.BasePermission):
    """View to read; add to create; change to write (the scope is the selector's)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.has_perm("intake.view_intake")):
            return False
        if request.method == "POST" and view.action == "create":
            return user.has_perm("intake.add_intake")
        if request.method not in permissions.SAFE_METHODS:
            return user.has_perm("intake.change_intake")
        return True


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "Someone saved this intake after you opened it. Nothing of yours was saved: check and send again."
    )
    default_code = "version_conflict"


def _event_param(request: Request) -> Event | None:
    raw = request.query_params.get("event", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise exceptions.ValidationError({"event": [_("Give the id of an event.")]})
    event = Event.objects.filter(pk=int(raw)).first()
    if event is None:
        raise exceptions.ValidationError({"event": [_("There is no such event.")]})
    return event


@extend_schema_view(
    list=extend_schema(summary="List intakes", description="Filter with `event` and `police_station` ids."),
    create=extend_schema(
        summary="Take a call: create an intake",
        description=(
            "For a Telegram bot or a web form (token auth, throttled). The same validation as the board's form: "
            "delivery not before the detention, release not before the delivery, a station in the event's city, "
            "a phone number. `possible_duplicates` lists other reports of the same name or phone in the event."
        ),
    ),
    retrieve=extend_schema(
        summary="Show an intake", description="Recorded in the audit trail as a read.", parameters=[INTAKE_ID]
    ),
    partial_update=extend_schema(
        parameters=[INTAKE_ID],
        summary="Change an intake",
        description="Send the `version` you read: 409 with `current` when someone saved it since.",
    ),
)
class IntakeViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IntakeSerializer
    permission_classes = [IntakePermissions]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Intake]:
        if getattr(self, "swagger_fake_view", False):
            return Intake.objects.none()
        intakes = intakes_visible_to(self.request.user).order_by("-created_at", "-pk")
        for name in ("event", "police_station"):
            value = self.request.query_params.get(name, "")
            if value:
                if not value.isdigit():
                    raise exceptions.ValidationError({name: [_("Give an id.")]})
                intakes = intakes.filter(**{f"{name}_id": int(value)})
        return intakes

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        intake = self.get_object()
        services.intake_read(intake=intake, user=request.user, request=request, source=API)
        return Response(self.get_serializer(intake).data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values.pop("version", None)
        intake = services.intake_create(user=request.user, values=values, request=request, source=API)
        return Response(self.get_serializer(intake).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        intake = self.get_object()
        serializer = self.get_serializer(intake, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        version = values.pop("version", None)
        if version is None:
            raise exceptions.ValidationError({"version": [_("Send the version of the intake you read.")]})
        try:
            intake = services.intake_update(
                intake=intake, user=request.user, values=values, version=version, request=request, source=API
            )
        except services.VersionConflict as conflict:
            error = Conflict()
            return Response(
                {"detail": error.detail, "current": self.get_serializer(conflict.current).data},
                status=error.status_code,
            )
        return Response(self.get_serializer(intake).data)

    def update(self, request: Request, *args, **kwargs) -> Response:
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary="Convert an intake into a case",
        description="Makes the person (matched among those you see), the case with the station's lawyer and the "
        "detention; the intake keeps only the link.",
        request=None,
        parameters=[INTAKE_ID],
        responses={
            201: inline_serializer(
                "ConvertedIntake", {"case": serializers.IntegerField(help_text=_("Id of the new case."))}
            )
        },
    )
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, pk=None) -> Response:
        intake = self.get_object()
        if not user_may_convert_intakes(request.user):
            raise PermissionDenied
        case = intake_convert(intake=intake, user=request.user, request=request, source=API)
        return Response({"case": case.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Merge a duplicate report into another", request=MergeSerializer, parameters=[INTAKE_ID])
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk=None) -> Response:
        duplicate = self.get_object()
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        original = self.get_queryset().filter(pk=body.validated_data["into"]).first()
        if original is None:
            raise exceptions.ValidationError({"into": [_("There is no such intake.")]})
        original = services.intake_merge(
            duplicate=duplicate, original=original, user=request.user, request=request, source=API
        )
        return Response(self.get_serializer(original).data)


class StationBoardView(APIView):
    """GET /api/v1/intake/stations/?event=<id>: the board's per-station figures."""

    permission_classes = [IntakePermissions]

    @extend_schema(
        summary="The police-station board",
        parameters=[OpenApiParameter("event", int, description="Id of the event; all intakes you see if left out.")],
        responses={200: StationRowSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = station_board(request.user, event=_event_param(request), now=timezone.now())
        return Response(rows)


@extend_schema_view(list=extend_schema(summary="Find police stations", description="`q`: words of the name; `city`."))
class PoliceStationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PoliceStationSerializer
    pagination_class = None
    # The stations are matched in Python (a list, not a queryset): no ordering or filter
    # parameters of the API's defaults apply (`?ordering=` once answered 500).
    filter_backends: list = []

    class CanView(permissions.BasePermission):
        def has_permission(self, request, view) -> bool:
            return request.user.is_authenticated and request.user.has_perm("intake.view_policestation")

    permission_classes = [CanView]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PoliceStation.objects.none()
        params = self.request.query_params
        return police_stations_matching(params.get("q", "")[:100], city=params.get("city", "")[:128])


class DispatchPermissions(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.has_perm("intake.view_dispatch")):
            return False
        if view.action == "create":
            return user_may_dispatch_lawyers(user)
        return True


@extend_schema_view(
    list=extend_schema(summary="List dispatches", description="Coordinators: all; a lawyer: their own."),
    create=extend_schema(
        summary="Send a lawyer to a police station",
        description="Every intake at the station for the event goes to the lawyer (coordinators).",
    ),
)
class DispatchViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = DispatchSerializer
    permission_classes = [DispatchPermissions]

    def get_queryset(self) -> QuerySet[Dispatch]:
        if getattr(self, "swagger_fake_view", False):
            return Dispatch.objects.none()
        return dispatches_visible_to(self.request.user).select_related("lawyer")

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dispatch = services.dispatch_send(user=request.user, request=request, source=API, **serializer.validated_data)
        return Response(self.get_serializer(dispatch).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Mark the lawyer admitted or refused entry", request=DispatchEntrySerializer)
    @action(detail=True, methods=["post"])
    def entry(self, request: Request, pk=None) -> Response:
        dispatch = self.get_object()
        body = DispatchEntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        dispatch = services.dispatch_mark_entry(
            dispatch=dispatch,
            user=request.user,
            admitted=body.validated_data["admitted"],
            at=body.validated_data.get("at"),
            request=request,
            source=API,
        )
        return Response(self.get_serializer(dispatch).data)
