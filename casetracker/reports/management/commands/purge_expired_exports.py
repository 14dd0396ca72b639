from django.core.management.base import BaseCommand
from django.utils import timezone

from casetracker.intake.retention import intakes_purge_expired
from casetracker.protected.crypto.file_kinds import file_kinds


class Command(BaseCommand):
    help = (
        "Delete the expired encrypted files of every kind that expires: case summary ZIPs (with "
        "their batches) and report exports after CASETRACKER_EXPORT_TTL_HOURS, uploaded detention "
        "lists after CASETRACKER_IMPORT_TTL_HOURS; and hotline intakes never converted into a case, "
        "CASETRACKER_INTAKE_TTL_DAYS after their event. Run it from cron."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        for kind in file_kinds():
            if kind.purge_expired is not None:
                count = kind.purge_expired(now)
                self.stdout.write(f"{kind.label}: deleted {count} expired.")
        self.stdout.write(f"hotline intakes: deleted {intakes_purge_expired(now)} expired.")
