"""The report as every output renders it: the filters, the headline figures, then the
breakdowns (table rows and, for the page and the PDF, a chart), all in the active
language, publication mode applied.

What is shown, in which order and under which label comes from `catalogue`; this
module fills the catalogue in from `summary_figures` (the JSON summary's figures) and
`report_series` (the page's extra series): a fixed number of queries. Only aggregates
reach this module; the rows below are labels and counts, never a detention.
"""

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from casetracker.reports.statistics import catalogue, charts
from casetracker.reports.statistics.catalogue import Breakdown, Count
from casetracker.reports.statistics.filters import FilterItem, ReportFilters, describe_filters
from casetracker.reports.statistics.series import fill_days, publish_series, report_series
from casetracker.reports.statistics.summary import publication_threshold, summary_figures, suppress_small_counts


@dataclass(frozen=True)
class Figure:
    """A headline figure. `value` is None when hidden by publication mode (`suppressed`)
    or when there is nothing to compute it from (a median of no claims)."""

    key: str
    label: str
    value: Count
    suppressed: bool = False
    number_format: str = "-1g"


@dataclass(frozen=True)
class Row:
    """One row of a breakdown: `key` as computed (a choice value, a month, a name), `label`
    as people read it."""

    key: str
    label: str
    value: Count


@dataclass
class Section:
    """One breakdown in the active language: its table rows and its chart (a data: URI,
    None when there is no data or no chart was asked for)."""

    key: str
    title: str
    key_label: str
    value_label: str
    rows: list[Row]
    chart: str | None = None
    note: str = ""
    collapsed: bool = False
    table_in_pdf: bool = True
    pdf_note: str = ""

    @property
    def hidden_rows(self) -> int:
        return sum(1 for row in self.rows if row.value is None)


@dataclass
class Report:
    filters: ReportFilters
    filter_description: list[FilterItem]
    headline: list[Figure]
    sections: list[Section]
    publish: bool
    threshold: int
    generated_at: dt.datetime | None = None
    any_suppressed: bool = field(default=False)
    headline_key: str = catalogue.HEADLINE_KEY
    headline_title: str = ""


def _headline(values: Mapping, raw: Mapping, publish: bool) -> list[Figure]:
    figures = []
    for figure in catalogue.HEADLINE:
        value = figure.value(values)
        figures.append(
            Figure(
                figure.key,
                str(figure.label),
                value,
                suppressed=publish and value is None and figure.value(raw) is not None,
                number_format=figure.number_format,
            )
        )
    return figures


def _rows(breakdown: Breakdown, values: Mapping) -> list[Row]:
    rows = [Row(str(key), breakdown.key_name(str(key)), count) for key, count in breakdown.counts(values).items()]
    if breakdown.time_series:
        return rows
    # Hidden counts go last, by label: their place in a by-count order would hint at them.
    shown = [row for row in rows if row.value is not None]
    hidden = sorted((row for row in rows if row.value is None), key=lambda row: row.label)
    return shown + hidden


def _chart(breakdown: Breakdown, title: str, rows: list[Row], value_label: str) -> str | None:
    if breakdown.fill_days:
        filled = fill_days({row.key: row.value for row in rows})
        points = tuple((day, math.nan if count is None else count) for day, count in filled.items())
        if all(math.isnan(count) for _day, count in points):
            return None
    else:
        points = tuple((row.label, row.value) for row in rows if row.value is not None)
    if not points or not any(count for _label, count in points if not math.isnan(count)):
        return None
    x_label, y_label = ("", value_label) if breakdown.chart != "bar" else (value_label, "")
    return charts.svg_data_uri(charts.chart_svg(breakdown.chart, title, points, x_label, y_label))


def _sections(values: Mapping, *, with_charts: bool) -> list[Section]:
    sections = []
    for breakdown in catalogue.BREAKDOWNS:
        title, value_label = str(breakdown.title), str(catalogue.UNITS[breakdown.unit])
        rows = _rows(breakdown, values)
        sections.append(
            Section(
                key=breakdown.key,
                title=title,
                key_label=str(breakdown.key_label),
                value_label=value_label,
                rows=rows,
                chart=_chart(breakdown, title, rows, value_label) if with_charts else None,
                note=str(breakdown.note),
                collapsed=breakdown.collapsed,
                table_in_pdf=breakdown.table_in_pdf,
                pdf_note=str(breakdown.pdf_note),
            )
        )
    return sections


def build_report(filters: ReportFilters, *, with_charts: bool = True) -> Report:
    """The whole report for `filters`, in the active language, suppressed when `filters.publish`.

    `with_charts=False` for the CSV and XLSX exports, which have no use for the drawings.
    """
    figures = summary_figures(filters)
    series = report_series(filters)
    threshold = publication_threshold()
    raw = {**figures.values, **series.as_dict()}
    if filters.publish:
        values = {**suppress_small_counts(figures, threshold), **publish_series(series, threshold).as_dict()}
    else:
        values = raw
    headline = _headline(values, raw, filters.publish)
    sections = _sections(values, with_charts=with_charts)
    any_suppressed = any(figure.suppressed for figure in headline) or any(s.hidden_rows for s in sections)
    return Report(
        filters=filters,
        filter_description=describe_filters(filters, threshold=threshold),
        headline=headline,
        sections=sections,
        publish=filters.publish,
        threshold=threshold,
        any_suppressed=any_suppressed,
        headline_title=str(catalogue.HEADLINE_TITLE),
    )
