"""The encrypted file kind of the domain: case documents (the imports register their uploads)."""

from casetracker.protected.crypto.file_kinds import EncryptedFileKind, ErasureScope, file_kind_register

DOCUMENTS = "documents"


def _documents_erase(scope: ErasureScope) -> int:
    from casetracker.cases.erasure import documents_erase

    return documents_erase(scope)


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
