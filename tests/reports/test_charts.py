"""Charts are valid, reproducible SVG whose text (translated titles) stays text."""

import base64
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from casetracker.reports.statistics import charts
from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.report import build_report
from tests.reports.report_data import build_report_data

SVG = "{http://www.w3.org/2000/svg}"
ROWS = (("Москва", 3), ("Санкт-Петербург", 1), ("Химки", 1))


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 -- our own chart, not untrusted input
    assert root.tag == f"{SVG}svg"
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def decode_data_uri(uri: str) -> bytes:
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    return base64.b64decode(uri.removeprefix(prefix))


@pytest.mark.parametrize("kind", charts.KINDS)
def test_each_kind_is_valid_svg_with_its_title_and_labels_as_text(kind):
    svg = charts.chart_svg(kind, "Задержания по городам", ROWS, "задержания")

    texts = svg_texts(svg)
    assert "Задержания по городам" in texts
    assert "задержания" in texts
    if kind != "line":
        assert {"Москва", "Химки"} <= set(texts)


def test_same_data_gives_byte_identical_svg():
    first = charts.chart_svg("bar", "A", ROWS)
    charts.chart_svg.cache_clear()
    second = charts.chart_svg("bar", "A", ROWS)

    assert first == second
    assert b"<dc:date>" not in first


def test_text_is_not_converted_to_paths_and_uses_dejavu_sans():
    svg = charts.chart_svg("column", "Дни", (("1", 2), ("2", 0)))

    assert b"DejaVu Sans" in svg
    assert b'id="DejaVuSans-' not in svg  # glyph outlines would be embedded as paths


def test_long_time_series_is_drawn_as_a_line():
    rows = tuple((f"2021-01-{day:02d}", day) for day in range(1, 32)) * 3
    svg = charts.chart_svg("time", "Per day", rows)

    root = ET.fromstring(svg)  # noqa: S314 -- our own chart, not untrusted input
    bars = [group for group in root.iter(f"{SVG}g") if group.get("id", "").startswith("patch_")]
    assert len(bars) < 10  # background patches only, not one bar per day


def test_unknown_kind_and_empty_rows_are_refused():
    with pytest.raises(ValueError, match="Unknown chart kind"):
        charts.chart_svg("pie", "A", ROWS)
    with pytest.raises(ValueError, match="No rows"):
        charts.chart_svg("bar", "A", ())


@pytest.mark.django_db
def test_report_charts_carry_the_translated_titles():
    build_report_data()

    with translation.override("en"):
        report = build_report(ReportFilters())
    sections = {section.key: section for section in report.sections}

    region_svg = decode_data_uri(sections["by_region"].chart)
    assert "Detentions by region" in svg_texts(region_svg)
    lag_svg = decode_data_uri(sections["footage_lag_histogram"].chart)
    assert "Days from footage to detention" in svg_texts(lag_svg)
    assert {"1", "2", "4–7", "8–14", "91+"} <= set(svg_texts(lag_svg))


@pytest.mark.django_db
def test_empty_selection_has_no_charts():
    build_report_data()

    report = build_report(ReportFilters(region="Нигде"))

    assert all(section.chart is None for section in report.sections)
