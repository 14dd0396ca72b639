"""The report as the page and the PDF show it: headline figures, then sections of
(table rows, chart), all in the active language, publication mode applied.

Built from `summary_figures` (the JSON summary's figures) and `report_series` (the
page's extra series): a fixed number of queries. Only aggregates reach this module;
the rows below are labels and counts, never a detention.
"""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casetracker.cases.choices import HearingOutcome, IdentificationMethod, PlaceType
from casetracker.cases.models import Event
from casetracker.reports.statistics import charts
from casetracker.reports.statistics.filters import ReportFilterForm, ReportFilters
from casetracker.reports.statistics.series import fill_days, publish_series, report_series
from casetracker.reports.statistics.summary import publication_threshold, summary_figures, suppress_small_counts

Count = int | float | None


@dataclass(frozen=True)
class Figure:
    """A headline figure. `value` is None when hidden by publication mode (`suppressed`)
    or when there is nothing to compute it from (a median of no claims)."""

    key: str
    label: str
    value: Count
    suppressed: bool = False
    # The floatformat argument: whole numbers as they are, a median to one decimal,
    # money to kopecks.
    number_format: str = "-1g"


@dataclass(frozen=True)
class Row:
    label: str
    value: Count


@dataclass
class Section:
    """One breakdown: its table rows and its chart (a data: URI, None when there is no data)."""

    key: str
    title: str
    key_label: str
    value_label: str
    rows: list[Row]
    chart: str | None = None
    note: str = ""
    collapsed: bool = False

    @property
    def hidden_rows(self) -> int:
        return sum(1 for row in self.rows if row.value is None)


@dataclass
class Report:
    filters: ReportFilters
    filter_description: list[tuple[str, str]]
    headline: list[Figure]
    sections: list[Section]
    publish: bool
    threshold: int
    generated_at: dt.datetime | None = None
    any_suppressed: bool = field(default=False)


def _choice_label(choices) -> Callable[[str], str]:
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value))


def _identity(value: str) -> str:
    return value


# (key, title, key column, value column, chart kind, label of keys, time series?)
# Titles are lazy: they are read in the language active when the report is built.
SECTIONS = (
    ("by_day", gettext_lazy("Detentions per day"), gettext_lazy("day"), "detentions", "line", None, True),
    ("by_week", gettext_lazy("Detentions per week"), gettext_lazy("week (Monday)"), "detentions", "time", None, True),
    ("by_month", gettext_lazy("Detentions per month"), gettext_lazy("month"), "detentions", "time", None, True),
    ("by_region", gettext_lazy("Detentions by region"), gettext_lazy("region"), "detentions", "bar", None, False),
    ("by_city", gettext_lazy("Detentions by city"), gettext_lazy("city"), "detentions", "bar", None, False),
    (
        "by_place_type",
        gettext_lazy("Detentions by place type"),
        gettext_lazy("place type"),
        "detentions",
        "bar",
        PlaceType,
        False,
    ),
    (
        "by_method",
        gettext_lazy("Detentions by identification method"),
        gettext_lazy("identification method"),
        "detentions",
        "bar",
        IdentificationMethod,
        False,
    ),
    (
        "facial_recognition_by_month",
        gettext_lazy("Facial recognition over time"),
        gettext_lazy("month"),
        "detentions",
        "time",
        None,
        True,
    ),
    (
        "footage_lag_histogram",
        gettext_lazy("Days from footage to detention"),
        gettext_lazy("days"),
        "claims",
        "column",
        None,
        True,
    ),
    ("outcomes", gettext_lazy("Hearing outcomes"), gettext_lazy("outcome"), "hearings", "bar", HearingOutcome, False),
    (
        "top_metro_stations",
        gettext_lazy("Top metro stations by facial-recognition detentions"),
        gettext_lazy("metro station"),
        "detentions",
        "bar",
        None,
        False,
    ),
    ("by_event", gettext_lazy("Detentions by event"), gettext_lazy("event"), "detentions", "bar", None, False),
    ("by_article", gettext_lazy("Charges by article"), gettext_lazy("article"), "charges", "bar", None, False),
)

NOTES = {
    "by_method": gettext_lazy("A detention with claims of several methods is counted once under each."),
    "facial_recognition_by_month": gettext_lazy(
        "Detentions with at least one claim of facial recognition (metro or street)."
    ),
    "footage_lag_histogram": gettext_lazy(
        "Evidence claims whose footage is at least one day older than the detention."
    ),
    "outcomes": gettext_lazy("Hearings of the cases of the selected detentions."),
    "top_metro_stations": gettext_lazy(
        "The ten metro stations with the most detentions with a facial-recognition claim."
    ),
    "by_article": gettext_lazy("Charges of the cases of the selected detentions."),
}


def _value_label(unit: str) -> str:
    return {
        "detentions": _("detentions"),
        "claims": _("evidence claims"),
        "hearings": _("hearings"),
        "charges": _("charges"),
    }[unit]


def _headline(values: dict, raw: dict, publish: bool) -> list[Figure]:
    lag, raw_lag = values["footage_lag_days"], raw["footage_lag_days"]
    items = [
        ("detentions", _("detentions"), values["detentions"], raw["detentions"]),
        ("people", _("people detained"), values["people"], raw["people"]),
        ("repeat_detained_people", _("people detained twice or more"), values["repeat_detained_people"],
         raw["repeat_detained_people"]),
        ("cases", _("cases"), values["cases"], raw["cases"]),
        ("facial_recognition", _("detentions with facial recognition"), values["facial_recognition"],
         raw["facial_recognition"]),
        ("delayed_identification", _("detentions identified from older footage"), values["delayed_identification"],
         raw["delayed_identification"]),
        ("footage_lag_median", _("days from footage to detention, median"), lag["median"], raw_lag["median"]),
        ("footage_lag_max", _("days from footage to detention, maximum"), lag["max"], raw_lag["max"]),
        ("journalists", _("detentions of journalists or people in press vests"), values["journalists"],
         raw["journalists"]),
        ("minors", _("detentions of minors"), values["minors"], raw["minors"]),
        ("fines_total", _("fines, roubles in total"), values["fines_total"], raw["fines_total"]),
        ("arrest_days_total", _("days of administrative arrest in total"), values["arrest_days_total"],
         raw["arrest_days_total"]),
    ]  # fmt: skip
    return [
        Figure(
            key,
            label,
            value,
            suppressed=publish and value is None and raw_value is not None,
            number_format="-2g" if key == "fines_total" else "-1g",
        )
        for key, label, value, raw_value in items
    ]


def _rows(data: dict, label: Callable[[str], str], *, time_series: bool) -> list[Row]:
    rows = [Row(label(key), value) for key, value in data.items()]
    if time_series:
        return rows
    # Hidden counts go last, by label: their place in a by-count order would hint at them.
    shown = [row for row in rows if row.value is not None]
    hidden = sorted((row for row in rows if row.value is None), key=lambda row: row.label)
    return shown + hidden


def _chart(key: str, kind: str, title: str, rows: list[Row], value_label: str) -> str | None:
    if key == "by_day":
        # A continuous day axis: days without detentions are zeros, hidden days are gaps.
        filled = fill_days({row.label: row.value for row in rows})
        points = tuple((day, math.nan if count is None else count) for day, count in filled.items())
        if all(math.isnan(count) for _day, count in points):
            return None
    else:
        points = tuple((row.label, row.value) for row in rows if row.value is not None)
    if not points or not any(count for _label, count in points if not math.isnan(count)):
        return None
    x_label, y_label = ("", value_label) if kind != "bar" else (value_label, "")
    return charts.svg_data_uri(charts.chart_svg(kind, title, points, x_label, y_label))


def _sections(data: dict) -> list[Section]:
    sections = []
    for key, title, key_label, unit, kind, choices, time_series in SECTIONS:
        label = _choice_label(choices) if choices else _identity
        rows = _rows(data[key], label, time_series=time_series)
        value_label = _value_label(unit)
        sections.append(
            Section(
                key=key,
                title=str(title),
                key_label=str(key_label),
                value_label=value_label,
                rows=rows,
                chart=_chart(key, kind, str(title), rows, value_label),
                note=str(NOTES.get(key, "")),
                # Hundreds of days are for the chart; their table is opened on demand.
                collapsed=key == "by_day",
            )
        )
    return sections


def describe_filters(filters: ReportFilters) -> list[tuple[str, str]]:
    """(label, value) of each filter set, in the form's language; one query if an event is set."""
    fields = ReportFilterForm.base_fields
    query = filters.as_query()
    description = []
    for name, value in query.items():
        if name == "publish":
            continue
        form_field = fields[name]
        if name == "event":
            shown = Event.objects.filter(pk=filters.event_id).values_list("name", flat=True).first() or value
        elif name in ("date_from", "date_to"):
            shown = getattr(filters, name).strftime("%d.%m.%Y")
        elif hasattr(form_field, "choices"):
            shown = str(dict(form_field.choices).get(value, value))
        else:
            shown = value
        description.append((str(form_field.label), str(shown)))
    return description


def build_report(filters: ReportFilters) -> Report:
    """The whole report for `filters`, in the active language, suppressed when `filters.publish`."""
    figures = summary_figures(filters)
    series = report_series(filters)
    threshold = publication_threshold()
    raw = {**figures.values, **series.as_dict()}
    if filters.publish:
        values = {**suppress_small_counts(figures, threshold), **publish_series(series, threshold).as_dict()}
    else:
        values = raw
    headline = _headline(values, raw, filters.publish)
    sections = _sections(values)
    any_suppressed = any(figure.suppressed for figure in headline) or any(s.hidden_rows for s in sections)
    return Report(
        filters=filters,
        filter_description=describe_filters(filters),
        headline=headline,
        sections=sections,
        publish=filters.publish,
        threshold=threshold,
        any_suppressed=any_suppressed,
    )
