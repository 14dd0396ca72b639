"""What one case summary holds, as plain values, and how they are worded: both copies share these.

The selectors fill them (`casetracker.reports.summaries.selectors` for the full copy,
`casetracker.reports.summaries.anonymized` for the anonymized one); the template only prints them.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from casetracker.cases import domain
from casetracker.cases.choices import RecognitionMode
from casetracker.cases.models import Detention, EvidenceClaim

TIMELINE_ORDER = {"detention": 0, "charge": 1, "hearing": 2}
# Crockford's base32: no I, L, O or U, so a label read aloud or retyped from a photo
# of a page is not mistaken for another one.
COPY_LABEL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
COPY_LABEL_GROUPS = 3
COPY_LABEL_GROUP_LENGTH = 4


def copy_label_new() -> str:
    """A fresh label for one anonymized copy, e.g. "7KQ2-M9XD-4HTR" (60 random bits).

    Drawn at random for every rendering, never derived from the case: two copies of
    the same case carry unrelated labels, so copies that reach the press cannot be
    matched to each other or to the case without the audit trail.
    """
    return "-".join(
        "".join(secrets.choice(COPY_LABEL_ALPHABET) for _ in range(COPY_LABEL_GROUP_LENGTH))
        for _ in range(COPY_LABEL_GROUPS)
    )


@dataclass(frozen=True)
class SummaryOptions:
    """How to print a summary. `redacted` asks for the anonymized copy (the URL keeps `?redacted=1`)."""

    redacted: bool = False
    include_notes: bool = False
    # Set for every anonymized copy (a fresh one unless given), empty for the full copy.
    copy_label: str = ""

    def __post_init__(self) -> None:
        if self.redacted and not self.copy_label:
            object.__setattr__(self, "copy_label", copy_label_new())
        if not self.redacted and self.copy_label:
            raise ValueError("Only an anonymized copy carries a copy label.")

    @property
    def notes(self) -> bool:
        # Notes are working material, never shared: an anonymized copy leaves them out.
        return self.include_notes and not self.redacted

    @property
    def variant(self) -> str:
        return "redacted" if self.redacted else "full"


@dataclass(frozen=True)
class PersonBlock:
    name: str
    pseudonymised: bool
    fields: list[tuple[str, str]]


@dataclass(frozen=True)
class LawyerLine:
    name: str
    details: list[str]


def timeline_sort_key(kind: str, moment: dt.datetime | dt.date | None) -> tuple:
    """Local calendar day first, then the time of day (a date counts as its start); undated last."""
    if moment is None:
        return (1, dt.date.max, dt.time.min, TIMELINE_ORDER[kind])
    if isinstance(moment, dt.datetime):
        local = moment.astimezone(domain.display_zone())
        return (0, local.date(), local.time(), TIMELINE_ORDER[kind])
    return (0, moment, dt.time.min, TIMELINE_ORDER[kind])


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "detention", "charge", "hearing"
    kind_label: str
    moment: dt.datetime | dt.date | None
    title: str
    details: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    # The anonymized copy prints no date of a charge or a hearing: not "unknown", left out.
    date_withheld: bool = False

    @property
    def has_time(self) -> bool:
        return isinstance(self.moment, dt.datetime)

    @property
    def sort_key(self) -> tuple:
        return timeline_sort_key(self.kind, self.moment)


@dataclass(frozen=True)
class ClaimRow:
    detained_on: dt.date
    method: str
    recognition_mode: str
    system_name: str
    camera_location: str
    footage_event: str
    footage_date: dt.date | None
    footage_lag_days: int | None
    source: str
    reliability: str
    contested: bool
    notes: str


@dataclass(frozen=True)
class OutcomeRow:
    date: dt.date | None
    court: str
    judge: str
    outcome: str
    fine_amount: Decimal | None
    arrest_days: int | None
    decision_received_on: dt.date | None
    appeal_deadline: dt.date | None


@dataclass(frozen=True)
class DocumentRow:
    kind: str
    size: int | None
    sha256: str
    uploaded_at: dt.datetime | None
    name: str
    description: str


@dataclass(frozen=True)
class NoteRow:
    created_at: dt.datetime
    author: str
    text: str


@dataclass(frozen=True)
class CaseSummary:
    # Empty in the anonymized copy, which is named by `options.copy_label` instead.
    reference: str
    status: str
    opened_at: dt.date | None
    closed_at: dt.date | None
    generated_at: dt.datetime | dt.date  # a date in the anonymized copy
    generated_by: str
    options: SummaryOptions
    person: PersonBlock
    lawyers: list[LawyerLine]
    timeline: list[TimelineEntry]
    claims: list[ClaimRow]
    outcomes: list[OutcomeRow]
    documents: list[DocumentRow]
    notes: list[NoteRow]
    summary: str


# How values are worded in both copies.


def yes_no(value: bool | None) -> str:
    """ "yes", "no" or "unknown", translated."""
    if value is None:
        return _("unknown")
    return _("yes") if value else _("no")


def event_line(detention: Detention) -> str:
    """The rally a detention relates to, with its date ("" when none)."""
    return f"{detention.event.name} ({detention.event.date:%d.%m.%Y})" if detention.event else ""


def recognition_mode_label(claim: EvidenceClaim) -> str:
    """The recognition mode's label, "" when unknown (the column stays quiet)."""
    return "" if claim.recognition_mode == RecognitionMode.UNKNOWN else claim.get_recognition_mode_display()
