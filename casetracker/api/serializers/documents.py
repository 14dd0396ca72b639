from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casetracker.api.serializers.base import ID_HELP
from casetracker.api.serializers.records import CaseRecordSerializer
from casetracker.cases.models import Document


class DocumentSerializer(CaseRecordSerializer):
    """Metadata of a document. The file is uploaded here (multipart) but only ever read at `download_url`."""

    create_only_fields = ("case", "file")
    file = serializers.FileField(
        write_only=True,
        help_text=_(
            "The file (multipart/form-data), on creation only: a stored file is evidence and is never "
            "replaced; upload a new document instead. Never returned: use download_url."
        ),
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("Where the file can be downloaded (signed-in session; answers 404 unless the case is visible).")
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "kind",
            "description",
            "file",
            "original_name",
            "sha256",
            "size",
            "uploaded_by",
            "uploaded_at",
            "verified_at",
            "integrity_ok",
            "download_url",
        ]
        read_only_fields = [
            "original_name",
            "sha256",
            "size",
            "uploaded_by",
            "uploaded_at",
            "verified_at",
            "integrity_ok",
        ]
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "kind": {"help_text": _("Kind of document.")},
            "description": {"help_text": _("Short description of the document. Stored encrypted.")},
            "original_name": {"help_text": _("Name of the uploaded file. Stored encrypted.")},
            "sha256": {"help_text": _("SHA-256 of the file, computed on upload (hex).")},
            "size": {"help_text": _("Size of the file in bytes.")},
            "uploaded_by": {"help_text": _("Id of the user who uploaded the file.")},
            "uploaded_at": {"help_text": _("When the file was uploaded.")},
            "verified_at": {"help_text": _("When the stored file was last re-hashed.")},
            "integrity_ok": {"help_text": _("Whether the last re-hash matched; empty until checked.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "file" in self.fields:
            # On update the file is not expected (create_only_fields refuses a new one).
            self.fields["file"].required = False

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document: Document) -> str:
        path = reverse("document-download", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
