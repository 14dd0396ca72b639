"""A large synthetic data set for benchmarks: `manage.py generate_cases --count N`.

Places, names, claim templates and sanctions come from the demo data set
(`casetracker.demo.data`); this package spreads them over a few hundred rallies
of 2021-2026 in several cities. One seeded generator draws everything, so a seed gives
the same people, dates and places on every run (database ids and ciphertexts differ).
Rows bypass the models (see `writer`): the generator computes every value a save()
would derive (blind indexes, `is_minor`, `footage_lag_days`, `appeal_deadline`, the
case reference) with the same functions.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import reset_queries
from django.db.models import Max

from casetracker.accounts.policy import users_assignable_as_lawyers, users_with_capability
from casetracker.cases.models import Case, Charge, Detention, Event, EvidenceClaim, Hearing, LegalArticle, Person
from casetracker.deadlines import calendar
from casetracker.deadlines.services import deadlines_recount
from casetracker.demo.seed import seed_legal_articles
from casetracker.demo.synthetic import tables as t
from casetracker.demo.synthetic.generator import Generator
from casetracker.protected.bulk_copy import sink_for_connection

__all__ = ["Counts", "generate"]


@dataclass(frozen=True)
class Counts:
    events: int = 0
    persons: int = 0
    cases: int = 0
    detentions: int = 0
    claims: int = 0
    charges: int = 0
    hearings: int = 0


def generate(
    *,
    count: int,
    seed: int,
    today: dt.date,
    batch_size: int = 20_000,
    progress: Callable[[Counts], None] | None = None,
) -> Counts:
    """Create `count` detentions with their people, cases, evidence claims, charges and hearings.

    Run it inside one transaction (the command does): on SQLite the reserved ids rely on it.
    """
    if not LegalArticle.objects.exists():
        seed_legal_articles()
    articles = {(a.code, a.number, a.part): a.pk for a in LegalArticle.objects.all()}
    # Front-line lawyers only: a case assigned to a coordinator, who sees every case
    # anyway, would leave the lawyers' scoped lists smaller than the data set means.
    lawyers = (
        users_assignable_as_lawyers()
        .exclude(pk__in=users_with_capability("see_all_cases").values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
    events = ensure_events(rng, count=min(300, max(20, count // 50)), today=today)
    last_case_before = Case.objects.aggregate(last=Max("pk"))["last"] or 0
    # Hearings' appeal deadlines are counted while COPYs run on the connection: no query then.
    with calendar.overrides_pinned():
        sink = sink_for_connection()
        generator = Generator(
            seed=rng.randrange(2**32),
            today=today,
            lawyer_ids=list(lawyers),
            articles=articles,
            events=events,
            sink=sink,
        )
        tables = generator.tables
        remaining = count
        try:
            while remaining:
                remaining -= generator.person(remaining)
                if len(tables[Detention].rows) >= batch_size or not remaining:
                    # Parents first: every foreign key points at a row already written.
                    for table in tables.values():
                        table.flush(sink)
                    # With DEBUG on, Django keeps the SQL of every query it runs.
                    reset_queries()
                    if progress is not None:
                        progress(_counts(generator, len(events)))
        finally:
            sink.close()
    # COPY skips the write services: the new cases' deadlines are counted here, in bulk.
    deadlines_recount(case_ids=Case.objects.filter(pk__gt=last_case_before).values_list("pk", flat=True))
    return _counts(generator, len(events))


def _counts(generator: Generator, events: int) -> Counts:
    written = {model: table.written for model, table in generator.tables.items()}
    return Counts(
        events=events,
        persons=written[Person],
        cases=written[Case],
        detentions=written[Detention],
        claims=written[EvidenceClaim],
        charges=written[Charge],
        hearings=written[Hearing],
    )


def ensure_events(rng: random.Random, *, count: int, today: dt.date) -> list[tuple[Event, int]]:
    """The data set's rallies, created where missing, each with its weight (how many it draws)."""
    specs: dict[tuple[str, dt.date, str], tuple[str, str, int]] = {}
    last = today - dt.timedelta(days=2)
    span = (last - t.FIRST_DAY).days
    places = list(t.PLACES)
    weights = [place.weight for place in places]
    while len(specs) < count:
        place = rng.choices(places, weights=weights)[0]
        wave = rng.random() < 0.5
        day = rng.choice(t.WAVES) if wave else t.FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        if day > last:
            continue
        kind, label = rng.choices(t.KINDS, weights=(60, 20, 10, 10))[0]
        square = rng.choice(place.squares)
        name = f"{label} {day.day} {t.MONTHS[day.month - 1]} {day.year} ({square})"
        # Countrywide days draw crowds (and detentions) ten times the size of others.
        specs[(name, day, place.city)] = (square, kind, 10 if wave else 1)
    existing = set(Event.objects.values_list("name", "date", "city"))
    Event.objects.bulk_create(
        Event(name=name, date=day, city=city, place=square, kind=kind)
        for (name, day, city), (square, kind, _) in specs.items()
        if (name, day, city) not in existing
    )
    stored = {(e.name, e.date, e.city): e for e in Event.objects.filter(date__gte=t.FIRST_DAY)}
    return [(stored[key], weight) for key, (_, _, weight) in specs.items()]
