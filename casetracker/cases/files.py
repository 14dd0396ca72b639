"""Case documents: their random storage names and what an upload must be."""

import uuid
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.cases.upload_content import upload_check_content


def document_upload_to(instance: object, filename: str) -> str:
    """A random name: the uploaded file name may itself be personal data."""
    extension = file_extension(filename)
    suffix = f".{extension}" if extension else ""
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def file_extension(filename: str) -> str:
    return PurePath(filename).suffix.lower().lstrip(".")


def validate_document_file(upload: IO) -> None:
    """Reject files of a type not on the allowed list, above the size limit, or whose content is not of their type."""
    name = getattr(upload, "name", "") or ""
    extension = file_extension(name)
    allowed = settings.CASETRACKER_ALLOWED_DOCUMENT_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Allowed types: %(allowed)s."),
            code="file_type",
            params={"extension": extension or _("no extension"), "allowed": ", ".join(allowed)},
        )
    limit_mb = settings.CASETRACKER_MAX_UPLOAD_MB
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            code="file_size",
            params={"size": f"{upload.size / (1024 * 1024):.1f}", "limit": limit_mb},
        )
    # A stored file was checked when it was uploaded; re-validating a document's other
    # fields must not decrypt and re-read it.
    if not getattr(upload, "_committed", False):
        upload_check_content(upload=upload, extension=extension)
