"""The aggregate report's figures, each declared once: key, label, order, section, source.

The page, its PDF, the CSV and XLSX exports and the JSON summary's documentation all
read this catalogue, so a label is written in one place and a figure added here shows
up in every output. Order here is the order everywhere: the headline figures first,
then the breakdowns as tuples below.

Values are read from the computed report: the JSON summary's figures (`SUMMARY_KEYS`)
together with the page's extra series (`SERIES_KEYS`), one map keyed by those names.
A `path` says where in that map a figure is; it is also where the JSON summary
publishes it, when its first step is a summary key.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casetracker.cases.choices import HearingOutcome, IdentificationMethod, PlaceType

Count = int | float | None
Label = str | Promise

# The section of the headline figures: its name in the exports (a CSV `section`, an
# XLSX sheet) and its title everywhere.
HEADLINE_KEY = "totals"
HEADLINE_TITLE = _("Headline figures")
FILTERS_KEY = "filters"
FILTERS_TITLE = _("Filters")

# What a breakdown counts: the heading of its value column.
UNITS: dict[str, Label] = {
    "detentions": _("detentions"),
    "claims": _("evidence claims"),
    "hearings": _("hearings"),
    "charges": _("charges"),
}
CHART_KINDS = ("bar", "column", "time", "line")


def value_at(values: Mapping, path: tuple[str, ...]) -> Any:
    """The value at `path` in the computed figures; None where a step is missing."""
    value: Any = values
    for step in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(step)
    return value


@dataclass(frozen=True)
class HeadlineFigure:
    """One number of the headline table."""

    key: str
    label: Label
    # Where the number is in the computed figures (and in the JSON summary).
    path: tuple[str, ...]
    # The floatformat argument: whole numbers as they are, money to kopecks.
    number_format: str = "-1g"

    def value(self, values: Mapping) -> Count:
        return value_at(values, self.path)


@dataclass(frozen=True)
class Breakdown:
    """One section of counts per key (month, region, method...): a table and its chart."""

    key: str
    title: Label
    # The heading of the key column and what the values count (a UNITS name).
    key_label: Label
    unit: str
    chart: str
    # Labels of the keys when they are choice values; None when they are shown as they are
    # (months, names people typed).
    choices: type[TextChoices] | None = None
    # Rows in key order (a time axis, histogram bins) rather than by count.
    time_series: bool = False
    note: Label = ""
    # Where the counts are in the computed figures; the key itself when empty.
    path: tuple[str, ...] = ()
    # A continuous day axis for the chart: missing days are zeros, hidden days gaps.
    fill_days: bool = False
    # On the page the table is folded away behind "Show the table".
    collapsed: bool = False
    # In the PDF the table is left out (the chart stays) and `pdf_note` says where the
    # numbers are instead: a row per day ran to hundreds of printed pages.
    table_in_pdf: bool = True
    pdf_note: Label = ""

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"Unknown unit {self.unit!r} of {self.key!r}; expected one of {tuple(UNITS)}")
        if self.chart not in CHART_KINDS:
            raise ValueError(f"Unknown chart kind {self.chart!r} of {self.key!r}; expected one of {CHART_KINDS}")

    @property
    def source(self) -> tuple[str, ...]:
        return self.path or (self.key,)

    def counts(self, values: Mapping) -> Mapping[str, Count]:
        return value_at(values, self.source) or {}

    def key_name(self, key: str) -> str:
        """How a key is shown to people: its choice label, or the key itself."""
        if self.choices is None:
            return key
        return str(dict(self.choices.choices).get(key, key))


HEADLINE: tuple[HeadlineFigure, ...] = (
    HeadlineFigure("detentions", _("detentions"), ("detentions",)),
    HeadlineFigure("people", _("people detained"), ("people",)),
    HeadlineFigure("repeat_detained_people", _("people detained more than once"), ("repeat_detained_people",)),
    HeadlineFigure("cases", _("cases"), ("cases",)),
    HeadlineFigure("facial_recognition", _("detentions with facial recognition"), ("facial_recognition",)),
    HeadlineFigure(
        "delayed_identification", _("detentions identified from earlier footage"), ("delayed_identification",)
    ),
    HeadlineFigure("footage_lag_median", _("days from footage to detention, median"), ("footage_lag_days", "median")),
    HeadlineFigure("footage_lag_max", _("days from footage to detention, maximum"), ("footage_lag_days", "max")),
    HeadlineFigure("journalists", _("detentions of journalists or people in press vests"), ("journalists",)),
    HeadlineFigure("minors", _("detentions of minors"), ("minors",)),
    HeadlineFigure("fines_total", _("fines, roubles in total"), ("fines_total",), number_format="-2g"),
    HeadlineFigure("arrest_days_total", _("days of administrative arrest in total"), ("arrest_days_total",)),
)

BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown(
        "by_day",
        _("Detentions per day"),
        _("day"),
        "detentions",
        "line",
        time_series=True,
        fill_days=True,
        collapsed=True,
        table_in_pdf=False,
        pdf_note=_("The per-week and per-month tables give these numbers."),
    ),
    Breakdown("by_week", _("Detentions per week"), _("week (Monday)"), "detentions", "time", time_series=True),
    Breakdown("by_month", _("Detentions per month"), _("month"), "detentions", "time", time_series=True),
    Breakdown("by_region", _("Detentions by region"), _("region"), "detentions", "bar"),
    Breakdown("by_city", _("Detentions by city"), _("city"), "detentions", "bar"),
    Breakdown("by_place_type", _("Detentions by place type"), _("place type"), "detentions", "bar", PlaceType),
    Breakdown(
        "by_method",
        _("Detentions by identification method"),
        _("identification method"),
        "detentions",
        "bar",
        IdentificationMethod,
        note=_("A detention with claims of several methods is counted once under each."),
    ),
    Breakdown(
        "facial_recognition_by_month",
        _("Facial recognition over time"),
        _("month"),
        "detentions",
        "time",
        time_series=True,
        note=_("Detentions with at least one claim of facial recognition (metro or street)."),
    ),
    Breakdown(
        "footage_lag_histogram",
        _("Days from footage to detention"),
        _("days"),
        "claims",
        "column",
        time_series=True,
        note=_("Evidence claims whose footage is at least one day older than the detention."),
    ),
    Breakdown(
        "outcomes",
        _("Hearing outcomes"),
        _("outcome"),
        "hearings",
        "bar",
        HearingOutcome,
        note=_("Hearings of the cases of the selected detentions."),
    ),
    Breakdown(
        "top_metro_stations",
        _("Top metro stations by facial-recognition detentions"),
        _("metro station"),
        "detentions",
        "bar",
        note=_("The ten metro stations with the most detentions with a facial-recognition claim."),
    ),
    Breakdown("by_event", _("Detentions by event"), _("event"), "detentions", "bar"),
    Breakdown(
        "by_article",
        _("Charges by article"),
        _("article"),
        "charges",
        "bar",
        note=_("Charges of the cases of the selected detentions."),
    ),
)


def summary_label(*path: str) -> Label:
    """The label of the figure the JSON summary publishes at `path` ("by_month"; "footage_lag_days", "median").

    KeyError for a path no figure of the catalogue reads: every figure of the JSON
    summary is one the page shows.
    """
    for figure in HEADLINE:
        if figure.path == path:
            return figure.label
    for breakdown in BREAKDOWNS:
        if breakdown.source == path:
            return breakdown.title
    raise KeyError(path)
