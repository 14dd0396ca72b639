"""The encrypted file kind of the imports: uploaded detention lists (on `cases.ImportJob`)."""

import datetime as dt

from casetracker.cases.models.imports import IMPORT_UPLOAD_DIRECTORY
from casetracker.protected.crypto.file_kinds import EncryptedFileKind, file_kind_register

IMPORT_UPLOADS = "import_uploads"


def _import_uploads_purge(now: dt.datetime) -> int:
    from casetracker.imports.retention import import_files_purge_expired

    return import_files_purge_expired(now=now)


def register() -> None:
    file_kind_register(
        EncryptedFileKind(
            name=IMPORT_UPLOADS,
            label="Import uploads",
            record="import",
            model="cases.ImportJob",
            directory=IMPORT_UPLOAD_DIRECTORY,
            # A list of names kept for CASETRACKER_IMPORT_TTL_HOURS at most: a backup
            # would keep it for as long as backups are kept. A restored job whose file
            # is missing asks for the file again.
            backed_up=False,
            expiring=True,
            purge_expired=_import_uploads_purge,
            # No erasure hook: an upload is deleted once imported; only a clean dry run
            # keeps its file, for CASETRACKER_IMPORT_TTL_HOURS, and no record ties it to
            # the cases it would create.
            erase=None,
        )
    )
