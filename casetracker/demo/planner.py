"""The planner of the demo cases: scenarios of detention and the court tracks that follow."""

import datetime as dt
from decimal import Decimal

from casetracker.cases.choices import (
    CaseStatus,
    DocumentKind,
    Gender,
    HearingOutcome,
    PlaceType,
    PresentAtEvent,
    RecognitionMode,
)
from casetracker.cases.choices import IdentificationMethod as Method
from casetracker.cases.models import Hearing
from casetracker.demo.builders import RecordBuilder
from casetracker.demo.data import (
    CRIMINAL,
    EVENTS,
    FINES,
    MAX_ARREST_DAYS,
    METRO_POLICE,
    METRO_SOURCES,
    METRO_STATIONS,
    MOSCOW,
    MSK,
    STREETS,
    City,
    DemoEvent,
)
from casetracker.demo.files import decision_lines, document, pdf, png, protocol_text
from casetracker.demo.plan import CasePlan


class Planner(RecordBuilder):
    """Builds every demo case as unsaved instances, drawing from one seeded generator."""

    def plan_all(self) -> list[CasePlan]:
        counts = {
            self.street: {"msk-0123": 9, "msk-0131": 8, "msk-0202": 6, "spb-0123": 5, "spb-0131": 4, "spb-0202": 3},
            self.metro: {"msk-0123": 12, "msk-0131": 8},
            self.street_camera: {"msk-0123": 2, "msk-0202": 1},
            self.journalist: {"msk-0131": 1},
            self.historian: {"msk-0123": 1},
        }
        events = {spec.key: spec for spec in EVENTS}
        scenarios = [
            (build, events[key])
            for build, per_event in counts.items()
            for key, n in per_event.items()
            for _ in range(n)
        ]
        # Interleave rallies and kinds of detention, so neighbouring references differ.
        self.rng.shuffle(scenarios)
        plans = [build(number, event) for number, (build, event) in enumerate(scenarios, 1)]
        for number, (key, article, status, claim, summary) in enumerate(CRIMINAL, len(plans) + 1):
            plans.append(self.criminal(number, events[key], article, status, claim, summary))
        return plans

    # Scenarios: one detention each, with the claims of how the person was identified.

    def street(self, number: int, event: DemoEvent) -> CasePlan:
        minor = self.track_count % 12 == 5
        track = self._next_track(minor=minor)
        when = self._at(event.date, 13, 20)
        police = self.rng.choice(event.city.police)
        detention = self._detention(
            event,
            when,
            PlaceType.AT_EVENT,
            event.place,
            event.city.guard,
            police,
            held_long=track == "arrest",
            force_used=self.rng.random() < 0.2,
            narrative=f"Задержание на акции, доставка в {police}.",
        )
        claims = [self._claim("testimony")]
        if self.rng.random() < 0.3:
            claims.append(self._claim("video", event))
        summary = f"Задержание на акции {event.date:%d.%m.%Y} ({event.place})."
        plan = self._plan(number, event, detention, claims, summary, minor=minor)
        return self._court(plan, event.city, track)

    def metro(self, number: int, event: DemoEvent) -> CasePlan:
        minor = self.track_count % 12 == 5
        track = self._next_track(minor=minor)
        station, lag = self.rng.choice(METRO_STATIONS), self.rng.randint(2, 20)
        when = self._at(event.date + dt.timedelta(days=lag), 7, 22)
        present = self.rng.choices(list(PresentAtEvent), weights=(60, 10, 15, 15))[0]
        detention = self._detention(
            event,
            when,
            PlaceType.METRO,
            station,
            METRO_POLICE,
            self.rng.choice(MOSCOW.police),
            held_long=track == "arrest",
            present_at_event=present,
            narrative="У турникетов: сотрудники сказали, что сработала камера и человек «в базе».",
        )
        source, reliability = self.rng.choice(METRO_SOURCES)
        recognition = self._claim(
            event=event,
            method=Method.FACIAL_RECOGNITION_METRO,
            source=source,
            reliability=reliability,
            system_name=self.rng.choice(["Сфера", "Face ID"]),
            camera_location=f"турникеты станции «{station}»",
            recognition_mode=self.rng.choices([RecognitionMode.LIVE, RecognitionMode.UNKNOWN], weights=(3, 1))[0],
            contested=present != PresentAtEvent.YES or self.rng.random() < 0.5,
            notes="Сотрудник на посту у турникетов получил уведомление системы распознавания лиц.",
        )
        claims = [recognition, self._claim("video", event)] if self.rng.random() < 0.4 else [recognition]
        summary = f"Задержание в метро («{station}») через {lag} дн. после акции {event.date:%d.%m.%Y}."
        plan = self._plan(number, event, detention, claims, summary, minor=minor)
        if recognition.contested:
            request = f"Адвокатский запрос в метрополитен: сохранить записи камер станции «{station}»."
            plan.notes.append((self._later(when, 3), request))
        return self._court(plan, event.city, track)

    def street_camera(self, number: int, event: DemoEvent) -> CasePlan:
        track, street = self._next_track(), self.rng.choice(STREETS)
        when = self._at(event.date + dt.timedelta(days=self.rng.randint(3, 12)), 8, 21)
        police = self.rng.choice(MOSCOW.police)
        narrative = "Патруль получил уведомление с городской камеры и задержал на улице."
        detention = self._detention(event, when, PlaceType.STREET, street, police, police, narrative=narrative)
        claim = self._claim("street_camera", event, camera_location=f"камера городского видеонаблюдения, {street}")
        plan = self._plan(number, event, detention, [claim], "Задержание на улице по срабатыванию городской камеры.")
        return self._court(plan, event.city, track)

    def journalist(self, number: int, event: DemoEvent) -> CasePlan:
        when = self._at(event.date, 13, 16)
        detention = self._detention(
            event,
            when,
            PlaceType.AT_EVENT,
            event.place,
            event.city.guard,
            event.city.police[1],
            press_vest=True,
            narrative="Журналист в жилете «Пресса» с удостоверением задержан вместе с участниками.",
        )
        claim = self._claim("testimony", contested=True, notes="В рапорте не упомянуты жилет «Пресса» и удостоверение.")
        plan = self._plan(number, event, detention, [claim], "Задержание журналиста за работой.", journalist=True)
        self._charge(plan, "koap", "20.2", "5")
        hearing = self._hearing(
            plan, event.city.courts[1], plan.detained_on + dt.timedelta(days=12), HearingOutcome.DISMISSED
        )
        plan.case.status, plan.case.closed_at = CaseStatus.CLOSED, hearing.date + dt.timedelta(days=5)
        plan.notes.append((self._later(when, 1), "Видео коллег подтверждает жилет «Пресса» в момент задержания."))
        plan.documents.append(document(DocumentKind.PHOTO, "press_vest.png", png(), "Фото жилета «Пресса» (демо)"))
        return plan

    def historian(self, number: int, event: DemoEvent) -> CasePlan:
        """Traced through his passport photo and social-network pictures, detained at home."""
        when = dt.datetime(2021, 2, 10, 7, 20, tzinfo=MSK)
        police = MOSCOW.police[3]
        narrative = "Пришли домой утром; сказали, что нашли по фото из паспорта и снимкам в соцсети."
        # An invented address, stored encrypted like a real one (`place` stays empty).
        address = f"ул. Демонстрационная, д. {self.rng.randint(1, 60)}, кв. {self.rng.randint(1, 200)} (вымышленный)"
        detention = self._detention(
            event, when, PlaceType.HOME, "", police, police, narrative=narrative, private_address=address
        )
        claims = [self._claim("passport", event), self._claim("social", event)]
        summary = "Задержание дома через 18 дней после акции: опознание по паспорту и соцсетям."
        plan = self._plan(
            number,
            event,
            detention,
            claims,
            summary,
            gender=Gender.MALE,
            born=dt.date(1976, 5, 14),
            lawyers=("lawyer", "coordinator"),
        )
        plan.person.social_media = f"vk.com/demo_{self.rng.randrange(10**6, 10**7)}"
        self._court(plan, MOSCOW, "echr")
        plan.documents.append(document(DocumentKind.PROTOCOL, "protocol.txt", protocol_text(plan), "Протокол (демо)"))
        return plan

    def criminal(
        self, number: int, event: DemoEvent, article: tuple, status: str, claim: str, summary: str
    ) -> CasePlan:
        when = self._at(event.date + dt.timedelta(days=self.rng.randint(4, 14)), 6, 8)
        police = self.rng.choice(event.city.police)
        narrative = "Обыск и задержание утром дома, доставка к следователю."
        detention = self._detention(
            event,
            when,
            PlaceType.HOME,
            "по месту жительства",
            event.city.investigators,
            police,
            held_long=True,
            narrative=narrative,
        )
        plan = self._plan(number, event, detention, [self._claim(claim, event)], summary, gender=Gender.MALE)
        self._charge(plan, *article)
        plan.case.status = status
        if status == CaseStatus.IN_COURT:
            court = event.city.courts[0]
            self._hearing(plan, court, dt.date(2021, 5, 12) + dt.timedelta(days=number % 30), HearingOutcome.POSTPONED)
            self._hearing(plan, court, self.today + dt.timedelta(days=self.rng.randint(1, 14)))
        return plan

    # Court tracks: charges, hearings and the resulting case status.

    def _court(self, plan: CasePlan, city: City, track: str) -> CasePlan:
        if track == "intake":
            plan.lawyers = ()  # only the coordinator sees it until a lawyer takes it
            plan.case.summary += " Юрист не назначен."
            return plan
        part = self._administrative_charges(plan, track)
        court = self.rng.choice(city.courts)
        # Those held for an arrest hearing go to court the next day.
        first = plan.detained_on + dt.timedelta(days=1 if track == "arrest" else self.rng.randint(5, 30))
        soon = self.today + dt.timedelta(days=self.rng.randint(1, 14))
        status = CaseStatus.CLOSED
        if track in ("fine", "arrest", "community_work"):
            self._sentence(plan, court, first, track, part)
        elif track == "appeal":
            status = CaseStatus.APPEAL
            self._sentence(plan, court, first, HearingOutcome.FINE, part)
            self._hearing(plan, city.appeal_court, soon)
            plan.notes.append((self._later(plan.detention.detained_at, 40), "Жалоба подана, срок восстановлен судом."))
        elif track == "echr":
            status = CaseStatus.ECHR
            decision = self._sentence(plan, court, first, HearingOutcome.FINE, part)
            upheld = self._hearing(
                plan, city.appeal_court, first + dt.timedelta(days=self.rng.randint(20, 45)), HearingOutcome.FINE
            )
            upheld.fine_amount = decision.fine_amount
            plan.notes.append(
                (self._later(plan.detention.detained_at, 120), "Подана жалоба в ЕСПЧ (ст. 6, 8, 10, 11).")
            )
            plan.documents.append(
                document(DocumentKind.COURT_DECISION, "decision.pdf", pdf(decision_lines(plan)), "Постановление (демо)")
            )
        elif track == "acquitted":
            self._hearing(plan, court, first, self.rng.choice([HearingOutcome.ACQUITTED, HearingOutcome.DISMISSED]))
        elif track == "postponed":
            self._hearing(plan, court, first, HearingOutcome.POSTPONED)
            self._sentence(plan, court, first + dt.timedelta(days=self.rng.randint(7, 21)), HearingOutcome.FINE, part)
        else:  # "returned" or "deadline": the protocol went back to the police; the new hearing is now
            status = CaseStatus.IN_COURT
            self._hearing(plan, court, first, HearingOutcome.RETURNED)
            if track == "returned":
                self._hearing(plan, court, soon)
            else:
                held = self.today - dt.timedelta(days=self.rng.randint(1, 8))
                received = held + dt.timedelta(days=self.rng.randint(0, (self.today - held).days))
                self._sentence(plan, court, held, HearingOutcome.FINE, part, received=received)
        plan.case.status = status
        if status == CaseStatus.CLOSED:
            plan.case.closed_at = max(hearing.date for hearing in plan.hearings) + dt.timedelta(days=30)
        if self.rng.random() < 0.15:
            plan.documents.append(
                document(DocumentKind.PROTOCOL, "protocol.txt", protocol_text(plan), "Протокол (демо)")
            )
        return plan

    def _administrative_charges(self, plan: CasePlan, track: str) -> str:
        """Charge KoAP 20.2 (and 19.3 after a scuffle); returns the part of 20.2 that sets the sanction."""
        # Part 5 carries no arrest; parts 6.1 and 8 do.
        part = self.rng.choice(["6.1", "6.1", "8"]) if track == "arrest" else self.rng.choice(["5", "5", "5", "6.1"])
        self._charge(plan, "koap", "20.2", part)
        if plan.detention.force_used and self.rng.random() < 0.5:
            self._charge(plan, "koap", "19.3", "1")
        return part

    def _sentence(
        self, plan: CasePlan, court: str, date: dt.date, outcome: str, part: str, received: dt.date | None = None
    ) -> Hearing:
        hearing = self._hearing(plan, court, date, outcome, received=received or date)
        if outcome == HearingOutcome.FINE:
            hearing.fine_amount = Decimal(self.rng.choice(FINES[part]))
        elif outcome == HearingOutcome.ARREST:
            hearing.arrest_days = self.rng.randint(7, MAX_ARREST_DAYS[part])
        return hearing
