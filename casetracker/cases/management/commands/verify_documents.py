from django.core.management.base import BaseCommand, CommandError

from casetracker.cases.services import documents_verify_all


class Command(BaseCommand):
    help = "Re-hash every stored document and exit non-zero naming each mismatch."

    def handle(self, *args, **options) -> None:
        report = documents_verify_all()
        for document in report.mismatched:
            self.stderr.write(
                f"MISMATCH document {document.pk} (case {document.case.reference}, "
                f"stored as {document.file.name}): file missing or SHA-256/size differs"
            )
        if report.mismatched:
            raise CommandError(f"{len(report.mismatched)} of {report.checked} documents failed verification.")
        self.stdout.write(self.style.SUCCESS(f"All {report.checked} documents match their SHA-256."))
