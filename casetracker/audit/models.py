"""The audit trail: who saw or changed which case record, when and from where.

Append-only. Django refuses to change or delete a stored event (the model and its
queryset raise) and on PostgreSQL a trigger refuses UPDATE and DELETE on the table
(migration 0002). An event names its object by type, id and case reference only:
never a personal value, so the trail itself is no list of names.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a stored audit event."""


class AuditAction(models.TextChoices):
    VIEW = "view", _("view")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    PDF = "pdf", _("PDF summary")
    DOWNLOAD = "download", _("download")
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    # A write the server refused as tampering (e.g. a posted id of another case's record).
    REFUSED = "refused", _("refused write")
    # Two person records made one: the kept person, the removed one and each moved case.
    MERGE = "merge", _("merge")


class AuditSource(models.TextChoices):
    ADMIN = "admin", _("admin")
    API = "api", _("API")
    WEB = "web", _("web page")
    PDF = "pdf", _("PDF summary")
    COMMAND = "command", _("management command")
    TASK = "task", _("background task")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be updated.")

    def delete(self):
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditTrailIsAppendOnly("Audit events cannot be updated.")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be updated.")


class AuditEvent(models.Model):
    # No database constraint and no cascade: deleting a user must neither delete its
    # events nor UPDATE them to NULL (the trigger would refuse, and so would we). The
    # username is copied so an event still names its actor after the user is gone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    case_reference = models.CharField(_("case reference"), max_length=32, blank=True)
    # Field names only, never their values.
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=AuditSource.choices, blank=True)
    path = models.CharField(_("path"), max_length=255, blank=True)
    # The random label printed on an anonymized case summary: which copy went to whom.
    copy_label = models.CharField(_("copy label"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        # Related lookups use the base manager: let it refuse update() and delete() too.
        base_manager_name = "objects"
        indexes = [
            # The admin list's default order and its date hierarchy.
            models.Index(fields=["created_at"], name="audit_created_idx"),
            # "Who saw or changed case CT-…": the search on a case reference.
            models.Index(fields=["case_reference", "created_at"], name="audit_case_ref_idx"),
            # The trail of one object (a person has no case reference).
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        target = f"{self.object_type} {self.object_id}".strip()
        return f"{self.get_action_display()} {target}".strip()

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("A stored audit event cannot be changed.")
        # Always an INSERT: with an explicit pk Django would try an UPDATE first.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events cannot be deleted.")
