"""The person form warns of a probable duplicate before a second record is created."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from casetracker.cases.models import PERSON_DETAIL_FIELDS, Person
from casetracker.cases.selectors import probable_duplicates_visible_to

CONFIRM_FIELD = "save_despite_duplicate"
# Visible probable duplicates linked from the warning.
MAX_LINKS = 5


class PersonAdminForm(forms.ModelForm):
    save_despite_duplicate = forms.BooleanField(
        label=_("This is a different person: save anyway"),
        required=False,
    )
    # Set by PersonAdmin.get_form: whose visible persons the warning may name.
    request_user = None

    class Meta:
        model = Person
        fields = list(PERSON_DETAIL_FIELDS)

    def clean(self) -> dict:
        cleaned = super().clean()
        name = cleaned.get("full_name")
        if self.instance.pk or not name or cleaned.get(CONFIRM_FIELD):
            return cleaned
        # Only persons the user can see: a warning about the others would tell them who
        # is somebody else's client. Those go to the coordinators' queue on save.
        visible = list(
            probable_duplicates_visible_to(self.request_user, full_name=name, birth_date=cleaned.get("birth_date"))
            .order_by("pk")
            .only("pk", "full_name")[:MAX_LINKS]
        )
        if visible:
            raise ValidationError(_duplicate_message(visible))
        return cleaned


def _duplicate_message(visible: list[Person]) -> str:
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("admin:cases_person_change", args=[p.pk]), p.full_name) for p in visible),
    )
    parts = [
        str(_("A person with this name (and birth date, where known) is already recorded.")),
        format_html("{} {}", _("See:"), links),
        str(_("If this is a different person, tick “save anyway” and save again.")),
    ]
    return format_html_join(" ", "{}", ((part,) for part in parts))


def posted_values_have_duplicates(request: HttpRequest) -> bool:
    """Whether an add-form POST names a probable duplicate the user can see (to show the confirmation box)."""
    if request.method != "POST":
        return False
    name = request.POST.get("full_name", "")
    try:
        birth_date = parse_date(request.POST.get("birth_date", "") or "")
    except ValueError:
        birth_date = None
    return probable_duplicates_visible_to(request.user, full_name=name, birth_date=birth_date).exists()
