"""THE place where PDF generation is written to the audit trail (one call, one place)."""

from django.http import HttpRequest

from casetracker.accounts.models import User
from casetracker.audit.services import audit_record
from casetracker.cases.models import Case


def record_pdf_generated(*, user: User, case: Case, request: HttpRequest | None, source: str) -> None:
    """One audit event per generated summary: the view ("web"), the admin action ("admin"),
    each case of a batch ("task", no request)."""
    audit_record(user=user, action="pdf", obj=case, request=request, source=source)
