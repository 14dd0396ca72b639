from django.core.management.base import BaseCommand

from casetracker.cases.imports.retention import import_files_purge_expired
from casetracker.reports.exports.services import report_exports_purge_expired
from casetracker.reports.services import batches_purge_expired


class Command(BaseCommand):
    help = (
        "Delete case summary ZIPs (and their batches) and report exports older than "
        "CASETRACKER_EXPORT_TTL_HOURS. Run it from cron."
    )

    def handle(self, *args, **options) -> None:
        count = batches_purge_expired()
        self.stdout.write(f"Deleted {count} expired export(s).")
        reports = report_exports_purge_expired()
        self.stdout.write(f"Deleted {reports} expired report export(s).")
        # Uploaded detention lists (CASETRACKER_IMPORT_TTL_HOURS): the cron job already runs here.
        imports = import_files_purge_expired()
        self.stdout.write(f"Deleted the files of {imports} expired import(s).")
