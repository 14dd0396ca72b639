import dataclasses
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from casetracker.accounts.roles import ANALYST, COORDINATOR, LAWYER, ROLES
from casetracker.demo.data import DemoUser
from casetracker.demo.seed import database_counts, seed_cases, seed_legal_articles, seed_users

# Development accounts only: the passwords are printed and committed, which is why the
# command refuses to run with DEBUG off.
DEMO_USERS = (
    DemoUser("admin", password="tverskaya-night-shift", role=None),
    DemoUser(
        "coordinator", password="pushkin-square-2021", role=COORDINATOR, first_name="Марина", last_name="Белозерова"
    ),
    DemoUser("lawyer", password="turnstile-camera-42", role=LAWYER, first_name="Алексей", last_name="Зимин"),
    DemoUser("lawyer2", password="appeal-within-ten-days", role=LAWYER, first_name="Дарья", last_name="Ковалёва"),
    DemoUser("analyst", password="counts-not-names-2021", role=ANALYST, first_name="Илья", last_name="Рябцев"),
)


class Command(BaseCommand):
    help = "Create demo users and a fictional demo data set (development only; safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run with DEBUG off, with random passwords. Never on a real server."
        )

    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with published passwords; run it with DEBUG=1 (or --force).")
        missing = set(ROLES) - set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True))
        if missing:
            raise CommandError(f"Role groups {', '.join(sorted(missing))} are missing; run `manage.py migrate` first.")
        accounts = DEMO_USERS
        if not settings.DEBUG:
            # --force on a server: never the published passwords, fresh random ones.
            accounts = tuple(dataclasses.replace(user, password=secrets.token_urlsafe(15)) for user in DEMO_USERS)
        with transaction.atomic():
            users = seed_users(accounts)
            seed_legal_articles()
            created = seed_cases(users=users, today=timezone.localdate())
        self.stdout.write(f"Created {created} demo cases. The database now holds:")
        for label, count in database_counts().items():
            self.stdout.write(f"  {label:<16} {count:>5}")
        self.stdout.write("\nDemo accounts (development only):")
        self.stdout.write(f"  {'username':<12} {'password':<24} role")
        for user in accounts:
            self.stdout.write(f"  {user.username:<12} {user.password:<24} {user.role or 'superuser'}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
