"""The report's filters: one form for the page, the JSON API and the exports."""

import datetime as dt
from dataclasses import asdict, dataclass

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casetracker.cases import domain
from casetracker.cases.choices import HearingOutcome, IdentificationMethod, PlaceType
from casetracker.cases.models import Detention, Event, EvidenceClaim, Hearing

FILTER_NAMES = ("date_from", "date_to", "region", "city", "event", "place_type", "method", "outcome", "publish")


TRUE_WORDS = frozenset({"1", "true", "on", "yes"})
FALSE_WORDS = frozenset({"", "0", "false", "off", "no"})


def _is_true_word(value) -> bool:
    return value is True or str(value or "").strip().lower() in TRUE_WORDS


class FlagCheckbox(forms.CheckboxInput):
    """A checkbox that hands the raw value to the field (CheckboxInput would read "0" as on)."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, check_test=_is_true_word)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    """A yes/no query parameter: "1", "true", "on", "yes" or "0", "false", "off", "no" (or absent).

    Django's BooleanField takes any non-empty string but "false" as True, so
    `?publish=0` would publish: here anything else is an error, not a guess.
    """

    widget = FlagCheckbox
    default_error_messages = {"invalid": _("Enter 1 or 0 (or true or false).")}

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def _blank_choice(choices) -> list[tuple[str, str]]:
    return [("", _("all")), *choices]


class ReportFilterForm(forms.Form):
    """Validates the query string; every field is optional and narrows the detentions."""

    date_from = forms.DateField(label=_("from"), required=False, help_text=_("Detention date, inclusive."))
    date_to = forms.DateField(label=_("to"), required=False, help_text=_("Detention date, inclusive."))
    region = forms.CharField(label=_("region"), required=False, max_length=128)
    city = forms.CharField(label=_("city"), required=False, max_length=128)
    event = forms.ModelChoiceField(label=_("event"), queryset=Event.objects.all(), required=False)
    place_type = forms.ChoiceField(label=_("place type"), choices=_blank_choice(PlaceType.choices), required=False)
    method = forms.ChoiceField(
        label=_("identification method"), choices=_blank_choice(IdentificationMethod.choices), required=False
    )
    outcome = forms.ChoiceField(
        label=_("hearing outcome"), choices=_blank_choice(HearingOutcome.choices), required=False
    )
    publish = FlagField(
        label=_("publication mode"),
        help_text=_("Hide every count below the publication threshold."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return cleaned

    def report_filters(self) -> "ReportFilters":
        """The validated filters; call only after `is_valid()` returned True."""
        data = self.cleaned_data
        event = data.get("event")
        return ReportFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            region=data.get("region") or "",
            city=data.get("city") or "",
            event_id=event.pk if event else None,
            place_type=data.get("place_type") or "",
            method=data.get("method") or "",
            outcome=data.get("outcome") or "",
            publish=bool(data.get("publish")),
        )


@dataclass(frozen=True)
class ReportFilters:
    """Validated report filters. Empty values mean "any"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    region: str = ""
    city: str = ""
    event_id: int | None = None
    place_type: str = ""
    method: str = ""
    outcome: str = ""
    publish: bool = False

    def as_query(self) -> dict[str, str]:
        """The filters as query-string values (what the form accepts back); empty ones left out."""
        values = asdict(self)
        values["event"] = values.pop("event_id")
        query = {}
        for name in FILTER_NAMES:
            value = values[name]
            if value in (None, "", False):
                continue
            query[name] = "1" if value is True else value.isoformat() if isinstance(value, dt.date) else str(value)
        return query

    @classmethod
    def from_query(cls, query: dict[str, str]) -> "ReportFilters":
        """Filters stored with `as_query()` (e.g. on an export), validated again."""
        form = ReportFilterForm(query)
        if not form.is_valid():
            raise ValueError(f"Invalid report filters: {form.errors.as_json()}")
        return form.report_filters()


@dataclass(frozen=True)
class FilterItem:
    """One filter that is set, as every output of the report lists it."""

    name: str
    label: str
    value: str


def describe_filters(filters: ReportFilters, *, threshold: int) -> list[FilterItem]:
    """Each filter set, in FILTER_NAMES order, with its label and value for people, in the
    active language; `threshold` is the publication threshold. One query if an event is set.
    """
    fields = ReportFilterForm.base_fields
    description = []
    for name, value in filters.as_query().items():
        form_field = fields[name]
        if name == "event":
            event = Event.objects.filter(pk=filters.event_id).only("name", "date").first()
            shown = f"{event.name} ({event.date:%d.%m.%Y})" if event else value
        elif name in ("date_from", "date_to"):
            shown = getattr(filters, name).strftime("%d.%m.%Y")
        elif name == "publish":
            shown = gettext("yes, counts below %(k)s are hidden") % {"k": threshold}
        elif choices := getattr(form_field, "choices", None):
            shown = str(dict(choices).get(value, value))
        else:
            shown = value
        description.append(FilterItem(name, str(form_field.label), str(shown)))
    return description


def local_day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the display time zone, as an aware moment."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=domain.display_zone())


def matching_detentions(filters: ReportFilters) -> QuerySet[Detention]:
    """Detentions the filters select. Dates are calendar days in the display time zone."""
    detentions = Detention.objects.all()
    if filters.date_from:
        detentions = detentions.filter(detained_at__gte=local_day_start(filters.date_from))
    if filters.date_to:
        detentions = detentions.filter(detained_at__lt=local_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.region:
        detentions = detentions.filter(region=filters.region)
    if filters.city:
        detentions = detentions.filter(city=filters.city)
    if filters.event_id:
        detentions = detentions.filter(event_id=filters.event_id)
    if filters.place_type:
        detentions = detentions.filter(place_type=filters.place_type)
    if filters.method:
        claims = EvidenceClaim.objects.filter(detention=OuterRef("pk"), method=filters.method)
        detentions = detentions.filter(Exists(claims))
    if filters.outcome:
        hearings = Hearing.objects.filter(case=OuterRef("case_id"), outcome=filters.outcome)
        detentions = detentions.filter(Exists(hearings))
    return detentions.order_by()
