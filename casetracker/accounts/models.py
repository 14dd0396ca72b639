from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member: lawyer, coordinator, analyst or superuser (roles are groups)."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]
        # Capabilities that belong to no model of their own (casetracker.accounts.policy).
        permissions = [
            ("view_reports", _("Can view aggregate reports and export them")),
            ("be_assigned_as_lawyer", _("Can be assigned to cases as their lawyer")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LawyerProfile(models.Model):
    """Professional details of a lawyer, printed on case summaries."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lawyer_profile",
        verbose_name=_("user"),
    )
    bar_association = models.CharField(_("bar association"), max_length=255, blank=True)
    bar_number = models.CharField(_("bar registration number"), max_length=64, blank=True)
    phone = models.CharField(_("work phone"), max_length=64, blank=True)
    region = models.CharField(_("region"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("lawyer profile")
        verbose_name_plural = _("lawyer profiles")

    def __str__(self) -> str:
        return str(self.user)
