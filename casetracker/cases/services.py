"""Writes. The admin, commands and tasks call these; none re-implements a rule."""

import logging
from dataclasses import dataclass

from django.utils import timezone

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_sees_all_cases
from casetracker.cases.models import Case, Document
from casetracker.protected.crypto.keys import DecryptionError

logger = logging.getLogger(__name__)

# The columns an integrity check of a document reads.
VERIFY_FIELDS = ("file", "sha256", "size")


def case_assign_creator(*, case: Case, user: User) -> None:
    """A lawyer who adds a case is assigned to it, or it would vanish from their view."""
    if not user_sees_all_cases(user):
        case.lawyers.add(user)


def document_verify(*, document: Document) -> bool:
    """Re-hash the stored file and record the result; True when it still matches."""
    try:
        sha256, size = document.compute_stored_hash()
        ok = sha256 == document.sha256 and size == document.size
    except FileNotFoundError:
        ok = False
    except DecryptionError as error:
        # A wrong key or an altered ciphertext is a failed check, never a crash of the batch.
        logger.error("Document %s: %s", document.pk, error)
        ok = False
    Document.objects.filter(pk=document.pk).update(verified_at=timezone.now(), integrity_ok=ok)
    document.integrity_ok = ok
    if not ok:
        logger.error("Document %s failed its integrity check", document.pk)
    return ok


@dataclass(frozen=True)
class VerificationReport:
    checked: int
    mismatched: list[Document]


def documents_verify_all(*, batch_size: int = 500) -> VerificationReport:
    """Re-hash every stored document, one file in memory chunk at a time."""
    mismatched = []
    checked = 0
    # Only what the check needs: the file name and description are encrypted, and a
    # key missing for them must not stop the check of the files.
    documents = Document.objects.select_related("case").only(*VERIFY_FIELDS, "case", "case__reference")
    for document in documents.order_by("pk").iterator(chunk_size=batch_size):
        checked += 1
        if not document_verify(document=document):
            mismatched.append(document)
    return VerificationReport(checked=checked, mismatched=mismatched)
