"""THE place where PDF generation is written to the audit trail (one call, one place)."""

from django.http import HttpRequest

from casetracker.accounts.models import User
from casetracker.audit.services import audit_record
from casetracker.cases.models import Case


def record_pdf_generated(
    *, user: User, case: Case, request: HttpRequest | None, source: str, copy_label: str = ""
) -> None:
    """One audit event per generated summary: the view ("web"), the admin action ("admin"),
    each case of a batch ("task", no request).

    An anonymized copy's label is recorded with it: the label printed on a copy that
    reaches the press is then looked up here to learn which case, whom and when it
    was made for. The trail is already readable by superusers only, so the link
    lives where the case reference already is, and nowhere on the copy.
    """
    audit_record(user=user, action="pdf", obj=case, request=request, source=source, copy_label=copy_label)
