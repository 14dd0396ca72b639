"""The coordinators' queue of possible duplicate persons, with "merge" and "different persons"."""

from functools import partial

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casetracker.accounts.policy import user_may_merge_persons
from casetracker.cases.admin.merge import person_merge_view
from casetracker.cases.duplicates.selectors import (
    open_entries,
    possible_duplicate_queue,
    possible_duplicates_visible_to,
)
from casetracker.cases.duplicates.services import possible_duplicates_dismiss
from casetracker.cases.models import DuplicateResolution, Person, PossibleDuplicate

ALL = "all"


class QueueStatusFilter(admin.SimpleListFilter):
    """Open entries unless another status is chosen: the queue is what is left to decide."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [*DuplicateResolution.choices, (ALL, _("all"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset.filter(open_entries())
        if value in DuplicateResolution.values:
            return queryset.filter(resolution=value)
        return queryset

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("open"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.action(description=_("Mark as different persons"), permissions=["merge"])
def mark_different_persons(modeladmin, request: HttpRequest, queryset: QuerySet[PossibleDuplicate]) -> None:
    count = possible_duplicates_dismiss(entries=queryset, user=request.user, request=request)
    messages.success(
        request,
        ngettext(
            "%(count)d entry was marked as two different persons.",
            "%(count)d entries were marked as two different persons.",
            count,
        )
        % {"count": count},
    )


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin):
    """A list only: entries are written by the save paths and resolved by the actions."""

    list_display = ["found_at", "existing_person", "saved_person", "found_by", "status", "merge_link"]
    list_display_links = None
    list_filter = [QueueStatusFilter]
    list_per_page = 50
    ordering = ["-found_at", "-pk"]
    actions = [mark_different_persons]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PossibleDuplicate]:
        return possible_duplicate_queue(possible_duplicates_visible_to(request.user))

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        # No add, change, history or delete pages: the list and the merge page only.
        return [
            path("<int:entry_id>/merge/", wrap(person_merge_view), name="cases_possibleduplicate_merge"),
            path("", self.admin_site.admin_view(self.changelist_view), name="cases_possibleduplicate_changelist"),
        ]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_may_merge_persons(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return user_may_merge_persons(request.user)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return user_may_merge_persons(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("already recorded"))
    def existing_person(self, entry: PossibleDuplicate) -> str:
        return _person_cell(entry.other)

    @admin.display(description=_("saved"))
    def saved_person(self, entry: PossibleDuplicate) -> str:
        return _person_cell(entry.person)

    @admin.display(description=_("status"))
    def status(self, entry: PossibleDuplicate) -> str:
        if entry.resolution:
            return entry.get_resolution_display()
        return str(_("open"))

    @admin.display(description=_("merge"))
    def merge_link(self, entry: PossibleDuplicate) -> str:
        if entry.resolved_at is not None or not _mergeable(entry.person) or not _mergeable(entry.other):
            return "—"
        url = reverse("admin:cases_possibleduplicate_merge", args=[entry.pk])
        return format_html('<a href="{}">{}</a>', url, _("Compare and merge…"))


def _mergeable(person: Person | None) -> bool:
    return person is not None and person.erased_at is None


def _person_cell(person: Person | None) -> str:
    """The person's name and case references (prefetched: no query per row)."""
    if person is None:
        return str(_("deleted"))
    references = ", ".join(case.reference for case in person.cases.all()) or _("no case")
    url = reverse("admin:cases_person_change", args=[person.pk])
    return format_html('<a href="{}">{}</a> #{} ({})', url, str(person), person.pk, references)
