"""The audit trail in the admin: read-only, and for superusers only."""

from django.contrib import admin
from django.http import HttpRequest

from casetracker.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "username",
        "action",
        "object_type",
        "object_id",
        "case_reference",
        "ip_address",
        "source",
    ]
    # `username` is the copy kept on the event; the join serves the user filter's
    # lookups and the detail page, and keeps the list at a fixed number of queries.
    list_select_related = ["user"]
    list_filter = ["action", "object_type", "source", "user"]
    # Exact matches: a reference, an account name or an id is known when looked for.
    search_fields = ["=case_reference", "=username", "=object_id", "=copy_label"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    list_per_page = 100
    # A COUNT(*) over the whole trail on every page is what grows with it.
    show_full_result_count = False
    actions = None
    fields = [
        "created_at",
        "user",
        "username",
        "action",
        "object_type",
        "object_id",
        "case_reference",
        "changed_fields",
        "ip_address",
        "source",
        "path",
        "copy_label",
    ]
    readonly_fields = fields

    def has_view_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
