"""Celery tasks: they take ids, fetch, and call one service. Safe to run twice."""

from celery import shared_task

from casetracker.cases import services
from casetracker.cases.models import Document


@shared_task
def document_verify_task(document_id: int) -> None:
    """Re-hash one stored document and record whether it still matches."""
    document = Document.objects.only(*services.VERIFY_FIELDS).filter(pk=document_id).first()
    if document is None:  # deleted since it was queued
        return
    services.document_verify(document=document)
