"""Writes. The admin, commands and tasks call these; none re-implements a rule."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from casetracker.accounts.models import User
from casetracker.cases.models import Case, Document
from casetracker.cases.selectors import user_sees_all_cases

logger = logging.getLogger(__name__)


def case_assign_creator(*, case: Case, user: User) -> None:
    """A lawyer who adds a case is assigned to it, or it would vanish from their view."""
    if not user_sees_all_cases(user):
        case.lawyers.add(user)


def case_delete(*, case: Case) -> None:
    """Delete a case with its records; document files go once the deletion has committed."""
    with transaction.atomic():
        file_names = list(case.documents.values_list("file", flat=True))
        case.delete()
        transaction.on_commit(lambda: document_files_remove(names=file_names))


def document_files_remove(*, names: Iterable[str]) -> None:
    storage = Document._meta.get_field("file").storage
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)


def document_delete(*, document: Document) -> None:
    with transaction.atomic():
        name = document.file.name
        document.delete()
        transaction.on_commit(lambda: document_files_remove(names=[name]))


def document_verify(*, document: Document) -> bool:
    """Re-hash the stored file and record the result; True when it still matches."""
    try:
        sha256, size = document.compute_stored_hash()
        ok = sha256 == document.sha256 and size == document.size
    except FileNotFoundError:
        ok = False
    Document.objects.filter(pk=document.pk).update(verified_at=timezone.now(), integrity_ok=ok)
    document.integrity_ok = ok
    if not ok:
        logger.error("Document %s failed its integrity check", document.pk)
    return ok
