"""The anonymized row-level dataset: one CSV row per detention, streamed.

No personal value leaves the database: no name, birth date, contact, narrative, note
or record id. A person is a pseudonym, HMAC-SHA256 of their id under a secret drawn for
this export and kept only in memory: the same person has the same pseudonym throughout
one file (repeat detentions stay visible), and files cannot be joined on it. A home or
work address names the person, so `place` is given only for public place types. People
whose consent is `none` are left out (the aggregates still count them).

Memory stays flat whatever the number of rows: detentions are read in keyset-paginated
chunks by primary key, each chunk's claims, charges and hearings in one query each (four
queries per chunk), and rows are written as they are made.
"""

import csv
import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from casetracker.cases import domain
from casetracker.cases.choices import Consent, PlaceType
from casetracker.cases.models import Charge, EvidenceClaim, Hearing
from casetracker.reports.exports.cells import csv_cell
from casetracker.reports.statistics.filters import ReportFilters, matching_detentions
from casetracker.reports.statistics.summary import FACIAL_RECOGNITION_METHODS, article_key

# 2,000 detentions a chunk: the `IN (...)` lists of the per-chunk queries stay well
# below SQLite's 32,766 parameters, and a chunk's rows are a few hundred kilobytes.
CHUNK_SIZE = 2000
# An allowlist: a place type added later stays blank until someone decides it is public.
PUBLIC_PLACE_TYPES = frozenset({PlaceType.METRO, PlaceType.STREET, PlaceType.AT_EVENT, PlaceType.TRANSPORT})
LIST_SEPARATOR = ";"

COLUMNS = (
    "person",
    "detention_date",
    "region",
    "city",
    "place_type",
    "place",
    "event",
    "event_date",
    "present_at_event",
    "press_vest",
    "force_used",
    "minor",
    "methods",
    "facial_recognition",
    "footage_lag_days",
    "charges",
    "outcomes",
    "fines_total",
    "arrest_days",
)
DETENTION_FIELDS = (
    "pk",
    "case_id",
    "case__person_id",
    "detained_at",
    "region",
    "city",
    "place_type",
    "place",
    "event__name",
    "event__date",
    "present_at_event",
    "press_vest",
    "force_used",
    "is_minor",
)

Progress = Callable[[int], None]


class Pseudonymizer:
    """A person id -> "P-" and 16 hex digits; stable for one instance, unlinkable across instances."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def __call__(self, person_id: int) -> str:
        digest = hmac.new(self._secret, str(person_id).encode("ascii"), hashlib.sha256).hexdigest()
        return f"P-{digest[:16]}"


def dataset_detentions(filters: ReportFilters):
    """The detentions of the dataset: those the filters select, of people who did not refuse consent."""
    return matching_detentions(filters).exclude(case__person__consent=Consent.NONE)


def write_dataset_csv(filters: ReportFilters, stream: TextIO, *, progress: Progress | None = None) -> int:
    """Write the dataset for `filters` as CSV (header and rows) to the text `stream`; the rows written.

    `progress(rows_written)` is called after each chunk. Publication mode does not apply:
    the file holds rows, not counts, and is pseudonymized for every filter.
    """
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    pseudonym = Pseudonymizer()
    detentions = dataset_detentions(filters).order_by("pk").values(*DETENTION_FIELDS)
    written, last_pk = 0, 0
    while True:
        # Keyset pagination: each chunk is an index range scan from the last primary key,
        # as fast at the millionth row as at the first (OFFSET would rescan the skipped rows).
        chunk = list(detentions.filter(pk__gt=last_pk)[:CHUNK_SIZE])
        if not chunk:
            break
        last_pk = chunk[-1]["pk"]
        related = _chunk_related(chunk)
        writer.writerows(_row(detention, related, pseudonym) for detention in chunk)
        written += len(chunk)
        if progress is not None:
            progress(written)
    return written


@dataclass
class ChunkRelated:
    """The claims of a chunk's detentions and the court records of their cases."""

    methods: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    max_lag: dict[int, int] = field(default_factory=dict)
    articles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    outcomes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    fines: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    arrest_days: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _chunk_related(chunk: list[dict]) -> ChunkRelated:
    detention_ids = [row["pk"] for row in chunk]
    case_ids = {row["case_id"] for row in chunk}
    related = ChunkRelated()
    claims = EvidenceClaim.objects.filter(detention_id__in=detention_ids).order_by()
    for detention_id, method, lag in claims.values_list("detention_id", "method", "footage_lag_days"):
        related.methods[detention_id].add(method)
        if lag is not None and lag > related.max_lag.get(detention_id, lag - 1):
            related.max_lag[detention_id] = lag
    charges = Charge.objects.filter(case_id__in=case_ids).order_by()
    for case_id, code, number, part in charges.values_list(
        "case_id", "article__code", "article__number", "article__part"
    ):
        related.articles[case_id].add(article_key(code, number, part))
    # By date: the sequence "postponed;fine" tells how a case went.
    hearings = Hearing.objects.filter(case_id__in=case_ids).order_by("date", "pk")
    for case_id, outcome, fine, days in hearings.values_list("case_id", "outcome", "fine_amount", "arrest_days"):
        if outcome:
            related.outcomes[case_id].append(outcome)
        related.fines[case_id] += fine or 0
        related.arrest_days[case_id] += days or 0
    return related


def _row(detention: dict, related: ChunkRelated, pseudonym: Pseudonymizer) -> list:
    pk, case_id = detention["pk"], detention["case_id"]
    methods = sorted(related.methods.get(pk, ()))
    event_date = detention["event__date"]
    values = [
        pseudonym(detention["case__person_id"]),
        # The calendar day where it happened (display time zone), never the time.
        domain.local_date(detention["detained_at"]).isoformat(),
        detention["region"],
        detention["city"],
        detention["place_type"],
        detention["place"] if detention["place_type"] in PUBLIC_PLACE_TYPES else "",
        detention["event__name"] or "",
        event_date.isoformat() if event_date else "",
        detention["present_at_event"],
        _flag(detention["press_vest"]),
        _flag(detention["force_used"]),
        _flag(detention["is_minor"]),
        _joined(methods),
        _flag(any(method in FACIAL_RECOGNITION_METHODS for method in methods)),
        related.max_lag.get(pk),
        _joined(sorted(related.articles.get(case_id, ()))),
        _joined(related.outcomes.get(case_id, ())),
        _amount(related.fines.get(case_id, Decimal(0))),
        related.arrest_days.get(case_id, 0),
    ]
    return [csv_cell(value) for value in values]


def _flag(value: bool | None) -> str:
    return "" if value is None else "true" if value else "false"


def _joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _amount(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value
