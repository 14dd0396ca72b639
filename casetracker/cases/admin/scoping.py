"""Admin glue for the one visibility rule in `casetracker.cases.selectors`."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from casetracker.cases.selectors import persons_matching


class NotFoundForInvisibleMixin:
    """Answer 404 for an object the user may not see, as for one that does not exist.

    Django's admin redirects to the index with a "does not exist" message instead;
    a plain 404 is the same for every view (change, history, delete) and says nothing.
    """

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts, object_id: str):
        raise Http404

    def _check_visible(self, request: HttpRequest, object_id: str) -> None:
        # Django's delete view checks the delete permission before looking the object
        # up (a lawyer would get 403 for a foreign case, 404 elsewhere), and the history
        # view looks up before checking the model permission. Decide in one order for
        # every view: no model permission -> 403 for any id; invisible -> 404.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        self._check_visible(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)


class NoBulkDeleteMixin:
    """Bulk delete skips `Model.delete()` and per-object checks: not on sensitive data."""

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class _LoggedObject:
    """Stands in for an object in Django's admin log: type and id, never its name."""

    def __init__(self, obj) -> None:
        self.pk = obj.pk
        self._meta = obj._meta
        self._label = getattr(obj, "reference", None) or f"{obj._meta.verbose_name} #{obj.pk}"

    def __str__(self) -> str:
        return str(self._label)


class NoPersonalDataInAdminLogMixin:
    """Django's admin log stores `str(obj)` in clear; for a person that is the name.

    Personal fields are encrypted at rest, so the log gets the object's type and id (or
    a case reference) instead, and change messages keep field names but drop object names.
    """

    def log_addition(self, request: HttpRequest, obj, message):
        return super().log_addition(request, _LoggedObject(obj), message)

    def log_change(self, request: HttpRequest, obj, message):
        return super().log_change(request, _LoggedObject(obj), message)

    def log_deletions(self, request: HttpRequest, queryset):
        return super().log_deletions(request, [_LoggedObject(obj) for obj in queryset])

    def construct_change_message(self, request: HttpRequest, form, formsets, add: bool = False):
        message = super().construct_change_message(request, form, formsets, add)
        for entry in message:
            for detail in entry.values():
                if isinstance(detail, dict) and "object" in detail:
                    detail["object"] = ""
        return message


PERSON_PICKER_HELP = _(
    "Type any whole word of the name (several words: all of them, in any order) or a phone number; "
    "names are encrypted, so part of a word finds nothing."
)


class PersonNameSearchMixin:
    """Adds persons found by a word of the name or a phone number (blind indexes) to the admin search box.

    Names and phones are ciphertext, so the search fields cannot reach them. The matches
    are taken from the queryset the search was given, which already carries the change
    list's filters (or an autocomplete's limits), so a search never widens what is shown.
    """

    person_lookup = "person"  # the path from this model to Person ("pk" on Person itself)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # The person picker searches like the person list: say what it matches.
        picks_a_person = db_field.related_model._meta.label == "cases.Person"
        if picks_a_person and formfield is not None and db_field.name in self.get_autocomplete_fields(request):
            formfield.help_text = formfield.help_text or PERSON_PICKER_HELP
        return formfield

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        searched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = persons_matching(search_term).values("pk")
            searched |= queryset.filter(**{f"{self.person_lookup}__in": found})
        return searched, may_have_duplicates


class ScopedModelAdmin(NoPersonalDataInAdminLogMixin, NotFoundForInvisibleMixin, NoBulkDeleteMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows come from a visibility selector."""
