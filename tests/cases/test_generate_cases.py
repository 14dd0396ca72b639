import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count

from casetracker.accounts.models import User
from casetracker.accounts.roles import LAWYER
from casetracker.cases import domain
from casetracker.cases.choices import Consent, IdentificationMethod, PlaceType
from casetracker.cases.models import Case, Charge, Detention, Event, EvidenceClaim, Hearing, LegalArticle, Person
from casetracker.cases.selectors import cases_visible_to, persons_named
from casetracker.protected.crypto import blind_index

PROJECT_DIR = Path(__file__).resolve().parents[2]


def generate(*args: str) -> str:
    output = io.StringIO()
    call_command("generate_cases", *args, stdout=output)
    return output.getvalue()


@pytest.fixture
def lawyer(db) -> User:
    user = User.objects.create_user(username="synthetic-lawyer", password=None, is_staff=True)
    user.groups.add(Group.objects.get(name=LAWYER))
    return user


@pytest.fixture
def generated(db, settings, lawyer) -> str:
    settings.DEBUG = True
    return generate("--count", "300", "--seed", "7", "--batch-size", "100")


def content(detentions) -> list[tuple]:
    """What a seed decides about each detention (ids and ciphertexts differ between runs)."""
    return [
        (
            d.detained_at,
            d.city,
            d.place_type,
            d.place,
            d.event.name if d.event else None,
            d.is_minor,
            d.case.person.full_name,
            d.case.person.birth_date,
            tuple(d.evidence_claims.values_list("method", "footage_lag_days")),
        )
        for d in detentions.select_related("event", "case__person").order_by("pk")
    ]


def test_generate_cases_creates_the_requested_detentions_and_fewer_people(generated):
    assert Detention.objects.count() == 300
    persons = Person.objects.count()
    assert 150 < persons < 300
    times = Counter(Detention.objects.values_list("case__person", flat=True))
    repeat_share = sum(1 for n in times.values() if n >= 2) / persons
    assert 0.1 < repeat_share < 0.4, "about a quarter of the people are detained again"
    assert persons <= Case.objects.count() <= 300
    assert LegalArticle.objects.exists(), "the legal articles fixture is loaded when missing"
    assert Charge.objects.count() >= Case.objects.count()
    assert EvidenceClaim.objects.exists() and Hearing.objects.exists() and Event.objects.count() >= 20
    assert generated.startswith("Created 300 detentions, ")
    assert f"{persons} persons" in generated and "detentions/s)." in generated
    assert len(generated.strip().splitlines()) == 1


def test_generated_rows_carry_what_save_would_derive(generated):
    for person in Person.objects.all():
        assert person.full_name_index == blind_index.name_index(person.full_name)
        assert person.name_birth_index == blind_index.name_birth_index(person.full_name, person.birth_date)
        assert person.phone == person.email == person.social_media == person.passport_last4 == ""
    for detention in Detention.objects.select_related("case__person"):
        assert detention.is_minor == domain.is_minor_at(detention.case.person.birth_date, detention.detained_at)
        assert detention.narrative == ""
    claims = EvidenceClaim.objects.select_related("detention")
    for claim in claims:
        assert claim.footage_lag_days == domain.footage_lag_days(claim.footage_date, claim.detention.detained_at)
    assert claims.filter(footage_lag_days__gte=1).exists()
    for hearing in Hearing.objects.all():
        assert hearing.appeal_deadline == domain.default_appeal_deadline(hearing.date, hearing.decision_received_on)
    for case in Case.objects.all():
        assert case.reference == f"CT-{case.opened_at:%Y}-{case.pk:06d}"


def test_generated_rows_pass_model_validation(generated):
    models = (Person, Case, Detention, EvidenceClaim, Charge, Hearing)
    for instance in (row for model in models for row in model.objects.all()):
        # Blind indexes and other non-editable fields are checked above.
        instance.full_clean(validate_unique=False)


def test_generated_references_never_collide_with_later_cases(generated):
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == Case.objects.count()
    later = Case.objects.create(person=Person.objects.first())
    assert later.reference == f"CT-{later.opened_at:%Y}-{later.pk:06d}"
    assert later.reference not in references
    assert later.pk > max(Case.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_generated_persons_decrypt_and_are_found_by_name(generated):
    person = Person.objects.order_by("pk").last()
    assert person.full_name.count(" ") == 2 and person.full_name.isprintable()
    assert person in persons_named(f"  {person.full_name.upper()} ")
    # Reused ciphertexts still decrypt to each person's own name and birth date.
    same_name = persons_named(person.full_name)
    assert {p.full_name for p in same_name} == {person.full_name}


def test_generated_cases_are_assigned_to_existing_lawyers(generated, lawyer):
    visible = cases_visible_to(lawyer).count()
    assert 0.4 * Case.objects.count() < visible < Case.objects.count()
    assert Case.objects.filter(lawyers=None).exists()


def test_same_seed_gives_the_same_data_set(db, settings):
    settings.DEBUG = True
    generate("--count", "120", "--seed", "3")
    first = list(Detention.objects.values_list("pk", flat=True))
    events = Event.objects.count()
    # Another batch size cuts the same stream of people at other places.
    generate("--count", "120", "--seed", "3", "--batch-size", "7")
    assert Event.objects.count() == events, "the same seed reuses its events"
    second = list(Detention.objects.exclude(pk__in=first).values_list("pk", flat=True))
    generate("--count", "120", "--seed", "4")
    other = Detention.objects.exclude(pk__in=first + second)
    assert content(Detention.objects.filter(pk__in=first)) == content(Detention.objects.filter(pk__in=second))
    assert content(Detention.objects.filter(pk__in=first)) != content(other)


def test_larger_data_set_looks_like_the_real_one(db, settings):
    settings.DEBUG = True
    generate("--count", "3000", "--seed", "11")
    detentions = Detention.objects.all()
    moscow = detentions.filter(city="Москва")
    assert moscow.filter(place_type=PlaceType.METRO).count() > 0.25 * moscow.count()
    assert detentions.values("city").distinct().count() >= 5
    assert detentions.filter(event=None).exists()
    local_hours = Counter(
        d.astimezone(domain.display_zone()).hour for d in detentions.values_list("detained_at", flat=True)
    )
    assert local_hours[0] > 0, "some are detained just after midnight (Moscow time)"
    assert len(local_hours) >= 15
    methods = Counter(EvidenceClaim.objects.values_list("method", flat=True))
    assert methods[IdentificationMethod.FACIAL_RECOGNITION_METRO] > 0.15 * sum(methods.values())
    assert methods[IdentificationMethod.FACIAL_RECOGNITION_STREET] > 0
    assert EvidenceClaim.objects.filter(footage_lag_days__gte=1).count() > 0.2 * detentions.count()
    per_detention = Counter(detentions.annotate(n=Count("evidence_claims")).values_list("n", flat=True))
    assert set(per_detention) == {0, 1, 2, 3}
    assert detentions.filter(is_minor=True).exists() and detentions.filter(is_minor=None).exists()
    assert detentions.filter(press_vest=True).exists()
    assert Person.objects.filter(is_journalist=True).exists()
    assert Person.objects.filter(consent=Consent.NONE).exists()
    articles = {str(c.article) for c in Charge.objects.select_related("article")}
    assert {"KoAP 20.2 part 5", "KoAP 20.2 part 8", "KoAP 19.3 part 1"} <= articles
    assert any(label.startswith("UK ") for label in articles)
    hearings = Hearing.objects.all()
    assert hearings.filter(outcome="fine", fine_amount__gt=0).exists()
    assert hearings.filter(outcome="arrest", arrest_days__gte=1, arrest_days__lte=30).exists()
    assert not hearings.filter(outcome="arrest", case__detentions__is_minor=True).exists(), "KoAP art. 3.9"


def test_generate_cases_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        generate("--count", "5")
    assert not Detention.objects.exists()
    assert generate("--count", "5", "--force").startswith("Created 5 detentions")


@pytest.mark.parametrize("count", ["0", "-3"])
def test_generate_cases_refuses_a_count_below_one(db, settings, count):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--count must be at least 1"):
        generate("--count", count)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--count", "0"], "CommandError: --count must be at least 1."),
        (["--count", "5"], "CommandError: generate_cases fills the database with invented cases"),
    ],
)
def test_generate_cases_refusal_is_one_line_and_a_failing_exit(tmp_path, arguments, message):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "0",
        "SECRET_KEY": django_settings.SECRET_KEY,
        "CASETRACKER_ENCRYPTION_KEYS": ",".join(django_settings.CASETRACKER_ENCRYPTION_KEYS),
        "CASETRACKER_BLIND_INDEX_KEY": django_settings.CASETRACKER_BLIND_INDEX_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'refused.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "manage.py", "generate_cases", *arguments],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
