"""Sign-in events. Django sends these signals from every login path (admin, API, tests)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def record_login(sender, request, user, **kwargs) -> None:
    audit_record(user=user, action=AuditAction.LOGIN, request=request)


@receiver(user_logged_out, dispatch_uid="audit_user_logged_out")
def record_logout(sender, request, user, **kwargs) -> None:
    if user is None:  # logging out a visitor who was not logged in
        return
    audit_record(user=user, action=AuditAction.LOGOUT, request=request)


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def record_login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    # Only the account name that was tried: the credentials also hold the password
    # (masked by Django, but it has no business here either way).
    tried = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    audit_record(user=None, action=AuditAction.LOGIN_FAILED, request=request, username=str(tried))
