"""Keep document files in step with their rows, however the rows are deleted."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from casetracker.cases.models import Document


@receiver(post_delete, sender=Document, dispatch_uid="document_file_remove")
def remove_document_file(sender, instance: Document, **kwargs) -> None:
    # post_delete fires for cascades too (a deleted case takes its documents with it).
    # Remove the file only once the deletion has committed, or a rollback would leave
    # a row pointing at nothing.
    name = instance.file.name
    storage = instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name) if storage.exists(name) else None)
