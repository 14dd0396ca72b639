"""Change-list filters whose choices come only from cases the user may see.

Django's stock filters list every distinct value in the table; for a lawyer that would
reveal the places and colleagues of cases that must not exist for them.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.cases.choices import HearingOutcome, IdentificationMethod, PlaceType
from casetracker.cases.models import Detention, Event
from casetracker.cases.selectors import cases_visible_to


class ChoiceFilter(admin.SimpleListFilter):
    """Filter cases on a related field with fixed choices."""

    lookup: str = ""
    options: list[tuple[str, str]] = []

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return self.options

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(**{self.lookup: self.value()}).distinct()
        return queryset


def visible_detention_places(request: HttpRequest) -> list[tuple[str, str]]:
    """The distinct (region, city) pairs of the user's visible detentions, read once per request."""
    if not hasattr(request, "_visible_detention_places"):
        request._visible_detention_places = list(
            Detention.objects.filter(case__in=cases_visible_to(request.user))
            .order_by()
            .values_list("region", "city")
            .distinct()
        )
    return request._visible_detention_places


class VisibleDetentionValueFilter(admin.SimpleListFilter):
    """Filter cases on a free-text detention field, offering only values of visible cases."""

    field: str = ""

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        # The region and city filters share one query.
        position = ("region", "city").index(self.field)
        values = sorted({place[position] for place in visible_detention_places(request) if place[position]})
        return [(value, value) for value in values]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(**{f"detentions__{self.field}": self.value()}).distinct()
        return queryset


class RegionFilter(VisibleDetentionValueFilter):
    title = _("region")
    parameter_name = "region"
    field = "region"


class CityFilter(VisibleDetentionValueFilter):
    title = _("city")
    parameter_name = "city"
    field = "city"


class PlaceTypeFilter(ChoiceFilter):
    title = _("place type")
    parameter_name = "place_type"
    lookup = "detentions__place_type"
    options = PlaceType.choices


class MethodFilter(ChoiceFilter):
    title = _("identification method")
    parameter_name = "method"
    lookup = "detentions__evidence_claims__method"
    options = IdentificationMethod.choices


class OutcomeFilter(ChoiceFilter):
    title = _("outcome")
    parameter_name = "outcome"
    lookup = "hearings__outcome"
    options = HearingOutcome.choices


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        # Events are reference data, but list only those with a visible detention.
        events = Event.objects.filter(detentions__case__in=cases_visible_to(request.user)).distinct()
        return [(str(event.pk), str(event)) for event in events.order_by("-date", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() and self.value().isdigit():
            return queryset.filter(detentions__event_id=int(self.value())).distinct()
        return queryset


class LawyerFilter(admin.SimpleListFilter):
    title = _("lawyer")
    parameter_name = "lawyer"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        lawyers = User.objects.filter(assigned_cases__in=cases_visible_to(request.user)).distinct()
        return [(str(user.pk), str(user)) for user in lawyers]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() and self.value().isdigit():
            return queryset.filter(lawyers__pk=int(self.value())).distinct()
        return queryset
