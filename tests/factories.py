"""factory_boy factories for the domain: tests build exactly the data they need."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from casetracker.accounts.models import User
from casetracker.cases import choices
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

MOSCOW = ZoneInfo("Europe/Moscow")
TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


def make_user(role: str | None, **kwargs) -> User:
    return UserFactory(role=role, **kwargs)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Акция №{n}")
    date = dt.date(2021, 1, 23)
    city = "Москва"
    place = "Пушкинская площадь"
    kind = choices.EventKind.RALLY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Иванов Пётр Сергеевич {n}")
    birth_date = dt.date(1990, 5, 17)
    region = "Москва"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    status = choices.CaseStatus.ACTIVE
    opened_at = dt.date(2021, 2, 1)

    @factory.post_generation
    def lawyers(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.lawyers.add(*extracted)


class DetentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Detention

    case = factory.SubFactory(CaseFactory)
    detained_at = dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW)
    city = "Москва"
    region = "Москва"
    place_type = choices.PlaceType.METRO
    # A home or work detention has no public place: its address goes in private_address.
    place = factory.LazyAttribute(lambda d: "" if d.place_type in choices.PRIVATE_PLACE_TYPES else "Пушкинская")


class EvidenceClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceClaim

    detention = factory.SubFactory(DetentionFactory)
    method = choices.IdentificationMethod.FACIAL_RECOGNITION_METRO
    system_name = "Face ID"
    source = choices.ClaimSource.POLICE_STATEMENT
    reliability = choices.Reliability.REPORTED


class LegalArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalArticle
        django_get_or_create = ["code", "number", "part"]

    code = choices.LegalCode.KOAP
    number = "20.2"
    part = "5"
    title = "Нарушение установленного порядка проведения публичного мероприятия"


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charge

    case = factory.SubFactory(CaseFactory)
    article = factory.SubFactory(LegalArticleFactory)


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(CaseFactory)
    court = "Тверской районный суд г. Москвы"
    date = dt.date(2021, 2, 3)
    outcome = choices.HearingOutcome.FINE
    fine_amount = 15000


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    kind = choices.DocumentKind.PROTOCOL
    file = factory.LazyFunction(lambda: ContentFile(b"protocol of detention\n", name="protocol.txt"))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    text = "Позвонить матери задержанного."


# The case of the case-page benchmark and of its browser test: a busy but ordinary
# case, the size the page must stay fast and readable at.
WORKSPACE_CASE_SIZE = {"detentions": 3, "claims": 5, "hearings": 4, "documents": 5, "notes": 20}
WORKSPACE_STATIONS = ["Пушкинская", "Тверская", "Охотный ряд"]
WORKSPACE_COURTS = [
    "Тверской районный суд г. Москвы",
    "Мещанский районный суд г. Москвы",
    "Пресненский районный суд г. Москвы",
    "Московский городской суд",
]
WORKSPACE_DOCUMENT_KINDS = [
    choices.DocumentKind.PROTOCOL,
    choices.DocumentKind.PROTOCOL,
    choices.DocumentKind.COURT_DECISION,
    choices.DocumentKind.COURT_DECISION,
    choices.DocumentKind.OTHER,
]


def workspace_case_build(*, lawyer: User) -> Case:
    """A case assigned to `lawyer` with 3 detentions, 5 claims, 4 hearings, 5 documents, 20 notes.

    Every field a lawyer would fill is filled, so the page carries the widgets and text
    of real work.
    """
    event = EventFactory(name="Акция 23 января", date=dt.date(2021, 1, 23))
    case = CaseFactory(
        person=PersonFactory(full_name="Соколова Мария Андреевна", birth_date=dt.date(1994, 3, 8), created_by=lawyer),
        lawyers=[lawyer],
        opened_at=dt.date(2021, 1, 24),
        summary="Задержана трижды у станций метро; опознание по камерам.",
    )
    detentions = [
        DetentionFactory(
            case=case,
            detained_at=dt.datetime(2021, 1, 23, 14, 30, tzinfo=MOSCOW) + dt.timedelta(days=7 * n, hours=n),
            released_at=dt.datetime(2021, 1, 24, 11, 0, tzinfo=MOSCOW) + dt.timedelta(days=7 * n),
            place=station,
            authority="ОМВД России по Тверскому району",
            held_at="ОВД Тверской",
            event=event,
            present_at_event=choices.PresentAtEvent.YES,
            narrative="Задержана у выхода из метро, доставлена в отдел полиции.",
        )
        for n, station in enumerate(WORKSPACE_STATIONS)
    ]
    for n in range(WORKSPACE_CASE_SIZE["claims"]):
        EvidenceClaimFactory(
            detention=detentions[n % len(detentions)],
            camera_location=f"Вестибюль станции, камера {n + 1}",
            footage_event=event,
            footage_date=event.date,
            notes="Указано в рапорте сотрудника полиции.",
        )
    for n, court in enumerate(WORKSPACE_COURTS):
        HearingFactory(
            case=case,
            court=court,
            date=dt.date(2021, 2, 3) + dt.timedelta(days=7 * n),
            judge="Иванова А. П.",
            outcome=choices.HearingOutcome.FINE,
            fine_amount=10000 + 5000 * n,
            decision_received_on=dt.date(2021, 2, 5) + dt.timedelta(days=7 * n),
        )
    for n, kind in enumerate(WORKSPACE_DOCUMENT_KINDS):
        DocumentFactory(
            case=case,
            kind=kind,
            description=f"Копия документа {n + 1}",
            uploaded_by=lawyer,
            file=ContentFile(f"document {n + 1}\n".encode(), name=f"document-{n + 1}.txt"),
        )
    for n in range(WORKSPACE_CASE_SIZE["notes"]):
        CaseNoteFactory(case=case, author=lawyer, text=f"Заметка {n + 1}: позвонить адвокату по делу.")
    return case


class PoliceStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.PoliceStation"
        django_get_or_create = ["name", "city"]

    name = factory.Sequence(lambda n: f"ОВД Тестовый-{n}")
    city = "Москва"
    region = "Москва"


class HotlineEventFactory(factory.django.DjangoModelFactory):
    """An event the hotline is open for."""

    class Meta:
        model = "intake.HotlineEvent"

    event = factory.SubFactory(EventFactory)


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.Intake"

    full_name = factory.Sequence(lambda n: f"Смирнов Алексей Игоревич {n}")
    phone = "+79161234567"
    detained_at = factory.LazyFunction(lambda: dt.datetime.now(MOSCOW) - dt.timedelta(hours=2))
    detained_place = "Пушкинская площадь"
