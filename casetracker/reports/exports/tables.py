"""The aggregate report as tidy rows, and those rows as CSV or XLSX.

One row per figure, in the report's catalogue order: `section` ("filters", "totals" for
the headline figures, then each breakdown by its catalogue key), `key` (the filter, the
figure, the choice value, the month, the region...), `label` (its translated name, as on
the page) and `value`. Choice values stay as they are, so a script can read the file in
any language; the label column is for people. A figure that publication mode
suppressed is an empty value.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from openpyxl import Workbook

from casetracker.reports.exports.cells import CellValue, csv_cell, xlsx_cell
from casetracker.reports.statistics import catalogue
from casetracker.reports.statistics.report import Report

HEADER = ("section", "key", "label", "value")
CONTENTS_HEADER = ("sheet", "title", "counts", "note")


@dataclass(frozen=True)
class ReportRow:
    section: str
    key: str
    label: str
    value: CellValue


def report_rows(report: Report) -> Iterator[ReportRow]:
    """The rows of `report` (`build_report(filters)`, publication mode already applied):
    the filters it was made with, the headline figures, then every breakdown's rows."""
    for item in report.filter_description:
        yield ReportRow(catalogue.FILTERS_KEY, item.name, item.label, item.value)
    for figure in report.headline:
        yield ReportRow(report.headline_key, figure.key, figure.label, figure.value)
    for section in report.sections:
        for row in section.rows:
            yield ReportRow(section.key, row.key, row.label, row.value)


def report_contents(report: Report) -> list[tuple[str, str, str, str]]:
    """Every section of `report` in order: (name, title, what its values count, note)."""
    contents = [
        (catalogue.FILTERS_KEY, str(catalogue.FILTERS_TITLE), "", ""),
        (report.headline_key, report.headline_title, "", ""),
    ]
    contents += [(section.key, section.title, section.value_label, section.note) for section in report.sections]
    return contents


def write_report_csv(rows: Iterator[ReportRow], stream: TextIO) -> int:
    """Write the rows as one CSV table with a header; the number of rows written."""
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.section), csv_cell(row.key), csv_cell(row.label), csv_cell(row.value)])
        count += 1
    return count


def report_xlsx(report: Report) -> tuple[bytes, int]:
    """The report as a workbook with one sheet per section (named by it); its bytes and row count.

    The first sheet, "contents", lists every section in order with its translated title,
    what its values count and its note; then one sheet per section, even an empty one,
    with a header row (key, label, value) and the section's rows. The report is small
    (tens of thousands of rows at most, one per city or event), so it is built in memory.
    """
    workbook = Workbook(write_only=True)
    contents = workbook.create_sheet("contents")
    contents.append(list(CONTENTS_HEADER))
    sheets = {}
    for name, *described in report_contents(report):
        contents.append([name, *(xlsx_cell(text) for text in described)])
        # Sheet names are the catalogue's keys: ASCII, at most 31 characters, none of []:*?/\.
        sheets[name] = workbook.create_sheet(name)
        sheets[name].append(["key", "label", "value"])
    count = 0
    for row in report_rows(report):
        sheets[row.section].append([xlsx_cell(row.key), xlsx_cell(row.label), xlsx_cell(row.value)])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count
