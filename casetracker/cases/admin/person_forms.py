"""The person form warns of a probable duplicate before a second record is created."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casetracker.cases.models import Person
from casetracker.cases.selectors import persons_visible_to, probable_duplicates

CONFIRM_FIELD = "save_despite_duplicate"


class PersonAdminForm(forms.ModelForm):
    save_despite_duplicate = forms.BooleanField(
        label=_("This is a different person: save anyway"),
        required=False,
    )
    # Set by PersonAdmin.get_form: which duplicates may be shown as links.
    request_user = None

    class Meta:
        model = Person
        fields = [
            "full_name",
            "birth_date",
            "gender",
            "region",
            "is_journalist",
            "phone",
            "email",
            "social_media",
            "passport_last4",
            "consent",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        name = cleaned.get("full_name")
        if self.instance.pk or not name or cleaned.get(CONFIRM_FIELD):
            return cleaned
        duplicates = probable_duplicates(full_name=name, birth_date=cleaned.get("birth_date"))
        if duplicates.exists():
            raise ValidationError(self._duplicate_message(duplicates))
        return cleaned

    def _duplicate_message(self, duplicates) -> str:
        visible = list(duplicates.filter(pk__in=persons_visible_to(self.request_user).values("pk"))[:5])
        hidden = duplicates.count() - len(visible)
        parts = [str(_("A person with this name (and birth date, where known) is already recorded."))]
        if visible:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((reverse("admin:cases_person_change", args=[p.pk]), p.full_name) for p in visible),
            )
            parts.append(format_html("{} {}", _("See:"), links))
        if hidden > 0:
            # Existence only, never who or where: a coordinator can check.
            parts.append(
                ngettext(
                    "%(count)d more record is in a case you cannot see; ask a coordinator.",
                    "%(count)d more records are in cases you cannot see; ask a coordinator.",
                    hidden,
                )
                % {"count": hidden}
            )
        parts.append(str(_("If this is a different person, tick “save anyway” and save again.")))
        return format_html_join(" ", "{}", ((part,) for part in parts))


def posted_values_have_duplicates(request: HttpRequest) -> bool:
    """Whether an add-form POST names a probable duplicate (to show the confirmation box)."""
    if request.method != "POST":
        return False
    name = request.POST.get("full_name", "")
    try:
        birth_date = parse_date(request.POST.get("birth_date", "") or "")
    except ValueError:
        birth_date = None
    return probable_duplicates(full_name=name, birth_date=birth_date).exists()
