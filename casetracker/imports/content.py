"""An uploaded detention list must be what its extension says before it is stored.

A .csv (or .txt) must be text; which encoding is the parser's question, so cp1251 or
UTF-16 passes here and gets the parser's "save it as CSV UTF-8" answer. An .xlsx must
be an OOXML workbook.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from casetracker.cases.files import file_extension
from casetracker.cases.upload_content import TEXT_RULE, XLSX_RULE, upload_check_content

IMPORT_RULES = {"csv": TEXT_RULE, "txt": TEXT_RULE, "xlsx": XLSX_RULE}


def import_upload_check_content(*, upload: UploadedFile) -> None:
    """Raise ValidationError on `file` unless the upload's content fits its extension."""
    try:
        upload_check_content(upload=upload, extension=file_extension(upload.name or ""), rules=IMPORT_RULES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
