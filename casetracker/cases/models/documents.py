from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casetracker.cases.choices import DocumentKind
from casetracker.cases.files import document_upload_to, validate_document_file
from casetracker.cases.models.records import CaseRecord
from casetracker.protected.crypto.fields import EncryptedCharField
from casetracker.protected.storage import hash_stream, iter_file_chunks, private_document_storage


class Document(CaseRecord, models.Model):
    """A file backing a case. Reachable only through the permission-checked download view."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(
        _("file"),
        storage=private_document_storage,
        upload_to=document_upload_to,
        max_length=255,
        validators=[validate_document_file],
    )
    # Both may name the person ("passport_ivanov.jpg"): encrypted, so never filtered in SQL.
    original_name = EncryptedCharField(_("file name"), max_length=255, blank=True, editable=False)
    description = EncryptedCharField(_("description"), max_length=255, blank=True)
    # Both computed from the file while saving; blank/0 only until then, so that
    # full_clean() before save() does not demand values nobody can type.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.BigIntegerField(_("size, bytes"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    verified_at = models.DateTimeField(_("integrity last verified at"), null=True, blank=True, editable=False)
    integrity_ok = models.BooleanField(_("integrity verified"), null=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.get_kind_display()

    def save(self, *args, **kwargs) -> None:
        if self.file and not self.file._committed:
            # Hash the plaintext upload as it streams in chunks, before the storage
            # encrypts it: the recorded SHA-256 is that of the evidence as received.
            self.original_name = self.original_name or self.file.name.rsplit("/", 1)[-1][:255]
            self.sha256, self.size = hash_stream(self.file.chunks())
            self.file.seek(0)
        super().save(*args, **kwargs)

    def compute_stored_hash(self) -> tuple[str, int]:
        """Decrypt and re-hash the stored file in chunks: (sha256, size) of the plaintext.

        Raises FileNotFoundError, or DecryptionError for a wrong key or an altered file.
        """
        with self.file.storage.open(self.file.name, "rb") as handle:
            return hash_stream(iter_file_chunks(handle))
