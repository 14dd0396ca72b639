"""Audit the pages a ModelAdmin shows (its writes are audited by the services they call)."""

from django.http import HttpRequest, HttpResponse

from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record


class AuditedReadsAdminMixin:
    """Record a `view` for every object page shown (change, history, delete confirmation).

    Put it first among the bases.
    """

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self._audit_page_shown(request, response, context_key="original")
        return response

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self._audit_page_shown(request, response, context_key="object")
        return response

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None) -> HttpResponse:
        # The confirmation page lists the object and every record that would go with it.
        response = super().delete_view(request, object_id, extra_context)
        self._audit_page_shown(request, response, context_key="object")
        return response

    def _audit_page_shown(self, request: HttpRequest, response: HttpResponse, *, context_key: str) -> None:
        # Only a page actually shown: a 404 for an invisible case, a 403 and the
        # redirect after a save (its GET is recorded in turn) are not reads.
        if request.method != "GET" or response.status_code != 200:
            return
        obj = (getattr(response, "context_data", None) or {}).get(context_key)
        if obj is not None:
            audit_record(user=request.user, action=AuditAction.VIEW, obj=obj, request=request)
