"""The report page /reports/ from the outside: access, figures, filters, publication, languages, queries."""

import datetime as dt

import pytest

from casetracker.cases import choices
from tests.conftest import client_for
from tests.factories import CaseFactory, DetentionFactory, EvidenceClaimFactory, HearingFactory, PersonFactory
from tests.reports.report_data import build_report_data, moscow

pytestmark = pytest.mark.django_db

URL = "/reports/"


def sections_of(response) -> dict[str, dict]:
    return {
        section.key: {row.label: row.value for row in section.rows} for section in response.context["report"].sections
    }


def headline_of(response) -> dict:
    return {figure.key: figure.value for figure in response.context["report"].headline}


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("lawyer", 403), ("other_lawyer", 403), ("analyst", 200), ("coordinator", 200),
     ("superuser", 200)],
)  # fmt: skip
def test_report_page_is_for_analysts_coordinators_and_superusers(users, role, status):
    response = client_for(users[role]).get(URL)

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/?next=/reports/")
    if status == 403:
        assert b"Headline figures" not in response.content


def test_post_is_not_allowed(analyst):
    assert client_for(analyst).post(URL).status_code == 405


def test_page_shows_the_hand_computed_figures_tables_and_charts(analyst):
    build_report_data()

    response = client_for(analyst).get(URL)

    assert response.status_code == 200
    headline = headline_of(response)
    assert headline == {
        "detentions": 5, "people": 4, "repeat_detained_people": 1, "cases": 4, "facial_recognition": 3,
        "delayed_identification": 3, "footage_lag_median": 3.5, "footage_lag_max": 9, "journalists": 2,
        "minors": 1, "fines_total": 25000.5, "arrest_days_total": 10,
    }  # fmt: skip
    sections = sections_of(response)
    assert sections["by_month"] == {"2021-01": 2, "2021-02": 2, "2021-03": 1}
    assert sections["by_week"] == {"2021-01-18": 1, "2021-01-25": 1, "2021-02-01": 2, "2021-03-08": 1}
    assert sections["by_day"]["2021-02-01"] == 1
    assert sections["by_region"] == {"Москва": 3, "Санкт-Петербург": 1, "Московская область": 1}
    assert sections["by_city"] == {"Москва": 3, "Санкт-Петербург": 1, "Химки": 1}
    assert sections["by_place_type"] == {"at the event": 1, "metro": 2, "street": 2}
    assert sections["by_method"]["facial recognition (metro)"] == 2
    assert sections["facial_recognition_by_month"] == {"2021-01": 1, "2021-02": 2}
    assert sections["footage_lag_histogram"]["4–7"] == 1
    assert sections["outcomes"] == {"fine": 2, "postponed": 1, "administrative arrest": 1}
    assert sections["top_metro_stations"] == {"Тверская": 2}
    assert sections["by_event"] == {"Акция A": 2, "Акция B": 1}
    assert sections["by_article"] == {"koap 20.2 part 5": 2, "koap 20.2.2": 1, "koap 19.3 part 1": 1}
    html = response.content.decode()
    assert html.count('<img class="ct-chart" src="data:image/svg+xml;base64,') == len(sections)
    assert "Aggregate report — no personal data" in html
    assert "Detentions by identification method" in html
    assert 'id="report-exports"' in html


def test_page_never_shows_personal_values(analyst):
    person = PersonFactory(full_name="Соколова Анна Викторовна", birth_date=dt.date(1990, 5, 17), phone="+79165551234")
    case = CaseFactory(person=person, summary="Кратко: Анна задержана.")
    home = DetentionFactory(
        case=case, place_type=choices.PlaceType.HOME, place="ул. Тверская, д. 7, кв. 12", narrative="У подъезда."
    )
    EvidenceClaimFactory(detention=home, notes="Опознали по фото из ВКонтакте.")

    html = client_for(analyst).get(URL).content.decode()

    for secret in ("Соколова", "1990", "17.05", "+7916", "Кратко", "ул. Тверская", "У подъезда", "ВКонтакте"):
        assert secret not in html, secret


def test_filters_narrow_every_figure(coordinator):
    data = build_report_data()

    response = client_for(coordinator).get(
        URL, {"region": "Москва", "date_from": "2021-02-01", "event": data["events"]["A"].pk}
    )

    assert response.status_code == 200
    assert headline_of(response)["detentions"] == 1  # D2 only
    sections = sections_of(response)
    assert sections["by_day"] == {"2021-02-01": 1}
    assert sections["by_event"] == {"Акция A": 1}
    html = response.content.decode()
    assert "region: Москва" in html and "event: Акция A" in html
    assert '<option value="Москва" selected>' in html  # the region select keeps the choice


def test_invalid_filters_show_the_form_with_errors_not_a_server_error(analyst):
    response = client_for(analyst).get(URL, {"date_from": "2021-13-01", "date_to": "x", "place_type": "moon"})

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"date_from", "date_to", "place_type"}
    assert b"Headline figures" not in response.content


def test_period_ending_before_it_starts_is_a_form_error(analyst):
    response = client_for(analyst).get(URL, {"date_from": "2021-02-01", "date_to": "2021-01-01"})

    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors


def test_publication_mode_hides_every_count_below_the_threshold(analyst, settings):
    settings.CASETRACKER_PUBLISH_MIN_CELL = 3
    build_report_data()

    response = client_for(analyst).get(URL, {"publish": "1"})

    assert response.status_code == 200
    headline = headline_of(response)
    assert headline["detentions"] == 5 and headline["people"] == 4 and headline["cases"] == 4
    assert headline["facial_recognition"] == 3 and headline["delayed_identification"] == 3
    assert headline["repeat_detained_people"] is None and headline["minors"] is None
    assert headline["journalists"] is None
    # Two fines and one arrest stand behind the totals: fewer than 3, so hidden too.
    assert headline["fines_total"] is None and headline["arrest_days_total"] is None
    sections = sections_of(response)
    assert sections["by_region"] == {"Москва": 3, "Московская область": None, "Санкт-Петербург": None}
    assert sections["top_metro_stations"] == {"Тверская": None}
    assert set(sections["by_day"].values()) == {None}
    html = response.content.decode()
    assert "Publication mode" in html and "&lt; 3" in html
    assert "25,000" not in html and "25000" not in html
    assert response.context["filter_query"] == {"publish": "1"}


def test_empty_selection_says_no_data(analyst):
    response = client_for(analyst).get(URL, {"region": "Нигде"})

    assert response.status_code == 200
    assert response.content.decode().count("No data") == len(response.context["report"].sections) - 1
    assert "<img" not in response.content.decode().split("Headline figures")[1]


def test_russian_page_shows_russian_labels(analyst):
    build_report_data()

    response = client_for(analyst).get(URL, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru"' in html
    sections = sections_of(response)
    # Choice labels come from the catalogue: place types, methods, outcomes.
    assert sections["by_place_type"] == {"на акции": 1, "метро": 2, "улица": 2}
    assert "распознавание лиц (метро)" in sections["by_method"]
    assert "штраф" in sections["outcomes"]
    assert "регион" in html and "город" in html


def _add_detentions(count: int) -> None:
    for index in range(count):
        case = CaseFactory()
        detention = DetentionFactory(
            case=case,
            detained_at=moscow(2021, 1 + index % 3, 1 + index % 27, 12),
            region=f"Регион {index % 4}",
            city=f"Город {index % 7}",
            place=f"Станция {index % 11}",
        )
        EvidenceClaimFactory(detention=detention, footage_date=dt.date(2020, 12, 1 + index % 28))
        HearingFactory(case=case)


@pytest.mark.parametrize("publish", ["", "1"])
def test_page_queries_do_not_grow_with_the_data(analyst, django_assert_max_num_queries, publish):
    client = client_for(analyst)
    client.get(URL)  # session and permission caches warm, as for any page after the first
    budget = 32
    _add_detentions(3)
    with django_assert_max_num_queries(budget):
        assert client.get(URL, {"publish": publish}).status_code == 200
    _add_detentions(60)
    with django_assert_max_num_queries(budget):
        assert client.get(URL, {"publish": publish, "region": "Регион 1"}).status_code == 200


@pytest.mark.parametrize(("role", "shown"), [("lawyer", False), ("analyst", True), ("coordinator", True)])
def test_admin_index_links_to_the_report_for_who_may_see_it(users, role, shown):
    html = client_for(users[role]).get("/admin/").content.decode()

    assert ('href="/reports/"' in html) is shown
