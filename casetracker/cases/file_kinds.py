"""The encrypted file kinds of the domain: case documents and uploaded detention lists."""

import datetime as dt

from casetracker.cases.models.imports import IMPORT_UPLOAD_DIRECTORY
from casetracker.protected.crypto.file_kinds import EncryptedFileKind, ErasureScope, file_kind_register

DOCUMENTS = "documents"
IMPORT_UPLOADS = "import_uploads"


def _documents_erase(scope: ErasureScope) -> int:
    from casetracker.cases.erasure import documents_erase

    return documents_erase(scope)


def _import_uploads_purge(now: dt.datetime) -> int:
    from casetracker.cases.imports.retention import import_files_purge_expired

    return import_files_purge_expired(now=now)


def register() -> None:
    file_kind_register(
        EncryptedFileKind(
            name=DOCUMENTS,
            label="Document files",
            record="document",
            model="cases.Document",
            directory="",  # stored under YYYY/MM at the root: everything no other kind claims
            backed_up=True,
            expiring=False,
            integrity=("sha256", "size"),
            erase=_documents_erase,
        )
    )
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
