from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casetracker.accounts.policy import user_may_assign_lawyers, users_assignable_as_lawyers
from casetracker.api.serializers.base import (
    ID_HELP,
    AdminEqualValidationMixin,
    SafePrimaryKeyRelatedField,
    ScopedPrimaryKeyRelatedField,
    request_user,
)
from casetracker.api.serializers.people import CREATED_AT_HELP, CREATED_BY_HELP, UPDATED_AT_HELP
from casetracker.cases.models import Case
from casetracker.cases.selectors import persons_visible_to


class CaseSerializer(AdminEqualValidationMixin, serializers.ModelSerializer):
    person = ScopedPrimaryKeyRelatedField(
        scope=persons_visible_to,
        help_text=_("Id of the person the case is about; must be a person you can see."),
    )
    lawyers = SafePrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=users_assignable_as_lawyers(),
        help_text=_(
            "Ids of the assigned lawyers. Only users who may assign lawyers (coordinators) can change it; "
            "for others it is ignored. A lawyer who creates a case is assigned to it."
        ),
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "person",
            "status",
            "lawyers",
            "opened_at",
            "closed_at",
            "summary",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_by", "created_at", "updated_at"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "status": {"help_text": _("Stage of the legal aid.")},
            "opened_at": {"help_text": _("Date the case was opened (YYYY-MM-DD); today when left out.")},
            "closed_at": {"help_text": _("Date the case was closed; not before it was opened.")},
            "summary": {"help_text": _("Short summary of the case. Stored encrypted.")},
            "created_by": {"help_text": CREATED_BY_HELP},
            "created_at": {"help_text": CREATED_AT_HELP},
            "updated_at": {"help_text": UPDATED_AT_HELP},
        }

    def validate(self, attrs: dict) -> dict:
        if not user_may_assign_lawyers(request_user(self.context)):
            # As in the admin, where the field is read-only for them.
            attrs.pop("lawyers", None)
        return super().validate(attrs)
