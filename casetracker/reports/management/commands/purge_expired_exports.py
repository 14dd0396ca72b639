from django.core.management.base import BaseCommand

from casetracker.reports.services import batches_purge_expired


class Command(BaseCommand):
    help = "Delete case summary ZIPs (and their batches) older than CASETRACKER_EXPORT_TTL_HOURS. Run it from cron."

    def handle(self, *args, **options) -> None:
        count = batches_purge_expired()
        self.stdout.write(f"Deleted {count} expired export(s).")
