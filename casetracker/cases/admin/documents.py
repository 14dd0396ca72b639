from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casetracker.audit.admin_mixins import AuditedReadsAdminMixin
from casetracker.cases.admin.scoping import ScopedModelAdmin
from casetracker.cases.admin.workspace.editors import DocumentForm as CaseDocumentForm
from casetracker.cases.admin.writes import RecordWritesAdminMixin
from casetracker.cases.models import Document
from casetracker.cases.selectors import cases_visible_to, documents_visible_to
from casetracker.cases.tasks import document_verify_task


class DocumentForm(CaseDocumentForm):
    class Meta(CaseDocumentForm.Meta):
        fields = ["case", "kind", "file", "description"]


@admin.register(Document)
class DocumentAdmin(AuditedReadsAdminMixin, RecordWritesAdminMixin, ScopedModelAdmin):
    form = DocumentForm
    list_display = ["__str__", "case", "kind", "size", "short_sha256", "uploaded_at", "integrity_ok", "download"]
    list_select_related = ["case"]
    list_filter = ["kind", "integrity_ok"]
    # Not the description or file name: both are encrypted, so SQL cannot search them.
    search_fields = ["case__reference"]
    date_hierarchy = "uploaded_at"
    ordering = ["-uploaded_at", "-pk"]
    autocomplete_fields = ["case"]
    readonly_fields = ["sha256", "size", "uploaded_by", "uploaded_at", "verified_at", "integrity_ok"]
    actions = ["verify_integrity"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return documents_visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "case":
            kwargs["queryset"] = cases_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Document | None = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("case")  # a document never moves to another case
        return readonly

    @admin.display(description=_("SHA-256"))
    def short_sha256(self, document: Document) -> str:
        return f"{document.sha256[:12]}…"

    @admin.display(description=_("file"))
    def download(self, document: Document) -> str:
        return format_html('<a href="{}">{}</a>', reverse("document-download", args=[document.pk]), _("Download"))

    @admin.action(description=_("Verify integrity (re-hash the stored files)"), permissions=["view"])
    def verify_integrity(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        # The action's queryset is already scoped by get_queryset. Queue after commit
        # so the worker never looks for a row this request has not written yet.
        ids = list(queryset.values_list("pk", flat=True))
        for document_id in ids:
            transaction.on_commit(lambda document_id=document_id: document_verify_task.delay(document_id))
        self.message_user(
            request,
            ngettext(
                "Integrity check queued for %(count)d document.",
                "Integrity check queued for %(count)d documents.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )
