"""The case admin's side of the workspace: its URLs, and the case page in place of the change form."""

from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path

from casetracker.cases.admin.workspace import views


class CaseWorkspaceAdminMixin:
    """Serves the case page and its record forms; put it after AuditedReadsAdminMixin, which audits the page."""

    def get_urls(self):
        def wrap(view):
            def admin_view(request, *args, **kwargs):
                return view(self, request, *args, **kwargs)

            return self.admin_site.admin_view(admin_view)

        records = "<path:object_id>/records/<slug:kind>"
        return [
            path(f"{records}/add/", wrap(views.record_add_view), name="cases_case_record_add"),
            path(f"{records}/<int:record_id>/", wrap(views.record_change_view), name="cases_case_record_change"),
            path(f"{records}/<int:record_id>/delete/", wrap(views.record_delete_view), name="cases_case_record_delete"),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        # The case page reads first; the case's own fields are edited on the admin's
        # form (`?edit=details`), which pop-ups opened from other pages also get.
        if request.method == "GET" and "edit" not in request.GET and IS_POPUP_VAR not in request.GET:
            return views.workspace_view(self, request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def response_add(self, request: HttpRequest, obj, post_url_continue=None) -> HttpResponse:
        response = super().response_add(request, obj, post_url_continue)
        if IS_POPUP_VAR in request.POST or "_addanother" in request.POST:
            return response
        return HttpResponseRedirect(views.workspace_url(obj))  # where its records are added

    def response_change(self, request: HttpRequest, obj) -> HttpResponse:
        response = super().response_change(request, obj)
        if IS_POPUP_VAR in request.POST or "_addanother" in request.POST or "_saveasnew" in request.POST:
            return response
        return HttpResponseRedirect(views.workspace_url(obj))
