from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casetracker.api.models import ApiToken
from casetracker.api.serializers.base import ID_HELP


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(read_only=True, help_text=_("Id of the user the token acts as."))

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "created_at": {"help_text": _("When the token was created.")},
            "last_used_at": {"help_text": _("When the token was last used (to the minute).")},
            "revoked_at": {"help_text": _("When the token was revoked; empty while it works.")},
        }


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        read_only=True,
        help_text=_(
            "The secret, shown only in this response: store it now. Send it as “Authorization: Bearer <token>”."
        ),
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
