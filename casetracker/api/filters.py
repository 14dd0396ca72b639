"""Query parameters of the list endpoints (django-filter).

Filters on a case's detentions, claims, hearings or lawyers are `pk IN (subquery)`
rather than joins: no duplicate rows, so no DISTINCT over every visible case, and the
subquery is served by the indexes on detentions (region/city, detained_at) and claims
(method). Encrypted fields are never filtered in SQL; a person's name and phone go
through the blind indexes (`selectors.persons_matching`: any whole word of the name, or a
phone number).
"""

import datetime as dt

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from casetracker.cases import choices, domain
from casetracker.cases.models import (
    Case,
    CaseNote,
    Charge,
    Detention,
    Document,
    Event,
    EvidenceClaim,
    Hearing,
    LegalArticle,
    Person,
)
from casetracker.cases.selectors import persons_matching
from casetracker.protected.crypto import blind_index


def start_of_local_day(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the display time zone, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=domain.display_zone())


def detained_between(queryset: QuerySet, field: str, start: dt.date | None, end: dt.date | None) -> QuerySet:
    """Rows whose `field` (an aware datetime) falls on a local date from `start` to `end`, inclusive."""
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start_of_local_day(start)})
    if end:
        # Before the next local midnight: the whole of `end` is included.
        queryset = queryset.filter(**{f"{field}__lt": start_of_local_day(end + dt.timedelta(days=1))})
    return queryset


class DateBoundFilter(filters.DateFilter):
    """A date bound on a datetime field that the FilterSet applies as a local-day range."""

    def filter(self, qs, value):
        return qs  # applied in the FilterSet's filter_queryset, with the other bound


class LocalDateRangeMixin:
    """Turns `<prefix>_from`/`<prefix>_to` dates into a range of local days on a datetime field."""

    local_date_ranges: dict[str, str] = {}

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        for prefix, field in self.local_date_ranges.items():
            queryset = detained_between(
                queryset,
                field,
                self.form.cleaned_data.get(f"{prefix}_from"),
                self.form.cleaned_data.get(f"{prefix}_to"),
            )
        return queryset


MAX_ID = 2**63 - 1


class IdFilter(filters.NumberFilter):
    """An id: a whole number (400 for "1.5" or "x", where a NumberFilter would accept decimals)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        # Ids are 64-bit: a larger number is a 400, not an overflow in the database driver.
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def phone_number_validator(value: str) -> None:
    if not blind_index.phone_search_index(value):
        raise ValidationError(_("Enter a phone number of 10 to 15 digits."), code="invalid")


class PersonFilter(filters.FilterSet):
    name = filters.CharFilter(
        method="filter_search",
        label=_(
            "Whole words of the name: persons whose name has all of them, in any order (case and “ё” ignored); "
            "names are encrypted, so part of a word finds nothing."
        ),
    )
    phone = filters.CharFilter(
        method="filter_search",
        label=_("Phone number, in any format (+7 and 8 before ten digits are the same number)."),
        validators=[phone_number_validator],
    )
    gender = filters.ChoiceFilter(choices=choices.Gender.choices)
    consent = filters.ChoiceFilter(choices=choices.Consent.choices)
    is_journalist = filters.BooleanFilter(label=_("Only journalists (true) or only others (false)."))
    region = filters.CharFilter(label=_("Region of residence (exact)."))

    class Meta:
        model = Person
        fields = ["name", "phone", "gender", "consent", "is_journalist", "region"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(pk__in=persons_matching(value).values("pk"))


class EventFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=choices.EventKind.choices)
    city = filters.CharFilter(label=_("City (exact)."))
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Events on or after this date."))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Events on or before this date."))
    search = filters.CharFilter(method="filter_search", label=_("Part of the name, city or place."))

    class Meta:
        model = Event
        fields = ["kind", "city", "date_from", "date_to", "search"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value) | Q(place__icontains=value))


class LegalArticleFilter(filters.FilterSet):
    code = filters.ChoiceFilter(choices=choices.LegalCode.choices)
    number = filters.CharFilter(label=_("Article number (exact), e.g. 20.2."))
    search = filters.CharFilter(method="filter_search", label=_("Part of the number or title."))

    class Meta:
        model = LegalArticle
        fields = ["code", "number", "search"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))


class CaseFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(
        choices=choices.CaseStatus.choices, label=_("Case status; repeat the parameter for several.")
    )
    person = IdFilter(field_name="person_id", label=_("Id of the person."))
    region = filters.CharFilter(method="filter_detention", label=_("Cases with a detention in this region (exact)."))
    city = filters.CharFilter(method="filter_detention", label=_("Cases with a detention in this city (exact)."))
    place_type = filters.ChoiceFilter(
        choices=choices.PlaceType.choices,
        method="filter_detention",
        label=_("Cases with a detention at this kind of place."),
    )
    event = IdFilter(
        field_name="event_id", method="filter_detention", label=_("Cases with a detention related to this event (id).")
    )
    method = filters.ChoiceFilter(
        choices=choices.IdentificationMethod.choices,
        method="filter_method",
        label=_("Cases with an evidence claim of this identification method."),
    )
    outcome = filters.ChoiceFilter(
        choices=choices.HearingOutcome.choices,
        method="filter_outcome",
        label=_("Cases with a hearing of this outcome."),
    )
    lawyer = IdFilter(method="filter_lawyer", label=_("Cases assigned to this user (id)."))
    detained_from = DateBoundFilter(
        label=_("Cases with a detention on or after this date (YYYY-MM-DD, in the display time zone).")
    )
    detained_to = DateBoundFilter(
        label=_("Cases with a detention on or before this date (YYYY-MM-DD, in the display time zone, inclusive).")
    )
    opened_from = filters.DateFilter(
        field_name="opened_at", lookup_expr="gte", label=_("Opened on or after this date.")
    )
    opened_to = filters.DateFilter(field_name="opened_at", lookup_expr="lte", label=_("Opened on or before this date."))
    search = filters.CharFilter(
        method="filter_search",
        label=_(
            "Part of the reference, or of a detention's place, city or event name; or the person: any whole word "
            "of the name (several words: all of them, in any order) or a phone number."
        ),
    )

    class Meta:
        model = Case
        fields = [
            "status",
            "person",
            "region",
            "city",
            "place_type",
            "event",
            "method",
            "outcome",
            "lawyer",
            "detained_from",
            "detained_to",
            "opened_from",
            "opened_to",
            "search",
        ]

    def filter_detention(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(pk__in=Detention.objects.filter(**{name: value}).values("case_id"))

    def filter_method(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(pk__in=EvidenceClaim.objects.filter(method=value).values("detention__case_id"))

    def filter_outcome(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(pk__in=Hearing.objects.filter(outcome=value).values("case_id"))

    def filter_lawyer(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(pk__in=Case.lawyers.through.objects.filter(user_id=value).values("case_id"))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        start, end = self.form.cleaned_data.get("detained_from"), self.form.cleaned_data.get("detained_to")
        if start or end:
            detentions = detained_between(Detention.objects.all(), "detained_at", start, end)
            queryset = queryset.filter(pk__in=detentions.values("case_id"))
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        detentions = Detention.objects.filter(
            Q(place__icontains=value) | Q(city__icontains=value) | Q(event__name__icontains=value)
        )
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(pk__in=detentions.values("case_id"))
            | Q(person__in=persons_matching(value).values("pk"))
        )


class DetentionFilter(LocalDateRangeMixin, filters.FilterSet):
    local_date_ranges = {"detained": "detained_at"}

    case = IdFilter(field_name="case_id", label=_("Id of the case."))
    region = filters.CharFilter(label=_("Region (exact)."))
    city = filters.CharFilter(label=_("City (exact)."))
    place_type = filters.ChoiceFilter(choices=choices.PlaceType.choices)
    event = IdFilter(field_name="event_id", label=_("Id of the event."))
    present_at_event = filters.ChoiceFilter(choices=choices.PresentAtEvent.choices)
    method = filters.ChoiceFilter(
        choices=choices.IdentificationMethod.choices,
        method="filter_method",
        label=_("Detentions with an evidence claim of this identification method."),
    )
    is_minor = filters.BooleanFilter(label=_("Detentions of minors (true) or of adults (false)."))
    press_vest = filters.BooleanFilter(label=_("Detentions of people in a press vest (true) or without (false)."))
    detained_from = DateBoundFilter(label=_("Detained on or after this date (YYYY-MM-DD, in the display time zone)."))
    detained_to = DateBoundFilter(
        label=_("Detained on or before this date (YYYY-MM-DD, in the display time zone, inclusive).")
    )

    class Meta:
        model = Detention
        fields = [
            "case",
            "region",
            "city",
            "place_type",
            "event",
            "present_at_event",
            "method",
            "is_minor",
            "press_vest",
            "detained_from",
            "detained_to",
        ]

    def filter_method(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(pk__in=EvidenceClaim.objects.filter(method=value).values("detention_id"))


class EvidenceClaimFilter(filters.FilterSet):
    case = IdFilter(field_name="detention__case_id", label=_("Id of the case."))
    detention = IdFilter(field_name="detention_id", label=_("Id of the detention."))
    method = filters.ChoiceFilter(choices=choices.IdentificationMethod.choices)
    recognition_mode = filters.ChoiceFilter(choices=choices.RecognitionMode.choices)
    source = filters.ChoiceFilter(choices=choices.ClaimSource.choices)
    reliability = filters.ChoiceFilter(choices=choices.Reliability.choices)
    contested = filters.BooleanFilter(label=_("Claims the defence contests (true) or not (false)."))
    footage_event = IdFilter(field_name="footage_event_id", label=_("Id of the event."))

    class Meta:
        model = EvidenceClaim
        fields = [
            "case",
            "detention",
            "method",
            "recognition_mode",
            "source",
            "reliability",
            "contested",
            "footage_event",
        ]


class ChargeFilter(filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Id of the case."))
    article = IdFilter(field_name="article_id", label=_("Id of the legal article."))

    class Meta:
        model = Charge
        fields = ["case", "article"]


class HearingFilter(filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Id of the case."))
    outcome = filters.ChoiceFilter(choices=choices.HearingOutcome.choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Hearings on or after this date."))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Hearings on or before this date."))

    class Meta:
        model = Hearing
        fields = ["case", "outcome", "date_from", "date_to"]


class DocumentFilter(filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Id of the case."))
    kind = filters.ChoiceFilter(choices=choices.DocumentKind.choices)

    class Meta:
        model = Document
        fields = ["case", "kind"]


class CaseNoteFilter(filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Id of the case."))

    class Meta:
        model = CaseNote
        fields = ["case"]
