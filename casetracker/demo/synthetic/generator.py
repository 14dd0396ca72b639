"""Drawing the synthetic people, detentions, claims, cases, charges and hearings.

Each row is a tuple in the column order of `COLUMNS`; every value a model's save()
would derive is computed here with the same functions (`domain`, `blind_index`).
"""

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterable, Sequence
from decimal import Decimal

from casetracker.cases import domain
from casetracker.cases.choices import (
    CaseStatus,
    ClaimSource,
    Gender,
    HearingOutcome,
    PlaceType,
    PresentAtEvent,
    RecognitionMode,
    Reliability,
)
from casetracker.cases.choices import IdentificationMethod as Method
from casetracker.cases.models import Case, Charge, Detention, Event, EvidenceClaim, Hearing, Person, PersonSearchKey
from casetracker.demo.builders import _surname
from casetracker.demo.data import FINES, FIRST_NAMES, MAX_ARREST_DAYS, METRO_SOURCES, MSK, PATRONYMICS, SURNAMES
from casetracker.demo.synthetic import tables as t
from casetracker.demo.synthetic.writer import IdPool, Table
from casetracker.protected.bulk_copy import Sink
from casetracker.protected.crypto import blind_index

COLUMNS = {
    Person: ("id", "full_name", "birth_date", "full_name_index", "name_birth_index", "gender", "region",
             "is_journalist", "consent", "created_by_id"),
    PersonSearchKey: ("person_id", "digest"),
    Case: ("id", "reference", "person_id", "status", "opened_at", "closed_at", "created_by_id"),
    Case.lawyers.through: ("case_id", "user_id"),
    Detention: ("id", "case_id", "detained_at", "released_at", "city", "region", "place_type", "place",
                "private_address", "authority", "held_at", "event_id", "present_at_event", "press_vest", "force_used",
                "is_minor"),
    EvidenceClaim: ("detention_id", "method", "source", "reliability", "contested", "system_name",
                    "recognition_mode", "camera_location", "footage_event_id", "footage_date", "footage_lag_days"),
    Charge: ("case_id", "article_id", "filed_at"),
    Hearing: ("case_id", "court", "date", "judge", "outcome", "fine_amount", "arrest_days", "decision_received_on",
              "appeal_deadline"),
}  # fmt: skip
OTHER_PLACES = {PlaceType.TRANSPORT: "вокзал", PlaceType.OTHER: "у здания суда"}
# Home and work detentions: an invented address, encrypted; their `place` stays empty.
PRIVATE_ADDRESS_FORMATS = {PlaceType.HOME: "{street}, д. {number}, кв. {flat}",
                           PlaceType.WORKPLACE: "{street}, д. {number}"}  # fmt: skip
FACIAL = (Method.FACIAL_RECOGNITION_METRO, Method.FACIAL_RECOGNITION_STREET)


class Weighted:
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, pairs: Iterable[tuple[object, int]]) -> None:
        pairs = list(pairs)
        self.values = [value for value, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        # What random.choices does, without its per-call set-up (a million people draw
        # a dozen times each).
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.total)]


class Sealer:
    """Encrypts each distinct value of an encrypted field once.

    Encrypting every value (~40 µs each) would cost a minute per million people. A
    Fernet token stays valid however often it is stored, so each name of the pool
    (about 50,000), each birth date and each invented address is encrypted once and its
    token reused. Equal tokens show equal values: acceptable for invented people only,
    never for real data.
    """

    def __init__(self) -> None:
        self.tokens: dict[tuple[type, str, object], str | None] = {}
        self.name_indexes: dict[str, str] = {}
        self.word_digests: dict[str, list[str]] = {}

    def __call__(self, name: str, value: object, *, model: type = Person) -> str | None:
        key = (model, name, value)
        if key not in self.tokens:
            self.tokens[key] = model._meta.get_field(name).get_prep_value(value)
        return self.tokens[key]

    def name_index(self, name: str) -> str:
        if name not in self.name_indexes:
            self.name_indexes[name] = blind_index.name_index(name)
        return self.name_indexes[name]

    def word_indexes(self, name: str) -> list[str]:
        """The search keys `Person.save()` would store for a person of this name (no phone)."""
        if name not in self.word_digests:
            self.word_digests[name] = blind_index.name_word_indexes(name)
        return self.word_digests[name]


class Generator:
    """Draws people with their detentions and what followed, as rows of `self.tables`."""

    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        lawyer_ids: Sequence[int],
        articles: dict[tuple[str, str, str], int],
        events: Sequence[tuple[Event, int]],
        sink: Sink,
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
        self.today = today
        self.lawyer_ids = list(lawyer_ids)
        self.articles = articles
        self.seal = Sealer()
        self.tables = {model: Table(model, columns) for model, columns in COLUMNS.items()}
        self.ids = {model: IdPool(model, lock=sink.lock) for model in (Person, Case, Detention)}
        by_city: dict[str, list[tuple[Event, int]]] = {}
        for event, weight in events:
            by_city.setdefault(event.city, []).append((event, weight))
        self.events = {city: Weighted(pairs) for city, pairs in by_city.items()}
        self.places = Weighted([(place, place.weight) for place in t.PLACES if place.city in by_city])
        self.courts = {place.city: place.courts for place in t.PLACES}
        self.place_types = {True: Weighted(t.METRO_CITY_PLACES), False: Weighted(t.OTHER_CITY_PLACES)}
        self.charges, self.criminal = Weighted(t.CHARGES), Weighted(t.CRIMINAL)
        self.outcomes, self.consents = Weighted(t.OUTCOMES), Weighted(t.CONSENTS)
        self.lags = Weighted(zip(t.LAGS, t.LAG_WEIGHTS, strict=True))
        self.metro_hours = Weighted(zip(t.METRO_HOURS, t.METRO_HOUR_WEIGHTS, strict=True))
        self.later = Weighted(zip(t.LATER_METHODS, t.LATER_WEIGHTS, strict=True))
        self.at_rally = Weighted(zip(t.AT_RALLY_METHODS, t.AT_RALLY_WEIGHTS, strict=True))
        self.any_method = Weighted(zip(t.ANY_METHODS, t.ANY_WEIGHTS, strict=True))
        self.repeats = Weighted(zip((2, 3, 4, 5), (60, 25, 10, 5), strict=True))
        self.presence = Weighted(zip(PresentAtEvent.values, (60, 10, 10, 20), strict=True))
        self.claim_counts = Weighted(zip((0, 1, 2, 3), (20, 45, 25, 10), strict=True))
        self.decided = Weighted(zip((CaseStatus.CLOSED, CaseStatus.APPEAL, CaseStatus.ECHR), (65, 27, 8), strict=True))
        self.judges = [self._judge() for _ in range(400)]

    # --- People ------------------------------------------------------------------

    def person(self, remaining: int) -> int:
        """Draw one person with 1-5 detentions (at most `remaining`); returns how many."""
        rng = self.rng
        # About a quarter of the people are detained again, at later rallies.
        times = 1 if rng.random() < 0.75 else self.repeats.pick(rng)
        place = self.places.pick(rng)
        events = self.events[place.city]
        rallies = sorted({events.pick(rng) for _ in range(min(times, remaining))}, key=lambda e: (e.date, e.pk))
        female = rng.random() < 0.42
        gender = Gender.FEMALE if female else Gender.MALE
        minor = rng.random() < 0.03
        age_days = rng.randint(14 * 365 + 5, 17 * 365 + 300) if minor else rng.randint(18 * 365 + 5, 70 * 365)
        birth = rallies[0].date - dt.timedelta(days=age_days) if rng.random() < 0.92 else None  # the rest do not say
        surname = _surname(rng.choice(SURNAMES), female=female)
        name = f"{surname} {rng.choice(FIRST_NAMES[gender])} {rng.choice(PATRONYMICS)[int(female)]}"
        lawyer = rng.choice(self.lawyer_ids) if self.lawyer_ids and rng.random() < 0.7 else None
        journalist = rng.random() < 0.015
        person_id = self.ids[Person].take()
        self.tables[Person].add(
            (
                person_id,
                self.seal("full_name", name),
                self.seal("birth_date", birth),
                self.seal.name_index(name),
                blind_index.name_birth_index(name, birth),
                gender,
                place.region if rng.random() < 0.85 else "",
                journalist,
                self.consents.pick(rng),
                lawyer,
            )
        )
        for digest in self.seal.word_indexes(name):
            self.tables[PersonSearchKey].add((person_id, digest))
        # A repeat detainee's detentions make one case, or one case each.
        one_case = rng.random() < 0.4
        case_id = None
        for number, rally in enumerate(rallies):
            detention_id = self.ids[Detention].take()
            detained_at, row = self._detention(detention_id, place, rally, birth, journalist=journalist)
            if case_id is None or not one_case:
                case_id = self._case(person_id, detained_at, place.city, lawyer, minor=bool(row[-1]), repeat=number > 0)
            self.tables[Detention].add((detention_id, case_id, detained_at, *row))
        return len(rallies)

    def _judge(self) -> str:
        surname = _surname(self.rng.choice(SURNAMES), female=self.rng.random() < 0.6)
        return f"{surname} {self.rng.choice('АВГДЕИКЛМНОПСТ')}. {self.rng.choice('АВГДЕИКМНОПС')}."

    # --- Detentions and evidence -------------------------------------------------

    def _detention(
        self, detention_id: int, place: t.Place, rally: Event, birth: dt.date | None, *, journalist: bool
    ) -> tuple[dt.datetime, tuple]:
        rng = self.rng
        place_type = self.place_types[bool(place.stations)].pick(rng)
        lag = 0
        address = ""
        # Most of those taken in the metro, at home or at work are found days later on
        # footage of the rally: the Moscow pattern of 2021.
        if place_type not in (PlaceType.AT_EVENT, PlaceType.STREET) and rng.random() < 0.8:
            lag = self.lags.pick(rng)
            if rally.date + dt.timedelta(days=lag) >= self.today:
                lag = 0
        day = rally.date + dt.timedelta(days=lag)
        if place_type == PlaceType.METRO:
            hour, where, authority = self.metro_hours.pick(rng), rng.choice(place.stations), place.metro_police
        elif place_type in (PlaceType.AT_EVENT, PlaceType.STREET):
            hour, authority = rng.randint(12, 22), place.guard
            where = rally.place if place_type == PlaceType.AT_EVENT else rng.choice(place.streets)
        elif place_type in PRIVATE_ADDRESS_FORMATS:
            hour, where, authority = rng.randint(6, 21), "", rng.choice(place.police)
            address = PRIVATE_ADDRESS_FORMATS[place_type].format(
                street=rng.choice(place.streets), number=rng.randint(1, 60), flat=rng.randint(1, 99)
            )
        else:
            hour, where, authority = rng.randint(6, 21), OTHER_PLACES[place_type], rng.choice(place.police)
        # Local (Moscow) wall-clock time; metro hour 0 is just after midnight.
        detained_at = dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=MSK)
        # Those kept for an arrest hearing are held up to 48 hours (KoAP art. 27.5).
        held = rng.randint(40, 47) if rng.random() < 0.1 else rng.randint(3, 9)
        at_rally = lag == 0 and place_type in (PlaceType.AT_EVENT, PlaceType.STREET)
        present = PresentAtEvent.YES if at_rally else self.presence.pick(rng)
        self._claims(detention_id, detained_at, rally, lag, place_type, where)
        return detained_at, (
            detained_at + dt.timedelta(hours=held),
            place.city,
            place.region,
            place_type,
            where,
            self.seal("private_address", address, model=Detention),
            authority,
            rng.choice(place.police),
            rally.pk if rng.random() < 0.92 else None,  # some are never tied to a rally
            present,
            (journalist and at_rally and rng.random() < 0.8) or rng.random() < 0.001,  # press vest
            rng.random() < (0.15 if at_rally else 0.03),  # force used
            domain.is_minor_at(birth, detained_at),
        )

    def _claims(
        self, detention_id: int, detained_at: dt.datetime, rally: Event, lag: int, place_type: str, where: str
    ) -> None:
        rng = self.rng
        count = self.claim_counts.pick(rng)
        if not count:
            return  # nothing on record yet
        if place_type == PlaceType.METRO:
            methods = [Method.FACIAL_RECOGNITION_METRO if rng.random() < 0.85 else Method.POLICE_TESTIMONY]
        else:
            methods = [(self.later if lag else self.at_rally).pick(rng)]
        for _ in range(count - 1):
            method = self.any_method.pick(rng)
            if method not in methods:
                methods.append(method)
        claims = self.tables[EvidenceClaim]
        for method in methods:
            template = t.TEMPLATES.get(method, {})
            source = template.get("source", ClaimSource.POLICE_STATEMENT)
            reliability = template.get("reliability", Reliability.REPORTED)
            system, mode, camera = "", RecognitionMode.UNKNOWN, ""
            if method == Method.FACIAL_RECOGNITION_METRO:
                source, reliability = rng.choice(METRO_SOURCES)
                camera = f"турникеты, станция «{where}»"
            if method in FACIAL:
                system = rng.choice(t.SYSTEMS)
                mode = RecognitionMode.LIVE if lag else RecognitionMode.RETROSPECTIVE
            footage_event = footage_date = lag_days = None
            if method in t.FOOTAGE_METHODS and (lag or method == Method.EVENT_VIDEO):
                footage_event, footage_date = rally.pk, rally.date
                lag_days = domain.footage_lag_days(rally.date, detained_at)
            claims.add(
                (
                    detention_id,
                    method,
                    source,
                    reliability,
                    template.get("contested", False),
                    system,
                    mode,
                    camera,
                    footage_event,
                    footage_date,
                    lag_days,
                )
            )

    # --- Cases, charges, hearings ------------------------------------------------

    def _case(
        self, person_id: int, detained_at: dt.datetime, city: str, lawyer: int | None, *, minor: bool, repeat: bool
    ) -> int:
        rng = self.rng
        case_id = self.ids[Case].take()
        detained_on = domain.local_date(detained_at)
        opened = min(detained_on + dt.timedelta(days=rng.randint(0, 2)), self.today)
        criminal = rng.random() < (0.03 if repeat else 0.006)
        if criminal:
            article = self.criminal.pick(rng)
        elif repeat and rng.random() < 0.5:
            article = ("koap", "20.2", "8")  # a repeat violation within a year
        else:
            article = self.charges.pick(rng)
        for code in [article] + ([("koap", "19.3", "1")] if rng.random() < 0.1 else []):
            self.tables[Charge].add((case_id, self.articles[code], detained_on))
        outcome, last_hearing = self._hearings(case_id, detained_on, city, article, minor=minor, criminal=criminal)
        status = self._status(outcome)
        closed = None
        if status == CaseStatus.CLOSED:
            closed = max(opened, min((last_hearing or opened) + dt.timedelta(days=rng.randint(10, 40)), self.today))
        # As Case.save() derives it from the id (and the id was reserved: no later clash).
        reference = f"CT-{opened:%Y}-{case_id:06d}"
        self.tables[Case].add((case_id, reference, person_id, status, opened, closed, lawyer))
        if lawyer and rng.random() < 0.9:
            self.tables[Case.lawyers.through].add((case_id, lawyer))
        return case_id

    def _hearings(
        self, case_id: int, detained_on: dt.date, city: str, article: tuple, *, minor: bool, criminal: bool
    ) -> tuple[str | None, dt.date | None]:
        """Add the case's hearings; returns the last outcome ("" pending, None when no hearing) and date."""
        rng = self.rng
        if rng.random() < (0.5 if criminal else 0.1):
            return None, None
        court = rng.choice(self.courts[city])
        date = detained_on + dt.timedelta(days=rng.choice((1, 1, 2, 3, 7, 14, 30)))
        _, number, part = article
        outcome = ""
        for _ in range(3):
            outcome = "" if date >= self.today or criminal else self.outcomes.pick(rng)
            # KoAP art. 3.9: no administrative arrest for minors.
            if minor and outcome == HearingOutcome.ARREST:
                outcome = HearingOutcome.FINE
            received = None
            if outcome and outcome != HearingOutcome.POSTPONED and rng.random() < 0.6:
                received = min(date + dt.timedelta(days=rng.randint(0, 7)), self.today)
            fine = arrest = None
            if outcome == HearingOutcome.FINE:
                fines = FINES.get(part, ()) if number == "20.2" else t.OTHER_FINES.get(number, ())
                fine = Decimal(rng.choice(fines or (10_000,)))
            elif outcome == HearingOutcome.ARREST:
                top = MAX_ARREST_DAYS.get(part, 15) if number == "20.2" else 15
                arrest = rng.randint(1, min(top, domain.MAX_ARREST_DAYS))
            self.tables[Hearing].add(
                (
                    case_id,
                    court,
                    date,
                    rng.choice(self.judges),
                    outcome,
                    fine,
                    arrest,
                    received,
                    domain.default_appeal_deadline(date, received),
                )
            )
            if outcome != HearingOutcome.POSTPONED:
                break
            date += dt.timedelta(days=rng.randint(7, 21))
        return outcome, date

    def _status(self, outcome: str | None) -> str:
        if outcome is None:
            return CaseStatus.ACTIVE if self.rng.random() < 0.7 else CaseStatus.INTAKE
        if outcome in ("", HearingOutcome.POSTPONED):
            return CaseStatus.IN_COURT
        if outcome == HearingOutcome.RETURNED:
            return CaseStatus.ACTIVE
        if outcome in (HearingOutcome.ACQUITTED, HearingOutcome.DISMISSED):
            return CaseStatus.CLOSED
        return self.decided.pick(self.rng)
