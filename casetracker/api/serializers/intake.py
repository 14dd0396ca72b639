"""The hotline's intakes, police stations, dispatches and the station board."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casetracker.accounts.policy import users_assignable_as_lawyers
from casetracker.api.serializers.base import ID_HELP, ScopedPrimaryKeyRelatedField, request_user
from casetracker.cases.models import Event
from casetracker.intake.models import Dispatch, Intake, PoliceStation
from casetracker.intake.selectors import events_for_intake, intakes_visible_to, possible_duplicates_of
from casetracker.intake.services import WRITABLE_FIELDS

MAX_LISTED_DUPLICATES = 20


class IntakeSerializer(serializers.ModelSerializer):
    event = ScopedPrimaryKeyRelatedField(
        scope=events_for_intake, required=False, allow_null=True, help_text=_("Id of an event the hotline is open for.")
    )
    police_station = serializers.PrimaryKeyRelatedField(
        queryset=PoliceStation.objects.all(), required=False, allow_null=True, help_text=_("Id of a police station.")
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "The version you read. Required to change an intake: 409 when someone saved it since, "
            "with what is stored now under `current`."
        ),
    )
    possible_duplicates = serializers.SerializerMethodField(
        help_text=_("Ids of other reports in this event with the same name or phone (that you can see).")
    )

    class Meta:
        model = Intake
        fields = [
            "id",
            *WRITABLE_FIELDS,
            "status",
            "lawyer",
            "case",
            "created_by",
            "created_at",
            "updated_at",
            "duplicate_of",
            "version",
            "possible_duplicates",
        ]
        read_only_fields = ["status", "lawyer", "case", "created_by", "created_at", "updated_at", "duplicate_of"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "full_name": {"help_text": _("Stored encrypted; cleared once the intake is a case.")},
            # No validator here: the service normalizes the number and answers with the field's message.
            "phone": {
                "help_text": _("Any usual notation (+7 916 …, 8 916 …); stored encrypted as +7…."),
                "validators": [],
            },
            "status": {"help_text": _("Derived from the times and the station's lawyer.")},
            "reported_by": {"help_text": _("Who called: self, relative, friend, witness, lawyer or other.")},
            "detained_at": {"help_text": _("When the person was detained.")},
            "released_at": {"help_text": _("When the person was released; not before the delivery.")},
            "taken_to_court_at": {"help_text": _("When the person was taken from the station to court.")},
            "notes": {"help_text": _("Anything else the caller said. Stored encrypted; becomes a note of the case.")},
            "lawyer": {"help_text": _("Id of the lawyer sent to the station (set by dispatch).")},
            "case": {"help_text": _("Id of the case once converted.")},
            "created_by": {"help_text": _("Id of the user who took the call.")},
            "created_at": {"help_text": _("When the call was taken.")},
            "updated_at": {"help_text": _("When the intake was last changed.")},
            "duplicate_of": {"help_text": _("Id of the report this one was merged into.")},
        }

    def get_possible_duplicates(self, intake: Intake) -> list[int]:
        among = intakes_visible_to(request_user(self.context))
        return list(possible_duplicates_of(intake, among=among).values_list("pk", flat=True)[:MAX_LISTED_DUPLICATES])

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["version"] = instance.version
        return data


class PoliceStationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliceStation
        fields = ["id", "name", "city", "region", "address", "publish_list"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "name": {"help_text": _("E.g. ОВД Тверской.")},
            "city": {"help_text": _("City of the station.")},
            "region": {"help_text": _("Region of the station.")},
            "address": {"help_text": _("Street address, where known.")},
        }


class DispatchSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(
        queryset=Event.objects.all(), required=False, allow_null=True, help_text=_("Id of the event.")
    )
    lawyer = serializers.PrimaryKeyRelatedField(
        queryset=users_assignable_as_lawyers(), help_text=_("Id of the lawyer sent.")
    )
    lawyer_status = serializers.CharField(read_only=True, help_text=_("sent, admitted or refused."))

    class Meta:
        model = Dispatch
        fields = [
            "id",
            "event",
            "police_station",
            "lawyer",
            "sent_by",
            "sent_at",
            "admitted_at",
            "refused_at",
            "lawyer_status",
        ]
        read_only_fields = ["sent_by", "sent_at", "admitted_at", "refused_at"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "police_station": {"help_text": _("Id of the police station.")},
            "sent_by": {"help_text": _("Id of the coordinator who sent the lawyer.")},
            "sent_at": {"help_text": _("When the lawyer was sent.")},
            "admitted_at": {"help_text": _("When the lawyer was let in, as they marked it.")},
            "refused_at": {"help_text": _("When the lawyer was refused entry, as they marked it.")},
        }


class DispatchEntrySerializer(serializers.Serializer):
    admitted = serializers.BooleanField(help_text=_("true: the lawyer was let in; false: refused entry."))
    at = serializers.DateTimeField(required=False, help_text=_("When it happened; now when left out."))


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text=_("Id of the report this one is a duplicate of."))


class StationRowSerializer(serializers.Serializer):
    police_station = serializers.IntegerField(help_text=_("Id of the police station."))
    name = serializers.CharField(help_text=_("Name of the police station."))
    held = serializers.IntegerField(help_text=_("People there now: neither released nor taken to court."))
    released = serializers.IntegerField(help_text=_("People released."))
    taken_to_court = serializers.IntegerField(help_text=_("People taken to court and not released."))
    lawyer_status = serializers.CharField(help_text=_("none, sent, admitted or refused: the latest dispatch."))
    over_3h = serializers.IntegerField(help_text=_("People held over 3 hours since delivery."))
    over_48h = serializers.IntegerField(help_text=_("People held over 48 hours since delivery."))
