"""Reads for the case summary: everything one PDF shows, in a fixed number of queries.

Anonymization happens before any template sees the data: for the anonymized copy
(`SummaryOptions(redacted=True)`) `casetracker.reports.summaries.anonymized` builds the summary
and the template receives no withheld value at all, so no template change can leak one.
"""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from casetracker.accounts.models import User
from casetracker.cases import domain
from casetracker.cases.models import Case, CaseNote, Detention, EvidenceClaim
from casetracker.cases.models.jobs import jobs_owned_by
from casetracker.cases.selectors import AnyUser
from casetracker.reports.models import CaseSummaryBatch
from casetracker.reports.summaries.anonymized import anonymized_summary
from casetracker.reports.summaries.summary_types import (
    CaseSummary,
    ClaimRow,
    DocumentRow,
    LawyerLine,
    NoteRow,
    OutcomeRow,
    PersonBlock,
    SummaryOptions,
    TimelineEntry,
    event_line,
    recognition_mode_label,
    yes_no,
)


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
    reads, it does not decide who may read. With `options.redacted` it is the
    anonymized copy (see `casetracker.reports.summaries.anonymized` for what that copy keeps).
    """
    case = get_object_or_404(case_summary_queryset(), pk=case_id)
    detentions = list(case.detentions.all())
    generated_at = timezone.now().astimezone(domain.display_zone())
    if options.redacted:
        return anonymized_summary(case=case, detentions=detentions, options=options, generated_at=generated_at)
    return CaseSummary(
        reference=case.reference or "",
        status=case.get_status_display(),
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        generated_at=generated_at,
        generated_by=str(user),
        options=options,
        person=_person_block(case),
        lawyers=[_lawyer_line(lawyer) for lawyer in case.lawyers.all()],
        timeline=_timeline(case, detentions),
        claims=_claims(detentions),
        outcomes=[_outcome_row(hearing) for hearing in case.hearings.all()],
        documents=[_document_row(document) for document in case.documents.all()],
        notes=_notes(case) if options.notes else [],
        summary=case.summary,
    )


def _person_block(case: Case) -> PersonBlock:
    person = case.person
    rows = [
        (_("birth date"), person.birth_date.strftime("%d.%m.%Y") if person.birth_date else ""),
        (_("gender"), person.get_gender_display()),
        (_("region of residence"), person.region),
        (_("phone"), person.phone),
        (_("email"), person.email),
        (_("social media"), person.social_media),
        (_("passport, last 4 digits"), person.passport_last4),
        (_("journalist"), yes_no(person.is_journalist)),
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


def _timeline(case: Case, detentions: list[Detention]) -> list[TimelineEntry]:
    entries = [_detention_entry(detention) for detention in detentions]
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


def _detention_entry(detention: Detention) -> TimelineEntry:
    # The case's lawyer reads the (decrypted) home or work address here; the anonymized
    # copy is built apart (anonymized.py) and never prints a place.
    where = ", ".join(part for part in (detention.location, detention.city, detention.region) if part)
    released = detention.released_at
    details = [
        (_("place type"), detention.get_place_type_display()),
        (_("police unit"), detention.authority),
        (_("held at"), detention.held_at),
        (_("released at"), _local_datetime(released) if released else ""),
        (_("event"), event_line(detention)),
        (_("present at the event"), detention.get_present_at_event_display()),
        (_("wore a press vest"), yes_no(detention.press_vest)),
        (_("force used"), yes_no(detention.force_used)),
        (_("minor at detention"), yes_no(detention.is_minor)),
    ]
    return TimelineEntry(
        kind="detention",
        kind_label=_("detention"),
        moment=detention.detained_at,
        title=where,
        details=[(label, value) for label, value in details if value],
        text=detention.narrative,
    )


def _local_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(domain.display_zone()).strftime("%d.%m.%Y %H:%M")


def _claims(detentions: list[Detention]) -> list[ClaimRow]:
    return [
        ClaimRow(
            detained_on=domain.local_date(detention.detained_at),
            method=claim.get_method_display(),
            recognition_mode=recognition_mode_label(claim),
            system_name=claim.system_name,
            camera_location=claim.camera_location,
            footage_event=str(claim.footage_event.name) if claim.footage_event else "",
            footage_date=claim.footage_date,
            footage_lag_days=claim.footage_lag_days,
            source=claim.get_source_display(),
            reliability=claim.get_reliability_display(),
            contested=claim.contested,
            notes=claim.notes,
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


def _document_row(document) -> DocumentRow:
    return DocumentRow(
        kind=document.get_kind_display(),
        size=document.size,
        sha256=document.sha256,
        uploaded_at=document.uploaded_at,
        name=document.original_name,
        description=document.description,
    )


def _notes(case: Case) -> list[NoteRow]:
    notes = CaseNote.objects.filter(case=case).select_related("author").order_by("created_at", "pk")
    return [NoteRow(created_at=note.created_at, author=str(note.author or ""), text=note.text) for note in notes]


def get_batch_for_user(user: AnyUser, pk: object) -> CaseSummaryBatch:
    """A batch of its requester (or any, for a superuser); Http404 for everyone else."""
    return get_object_or_404(jobs_owned_by(CaseSummaryBatch.objects.all(), user, superusers_see_all=True), pk=pk)
