"""The admin's "Import detentions": upload, a dry-run preview with every row's errors, confirm."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.policy import user_may_import
from casetracker.audit.models import AuditSource
from casetracker.imports import services
from casetracker.imports.selectors import get_import_job_for_user


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A .csv (UTF-8) or .xlsx file with the columns listed in the user guide (docs/guide/imports.md)."),
    )


def _context(model_admin: admin.ModelAdmin, request: HttpRequest, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import detentions"),
        **extra,
    }


def import_upload_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not user_may_import(request.user):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Always a dry run first: the preview lists every error, then the user confirms.
            job = services.import_job_create(
                user=request.user, upload=form.cleaned_data["file"], dry_run=True, source=AuditSource.ADMIN
            )
            services.import_job_start(job=job)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return HttpResponseRedirect(reverse("admin:cases_case_import_job", args=[job.pk]))
    return TemplateResponse(request, "admin/cases/case/import_upload.html", _context(model_admin, request, form=form))


def import_job_view(model_admin: admin.ModelAdmin, request: HttpRequest, job_id: int) -> HttpResponse:
    if not user_may_import(request.user):
        raise PermissionDenied
    job = get_import_job_for_user(request.user, job_id)
    if request.method == "POST":
        try:
            services.import_job_confirm(job=job, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(request.path)
    job.refresh_from_db()
    return TemplateResponse(
        request,
        "admin/cases/case/import_job.html",
        _context(model_admin, request, job=job, progress=job.job_progress().percent),
    )
