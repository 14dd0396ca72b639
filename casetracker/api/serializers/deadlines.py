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
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, read_only=True)
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

    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in MARKS])
    done_on = serializers.DateField(required=False)
    document = SafePrimaryKeyRelatedField(queryset=Document.objects.none(), required=False, allow_null=True)
    dismissed_reason = serializers.CharField(required=False, allow_blank=True, max_length=500)

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
