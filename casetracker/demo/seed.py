"""Writing the demo data set to the database: accounts, legal articles, events and cases."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import models

from casetracker.accounts.models import LawyerProfile, User
from casetracker.accounts.roles import LAWYER
from casetracker.cases import writes
from casetracker.cases.models import (
    Case,
    CaseNote,
    Charge,
    Detention,
    Document,
    Event,
    EvidenceClaim,
    Hearing,
    LegalArticle,
    Person,
)
from casetracker.demo.data import EVENTS, LEGAL_ARTICLES_FIXTURE, REFERENCE_PREFIX, DemoUser
from casetracker.demo.plan import CasePlan
from casetracker.demo.planner import Planner


def seed_users(specs: Iterable[DemoUser]) -> dict[str, User]:
    """Create or reset the demo accounts, each in its role's group only."""
    users = {}
    for spec in specs:
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@demo.invalid",
                "is_staff": True,
                "is_superuser": spec.role is None,
                "is_active": True,
            },
        )
        # The printed passwords must pass the validators that real accounts face.
        validate_password(spec.password, user)
        user.set_password(spec.password)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=spec.role)] if spec.role else [])
        if spec.role == LAWYER:
            profile = {"bar_association": "Адвокатская палата г. Москвы", "bar_number": f"77/9{user.pk:04d}"}
            LawyerProfile.objects.update_or_create(user=user, defaults=profile)
        users[spec.username] = user
    return users


def seed_legal_articles() -> None:
    # The fixture carries fixed primary keys, so loading it again updates rows in place.
    call_command("loaddata", settings.BASE_DIR / LEGAL_ARTICLES_FIXTURE, verbosity=0)


def seed_events() -> dict[str, Event]:
    events = {}
    for spec in EVENTS:
        defaults = {"place": spec.place, "kind": spec.kind}
        events[spec.key], _ = Event.objects.get_or_create(
            name=spec.name, date=spec.date, city=spec.city.name, defaults=defaults
        )
    return events


def seed_cases(*, users: Mapping[str, User], today: dt.date) -> int:
    """Create the demo cases whose reference does not exist yet; returns how many were created."""
    articles = {(a.code, a.number, a.part): a for a in LegalArticle.objects.all()}
    plans = Planner(events=seed_events(), articles=articles, today=today).plan_all()
    existing = set(Case.objects.filter(reference__startswith=REFERENCE_PREFIX).values_list("reference", flat=True))
    missing = [plan for plan in plans if plan.reference not in existing]
    for plan in missing:
        _save_plan(plan, users)
    return len(missing)


def database_counts() -> dict[str, int]:
    counted = [User, Person, Event, LegalArticle, Case, Detention, EvidenceClaim, Charge, Hearing, CaseNote, Document]
    return {str(model._meta.verbose_name_plural): model.objects.count() for model in counted}


def _save_plan(plan: CasePlan, users: Mapping[str, User]) -> None:
    lawyers = [users[name] for name in plan.lawyers]
    # A case nobody is assigned to yet was entered by the coordinator.
    author = lawyers[0] if lawyers else users["coordinator"]
    plan.person.created_by = plan.case.created_by = author
    _clean_and_save(plan.person)
    plan.case.person = plan.person
    _clean_and_save(plan.case)
    plan.case.lawyers.add(*lawyers)
    plan.detention.case = plan.case
    _clean_and_save(plan.detention)
    for claim in plan.claims:
        claim.detention = plan.detention
        _clean_and_save(claim)
    for record in [*plan.charges, *plan.hearings]:
        record.case = plan.case
        _clean_and_save(record)
    # Saved without the write services: their follow-ups (the deadlines) run here.
    writes.records_written(records=[*plan.charges, *plan.hearings])
    for written_at, text in plan.notes:
        note = CaseNote(case=plan.case, author=author, text=text)
        _clean_and_save(note)
        # created_at is set on insert; date the note when the lawyer would have written it.
        CaseNote.objects.filter(pk=note.pk).update(created_at=written_at)
    for document in plan.documents:
        document.case, document.uploaded_by = plan.case, author
        # save() computes the hash and size from the file itself.
        document.full_clean(exclude=["sha256", "size"])
        document.save()


def _clean_and_save(instance: models.Model) -> None:
    instance.full_clean()
    instance.save()
