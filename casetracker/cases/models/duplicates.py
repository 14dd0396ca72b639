from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DuplicateResolution(models.TextChoices):
    MERGED = "merged", _("merged")
    DISTINCT = "distinct", _("different persons")


class PossibleDuplicate(models.Model):
    """Two person records that may be one person, for a coordinator to merge or tell apart.

    Written when a user saves a person whose name (and birth date) matches a person they
    cannot see: they could not be warned without learning who is in the database, so
    the question goes to someone who sees everyone. Entries are written and resolved by
    `casetracker.cases.duplicates.services` only.
    """

    # SET_NULL, not CASCADE: a merge deletes one of the two, and the resolved entry stays.
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved person"),
    )
    other = models.ForeignKey(
        "cases.Person",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("possible duplicate"),
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    resolution = models.CharField(_("resolution"), max_length=16, choices=DuplicateResolution.choices, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-found_at", "-pk"]
        # Who may see and resolve the queue is the capability to merge persons
        # (Person.Meta.permissions), not model permissions of its own.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="possible_duplicate_unique_pair"),
            models.CheckConstraint(condition=~models.Q(person=models.F("other")), name="possible_duplicate_two"),
        ]
        indexes = [
            # The coordinators' queue and its count on the start page: open entries, newest first.
            models.Index(fields=["resolved_at", "-found_at"], name="possible_duplicate_open_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Possible duplicate #%(pk)s") % {"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
