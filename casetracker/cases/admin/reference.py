"""Persons, events and legal articles."""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from casetracker.audit.admin_mixins import AuditedReadsAdminMixin
from casetracker.cases.admin.erasure import ErasureAdminMixin, erase_personal_data
from casetracker.cases.admin.person_forms import CONFIRM_FIELD, PersonAdminForm, posted_values_have_duplicates
from casetracker.cases.admin.scoping import NoBulkDeleteMixin, PersonNameSearchMixin, ScopedModelAdmin
from casetracker.cases.admin.writes import RecordWritesAdminMixin
from casetracker.cases.models import Event, LegalArticle, Person
from casetracker.cases.selectors import cases_visible_to, persons_visible_to


@admin.register(Person)
class PersonAdmin(
    AuditedReadsAdminMixin, RecordWritesAdminMixin, ErasureAdminMixin, PersonNameSearchMixin, ScopedModelAdmin
):
    list_display = ["full_name", "birth_date", "region", "is_journalist", "consent", "visible_cases"]
    list_filter = ["is_journalist", "consent", "gender"]
    # Names and phones are encrypted: the search box matches them through the blind
    # indexes (PersonNameSearchMixin.get_search_results); this field adds a case reference.
    search_fields = ["cases__reference"]
    search_help_text = _(
        "Any whole word of the name (several words: all of them, in any order), a phone number, or a case "
        "reference. Names are encrypted: part of a word finds nothing."
    )
    person_lookup = "pk"
    ordering = ["-created_at", "-pk"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["full_name", ("birth_date", "gender"), "region", "is_journalist"]}),
        (_("Contacts"), {"fields": [("phone", "email"), "social_media", "passport_last4"]}),
        (_("Consent"), {"fields": ["consent"]}),
        (_("Record"), {"classes": ["collapse"], "fields": [("created_by", "created_at", "updated_at")]}),
    ]

    form = PersonAdminForm
    actions = [erase_personal_data]

    def get_form(self, request: HttpRequest, obj: Person | None = None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        form_class.request_user = request.user
        return form_class

    def get_fieldsets(self, request: HttpRequest, obj: Person | None = None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None and posted_values_have_duplicates(request):
            fieldsets.insert(0, (_("Probable duplicate"), {"fields": [CONFIRM_FIELD]}))
        return fieldsets

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        # An annotation drops the model's default ordering; autocomplete pages need one.
        return (
            persons_visible_to(request.user)
            .annotate(visible_case_count=Count("cases", filter=_visible_cases_q(request)))
            .order_by("-created_at", "-pk")
        )

    @admin.display(description=_("cases"), ordering="visible_case_count")
    def visible_cases(self, person: Person) -> int:
        return person.visible_case_count


def _visible_cases_q(request: HttpRequest) -> Q:
    return Q(cases__in=cases_visible_to(request.user))


@admin.register(Event)
class EventAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "date", "city", "place", "kind"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "city", "place"]
    date_hierarchy = "date"
    ordering = ["-date", "name"]


@admin.register(LegalArticle)
class LegalArticleAdmin(NoBulkDeleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "code", "number", "part", "title"]
    list_filter = ["code"]
    search_fields = ["number", "title"]
    ordering = ["code", "number", "part"]
