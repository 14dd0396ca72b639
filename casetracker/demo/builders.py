"""The builders of single demo records, all drawing from one seeded generator."""

import datetime as dt
import random
from collections.abc import Mapping

from casetracker.cases.choices import CaseStatus, Consent, Gender, PresentAtEvent
from casetracker.cases.models import Case, Charge, Detention, Event, EvidenceClaim, Hearing, LegalArticle, Person
from casetracker.demo.data import (
    CLAIMS,
    FIRST_NAMES,
    MSK,
    PATRONYMICS,
    REFERENCE_PREFIX,
    SEED,
    SURNAMES,
    TRACKS,
    City,
    DemoEvent,
)
from casetracker.demo.plan import CasePlan


class RecordBuilder:
    """Builds single unsaved records of a demo case; `Planner` puts them together."""

    def __init__(self, *, events: Mapping[str, Event], articles: Mapping[tuple, LegalArticle], today: dt.date) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not a secret
        self.events = events
        self.articles = articles
        self.today = today
        self.used_names: set[str] = set()
        self.track_count = 0

    def _plan(
        self,
        number: int,
        event: DemoEvent,
        detention: Detention,
        claims: list[EvidenceClaim],
        summary: str,
        *,
        lawyers: tuple[str, ...] | None = None,
        **person_options,
    ) -> CasePlan:
        if lawyers is None:
            lawyers = ("lawyer2",) if number % 4 == 0 else ("lawyer",)
        opened = detention.detained_at.astimezone(MSK).date() + dt.timedelta(days=self.rng.randint(0, 2))
        reference = f"{REFERENCE_PREFIX}{number:04d}"
        case = Case(reference=reference, status=CaseStatus.INTAKE, opened_at=opened, summary=summary)
        return CasePlan(reference, lawyers, self._person(event.city, **person_options), case, detention, claims)

    def _person(
        self,
        city: City,
        *,
        minor: bool = False,
        journalist: bool = False,
        gender: str | None = None,
        born: dt.date | None = None,
    ) -> Person:
        gender = gender or self.rng.choices([Gender.MALE, Gender.FEMALE], weights=(55, 45))[0]
        name = self._full_name(gender)
        if minor:
            born = dt.date(2004, self.rng.randint(1, 12), self.rng.randint(1, 28))
        elif born is None and self.rng.random() < 0.9:  # the rest do not say
            born = dt.date(self.rng.randint(1958, 2002), self.rng.randint(1, 12), self.rng.randint(1, 28))
        return Person(
            full_name=name,
            birth_date=born,
            gender=gender,
            is_journalist=journalist,
            region=city.name if self.rng.random() < 0.85 else city.suburbs,
            passport_last4=f"{self.rng.randrange(10_000):04d}" if self.rng.random() < 0.5 else "",
            consent=self.rng.choices(list(Consent), weights=(5, 70, 20, 5))[0],
        )

    def _full_name(self, gender: str) -> str:
        female = gender == Gender.FEMALE
        while True:
            surname = _surname(self.rng.choice(SURNAMES), female=female)
            name = f"{surname} {self.rng.choice(FIRST_NAMES[gender])} {self.rng.choice(PATRONYMICS)[int(female)]}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _detention(
        self,
        event: DemoEvent,
        when: dt.datetime,
        place_type: str,
        place: str,
        authority: str,
        held_at: str,
        *,
        held_long: bool = False,
        **fields,
    ) -> Detention:
        # Those kept for an arrest hearing or an investigator are held up to 48 hours (KoAP art. 27.5).
        hours = self.rng.randint(40, 47) if held_long else self.rng.randint(3, 9)
        fields.setdefault("present_at_event", PresentAtEvent.YES)
        return Detention(
            detained_at=when,
            released_at=when + dt.timedelta(hours=hours),
            city=event.city.name,
            region=event.city.name,
            place_type=place_type,
            place=place,
            authority=authority,
            held_at=held_at,
            event=self.events[event.key],
            **fields,
        )

    def _claim(self, template: str = "", event: DemoEvent | None = None, **fields) -> EvidenceClaim:
        fields = {**CLAIMS.get(template, {}), **fields}
        if event is not None:
            fields.update(footage_event=self.events[event.key], footage_date=event.date)
        return EvidenceClaim(**fields)

    def _charge(self, plan: CasePlan, code: str, number: str, part: str) -> None:
        plan.charges.append(Charge(article=self.articles[(code, number, part)], filed_at=plan.detained_on))

    def _hearing(
        self, plan: CasePlan, court: str, date: dt.date, outcome: str = "", received: dt.date | None = None
    ) -> Hearing:
        surname = _surname(self.rng.choice(SURNAMES), female=self.rng.random() < 0.6)
        judge = f"{surname} {self.rng.choice('АВГДЕИКЛМНОПСТ')}. {self.rng.choice('АВГДЕИКМНОПС')}."
        hearing = Hearing(court=court, date=date, judge=judge, outcome=outcome, decision_received_on=received)
        plan.hearings.append(hearing)
        return hearing

    def _at(self, day: dt.date, first_hour: int, last_hour: int) -> dt.datetime:
        clock = dt.time(self.rng.randint(first_hour, last_hour), self.rng.randrange(0, 60, 5))
        return dt.datetime.combine(day, clock, MSK)

    def _later(self, moment: dt.datetime, days: int) -> dt.datetime:
        return moment + dt.timedelta(days=days, hours=self.rng.randint(2, 10))

    def _next_track(self, *, minor: bool = False) -> str:
        track = TRACKS[self.track_count % len(TRACKS)]
        self.track_count += 1
        # KoAP art. 3.9: no administrative arrest for minors.
        return "fine" if minor and track == "arrest" else track


def _surname(male: str, *, female: bool) -> str:
    if not female:
        return male
    if male.endswith(("ский", "цкий", "ный")):
        return male[:-2] + "ая"
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male  # Клименко, Черных, Ковальчук do not change
