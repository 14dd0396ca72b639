"""Persons and the reference data (events, legal articles)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casetracker.api.serializers.base import ID_HELP, AdminEqualValidationMixin, request_user
from casetracker.cases.models import PERSON_DETAIL_FIELDS, Event, LegalArticle, Person
from casetracker.cases.selectors import probable_duplicates_visible_to

CREATED_BY_HELP = _("Id of the user who created the record.")
CREATED_AT_HELP = _("When the record was created.")
UPDATED_AT_HELP = _("When the record was last changed.")
# Ids of visible probable duplicates named in the refusal.
MAX_LISTED_DUPLICATES = 50


class PersonSerializer(AdminEqualValidationMixin, serializers.ModelSerializer):
    save_despite_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_(
            "Creating a person whose name (and birth date, where known) is already recorded is refused "
            "with the ids of the probable duplicates you can see; send true to create the record anyway."
        ),
    )

    class Meta:
        model = Person
        fields = [
            "id",
            *PERSON_DETAIL_FIELDS,
            "created_by",
            "created_at",
            "updated_at",
            "erased_at",
            "save_despite_duplicate",
        ]
        read_only_fields = ["created_by", "created_at", "updated_at", "erased_at"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "erased_at": {"help_text": _("When the person's personal data was erased on request; then read-only.")},
            "full_name": {
                "help_text": _("The detainee's full name. Stored encrypted: found only by exact match (?name=).")
            },
            "birth_date": {"help_text": _("Birth date (YYYY-MM-DD); not in the future. Stored encrypted.")},
            "gender": {"help_text": _("Gender of the person.")},
            "region": {"help_text": _("Region of residence.")},
            "is_journalist": {"help_text": _("Whether the person is a journalist (e.g. wore a press vest).")},
            "phone": {"help_text": _("Phone number. Stored encrypted.")},
            "email": {"help_text": _("E-mail address. Stored encrypted.")},
            "passport_last4": {"help_text": _("The last four digits of the passport number. Stored encrypted.")},
            "created_by": {"help_text": CREATED_BY_HELP},
            "created_at": {"help_text": CREATED_AT_HELP},
            "updated_at": {"help_text": UPDATED_AT_HELP},
        }

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        confirmed = attrs.pop("save_despite_duplicate", False)
        if self.instance is None and not confirmed:
            self._refuse_probable_duplicate(attrs)
        return attrs

    def _refuse_probable_duplicate(self, attrs: dict) -> None:
        # Only persons the user can see: a count of the others would tell a lawyer who
        # is somebody else's client. Those go to the coordinators' queue on save.
        visible = list(
            probable_duplicates_visible_to(
                request_user(self.context), full_name=attrs.get("full_name", ""), birth_date=attrs.get("birth_date")
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:MAX_LISTED_DUPLICATES]
        )
        if not visible:
            return
        messages = [
            str(_("A person with this name (and birth date, where known) is already recorded.")),
            str(_("Probable duplicates you can see: %(ids)s.") % {"ids": ", ".join(f"#{pk}" for pk in visible)}),
            str(_("If this is a different person, send save_despite_duplicate=true.")),
        ]
        raise serializers.ValidationError({"full_name": [" ".join(messages)]}, code="probable_duplicate")


class EventSerializer(AdminEqualValidationMixin, serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "name", "date", "city", "place", "kind"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "name": {"help_text": _("Name of the rally, picket or march.")},
            "date": {"help_text": _("Date of the event (YYYY-MM-DD).")},
            "city": {"help_text": _("City where it took place.")},
            "place": {"help_text": _("Square, street or other place in the city.")},
            "kind": {"help_text": _("Kind of event.")},
        }


class LegalArticleSerializer(AdminEqualValidationMixin, serializers.ModelSerializer):
    label = serializers.CharField(
        source="__str__", read_only=True, help_text=_("Short label, e.g. “KoAP 20.2 part 5”.")
    )

    class Meta:
        model = LegalArticle
        fields = ["id", "code", "number", "part", "title", "label"]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "code": {"help_text": _("koap: administrative code; uk: criminal code.")},
            "part": {"help_text": _("Part of the article, if any.")},
            "title": {"help_text": _("Title of the article.")},
        }
