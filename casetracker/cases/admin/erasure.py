"""The "Erase personal data" action of the person list, and erased persons made read-only."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casetracker.accounts.policy import user_may_erase
from casetracker.cases.erasure import person_erase
from casetracker.cases.models import Person
from casetracker.cases.selectors import cases_visible_to

CONFIRMATION_TEMPLATE = "admin/cases/person/erase_confirmation.html"


class ErasureAdminMixin:
    """For PersonAdmin: who may erase, and an erased person's page is view-only."""

    def has_erase_permission(self, request: HttpRequest) -> bool:
        return user_may_erase(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Person | None = None) -> bool:
        # The pseudonym must not be edited back into a name by accident.
        if obj is not None and obj.erased_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Person | None = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), "erasure_note"]

    def get_fieldsets(self, request: HttpRequest, obj: Person | None = None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.erased_at is not None:
            fieldsets.insert(0, (_("Erased"), {"fields": ["erasure_note"]}))
        return fieldsets

    @admin.display(description=_("erasure"))
    def erasure_note(self, person: Person) -> str:
        if person.erased_at is None:
            return "—"
        erased_by = person.erased_by.get_username() if person.erased_by else _("a deleted user")
        return _("Personal data erased on %(date)s by %(user)s.") % {
            "date": formats.date_format(timezone.localtime(person.erased_at), "DATETIME_FORMAT"),
            "user": erased_by,
        }


@admin.action(description=_("Erase personal data (irreversible)"), permissions=["erase"])
def erase_personal_data(modeladmin, request: HttpRequest, queryset: QuerySet[Person]) -> TemplateResponse | None:
    """First a confirmation page naming persons by number and case reference; then erase."""
    # The queryset is the change list's, already scoped by PersonAdmin.get_queryset.
    persons = list(queryset.filter(erased_at__isnull=True).order_by("pk"))
    already = queryset.exclude(pk__in=[person.pk for person in persons]).count()
    if not persons:
        messages.warning(request, _("The selected persons' personal data has already been erased."))
        return None
    if request.POST.get("post") != "yes":
        return _confirmation(modeladmin, request, persons, already=already)
    erased = 0
    for person in persons:
        try:
            person_erase(person=person, user=request.user, request=request)
        except ValidationError:  # erased by someone else since the confirmation page
            continue
        erased += 1
    messages.success(
        request,
        ngettext(
            "The personal data of %(count)d person was erased.",
            "The personal data of %(count)d persons was erased.",
            erased,
        )
        % {"count": erased},
    )
    return None


def _confirmation(modeladmin, request: HttpRequest, persons: list[Person], *, already: int) -> TemplateResponse:
    references: dict[int, list[str]] = {person.pk: [] for person in persons}
    visible_cases = cases_visible_to(request.user).filter(person__in=persons).order_by("reference")
    for person_id, reference in visible_cases.values_list("person_id", "reference"):
        references[person_id].append(reference)
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Erase personal data?"),
        "opts": opts,
        # Numbers and case references only: the page itself names nobody.
        "items": [(person.pk, references[person.pk]) for person in persons],
        "already_erased": already,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_name": "erase_personal_data",
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, CONFIRMATION_TEMPLATE, context)
