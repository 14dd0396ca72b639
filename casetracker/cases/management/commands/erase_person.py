from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from casetracker.accounts.models import User
from casetracker.audit.models import AuditSource
from casetracker.cases.erasure import person_erase
from casetracker.cases.models import Person


class Command(BaseCommand):
    help = (
        "Irreversibly erase a person's personal data (name, birth date, contacts, free texts, documents), "
        "keeping the statistical facts under a pseudonym. Recorded in the audit trail as done by --by."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int, help="the person's number (id)")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="the coordinator who decided the erasure")

    def handle(self, *args, person_id: int, by: str, **options) -> None:
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {by!r}.")
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"No person #{person_id}.")
        try:
            result = person_erase(person=person, user=user, source=AuditSource.COMMAND)
        except PermissionDenied:
            raise CommandError(f"User {by!r} may not erase person #{person_id}.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Person #{person_id} erased: {result.cases} case(s) kept under a pseudonym, "
                f"{result.documents} document(s) and {result.notes} note(s) deleted."
            )
        )
