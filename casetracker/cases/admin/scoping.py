"""Admin glue for the one visibility rule in `casetracker.cases.selectors`."""

from django.contrib import admin
from django.http import Http404, HttpRequest


class NotFoundForInvisibleMixin:
    """Answer 404 for an object the user may not see, as for one that does not exist.

    Django's admin redirects to the index with a "does not exist" message instead;
    a plain 404 is the same for every view (change, history, delete) and says nothing.
    """

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts, object_id: str):
        raise Http404


class NoBulkDeleteMixin:
    """Bulk delete skips `Model.delete()` and per-object checks: not on sensitive data."""

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ScopedModelAdmin(NotFoundForInvisibleMixin, NoBulkDeleteMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows come from a visibility selector."""
