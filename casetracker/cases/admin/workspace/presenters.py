"""The records of a case as the case page reads them: titles and (label, value) facts, as HTML.

The page shows every record of a case on every view, and a template node per fact of
each record made the page five times slower than the pages around it. So each record
is put together here once per request (labels and choices translated once, dates
written as the language's inputs write them) and written out as HTML by `RecordWriter`,
which escapes every value it is given (`_e`, the standard library's `html.escape`:
Django's escaping helpers cost more than the rest of a record); the template lays out
the sections around it. Built from a case loaded by
`casetracker.cases.workspace.case_for_workspace`: no query here.
"""

import datetime as dt
from dataclasses import dataclass, field
from html import escape as _e

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from casetracker.cases.admin.workspace.kinds import RECORD_KINDS
from casetracker.cases.display import date_input_format, date_label, datetime_label
from casetracker.cases.models import Case, CaseNote, Charge, Detention, Document, EvidenceClaim, Hearing
from casetracker.cases.workspace import TimelineEntry, hearing_facts

LABELS = {
    "where": _("Where"),
    "police": _("Police"),
    "held_at": _("held at"),
    "released": _("Released"),
    "not_recorded": _("not recorded"),
    "event": _("Event"),
    "present": _("present"),
    "minor": _("Minor at detention"),
    "minor_unknown": _("unknown (no birth date)"),
    "yes": _("yes"),
    "no": _("no"),
    "also": _("Also"),
    "press_vest": _("wore a press vest"),
    "force_used": _("force used"),
    "narrative": _("Narrative"),
    "recognition": _("Recognition"),
    "camera": _("camera"),
    "footage": _("Footage"),
    "source": _("Source"),
    "notes": _("Notes"),
    "contested": _("contested"),
    "filed_on": _("Filed on"),
    "judge": _("Judge"),
    "outcome": _("Outcome"),
    "undecided": _("not decided yet"),
    "received": _("Decision received"),
    "file": _("file"),
    "description": _("Description"),
    "uploaded": _("Uploaded"),
    "integrity": _("Integrity"),
    "verified": _("verified"),
    "changed": _("the stored file has changed"),
    "edit": _("Edit"),
    "delete": _("Delete"),
    "delete_question": _("Delete this record? This cannot be undone."),
    "claims": _("Evidence claims"),
    "no_claims": _("No evidence claim recorded."),
}


class Words(dict):
    """The page's labels (`LABELS`) and the models' choice labels, each translated once per request."""

    def __init__(self) -> None:
        super().__init__((key, str(value)) for key, value in LABELS.items())
        self._choices: dict[tuple, dict] = {}
        self._date_format = date_input_format()  # looked up once for the page's many dates

    def date(self, value: dt.date) -> str:
        """A date as the language's date inputs write it."""
        return date_label(value, self._date_format)

    def datetime(self, value: dt.datetime) -> str:
        """A moment in the current time zone, with hours and minutes."""
        return datetime_label(value, self._date_format)

    def choice(self, record, field_name: str) -> str:
        """The label of `record`'s value of a field with choices (its `get_<field>_display()`)."""
        key = (type(record), field_name)
        labels = self._choices.get(key)
        if labels is None:
            field = record._meta.get_field(field_name)
            labels = self._choices[key] = {value: str(label) for value, label in field.flatchoices}
        value = getattr(record, field_name)
        return labels.get(value, value)


@dataclass(slots=True)
class RecordView:
    """One record as text: what the page shows, and where its form is."""

    kind: str  # the record kind's slug (casetracker.cases.admin.workspace.kinds)
    pk: int
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    text_label: str = ""
    text: str = ""  # a long text (narrative, note), shown with its line breaks
    flag: str = ""  # a warning shown after the title ("contested")
    link: str = ""  # the title links here (a document's download)
    claims: list["RecordView"] | None = None  # a detention's evidence claims

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def path(self) -> str:
        """The record's form, relative to the case's `records/` URL."""
        return f"{self.kind}/{self.pk}/"


@dataclass(slots=True)
class SectionView:
    slug: str  # the section's id on the page
    title: str
    records: list[RecordView]
    html: SafeString  # the records, written out
    empty: str
    add_label: str
    add_path: str  # relative to the case's `records/` URL


def _roubles(amount) -> str:
    """An amount as the language writes money: 15,000 ₽ in English, 15 000 ₽ in Russian."""
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)} ₽"


def _claim(claim: EvidenceClaim, label: Words) -> RecordView:
    title = label.choice(claim, "method")
    if claim.system_name:
        title = f"{title} · {claim.system_name}"
    recognition = str(label.choice(claim, "recognition_mode"))
    if claim.camera_location:
        recognition = f"{recognition}; {label['camera']}: {claim.camera_location}"
    facts = [(label["recognition"], recognition)]
    if claim.footage_event_id or claim.footage_date:
        footage = [str(claim.footage_event)] if claim.footage_event_id else []
        if claim.footage_date:
            footage.append(f"({label.date(claim.footage_date)})")
        footage_text = " ".join(footage)
        if claim.footage_lag_days is not None:
            lag = ngettext(
                "%(days)d day before the detention", "%(days)d days before the detention", claim.footage_lag_days
            ) % {"days": claim.footage_lag_days}
            footage_text = f"{footage_text}; {lag}"
        facts.append((label["footage"], footage_text))
    facts.append((label["source"], f"{label.choice(claim, 'source')}, {label.choice(claim, 'reliability')}"))
    return RecordView(
        "claim",
        claim.pk,
        title,
        facts,
        text_label=label["notes"],
        text=claim.notes,
        flag=label["contested"] if claim.contested else "",
    )


def _detention(detention: Detention, label: Words) -> RecordView:
    title = f"{label.datetime(detention.detained_at)} · {label.choice(detention, 'place_type')}"
    if detention.location:
        title = f"{title}: {detention.location}"
    facts = [(label["where"], f"{detention.city}, {detention.region}")]
    police = [detention.authority] if detention.authority else []
    if detention.held_at:
        police.append(f"{label['held_at']} {detention.held_at}")
    if police:
        facts.append((label["police"], "; ".join(police)))
    released = label.datetime(detention.released_at) if detention.released_at else label["not_recorded"]
    facts.append((label["released"], released))
    if detention.event_id:
        present = label.choice(detention, "present_at_event")
        facts.append((label["event"], f"{detention.event} ({label['present']}: {present})"))
    if detention.is_minor is None:
        minor = label["minor_unknown"]
    else:
        minor = label["yes"] if detention.is_minor else label["no"]
    facts.append((label["minor"], minor))
    also = [label[name] for name in ("press_vest", "force_used") if getattr(detention, name)]
    if also:
        facts.append((label["also"], "; ".join(also)))
    claims = [_claim(claim, label) for claim in detention.evidence_claims.all()]
    return RecordView(
        "detention",
        detention.pk,
        title,
        facts,
        text_label=label["narrative"],
        text=detention.narrative,
        claims=claims,
    )


def _charge(charge: Charge, label: Words) -> RecordView:
    facts = [(label["filed_on"], label.date(charge.filed_at))] if charge.filed_at else []
    return RecordView("charge", charge.pk, str(charge.article), facts)


def _hearing(hearing: Hearing, label: Words) -> RecordView:
    facts = [(label["judge"], hearing.judge)] if hearing.judge else []
    if hearing.outcome:
        outcome = str(label.choice(hearing, "outcome"))
        if hearing.fine_amount is not None:
            outcome = f"{outcome}: {_roubles(hearing.fine_amount)}"
        if hearing.arrest_days is not None:
            days = ngettext("%(days)d day", "%(days)d days", hearing.arrest_days) % {"days": hearing.arrest_days}
            outcome = f"{outcome}: {days}"
    else:
        outcome = label["undecided"]
    facts.append((label["outcome"], outcome))
    if hearing.decision_received_on:
        facts.append((label["received"], label.date(hearing.decision_received_on)))
    facts.extend(hearing_facts(hearing))
    return RecordView("hearing", hearing.pk, f"{label.date(hearing.date)} · {hearing.court}", facts)


def _document(document: Document, label: Words, downloads_url: str) -> RecordView:
    facts = [(label["description"], document.description)] if document.description else []
    uploaded = label.datetime(document.uploaded_at)
    if document.uploaded_by_id:
        uploaded = f"{uploaded}, {document.uploaded_by}"
    facts.append((label["uploaded"], f"{uploaded}; {filesizeformat(document.size)}"))
    facts.append(("SHA-256", document.sha256))
    if document.integrity_ok is not None:
        facts.append((label["integrity"], label["verified"] if document.integrity_ok else label["changed"]))
    return RecordView(
        "document",
        document.pk,
        f"{label.choice(document, 'kind')}: {document.original_name or label['file']}",
        facts,
        link=f"{downloads_url}{document.pk}/download/",
        flag=label["changed"] if document.integrity_ok is False else "",
    )


def _note(note: CaseNote, label: Words) -> RecordView:
    title = label.datetime(note.created_at)
    if note.author_id:
        title = f"{title} · {note.author}"
    return RecordView("note", note.pk, title, text=note.text)


def _text_html(text: str) -> str:
    """A long text, escaped, with its line breaks kept (as the `linebreaksbr` filter does)."""
    return _e(text.replace("\r\n", "\n")).replace("\n", "<br>")


class RecordWriter:
    """Writes records as the page's HTML: an <article> each, with its edit links if the user may edit."""

    def __init__(self, *, label: Words, records_url: str, can_edit: bool) -> None:
        self.label = label
        self.records_url = records_url
        self.can_edit = can_edit

    def tools(self, record: RecordView) -> str:
        if not self.can_edit:
            return ""
        url = _e(f"{self.records_url}{record.path}")
        return (
            f'<p class="ct-record-tools"><a data-record-form href="{url}">{_e(self.label["edit"])}</a> '
            f'<a class="deletelink" data-record-delete data-confirm="{_e(self.label["delete_question"])}" '
            f'href="{url}delete/">{_e(self.label["delete"])}</a></p>'
        )

    def article(self, record: RecordView, *, heading: str = "h3") -> str:
        title = _e(record.title)
        if record.link:
            title = f'<a href="{_e(record.link)}">{title}</a>'
        if record.flag:
            title = f'{title} · <span class="ct-flag">{_e(record.flag)}</span>'
        parts = [f'<article class="ct-record" id="{record.anchor}" data-record>', self.tools(record)]
        parts.append(f"<{heading}>{title}</{heading}>")
        if record.facts:
            parts.append('<dl class="ct-facts">')
            for name, value in record.facts:
                parts.append(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>")
            parts.append("</dl>")
        if record.text:
            if record.text_label:
                parts.append(f'<p class="ct-text-label">{_e(record.text_label)}</p>')
            parts.append(f'<div class="ct-text">{_text_html(record.text)}</div>')
        if record.claims is not None:
            parts.append(self.claims(record))
        parts.append("</article>")
        return "".join(parts)

    def claims(self, detention: RecordView) -> str:
        listed = "".join(self.article(claim, heading="h4") for claim in detention.claims)
        if not detention.claims:
            listed = f'<p class="ct-empty">{_e(self.label["no_claims"])}</p>'
        add = ""
        if self.can_edit:
            add_url = _e(f"{self.records_url}claim/add/?detention={detention.pk}")
            add_label = _e(str(RECORD_KINDS["claim"].add_label))
            add = (
                f'<p class="ct-actions"><a class="button ct-add" data-record-form href="{add_url}">{add_label}</a></p>'
            )
        return (
            f'<div class="ct-claims"><h4>{_e(self.label["claims"])} ({len(detention.claims)})</h4>'
            f'<div class="ct-records" data-records="claims-{detention.pk}">{listed}</div>{add}</div>'
        )

    def records(self, records: list[RecordView]) -> SafeString:
        """The records' articles; every value in them went through `_e`."""
        return mark_safe("".join(self.article(record) for record in records))  # noqa: S308


def timeline_html(entries: list[TimelineEntry]) -> SafeString:
    """The timeline's entries as list items, each linking to its record on the page."""
    date_format = date_input_format()
    labels: dict = {}  # each label translated once (by identity: a lazy label's hash translates it)
    items = []
    for entry in entries:
        if id(entry.label) not in labels:
            labels[id(entry.label)] = _e(str(entry.label))
        when = date_label(entry.day, date_format)
        if entry.time:
            when = f"{when} {entry.time:%H:%M}"
        text = f": {_e(str(entry.text))}" if entry.text else ""
        items.append(
            f'<li class="ct-timeline-{entry.state or "event"}"><span class="ct-when">{when}</span> '
            f'<a href="#{_e(entry.anchor)}">{labels[id(entry.label)]}</a>{text}</li>'
        )
    return mark_safe("".join(items))  # noqa: S308 (every value went through _e)


# (record kind, section title, text when empty, presenter); the section's id is the kind's
# section, which is also the case's related name of its records.
SECTIONS = (
    ("detention", _("Detentions"), _("No detention recorded."), _detention),
    ("charge", _("Charges"), _("No charge recorded."), _charge),
    ("hearing", _("Hearings"), _("No hearing recorded."), _hearing),
    ("document", _("Documents"), _("No document uploaded."), _document),
    ("note", _("Notes"), _("No note yet."), _note),
)


def case_sections(case: Case, *, records_url: str, downloads_url: str, can_edit: bool) -> list[SectionView]:
    """The sections of the case page, in order, with their records written out."""
    label = Words()
    writer = RecordWriter(label=label, records_url=records_url, can_edit=can_edit)
    sections = []
    for kind, title, empty, present in SECTIONS:
        section = RECORD_KINDS[kind].section
        extra = (downloads_url,) if present is _document else ()
        records = [present(record, label, *extra) for record in getattr(case, section).all()]
        add_label = RECORD_KINDS[kind].add_label
        sections.append(SectionView(section, title, records, writer.records(records), empty, add_label, f"{kind}/add/"))
    return sections
