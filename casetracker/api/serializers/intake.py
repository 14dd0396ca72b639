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


class DispatchSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all(), required=False, allow_null=True)
    lawyer = serializers.PrimaryKeyRelatedField(queryset=users_assignable_as_lawyers())
    lawyer_status = serializers.CharField(read_only=True)

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


class DispatchEntrySerializer(serializers.Serializer):
    admitted = serializers.BooleanField(help_text=_("true: the lawyer was let in; false: refused entry."))
    at = serializers.DateTimeField(required=False, help_text=_("When it happened; now when left out."))


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text=_("Id of the report this one is a duplicate of."))


class StationRowSerializer(serializers.Serializer):
    police_station = serializers.IntegerField()
    name = serializers.CharField()
    held = serializers.IntegerField()
    released = serializers.IntegerField()
    taken_to_court = serializers.IntegerField()
    lawyer_status = serializers.CharField()
    over_3h = serializers.IntegerField()
    over_48h = serializers.IntegerField()
