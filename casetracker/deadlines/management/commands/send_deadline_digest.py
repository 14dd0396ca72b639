"""Send the morning digest now, or with --dry-run print what would be sent."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casetracker.deadlines.digest import digest_send


class Command(BaseCommand):
    help = (
        "Send each lawyer's deadlines and hearings of the next 7 days by e-mail (the Celery beat task does it daily)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print the e-mails instead of sending them.")
        parser.add_argument("--date", help="The morning to send for, YYYY-MM-DD (default: today).")

    def handle(self, *args, dry_run: bool, date: str | None, **options) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}.") from error
        messages = digest_send(today=today, dry_run=dry_run)
        if dry_run:
            for message in messages:
                self.stdout.write(f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(messages)} e-mails {verb}.")
