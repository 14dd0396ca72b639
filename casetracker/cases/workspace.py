"""What the case page shows: a case with all its records in a fixed number of queries, and its timeline.

Nothing here renders or edits: the case admin's workspace (`cases/admin/workspace/`)
turns it into the page. Other apps add entries to the timeline (deadlines, filings) by
registering a source from their `AppConfig.ready()`; `cases` imports none of them.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.policy import AnyUser
from casetracker.cases.models import Case, CaseNote, Charge, Detention, Document, EvidenceClaim, Hearing
from casetracker.cases.selectors import cases_visible_to


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a case's timeline: when, what, and where on the page the record is."""

    day: dt.date
    time: dt.time | None  # None: the record has a date only
    label: str | Promise
    text: str
    anchor: str  # the id of the record on the case page ("" if it has none)
    state: str = ""  # a CSS hint: "done", "overdue", ...

    @property
    def sort_key(self) -> tuple:
        return (self.day, self.time or dt.time.min)


# The kinds of entry, as the timeline names them.
DETAINED = _("Detained")
RELEASED = _("Released")
CHARGED = _("Charged")
HEARING = _("Hearing")
DECISION_RECEIVED = _("Decision received")
DOCUMENT = _("Document")
NOTE = _("Note")


TimelineSource = Callable[[Case], Iterable[TimelineEntry]]
TIMELINE_SOURCES: list[TimelineSource] = []
# What other apps load with each hearing (prefetch lookups) and show under it.
HEARING_PREFETCHES: list = []
HearingFacts = Callable[[Hearing], Iterable[tuple[str, str]]]
HEARING_FACT_SOURCES: list[HearingFacts] = []


def case_timeline_source_register(source: TimelineSource) -> None:
    """Add `source(case)` (entries of a case loaded by `case_for_workspace`) to every timeline."""
    if source not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(source)


def case_hearing_extension_register(*, prefetch, facts: HearingFacts) -> None:
    """Load `prefetch` (a lookup or Prefetch on Hearing) with every hearing of the case page,
    and show `facts(hearing)` ((label, text) pairs, no query) under each hearing."""
    if facts not in HEARING_FACT_SOURCES:
        HEARING_PREFETCHES.append(prefetch)
        HEARING_FACT_SOURCES.append(facts)


def hearing_facts(hearing: Hearing) -> list[tuple[str, str]]:
    """What the registered apps show under `hearing` (loaded by `case_for_workspace`)."""
    return [fact for source in HEARING_FACT_SOURCES for fact in source(hearing)]


def case_for_workspace(user: AnyUser, pk: object) -> Case | None:
    """The case `pk` if `user` may see it, with its person, lawyers and every record prefetched, or None."""
    claims = EvidenceClaim.objects.select_related("footage_event").order_by("pk")
    return (
        cases_visible_to(user)
        .select_related("person")
        .prefetch_related(
            "lawyers",
            Prefetch(
                "detentions",
                queryset=Detention.objects.select_related("event")
                .prefetch_related(Prefetch("evidence_claims", queryset=claims))
                .order_by("detained_at", "pk"),
            ),
            Prefetch("charges", queryset=Charge.objects.select_related("article").order_by("filed_at", "pk")),
            Prefetch("hearings", queryset=Hearing.objects.order_by("date", "pk").prefetch_related(*HEARING_PREFETCHES)),
            Prefetch(
                "documents", queryset=Document.objects.select_related("uploaded_by").order_by("uploaded_at", "pk")
            ),
            Prefetch("notes", queryset=CaseNote.objects.select_related("author").order_by("created_at", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


def _at(value: dt.datetime) -> tuple[dt.date, dt.time]:
    local = timezone.localtime(value)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _record_entries(case: Case) -> Iterable[TimelineEntry]:
    for detention in case.detentions.all():
        day, time = _at(detention.detained_at)
        yield TimelineEntry(day, time, DETAINED, detention.location, f"detention-{detention.pk}")
        if detention.released_at:
            day, time = _at(detention.released_at)
            yield TimelineEntry(day, time, RELEASED, detention.held_at, f"detention-{detention.pk}")
    for charge in case.charges.all():
        if charge.filed_at:
            yield TimelineEntry(charge.filed_at, None, CHARGED, str(charge.article), f"charge-{charge.pk}")
    for hearing in case.hearings.all():
        outcome = hearing.get_outcome_display()
        text = f"{hearing.court}: {outcome}" if outcome else hearing.court
        yield TimelineEntry(hearing.date, None, HEARING, text, f"hearing-{hearing.pk}")
        if hearing.decision_received_on:
            yield TimelineEntry(
                hearing.decision_received_on, None, DECISION_RECEIVED, hearing.court, f"hearing-{hearing.pk}"
            )
    for document in case.documents.all():
        day, time = _at(document.uploaded_at)
        yield TimelineEntry(day, time, DOCUMENT, document.get_kind_display(), f"document-{document.pk}")
    for note in case.notes.all():
        day, time = _at(note.created_at)
        yield TimelineEntry(day, time, NOTE, str(note.author or ""), f"note-{note.pk}")


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every dated event of `case` (loaded by `case_for_workspace`), oldest first; no query of its own."""
    entries = list(_record_entries(case))
    for source in TIMELINE_SOURCES:
        entries.extend(source(case))
    return sorted(entries, key=lambda entry: entry.sort_key)
