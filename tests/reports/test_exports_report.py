"""The report exported as CSV, XLSX and PDF: read back, equal to the summary, escaped."""

import io

import pytest
from openpyxl import load_workbook

from casetracker.audit.models import AuditEvent
from casetracker.cases.models import Event
from casetracker.reports.exports.cells import escape_formula, xlsx_cell
from casetracker.reports.models import BatchStatus
from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.series import publish_series, report_series
from casetracker.reports.statistics.summary import SUMMARY_KEYS, publication_threshold, report_summary
from tests.reports.exports_data import (
    EVIL_EVENT,
    NAME,
    build_export_data,
    csv_records,
    export_bytes,
    run_export,
)

pytestmark = pytest.mark.django_db

MAPS = [key for key in SUMMARY_KEYS if key not in ("footage_lag_days",) and key.startswith(("by_", "outcomes"))]
TOTALS = [key for key in SUMMARY_KEYS if key not in MAPS and key != "footage_lag_days"]


def headline(summary: dict) -> dict[str, object]:
    """The summary's single numbers as the export's "totals" keys (the page's headline keys)."""
    lag = {f"footage_lag_{part}": value for part, value in summary["footage_lag_days"].items()}
    return {**{key: summary[key] for key in TOTALS}, **lag}


def flatten(summary: dict, series: dict) -> dict[tuple[str, str], object]:
    """The summary and the page's extra series as the export's (section, key) -> value."""
    flat = {("totals", key): value for key, value in headline(summary).items()}
    for section in MAPS:
        flat.update({(section, key): value for key, value in summary[section].items()})
    for section, counts in series.items():
        flat.update({(section, key): value for key, value in counts.items()})
    return flat


def expected_figures(filters: ReportFilters) -> dict[tuple[str, str], object]:
    """What the export must hold, from the JSON summary and the series, computed apart from it."""
    series = report_series(filters)
    if filters.publish:
        series = publish_series(series, publication_threshold())
    return flatten(report_summary(filters), series.as_dict())


def csv_figures(data: bytes) -> dict[tuple[str, str], str]:
    return {(row["section"], row["key"]): row["value"] for row in csv_records(data) if row["section"] != "filters"}


def as_csv(value) -> str:
    return "" if value is None else escape_formula(str(value))


def as_exported(flat: dict) -> dict[tuple[str, str], str]:
    """What the CSV holds for these figures: keys and values as text, formulas escaped."""
    return {(section, as_csv(key)): as_csv(value) for (section, key), value in flat.items()}


def test_escape_formula_prefixes_only_strings_a_spreadsheet_would_run():
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert escape_formula(dangerous) == "'" + dangerous
    assert escape_formula("Пушкинская") == "Пушкинская"
    assert escape_formula(-5) == -5
    assert escape_formula(None) is None
    assert xlsx_cell("\x01=cmd") == "'=cmd"  # control characters XLSX cannot hold go first


def test_report_csv_equals_the_summary_and_hand_counted_figures(analyst, django_capture_on_commit_callbacks):
    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")

    assert export.status == BatchStatus.DONE, export.error
    assert (export.done, export.total) == (1, 1)
    figures = csv_figures(export_bytes(export))
    assert figures == as_exported(expected_figures(ReportFilters()))
    # By hand: 4 detentions of 3 people, Anna (a journalist) twice, the minor in a press vest.
    assert figures[("totals", "detentions")] == "4"
    assert figures[("totals", "people")] == "3"
    assert figures[("totals", "repeat_detained_people")] == "1"
    assert figures[("totals", "journalists")] == "3"
    assert figures[("totals", "minors")] == "1"
    assert figures[("totals", "facial_recognition")] == "1"
    assert figures[("totals", "fines_total")] == "15000"
    assert figures[("totals", "arrest_days_total")] == "10"
    assert figures[("totals", "footage_lag_max")] == "5"
    assert figures[("by_month", "2021-02")] == "2"  # 00:30 Moscow on 1 February counts in February
    assert figures[("by_article", "koap 20.2 part 5")] == "1"
    assert figures[("by_event", "'" + EVIL_EVENT)] == "1"  # escaped, not run


def test_report_csv_has_choice_values_and_translated_labels(analyst, django_capture_on_commit_callbacks):
    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv", language="ru")

    rows = {(row["section"], row["key"]): row["label"] for row in csv_records(export_bytes(export))}
    assert rows[("by_method", "facial_recognition_metro")] == "распознавание лиц (метро)"
    assert rows[("by_place_type", "metro")] == "метро"


def test_report_csv_in_publication_mode_hides_small_counts(analyst, django_capture_on_commit_callbacks, settings):
    settings.CASETRACKER_PUBLISH_MIN_CELL = 3
    build_export_data()
    filters = ReportFilters(publish=True)
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv", filters=filters)

    records = csv_records(export_bytes(export))
    figures = csv_figures(export_bytes(export))
    assert figures == as_exported(expected_figures(filters))
    assert figures[("totals", "detentions")] == "4"  # not small
    assert figures[("totals", "minors")] == ""  # 1 < k: hidden
    assert figures[("totals", "fines_total")] == ""  # one fine is one person's
    assert figures[("by_place_type", "metro")] == ""
    assert any(row["section"] == "filters" and row["key"] == "publish" for row in records)


def test_report_xlsx_cells_read_back_with_formulas_escaped(analyst, django_capture_on_commit_callbacks):
    build_export_data()
    event = Event.objects.get(name=EVIL_EVENT)
    filters = ReportFilters(event_id=event.pk)
    export = run_export(django_capture_on_commit_callbacks, analyst, "xlsx", filters=filters)

    assert export.status == BatchStatus.DONE, export.error
    assert export.download_name.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(export_bytes(export)))
    sheets = {name: list(workbook[name].iter_rows(min_row=2)) for name in workbook.sheetnames}
    summary = report_summary(filters)
    totals = {row[0].value: row[2].value for row in sheets["totals"]}
    assert totals == headline(summary)
    events = sheets["by_event"]
    assert [(cell.value, cell.data_type) for cell in events[0][:2]] == [("'" + EVIL_EVENT, "s")] * 2
    assert events[0][2].value == 1
    filter_cells = {row[0].value: row[2] for row in sheets["filters"]}
    assert filter_cells["event"].data_type == "s" and filter_cells["event"].value.startswith("'=")
    for rows in sheets.values():
        for row in rows:
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")))
    assert NAME not in str(export_bytes(export))


def test_report_pdf_is_the_report_page_pdf_in_the_exports_language(analyst, django_capture_on_commit_callbacks):
    from tests.reports.conftest import pdf_text

    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "pdf", language="ru")

    assert export.status == BatchStatus.DONE, export.error
    assert export.download_name == f"casetracker-report-{export.pk}.pdf"
    text = pdf_text(export_bytes(export))
    assert "Москва 3" in text and "Санкт-Петербург 1" in text  # by region, counted by hand
    assert "распознавание лиц (метро)" in text
    assert NAME not in text and "Пушкинская" in text  # a metro station is public, a person is not


def test_export_request_is_audited(analyst, django_capture_on_commit_callbacks):
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")

    event = AuditEvent.objects.get(action="export", object_type="reports.reportexport")
    assert (event.user, event.object_id, event.source) == (analyst, str(export.pk), "web")


def test_a_failing_build_leaves_the_export_failed_with_a_message(
    analyst, django_capture_on_commit_callbacks, monkeypatch
):
    def explode(*args, **kwargs):
        raise RuntimeError("Соколова: database went away")  # may quote data: never stored

    monkeypatch.setattr("casetracker.reports.exports.services.build_report", explode)
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")

    assert export.status == BatchStatus.FAILED
    assert export.finished_at is not None and not export.file
    assert export.error.startswith("Building the export failed")
    assert "Соколова" not in export.error


def test_stale_filters_fail_readably(analyst, django_capture_on_commit_callbacks):
    event = Event.objects.create(name="Gone", date="2021-01-23")
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv", filters=ReportFilters(event_id=event.pk))
    # Run again after the event is deleted: the stored filters no longer validate.
    from casetracker.reports.exports.services import report_export_build

    export.status = BatchStatus.PENDING
    event.delete()
    report_export_build(export=export)
    export.refresh_from_db()
    assert export.status == BatchStatus.FAILED
    assert "no longer valid" in export.error


def test_requester_who_lost_the_role_gets_no_file(analyst, django_capture_on_commit_callbacks):
    from casetracker.reports.exports.services import report_export_build
    from casetracker.reports.models import ReportExport

    export = ReportExport.objects.create(requested_by=analyst, format="dataset", language="en")
    analyst.groups.clear()
    report_export_build(export=export)
    export.refresh_from_db()
    assert export.status == BatchStatus.FAILED and not export.file


def test_build_twice_is_safe(analyst, django_capture_on_commit_callbacks):
    from casetracker.reports.exports.services import report_export_build

    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    first = export_bytes(export)
    report_export_build(export=export)  # a redelivered task: the finished export stays as it is
    export.refresh_from_db()
    assert export.status == BatchStatus.DONE and export_bytes(export) == first
