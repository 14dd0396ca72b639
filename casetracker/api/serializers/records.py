"""The records of a case: detentions, evidence claims, charges, hearings, notes.

Each is scoped through its case: the `case` (or `detention`) a record is written to
must be visible to the user, otherwise the id "does not exist" (400 on that field).
A record never moves to another case.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casetracker.api.serializers.base import ID_HELP, AdminEqualValidationMixin, ScopedPrimaryKeyRelatedField
from casetracker.cases.models import CaseNote, Charge, Detention, EvidenceClaim, Hearing
from casetracker.cases.selectors import cases_visible_to, detentions_visible_to

CASE_HELP = _("Id of the case the record belongs to; a case you can see. Cannot be changed later.")


def case_field() -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(scope=cases_visible_to, help_text=CASE_HELP)


class CaseRecordSerializer(AdminEqualValidationMixin, serializers.ModelSerializer):
    create_only_fields = ("case",)
    case = case_field()


class DetentionSerializer(CaseRecordSerializer):
    class Meta:
        model = Detention
        fields = [
            "id",
            "case",
            "detained_at",
            "released_at",
            "city",
            "region",
            "place_type",
            "place",
            "private_address",
            "authority",
            "held_at",
            "event",
            "present_at_event",
            "press_vest",
            "force_used",
            "narrative",
            "is_minor",
        ]
        read_only_fields = ["is_minor"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "detained_at": {
                "help_text": _(
                    "Date and time of the detention (ISO 8601; without an offset, the display time zone is assumed)."
                )
            },
            "released_at": {"help_text": _("Date and time of release; not before the detention.")},
            "city": {"help_text": _("City of the detention.")},
            "region": {"help_text": _("Region of the detention.")},
            "place_type": {"help_text": _("Kind of place where the person was detained.")},
            "place": {
                "help_text": _(
                    "The public place (a metro station, a square, a street): required for every place type but "
                    "home and workplace, and empty for those. Reports show it. For a home or workplace detention an "
                    "address sent here while private_address is empty is moved there and stored encrypted."
                )
            },
            "private_address": {
                "help_text": _(
                    "The address of a detention at home or at work (place_type home or workplace only). "
                    "Stored encrypted; never in reports or redacted summaries."
                )
            },
            "authority": {"help_text": _("Police unit that detained the person.")},
            "present_at_event": {"help_text": _("Whether the person was at the event itself.")},
            "press_vest": {"help_text": _("Whether the person wore a press vest.")},
            "force_used": {"help_text": _("Whether force was used.")},
            "narrative": {"help_text": _("What happened, in words. Stored encrypted.")},
        }


class EvidenceClaimSerializer(AdminEqualValidationMixin, serializers.ModelSerializer):
    create_only_fields = ("detention",)
    detention = ScopedPrimaryKeyRelatedField(
        scope=detentions_visible_to,
        help_text=_("Id of the detention the claim is about; one of a case you can see. Cannot be changed later."),
    )
    case = serializers.IntegerField(
        source="detention.case_id", read_only=True, help_text=_("Id of the case of the detention.")
    )

    class Meta:
        model = EvidenceClaim
        fields = [
            "id",
            "detention",
            "case",
            "method",
            "system_name",
            "recognition_mode",
            "camera_location",
            "footage_event",
            "footage_date",
            "source",
            "reliability",
            "contested",
            "notes",
            "footage_lag_days",
        ]
        read_only_fields = ["footage_lag_days"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "method": {"help_text": _("How the police say they identified the person.")},
            "recognition_mode": {"help_text": _("Whether the recognition was live or from recorded footage.")},
            "camera_location": {"help_text": _("Where the camera was.")},
            "source": {"help_text": _("Where the claim comes from.")},
            "reliability": {"help_text": _("How well the claim is established.")},
            "contested": {"help_text": _("Whether the defence contests the claim.")},
            "notes": {"help_text": _("Notes on the claim. Stored encrypted.")},
            "footage_lag_days": {"help_text": _("Days from the footage to the detention (computed).")},
        }


class ChargeSerializer(CaseRecordSerializer):
    class Meta:
        model = Charge
        fields = ["id", "case", "article", "filed_at"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "article": {"help_text": _("Id of the legal article (see /api/v1/legal-articles/).")},
            "filed_at": {"help_text": _("Date the charge was filed.")},
        }


class HearingSerializer(CaseRecordSerializer):
    class Meta:
        model = Hearing
        fields = [
            "id",
            "case",
            "court",
            "date",
            "judge",
            "outcome",
            "fine_amount",
            "arrest_days",
            "decision_received_on",
            "appeal_deadline",
        ]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "court": {"help_text": _("Name of the court.")},
            "date": {"help_text": _("Date of the hearing (YYYY-MM-DD).")},
            "judge": {"help_text": _("Name of the judge.")},
            "outcome": {"help_text": _("Decision of the court; empty while unknown.")},
            "fine_amount": {"help_text": _("Fine in roubles; only with the outcome “fine”; not negative.")},
            "arrest_days": {"help_text": _("Days of arrest; only with the outcome “arrest”; at most 30.")},
            "decision_received_on": {"help_text": _("Date a copy of the decision was received.")},
        }


class CaseNoteSerializer(CaseRecordSerializer):
    class Meta:
        model = CaseNote
        fields = ["id", "case", "author", "created_at", "text"]
        read_only_fields = ["author", "created_at"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "author": {"help_text": _("Id of the user who wrote the note.")},
            "created_at": {"help_text": _("When the note was written.")},
            "text": {"help_text": _("The note. Stored encrypted.")},
        }
