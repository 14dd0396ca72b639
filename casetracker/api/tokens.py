"""Issuing, checking and revoking API tokens."""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casetracker.accounts.models import User
from casetracker.api.models import ApiToken
from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record

# Marks casetracker tokens (for secret scanners and humans); not itself secret.
SECRET_PREFIX = "ct_"  # noqa: S105
PREFIX_LENGTH = 10
# Writing last_used_at on every request would turn each read into a write; a minute
# is precise enough to tell a token still in use from a forgotten one.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_issue(*, user: User, name: str, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is shown once and never stored."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:PREFIX_LENGTH], digest=token_digest(secret)
        )
        audit_record(user=user, action=AuditAction.CREATE, obj=token, request=request, source="api")
    return token, secret


def token_revoke(*, token: ApiToken, user: User, request: HttpRequest | None = None) -> None:
    """Revoke a token (idempotent): requests carrying it are refused from now on."""
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if updated:
            audit_record(user=user, action=AuditAction.DELETE, obj=token, request=request, source="api")
    token.refresh_from_db(fields=["revoked_at"])


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret (with its user loaded), or None."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret), revoked_at__isnull=True).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
