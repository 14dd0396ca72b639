"""API tokens: several per user, stored as a hash, revocable, each with a name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token for scripts and other systems.

    Only the SHA-256 of the secret is stored: a database dump or backup holds no usable
    token. The secret is 256 random bits, so a plain (unsalted, fast) hash is enough;
    slow password hashes defend low-entropy secrets and would cost time on every request.
    A revoked token is kept (revoked_at) so the list still shows what existed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “hotline import script”.")
    )
    prefix = models.CharField(
        _("prefix"), max_length=16, editable=False, help_text=_("The first characters of the secret, to recognise it.")
    )
    # The lookup on every API request that carries a token.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
