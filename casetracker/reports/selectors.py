"""Reads for the case summary: everything one PDF shows, in a fixed number of queries.

Redaction happens here, before any template sees the data: in a redacted summary the
template receives no personal value at all, so no template change can leak one.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from casetracker.accounts.models import User
from casetracker.cases import domain
from casetracker.cases.choices import RecognitionMode
from casetracker.cases.models import Case, CaseNote, Detention, EvidenceClaim
from casetracker.cases.selectors import AnyUser
from casetracker.reports.models import CaseSummaryBatch

# Places that are where the person lives or works: an address identifies them.
TIMELINE_ORDER = {"detention": 0, "charge": 1, "hearing": 2}


@dataclass(frozen=True)
class SummaryOptions:
    redacted: bool = False
    include_notes: bool = False

    @property
    def notes(self) -> bool:
        # Notes are working material, never shared: a redacted copy leaves them out.
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


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "detention", "charge", "hearing"
    kind_label: str
    moment: dt.datetime | dt.date | None
    title: str
    details: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""

    @property
    def sort_key(self) -> tuple:
        # Detentions carry a time, charges and hearings a date: compare local calendar
        # days first, then the time of day (a date counts as its start), and undated
        # entries go last.
        if self.moment is None:
            return (1, dt.date.max, dt.time.min, TIMELINE_ORDER[self.kind])
        if isinstance(self.moment, dt.datetime):
            local = self.moment.astimezone(domain.display_zone())
            return (0, local.date(), local.time(), TIMELINE_ORDER[self.kind])
        return (0, self.moment, dt.time.min, TIMELINE_ORDER[self.kind])


@dataclass(frozen=True)
class ClaimRow:
    detained_at: dt.datetime
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
    date: dt.date
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
    size: int
    sha256: str
    uploaded_at: dt.datetime
    name: str
    description: str


@dataclass(frozen=True)
class NoteRow:
    created_at: dt.datetime
    author: str
    text: str


@dataclass(frozen=True)
class CaseSummary:
    reference: str
    status: str
    opened_at: dt.date | None
    closed_at: dt.date | None
    generated_at: dt.datetime
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


def case_summary_queryset() -> QuerySet[Case]:
    """What a summary reads, prefetched: the query count does not grow with the case."""
    return Case.objects.select_related("person").prefetch_related(
        Prefetch("lawyers", queryset=User.objects.select_related("lawyer_profile").order_by("last_name", "pk")),
        Prefetch(
            "detentions",
            queryset=Detention.objects.select_related("event")
            .prefetch_related(
                Prefetch("evidence_claims", queryset=EvidenceClaim.objects.select_related("footage_event"))
            )
            .order_by("detained_at", "pk"),
        ),
        "charges__article",
        "hearings",
        "documents",
    )


def case_summary_data(*, case_id: int, user: User, options: SummaryOptions) -> CaseSummary:
    """The summary of a case the caller has already checked `user` may see.

    `case_id` must come from `get_case_for_user` or `cases_visible_to`: this function
    reads, it does not decide who may read.
    """
    case = get_object_or_404(case_summary_queryset(), pk=case_id)
    detentions = list(case.detentions.all())
    notes = _notes(case) if options.notes else []
    return CaseSummary(
        reference=case.reference or "",
        status=case.get_status_display(),
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        generated_at=timezone.now().astimezone(domain.display_zone()),
        generated_by=str(user),
        options=options,
        person=_person_block(case, detentions, redacted=options.redacted),
        lawyers=[_lawyer_line(lawyer) for lawyer in case.lawyers.all()],
        timeline=_timeline(case, detentions, redacted=options.redacted),
        claims=_claims(detentions, redacted=options.redacted),
        outcomes=[_outcome_row(hearing) for hearing in case.hearings.all()],
        documents=[_document_row(document, redacted=options.redacted) for document in case.documents.all()],
        notes=notes,
        summary="" if options.redacted else case.summary,
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("unknown")
    return _("yes") if value else _("no")


def _person_block(case: Case, detentions: list[Detention], *, redacted: bool) -> PersonBlock:
    person = case.person
    if redacted:
        minor_flags = {detention.is_minor for detention in detentions}
        minor = True if True in minor_flags else (False if minor_flags == {False} else None)
        return PersonBlock(
            name=_("Person A"),
            pseudonymised=True,
            fields=[
                (_("minor at detention"), _yes_no(minor)),
                (_("gender"), person.get_gender_display()),
                (_("journalist"), _yes_no(person.is_journalist)),
            ],
        )
    rows = [
        (_("birth date"), person.birth_date.strftime("%d.%m.%Y") if person.birth_date else ""),
        (_("gender"), person.get_gender_display()),
        (_("region of residence"), person.region),
        (_("phone"), person.phone),
        (_("email"), person.email),
        (_("social media"), person.social_media),
        (_("passport, last 4 digits"), person.passport_last4),
        (_("journalist"), _yes_no(person.is_journalist)),
        (_("consent"), person.get_consent_display()),
    ]
    return PersonBlock(name=person.full_name, pseudonymised=False, fields=[(k, v) for k, v in rows if v])


def _lawyer_line(lawyer: User) -> LawyerLine:
    profile = getattr(lawyer, "lawyer_profile", None)
    details = []
    if profile is not None:
        details = [
            value
            for value in (profile.bar_association, profile.bar_number and f"№ {profile.bar_number}", profile.phone)
            if value
        ]
    return LawyerLine(name=str(lawyer), details=details)


def _timeline(case: Case, detentions: list[Detention], *, redacted: bool) -> list[TimelineEntry]:
    entries = [_detention_entry(detention, redacted=redacted) for detention in detentions]
    entries += [
        TimelineEntry(
            kind="charge",
            kind_label=_("charge"),
            moment=charge.filed_at,
            title=str(charge.article),
            details=[(_("title"), charge.article.title)] if charge.article.title else [],
        )
        for charge in case.charges.all()
    ]
    entries += [
        TimelineEntry(
            kind="hearing",
            kind_label=_("hearing"),
            moment=hearing.date,
            title=hearing.court,
            details=[
                (label, value)
                for label, value in ((_("judge"), hearing.judge), (_("outcome"), hearing.get_outcome_display()))
                if value
            ],
        )
        for hearing in case.hearings.all()
    ]
    return sorted(entries, key=lambda entry: entry.sort_key)


def _detention_entry(detention: Detention, *, redacted: bool) -> TimelineEntry:
    # The case's lawyer reads the (decrypted) home or work address; a redacted copy never does.
    place = "" if redacted and detention.is_at_private_place else detention.location
    where = ", ".join(part for part in (place, detention.city, detention.region) if part)
    released = detention.released_at
    details = [
        (_("place type"), detention.get_place_type_display()),
        (_("police unit"), detention.authority),
        (_("held at"), detention.held_at),
        (_("released at"), _local_datetime(released) if released else ""),
        (_("event"), f"{detention.event.name} ({detention.event.date:%d.%m.%Y})" if detention.event else ""),
        (_("present at the event"), detention.get_present_at_event_display()),
        (_("wore a press vest"), _yes_no(detention.press_vest)),
        (_("force used"), _yes_no(detention.force_used)),
        (_("minor at detention"), _yes_no(detention.is_minor)),
    ]
    return TimelineEntry(
        kind="detention",
        kind_label=_("detention"),
        moment=detention.detained_at,
        title=where,
        details=[(label, value) for label, value in details if value],
        # Free text written by lawyers names people: not in a redacted copy.
        text="" if redacted else detention.narrative,
    )


def _local_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(domain.display_zone()).strftime("%d.%m.%Y %H:%M")


def _claims(detentions: list[Detention], *, redacted: bool) -> list[ClaimRow]:
    return [
        ClaimRow(
            detained_at=detention.detained_at,
            method=claim.get_method_display(),
            recognition_mode=""
            if claim.recognition_mode == RecognitionMode.UNKNOWN
            else claim.get_recognition_mode_display(),
            system_name=claim.system_name,
            camera_location=claim.camera_location,
            footage_event=str(claim.footage_event.name) if claim.footage_event else "",
            footage_date=claim.footage_date,
            footage_lag_days=claim.footage_lag_days,
            source=claim.get_source_display(),
            reliability=claim.get_reliability_display(),
            contested=claim.contested,
            notes="" if redacted else claim.notes,
        )
        for detention in detentions
        for claim in detention.evidence_claims.all()
    ]


def _outcome_row(hearing) -> OutcomeRow:
    return OutcomeRow(
        date=hearing.date,
        court=hearing.court,
        judge=hearing.judge,
        outcome=hearing.get_outcome_display(),
        fine_amount=hearing.fine_amount,
        arrest_days=hearing.arrest_days,
        decision_received_on=hearing.decision_received_on,
        appeal_deadline=hearing.appeal_deadline,
    )


def _document_row(document, *, redacted: bool) -> DocumentRow:
    return DocumentRow(
        kind=document.get_kind_display(),
        size=document.size,
        sha256=document.sha256,
        uploaded_at=document.uploaded_at,
        # The file name and description may name the person ("passport_ivanov.jpg").
        name="" if redacted else document.original_name,
        description="" if redacted else document.description,
    )


def _notes(case: Case) -> list[NoteRow]:
    notes = CaseNote.objects.filter(case=case).select_related("author").order_by("created_at", "pk")
    return [NoteRow(created_at=note.created_at, author=str(note.author or ""), text=note.text) for note in notes]


def get_batch_for_user(user: AnyUser, pk: object) -> CaseSummaryBatch:
    """A batch of its requester (or any, for a superuser); Http404 for everyone else."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    batches = CaseSummaryBatch.objects.all()
    if not user.is_superuser:
        batches = batches.filter(requested_by=user)
    return get_object_or_404(batches, pk=pk)
