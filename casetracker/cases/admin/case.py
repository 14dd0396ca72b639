from collections.abc import Callable
from functools import partial

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.policy import user_may_assign_lawyers, users_assignable_as_lawyers
from casetracker.audit.admin_mixins import AuditedReadsAdminMixin
from casetracker.cases.admin import filters
from casetracker.cases.admin.scoping import (
    NoBulkDeleteMixin,
    NoPersonalDataInAdminLogMixin,
    NotFoundForInvisibleMixin,
    PersonNameSearchMixin,
)
from casetracker.cases.admin.workspace.admin import CaseWorkspaceAdminMixin
from casetracker.cases.admin.writes import RecordWritesAdminMixin
from casetracker.cases.models import Case
from casetracker.cases.selectors import case_list_queryset, persons_visible_to

# Actions the apps above add to the case list (the case summaries add their PDF
# actions when they start), so this admin imports nothing from them.
CASE_LIST_ACTIONS: list = []


def case_list_action_register(action) -> None:
    """Offer `action` (an admin action function) on the case list."""
    if action not in CASE_LIST_ACTIONS:
        CASE_LIST_ACTIONS.append(action)


# Pages the apps above serve under the case admin's URLs (the import adds its upload
# and job pages when it starts), so this admin imports nothing from them either.
CASE_ADMIN_PAGES: dict[str, tuple[str, Callable]] = {}


def case_admin_page_register(*, route: str, view: Callable, name: str) -> None:
    """Serve `view(model_admin, request, **kwargs)` at `route` under the case admin, as `admin:<name>`.

    The page is wrapped like the admin's own (login, staff, CSRF); `view` checks its
    own permission. Registering a name again replaces its page.
    """
    CASE_ADMIN_PAGES[name] = (route, view)


@admin.register(Case)
class CaseAdmin(
    AuditedReadsAdminMixin,
    CaseWorkspaceAdminMixin,
    RecordWritesAdminMixin,
    NoPersonalDataInAdminLogMixin,
    NotFoundForInvisibleMixin,
    NoBulkDeleteMixin,
    PersonNameSearchMixin,
    admin.ModelAdmin,
):
    """The case list, the case's own form (add, and "Edit case details") and the case page.

    The case page (`change/`) is the workspace of `casetracker.cases.admin.workspace`:
    the records of a case are edited there one at a time, never as inline formsets.
    """

    list_display = [
        "reference",
        "person",
        "status",
        "first_detained_at",
        "first_detention_city",
        "identification_methods",
        "assigned_lawyers",
    ]
    list_display_links = ["reference", "person"]
    list_filter = [
        "status",
        # The opening date by fixed periods (no query), rather than a date hierarchy, whose
        # two queries and day links cost more than the rest of the list.
        ("opened_at", admin.DateFieldListFilter),
        filters.RegionFilter,
        filters.CityFilter,
        filters.EventFilter,
        filters.PlaceTypeFilter,
        filters.MethodFilter,
        filters.OutcomeFilter,
        filters.LawyerFilter,
    ]
    # Plus the person, by a word of the name or a phone number, through the blind
    # indexes (PersonNameSearchMixin.get_search_results).
    search_fields = [
        "reference",
        "detentions__place",
        "detentions__city",
        "detentions__event__name",
    ]
    search_help_text = _(
        "Reference, place, city or event; a person by any whole word of the name (several words: all of them, "
        "in any order) or by phone number. Names are encrypted: part of a word finds nothing."
    )
    ordering = ["-opened_at", "-pk"]
    list_per_page = 50
    # The full count is a second COUNT(*) over an unfiltered, scoped queryset.
    show_full_result_count = False
    autocomplete_fields = ["person"]
    filter_horizontal = ["lawyers"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [("reference", "status"), "person", "lawyers", ("opened_at", "closed_at"), "summary"]}),
        (_("Record"), {"classes": ["collapse"], "fields": [("created_by", "created_at", "updated_at")]}),
    ]
    actions = CASE_LIST_ACTIONS  # filled by the apps that own the actions

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return case_list_queryset(request.user)

    def get_urls(self):
        # Before the default ones: "<path:object_id>/" would otherwise swallow "import/".
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            *(path(route, wrap(view), name=name) for name, (route, view) in CASE_ADMIN_PAGES.items()),
            *super().get_urls(),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Case | None = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if not user_may_assign_lawyers(request.user):
            readonly.append("lawyers")
        return readonly

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "person":
            # The autocomplete only offers visible persons, but the posted id is what
            # counts: a foreign person attached to an own case would become visible.
            kwargs["queryset"] = persons_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "lawyers":
            kwargs["queryset"] = users_assignable_as_lawyers()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("first detention"), ordering="first_detained_at")
    def first_detained_at(self, case: Case):
        return case.first_detained_at

    @admin.display(description=_("city"), ordering="first_detention_city")
    def first_detention_city(self, case: Case) -> str:
        return case.first_detention_city or ""

    @admin.display(description=_("identification methods"))
    def identification_methods(self, case: Case) -> str:
        # Read from the prefetched detentions and claims: no query per row.
        labels = {
            claim.get_method_display()
            for detention in case.detentions.all()
            for claim in detention.evidence_claims.all()
        }
        return ", ".join(sorted(str(label) for label in labels))

    @admin.display(description=_("lawyers"))
    def assigned_lawyers(self, case: Case) -> str:
        return ", ".join(str(lawyer) for lawyer in case.lawyers.all())
