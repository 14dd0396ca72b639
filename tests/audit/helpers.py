"""Reading the audit trail back, and posting admin forms the way a browser does."""

from casetracker.audit.models import AuditAction, AuditEvent

SIGN_IN_ACTIONS = (AuditAction.LOGIN, AuditAction.LOGOUT, AuditAction.LOGIN_FAILED)


def trail(**filters) -> list[tuple[str, str, str, str, list[str]]]:
    """(action, object_type, object_id, case_reference, changed_fields) of each non-sign-in event, oldest first.

    `client_for` logs in with Django's login(), which records a `login` event: left out here.
    """
    events = AuditEvent.objects.exclude(action__in=SIGN_IN_ACTIONS).filter(**filters).order_by("pk")
    return [
        (event.action, event.object_type, event.object_id, event.case_reference, event.changed_fields)
        for event in events
    ]


def all_audit_text() -> str:
    """Every column of every event as one string, to look for personal values in."""
    return repr(list(AuditEvent.objects.values()))
