"""The aggregate report as tidy rows, and those rows as CSV or XLSX.

One row per figure: `section` (a SUMMARY_KEYS name, "totals" for the single numbers or
"filters"), `key` (the figure, the choice value, the month, the region...), `label` (its
translated name) and `value`. Choice values stay as they are, so a script can read the
file in any language; the label column is for people. A figure that publication mode
suppressed is an empty value.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from casetracker.cases.choices import HearingOutcome, IdentificationMethod, PlaceType
from casetracker.cases.models import Event
from casetracker.reports.exports.cells import CellValue, csv_cell, xlsx_cell
from casetracker.reports.statistics.filters import ReportFilterForm, ReportFilters
from casetracker.reports.statistics.summary import publication_threshold

HEADER = ("section", "key", "label", "value")

# The single numbers of the summary, in the API's order, with their names for people.
TOTALS = {
    "detentions": gettext_lazy("detentions"),
    "people": gettext_lazy("people detained"),
    "repeat_detained_people": gettext_lazy("people detained more than once"),
    "cases": gettext_lazy("cases"),
    "facial_recognition": gettext_lazy("detentions with facial recognition"),
    "delayed_identification": gettext_lazy("detentions identified from earlier footage"),
    "journalists": gettext_lazy("detentions of journalists"),
    "minors": gettext_lazy("detentions of minors"),
    "fines_total": gettext_lazy("fines in total, roubles"),
    "arrest_days_total": gettext_lazy("days of arrest in total"),
}
LAG = {"median": gettext_lazy("median"), "max": gettext_lazy("maximum")}

# The breakdowns: section -> (its title, the choices that label its keys, or None when
# the keys are names people typed: months, regions, cities, events, articles).
BREAKDOWNS: dict[str, tuple[str, type[TextChoices] | None]] = {
    "by_month": (gettext_lazy("detentions by month"), None),
    "by_region": (gettext_lazy("detentions by region"), None),
    "by_city": (gettext_lazy("detentions by city"), None),
    "by_place_type": (gettext_lazy("detentions by place type"), PlaceType),
    "by_event": (gettext_lazy("detentions by event"), None),
    "by_method": (gettext_lazy("detentions by identification method"), IdentificationMethod),
    "outcomes": (gettext_lazy("hearings by outcome"), HearingOutcome),
    "by_article": (gettext_lazy("charges by article"), None),
}
SECTION_TITLES = {
    "filters": gettext_lazy("filters"),
    "totals": gettext_lazy("totals"),
    "footage_lag_days": gettext_lazy("days from footage to detention"),
    **{name: title for name, (title, _choices) in BREAKDOWNS.items()},
}


@dataclass(frozen=True)
class ReportRow:
    section: str
    key: str
    label: str
    value: CellValue


def report_rows(summary: dict, filters: ReportFilters) -> Iterator[ReportRow]:
    """The rows of the report: the filters it was made with, then every figure of `summary`.

    `summary` is `report_summary(filters)`, so publication mode is already applied. Call
    in the language of the export (labels are translated as they are produced).
    """
    yield from _filter_rows(filters)
    for key, label in TOTALS.items():
        yield ReportRow("totals", key, str(label), summary[key])
    for key, label in LAG.items():
        yield ReportRow("footage_lag_days", key, str(label), summary["footage_lag_days"][key])
    for section, (_title, choices) in BREAKDOWNS.items():
        labels = dict(choices.choices) if choices else {}
        for key, value in summary[section].items():
            yield ReportRow(section, key, str(labels.get(key, key)), value)


def _filter_rows(filters: ReportFilters) -> Iterator[ReportRow]:
    fields = ReportFilterForm.base_fields
    for name, value in filters.as_query().items():
        if name == "event":
            event = Event.objects.filter(pk=value).only("name", "date").first()
            value = f"{event.name} ({event.date:%Y-%m-%d})" if event else value
        elif name == "publish":
            value = _("yes, counts below %(k)s are hidden") % {"k": publication_threshold()}
        elif choices := getattr(fields[name], "choices", None):
            value = f"{value} ({dict(choices).get(value, value)})"
        yield ReportRow("filters", name, str(fields[name].label), value)


def write_report_csv(rows: Iterator[ReportRow], stream: TextIO) -> int:
    """Write the rows as one CSV table with a header; the number of rows written."""
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.section), csv_cell(row.key), csv_cell(row.label), csv_cell(row.value)])
        count += 1
    return count


def report_xlsx(rows: Iterator[ReportRow]) -> tuple[bytes, int]:
    """The rows as a workbook with one sheet per section (named by it); its bytes and row count.

    Each sheet: a header row (key, label, value), then the section's rows; the sheet's
    translated title is in the workbook's first sheet, "contents". The report is small
    (tens of thousands of rows at most, one per city or event), so it is built in memory.
    """
    workbook = Workbook(write_only=True)
    contents = workbook.create_sheet("contents")
    contents.append(["sheet", "title"])
    sheets = {}
    count = 0
    for row in rows:
        sheet = sheets.get(row.section)
        if sheet is None:
            # Sheet names are our section identifiers: ASCII, at most 22 characters, none of []:*?/\.
            sheet = sheets[row.section] = workbook.create_sheet(row.section)
            sheet.append(["key", "label", "value"])
            contents.append([row.section, xlsx_cell(str(SECTION_TITLES.get(row.section, row.section)))])
        sheet.append([xlsx_cell(row.key), xlsx_cell(row.label), xlsx_cell(row.value)])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
