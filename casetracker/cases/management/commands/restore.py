from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from casetracker.protected.backup import BackupError, backup_key_warnings, backup_read_manifest, backup_restore
from casetracker.protected.crypto.keys import EncryptionKeyError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database (or --database-url) and "
        "its document files into CASETRACKER_PRIVATE_MEDIA_ROOT (or --media-root). Replaces data: needs --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the database dump written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="really replace the data in the target database")
        parser.add_argument(
            "--database-url",
            help="restore into this database instead of the configured one, e.g. a fresh one to test a backup",
        )
        parser.add_argument(
            "--media-root",
            help="extract the documents here (default: CASETRACKER_PRIVATE_MEDIA_ROOT; with --database-url, "
            "documents are restored only when this is given)",
        )
        parser.add_argument("--no-documents", action="store_true", help="restore the database only")

    def handle(self, *args, path: str, yes: bool, database_url: str | None, **options) -> None:
        database = dj_database_url.parse(database_url) if database_url else connections["default"].settings_dict
        media_root = self._media_root(options, replaces_configured=not database_url)
        try:
            manifest = backup_read_manifest(path)
            for warning in backup_key_warnings(manifest):
                self.stderr.write(self.style.WARNING(warning))
            if not yes:
                files = f" and the document files in {media_root}" if media_root else ""
                raise CommandError(
                    f"Restoring replaces the data in database {database.get('NAME')}{files}; "
                    "run again with --yes to go ahead."
                )
            report = backup_restore(
                path=Path(path),
                manifest=manifest,
                database=database,
                media_root=media_root,
                replaces_configured=not database_url,
            )
        except (BackupError, EncryptionKeyError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Database restored into {report.database} (backup of {manifest['created_at']}).")
        if report.documents_restored is None:
            self.stdout.write("Documents not restored.")
        else:
            self.stdout.write(f"{report.documents_restored} document files restored into {media_root}.")
        self.stdout.write(
            self.style.SUCCESS(
                "Restore done. Run `manage.py migrate` if this code is newer than the backup, and repeat "
                "any erasure done since the backup was made."
            )
        )

    def _media_root(self, options: dict, *, replaces_configured: bool) -> Path | None:
        if options["no_documents"]:
            return None
        if options["media_root"]:
            return Path(options["media_root"])
        # Restoring into another database (a restore test) must not write old files into
        # the live document directory: it would bring back documents erased since.
        return Path(settings.PRIVATE_MEDIA_ROOT) if replaces_configured else None
