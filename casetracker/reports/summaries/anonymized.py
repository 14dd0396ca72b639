"""The anonymized copy of a case summary: the one a lawyer may hand to a journalist.

Naming no one is not enough: the exact time and metro station of a detention, read
next to a press report ("detained at 14:37 at Trubnaya"), point to one person, and so
do the police unit, the court and judge with the hearing date (courts publish their
schedules by date and article, with names), the lawyer, the case reference and the
documents' hashes. So this copy keeps only what tells the story of how the police
identified someone, and what many detainees share:

Kept: a pseudonym ("Person A"); minor at detention and journalist (yes/no/unknown);
the case status; per detention its date (no time), city and place type, the rally it
relates to (name and date: public), present at the event, press vest, force used;
per evidence claim the method, recognition mode, rally whose footage was matched,
days from footage to detention, source, reliability and whether it is contested; the
charged articles; per hearing, in order, the outcome, fine and days of arrest; the
kinds of documents; the date the copy was made and its own copy label.

Left out: the name, birth date, gender, region, contacts, passport digits and consent;
the case reference (in the file name too), its opening and closing dates, the lawyers
and who made the copy; the detention's time, place (station or address), region,
police unit, place of holding, release time and narrative; the claim's system name and
notes (free text that may name anything), camera location and footage date; the
dates of charges and hearings, the court, the judge, the date a decision was received
and the appeal deadline; the documents' names, descriptions, sizes, hashes and upload
dates (a size or a hash matches the file wherever it turns up); the case summary and
the notes.

Days from footage to detention, with the date of detention, give the day of the
footage: kept, because that lag is the finding (recognised from a rally's footage days
later), and the footage is in the usual case that of a public rally.

The copy label is random for every rendering (`copy_label_new`), so two copies of one
case cannot be matched; the audit trail records which label went to whom, so the NGO
can tell which copy leaked.
"""

import datetime as dt

from django.utils.translation import gettext as _

from casetracker.cases import domain
from casetracker.cases.models import Case, Detention
from casetracker.reports.summaries.summary_types import (
    CaseSummary,
    ClaimRow,
    DocumentRow,
    OutcomeRow,
    PersonBlock,
    SummaryOptions,
    TimelineEntry,
    event_line,
    recognition_mode_label,
    timeline_sort_key,
    yes_no,
)


def anonymized_summary(
    *, case: Case, detentions: list[Detention], options: SummaryOptions, generated_at: dt.datetime
) -> CaseSummary:
    """The anonymized copy of `case` (prefetched by `case_summary_queryset`); see the module for the rule."""
    if not options.redacted or not options.copy_label:
        raise ValueError("The anonymized copy needs SummaryOptions(redacted=True), which carries its copy label.")
    return CaseSummary(
        reference="",
        status=case.get_status_display(),
        opened_at=None,
        closed_at=None,
        generated_at=generated_at.date(),  # the day is enough; a time would only add a trace
        generated_by="",
        options=options,
        person=_person_block(case, detentions),
        lawyers=[],
        timeline=_timeline(case, detentions),
        claims=_claims(detentions),
        outcomes=[_outcome_row(hearing) for hearing in case.hearings.all()],
        documents=[_document_row(document) for document in case.documents.all()],
        notes=[],
        summary="",
    )


def _person_block(case: Case, detentions: list[Detention]) -> PersonBlock:
    # Minor at any of the detentions: an age, even a band, narrows the person down more.
    minor_flags = {detention.is_minor for detention in detentions}
    minor = True if True in minor_flags else (False if minor_flags == {False} else None)
    return PersonBlock(
        name=_("Person A"),
        pseudonymised=True,
        fields=[
            (_("minor at detention"), yes_no(minor)),
            (_("journalist"), yes_no(case.person.is_journalist)),
        ],
    )


def _timeline(case: Case, detentions: list[Detention]) -> list[TimelineEntry]:
    # Sorted by the real moments, which are then dropped: the order is kept, not the dates.
    keyed = [
        (timeline_sort_key("detention", detention.detained_at), _detention_entry(detention)) for detention in detentions
    ]
    keyed += [
        (
            timeline_sort_key("charge", charge.filed_at),
            TimelineEntry(
                kind="charge",
                kind_label=_("charge"),
                moment=None,
                title=str(charge.article),
                details=[(_("title"), charge.article.title)] if charge.article.title else [],
                date_withheld=True,
            ),
        )
        for charge in case.charges.all()
    ]
    keyed += [
        (
            timeline_sort_key("hearing", hearing.date),
            TimelineEntry(
                kind="hearing",
                kind_label=_("hearing"),
                moment=None,
                title=hearing.get_outcome_display(),
                date_withheld=True,
            ),
        )
        for hearing in case.hearings.all()
    ]
    return [entry for _key, entry in sorted(keyed, key=lambda pair: pair[0])]


def _detention_entry(detention: Detention) -> TimelineEntry:
    details = [
        (_("place type"), detention.get_place_type_display()),
        (_("event"), event_line(detention)),
        (_("present at the event"), detention.get_present_at_event_display()),
        (_("wore a press vest"), yes_no(detention.press_vest)),
        (_("force used"), yes_no(detention.force_used)),
        (_("minor at detention"), yes_no(detention.is_minor)),
    ]
    return TimelineEntry(
        kind="detention",
        kind_label=_("detention"),
        # The calendar day where it happened; the time of day is what identifies.
        moment=domain.local_date(detention.detained_at),
        title=detention.city,
        details=[(label, value) for label, value in details if value],
    )


def _claims(detentions: list[Detention]) -> list[ClaimRow]:
    return [
        ClaimRow(
            detained_on=domain.local_date(detention.detained_at),
            method=claim.get_method_display(),
            recognition_mode=recognition_mode_label(claim),
            system_name="",
            camera_location="",
            footage_event=str(claim.footage_event.name) if claim.footage_event else "",
            footage_date=None,
            footage_lag_days=claim.footage_lag_days,
            source=claim.get_source_display(),
            reliability=claim.get_reliability_display(),
            contested=claim.contested,
            notes="",
        )
        for detention in detentions
        for claim in detention.evidence_claims.all()
    ]


def _outcome_row(hearing) -> OutcomeRow:
    return OutcomeRow(
        date=None,
        court="",
        judge="",
        outcome=hearing.get_outcome_display(),
        fine_amount=hearing.fine_amount,
        arrest_days=hearing.arrest_days,
        decision_received_on=None,
        appeal_deadline=None,
    )


def _document_row(document) -> DocumentRow:
    return DocumentRow(
        kind=document.get_kind_display(), size=None, sha256="", uploaded_at=None, name="", description=""
    )
