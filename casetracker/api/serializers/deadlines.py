"""Deadlines: listed with their case and basis; a PATCH marks one done, dismissed or open again."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casetracker.api.serializers.base import ID_HELP, SafePrimaryKeyRelatedField
from casetracker.cases.models import Document
from casetracker.cases.selectors import documents_visible_to
from casetracker.deadlines.models import Deadline, DeadlineStatus
from casetracker.deadlines.rules import DeadlineKind

MARKS = [DeadlineStatus.OPEN, DeadlineStatus.DONE, DeadlineStatus.DISMISSED]


class DeadlineSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text=ID_HELP)
    case = serializers.IntegerField(source="case_id", read_only=True, help_text=_("Id of the case."))
    case_reference = serializers.CharField(
        source="case.reference", read_only=True, help_text=_("The case's reference.")
    )
    hearing = serializers.IntegerField(
        source="hearing_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the hearing the deadline is counted from; null once that hearing was deleted."),
    )
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, read_only=True, help_text=_("What is due."))
    due_on = serializers.DateField(read_only=True, help_text=_("The last day of the term."))
    provisional = serializers.BooleanField(
        read_only=True, help_text=_("Counted from the hearing date: the decision's receipt is not recorded yet.")
    )
    done_on = serializers.DateField(read_only=True, allow_null=True, help_text=_("When it was filed (status done)."))
    document = serializers.IntegerField(
        source="document_id", read_only=True, allow_null=True, help_text=_("Id of the document filed, if given.")
    )
    dismissed_reason = serializers.CharField(read_only=True, help_text=_("Why it is not pursued (status dismissed)."))
    basis = serializers.CharField(read_only=True, help_text=_("The article and the law the date is counted by."))
    status = serializers.SerializerMethodField(help_text=_("open, done, dismissed, or missed (open and past due)."))

    class Meta:
        model = Deadline
        fields = [
            "id",
            "case",
            "case_reference",
            "hearing",
            "kind",
            "due_on",
            "basis",
            "status",
            "provisional",
            "done_on",
            "document",
            "dismissed_reason",
        ]
        read_only_fields = fields

    def get_status(self, obj: Deadline) -> str:
        return getattr(obj, "current_status", obj.status)


class DeadlineMarkSerializer(serializers.Serializer):
    """What a PATCH may send: the new status and what it needs (a date, a reason)."""

    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in MARKS],
        help_text=_("done (filed), dismissed (not pursued) or open (undo a mark)."),
    )
    done_on = serializers.DateField(required=False, help_text=_("When it was filed; required with done."))
    document = SafePrimaryKeyRelatedField(
        queryset=Document.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Id of the document filed: a document of the deadline's own case."),
    )
    dismissed_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text=_("Why it is not pursued; required with dismissed.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        deadline = self.context.get("deadline")
        request = self.context.get("request")
        if deadline is not None and request is not None:
            # The deadline's own case only: another case's document is "does not exist".
            self.fields["document"].queryset = documents_visible_to(request.user).filter(case_id=deadline.case_id)

    def validate(self, attrs: dict) -> dict:
        if attrs["status"] == DeadlineStatus.DONE and not attrs.get("done_on"):
            raise serializers.ValidationError({"done_on": _("Give the date it was filed.")})
        if attrs["status"] == DeadlineStatus.DISMISSED and not (attrs.get("dismissed_reason") or "").strip():
            raise serializers.ValidationError({"dismissed_reason": _("Say why the deadline is not pursued.")})
        return attrs
