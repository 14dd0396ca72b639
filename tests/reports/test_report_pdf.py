"""The aggregate report PDF (what the PDF export calls), read back with pypdf."""

import datetime as dt
import re

import pytest

from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.pdf import render_report_pdf
from tests.factories import CaseFactory, DetentionFactory, EvidenceClaimFactory, PersonFactory
from tests.reports.conftest import page_count, pdf_text
from tests.reports.report_data import build_report_data

pytestmark = pytest.mark.django_db


def test_pdf_shows_the_figures_tables_charts_filters_and_page_numbers():
    data = build_report_data()
    filters = ReportFilters(date_to=dt.date(2021, 2, 28), event_id=data["events"]["A"].pk)

    pdf = render_report_pdf(filters, language="en")

    text = pdf_text(pdf)
    assert "Aggregate report — no personal data" in text
    assert "to: 28.02.2021" in text and "event: Акция A" in text
    # Event A: D1 (23 January) and D2 (1 February, 00:30 Moscow time), one person.
    assert re.search(r"Detentions 2 People detained 1 People detained more than once 1 Cases 1", text)
    assert "2021-01 1 2021-02 1" in text  # per month: D2 is in February
    assert "Тверская" in text  # the top metro stations
    # The charts' text is text: titles and axis labels read back from the SVG.
    assert text.count("Detentions by region") >= 2  # the heading and the chart's title
    assert re.search(r"page 1 of \d+", text)
    assert page_count(pdf) >= 2


def test_pdf_in_russian_with_publication_mode_hides_small_counts(settings):
    settings.CASETRACKER_PUBLISH_MIN_CELL = 3
    build_report_data()

    text = pdf_text(render_report_pdf(ReportFilters(publish=True), language="ru"))

    assert "Москва 3" in text  # by region: three detentions in Moscow are shown
    assert "Санкт-Петербург < 3" in text
    assert "25 000" not in text and "25,000" not in text  # two fines: the total is hidden
    assert "метро" in text and "штраф" in text  # Russian choice labels
    assert re.search(r"стр\. 1 из \d+", text)


def test_pdf_never_contains_personal_values():
    person = PersonFactory(full_name="Соколова Анна Викторовна", birth_date=dt.date(1990, 5, 17))
    detention = DetentionFactory(
        case=CaseFactory(person=person), place_type="home", place="ул. Тверская, д. 7", narrative="У подъезда."
    )
    EvidenceClaimFactory(detention=detention, notes="Фото из ВКонтакте")

    text = pdf_text(render_report_pdf(ReportFilters(), language="en"))

    assert "Detentions 1" in text
    for secret in ("Соколова", "17.05.1990", "ул. Тверская", "У подъезда", "ВКонтакте"):
        assert secret not in text


def test_pdf_of_an_empty_selection_says_no_data():
    text = pdf_text(render_report_pdf(ReportFilters(region="Нигде"), language="en"))

    assert "Detentions 0" in text and "No data" in text
