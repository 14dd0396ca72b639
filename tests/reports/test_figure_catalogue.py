"""The figure catalogue: every section and label of the report page is in the CSV, the XLSX
and the PDF, and a figure declared in the catalogue shows up in all of them."""

import dataclasses
import html
import io
import re

import pytest
from django.utils.text import capfirst
from openpyxl import load_workbook

from casetracker.reports.models import BatchStatus
from casetracker.reports.statistics import catalogue
from casetracker.reports.statistics.catalogue import Breakdown, HeadlineFigure
from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.series import SERIES_KEYS
from casetracker.reports.statistics.summary import SUMMARY_KEYS
from tests.conftest import client_for
from tests.reports.conftest import pdf_text
from tests.reports.exports_data import csv_records, export_bytes, run_export
from tests.reports.report_data import build_report_data

pytestmark = pytest.mark.django_db

SECTION_RE = re.compile(r'<section class="[^"]*" id="section-(\w+)">\s*<h2>(.*?)</h2>(.*?)</section>', re.S)
FIGURE_RE = re.compile(r'<tr class="figure-(\w+)"><th scope="row">(.*?)</th>\s*<td class="num">(.*?)</td>', re.S)
ROW_RE = re.compile(r'<tr><td>(.*?)</td><td class="num">(.*?)</td></tr>', re.S)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def page_sections(analyst, language: str, query: dict | None = None) -> dict[str, dict]:
    """The report page read as a person sees it: section id -> its title and its rows
    (label -> shown value); the headline section's rows are its figures by key."""
    response = client_for(analyst).get("/reports/", query or {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    sections = {}
    for key, title, body in SECTION_RE.findall(response.content.decode()):
        if key == catalogue.HEADLINE_KEY:
            rows = {figure: (_text(label), _text(value)) for figure, label, value in FIGURE_RE.findall(body)}
        else:
            rows = {_text(label): _text(value) for label, value in ROW_RE.findall(body)}
        sections[key] = {"title": _text(title), "rows": rows}
    return sections


def exports(capture, analyst, language: str, filters: ReportFilters | None = None) -> dict[str, bytes]:
    files = {}
    for export_format in ("csv", "xlsx", "pdf"):
        export = run_export(capture, analyst, export_format, filters=filters, language=language)
        assert export.status == BatchStatus.DONE, export.error
        files[export_format] = export_bytes(export)
    return files


def csv_sections(data: bytes) -> dict[str, dict[str, tuple[str, str]]]:
    """section -> key -> (label, value), in the file's order."""
    sections: dict[str, dict] = {}
    for row in csv_records(data):
        sections.setdefault(row["section"], {})[row["key"]] = (row["label"], row["value"])
    return sections


def xlsx_book(data: bytes) -> tuple[list[tuple], dict[str, list[tuple]]]:
    """The contents sheet's rows and every other sheet's rows (without their headers)."""
    workbook = load_workbook(io.BytesIO(data))
    sheets = {name: list(workbook[name].iter_rows(min_row=2, values_only=True)) for name in workbook.sheetnames}
    return sheets.pop("contents"), sheets


def number(text: str | None, language: str) -> float | None:
    """A value as a number: the page's "25,000.50" or "25 000,50", the CSV's "25000.5";
    None for what is not shown ("< k" in publication mode, "—", or an empty CSV cell)."""
    if text is None or text in ("", "—") or text.startswith("<"):
        return None
    text = re.sub(r"[\s\xa0\u202f]", "", text)
    text = text.replace(",", ".") if language == "ru" else text.replace(",", "")
    return float(text)


def numbers(values: dict, language: str) -> dict:
    return {key: number(value, language) for key, value in values.items()}


def assert_exports_match_the_page(page: dict, files: dict[str, bytes], language: str = "en") -> None:
    order = list(page)
    csv_data = csv_sections(files["csv"])
    contents, sheets = xlsx_book(files["xlsx"])
    text = pdf_text(files["pdf"])

    # The same sections in the same order, with the same titles.
    assert [row[0] for row in contents] == [catalogue.FILTERS_KEY, *order]
    assert {row[0]: row[1] for row in contents[1:]} == {key: section["title"] for key, section in page.items()}
    assert [key for key in csv_data if key != catalogue.FILTERS_KEY] == [k for k in order if page[k]["rows"]]
    for section in page.values():
        assert section["title"] in text

    # The headline: the same keys, labels and values.
    headline = page[catalogue.HEADLINE_KEY]["rows"]
    labels = {key: label for key, (label, _value) in headline.items()}
    assert {key: capfirst(label) for key, (label, _value) in csv_data[catalogue.HEADLINE_KEY].items()} == labels
    assert {row[0]: capfirst(row[1]) for row in sheets[catalogue.HEADLINE_KEY]} == labels
    page_values = {key: number(value, language) for key, (_label, value) in headline.items()}
    assert numbers({key: value for key, (_label, value) in csv_data[catalogue.HEADLINE_KEY].items()}, "csv") == (
        page_values
    )
    assert {row[0]: row[2] for row in sheets[catalogue.HEADLINE_KEY]} == page_values
    for label in labels.values():
        assert label in text

    # Every breakdown: the same row labels and values everywhere; the table in the PDF
    # unless the catalogue keeps it out.
    for key, section in page.items():
        if key == catalogue.HEADLINE_KEY:
            continue
        expected = numbers(section["rows"], language)
        assert numbers(dict(csv_data.get(key, {}).values()), "csv") == expected, key
        assert {row[1]: row[2] for row in sheets[key]} == expected, key
        breakdown = next(b for b in catalogue.BREAKDOWNS if b.key == key)
        for label in section["rows"] if breakdown.table_in_pdf else ():
            assert label in text, (key, label)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_section_of_the_page_is_in_the_csv_xlsx_and_pdf_with_the_same_labels(
    analyst, django_capture_on_commit_callbacks, language
):
    build_report_data()

    page = page_sections(analyst, language)
    files = exports(django_capture_on_commit_callbacks, analyst, language)

    assert list(page) == [catalogue.HEADLINE_KEY, *(b.key for b in catalogue.BREAKDOWNS)]
    assert all(section["rows"] for section in page.values())  # the data fills every section
    # The five series the exports used to lack, with numbers counted by hand.
    csv_data = csv_sections(files["csv"])
    assert csv_data["by_day"]["2021-02-01"][1] == "1"
    assert csv_data["by_week"]["2021-02-01"][1] == "2"
    assert csv_data["facial_recognition_by_month"]["2021-02"][1] == "2"
    assert csv_data["footage_lag_histogram"]["4–7"][1] == "1"
    assert csv_data["top_metro_stations"]["Тверская"][1] == "2"
    assert_exports_match_the_page(page, files, language)


def test_publication_mode_hides_the_same_cells_in_every_output(analyst, django_capture_on_commit_callbacks, settings):
    settings.CASETRACKER_PUBLISH_MIN_CELL = 3
    build_report_data()

    page = page_sections(analyst, "en", {"publish": "1"})
    files = exports(django_capture_on_commit_callbacks, analyst, "en", ReportFilters(publish=True))

    headline = page[catalogue.HEADLINE_KEY]["rows"]
    assert headline["detentions"][1] == "5" and headline["minors"][1] == "< 3"
    assert page["by_region"]["rows"] == {"Москва": "3", "Московская область": "< 3", "Санкт-Петербург": "< 3"}
    csv_data = csv_sections(files["csv"])
    assert csv_data["totals"]["minors"][1] == "" and csv_data["totals"]["fines_total"][1] == ""
    assert set(value for _label, value in csv_data["by_day"].values()) == {""}
    assert csv_data["filters"]["publish"][1] == "yes, counts below 3 are hidden"
    assert "Санкт-Петербург < 3" in pdf_text(files["pdf"])
    assert_exports_match_the_page(page, files)


def test_a_figure_added_to_the_catalogue_appears_in_every_output(
    analyst, django_capture_on_commit_callbacks, monkeypatch
):
    extra_figure = HeadlineFigure("moscow_detentions", "detentions in the region of Moscow", ("by_region", "Москва"))
    extra_section = Breakdown(
        "cities_again", "Detentions by city, once more", "city", "detentions", "bar", path=("by_city",)
    )
    monkeypatch.setattr(catalogue, "HEADLINE", (*catalogue.HEADLINE, extra_figure))
    monkeypatch.setattr(catalogue, "BREAKDOWNS", (extra_section, *catalogue.BREAKDOWNS))
    build_report_data()

    page = page_sections(analyst, "en")
    files = exports(django_capture_on_commit_callbacks, analyst, "en")

    assert list(page)[:2] == [catalogue.HEADLINE_KEY, "cities_again"]
    assert page[catalogue.HEADLINE_KEY]["rows"]["moscow_detentions"] == ("Detentions in the region of Moscow", "3")
    assert page["cities_again"]["rows"] == {"Москва": "3", "Санкт-Петербург": "1", "Химки": "1"}
    assert csv_sections(files["csv"])["totals"]["moscow_detentions"] == ("detentions in the region of Moscow", "3")
    assert "Detentions by city, once more" in pdf_text(files["pdf"])
    assert_exports_match_the_page(page, files)
    # The JSON summary is a public contract: a page figure adds nothing to it.
    response = client_for(analyst).get("/api/v1/reports/summary/")
    assert tuple(response.json()) == SUMMARY_KEYS


def test_a_section_declared_out_of_the_pdf_keeps_its_chart_but_not_its_table(monkeypatch):
    from casetracker.reports.statistics.pdf import render_report_pdf

    build_report_data()
    by_city = next(b for b in catalogue.BREAKDOWNS if b.key == "by_city")
    text = pdf_text(render_report_pdf(ReportFilters(), language="en"))
    assert "Химки 1" in text  # by city: the table is printed
    assert "2021-01-23 1" not in text  # the per-day table is not (declared so)
    assert "2021-01-18 1" in text  # the per-week table is

    monkeypatch.setattr(
        catalogue,
        "BREAKDOWNS",
        tuple(dataclasses.replace(b, table_in_pdf=False) if b is by_city else b for b in catalogue.BREAKDOWNS),
    )
    text = pdf_text(render_report_pdf(ReportFilters(), language="en"))
    assert "Химки 1" not in text
    assert text.count("Detentions by city") >= 2  # the heading and the chart's title stay


def test_the_catalogue_names_every_published_figure_once():
    keys = [figure.key for figure in catalogue.HEADLINE] + [b.key for b in catalogue.BREAKDOWNS]
    assert len(keys) == len(set(keys))
    for name in [catalogue.FILTERS_KEY, catalogue.HEADLINE_KEY, *(b.key for b in catalogue.BREAKDOWNS)]:
        # Each is an XLSX sheet name: at most 31 characters, none of []:*?/\ and not the contents sheet.
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\") and name != "contents"
    # Every figure of the JSON summary and every series is one the page shows.
    for key in SUMMARY_KEYS:
        if key == "footage_lag_days":
            assert catalogue.summary_label(key, "median") and catalogue.summary_label(key, "max")
        else:
            assert catalogue.summary_label(key)
    assert {b.key for b in catalogue.BREAKDOWNS} >= set(SERIES_KEYS)
    with pytest.raises(KeyError):
        catalogue.summary_label("no_such_figure")
    with pytest.raises(ValueError, match="unit"):
        Breakdown("x", "X", "x", "people", "bar")


def test_the_summary_schema_titles_are_the_pages_labels(db, tmp_path):
    import yaml
    from django.core.management import call_command

    path = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(path))
    properties = yaml.safe_load(path.read_text())["components"]["schemas"]["ReportSummary"]["properties"]

    assert list(properties) == list(SUMMARY_KEYS)
    assert properties["repeat_detained_people"]["title"] == "people detained more than once"
    assert properties["by_month"]["title"] == "Detentions per month"
    assert "two or more" in properties["repeat_detained_people"]["description"]
