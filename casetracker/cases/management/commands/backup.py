from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casetracker.protected.backup import BackupError, BackupFiles, backup_create
from casetracker.protected.crypto.keys import EncryptionKeyError


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format, or a SQLite copy) to PATH, the document files to "
        "PATH.documents.tar and a manifest to PATH.manifest.json. No key is ever written: keep the keys elsewhere."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the database dump to write, e.g. /backups/casetracker-2021-02-01.dump")

    def handle(self, *args, path: str, **options) -> None:
        try:
            manifest = backup_create(path=Path(path))
        except (BackupError, EncryptionKeyError, OSError) as error:
            raise CommandError(str(error)) from None
        files = BackupFiles.at(path)
        self.stdout.write(f"Database ({manifest['vendor']}): {files.dump}")
        self.stdout.write(f"Documents ({manifest['documents']['count']} files): {files.documents}")
        self.stdout.write(f"Manifest: {files.manifest}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup done. Restoring it needs key {manifest['primary_key_id']} "
                "(CASETRACKER_ENCRYPTION_KEYS) and the same CASETRACKER_BLIND_INDEX_KEY; keep them apart from it."
            )
        )
