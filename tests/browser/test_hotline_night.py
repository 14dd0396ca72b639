"""The night of a mass detention in a real browser: two calls taken by keyboard, a lawyer sent,
a refusal and a release marked, and the night converted into cases."""

import re

import pytest

from casetracker.accounts.roles import COORDINATOR, HOTLINE, LAWYER
from casetracker.cases.models import Case
from casetracker.intake.models import Dispatch, Intake
from tests.browser.conftest import DEFAULT_TIMEOUT_MS
from tests.factories import TEST_PASSWORD, HotlineEventFactory, PoliceStationFactory, make_user

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(browser, base_url: str, username: str, next_url: str):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(re.compile(re.escape(next_url.split("?")[0])))
    return page


def _take_call(page, *, name: str, phone: str, station_search: str) -> None:
    """One call, keyboard only: Tab between fields, N for now, arrows and Enter in the station list."""
    expect(page.locator("#f-full_name")).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(phone)
    page.keyboard.press("Tab")  # reported by: the default (a relative)
    page.keyboard.press("Tab")
    page.keyboard.press("n")  # detained: now
    page.keyboard.press("Tab")
    page.keyboard.type("Пушкинская площадь")
    page.keyboard.press("Tab")
    page.keyboard.type(station_search)
    expect(page.locator("#station-options li").first).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("n")  # delivered: now
    page.keyboard.press("Enter")
    expect(page.locator("#form-status")).to_contain_text("Saved")


def test_a_night_on_the_hotline(live_server, browser, page_errors) -> None:
    event = HotlineEventFactory(event__name="Митинг 23 января", event__city="Москва").event
    station = PoliceStationFactory(name="ОВД Тверской", city="Москва", region="Москва")
    PoliceStationFactory(name="ОВД Арбат", city="Москва", region="Москва")
    make_user(HOTLINE, username="volunteer")
    make_user(COORDINATOR, username="coordinator")
    lawyer = make_user(LAWYER, username="lawyer_anna", first_name="Anna", last_name="Petrova")
    board = f"/intake/?event={event.pk}"

    # 1. Two calls, no reload in between (a marker set on the page survives).
    hotline = _log_in(browser, live_server.url, "volunteer", board)
    hotline.on("pageerror", lambda error: page_errors.append(str(error)))
    hotline.evaluate("window.ctMarker = 'same page'")
    _take_call(hotline, name="Петров Иван Сергеевич", phone="8 916 123-45-67", station_search="Твер")
    _take_call(hotline, name="Сидорова Мария", phone="+7 926 000 11 22", station_search="тверс")
    assert hotline.evaluate("window.ctMarker") == "same page"
    expect(hotline.locator("#people tbody tr")).to_have_count(2)
    expect(hotline.locator("#stations tbody tr").first).to_contain_text("ОВД Тверской")
    assert Intake.objects.filter(police_station=station, event=event).count() == 2
    assert set(Intake.objects.values_list("phone", flat=True)) == {"+79161234567", "+79260001122"}

    # 2. The coordinator sends a lawyer to the station.
    coordinator = _log_in(browser, live_server.url, "coordinator", board)
    expect(coordinator.locator("#d-station option")).to_have_count(1)
    coordinator.select_option("#d-lawyer", str(lawyer.pk))
    coordinator.locator("#dispatch-form button").click()
    expect(coordinator.locator("#stations tbody tr").first).to_contain_text("sent")
    dispatch = Dispatch.objects.get()
    assert dispatch.lawyer == lawyer

    # 3. The lawyer at the station: refused entry, then one person released.
    at_station = _log_in(browser, live_server.url, "lawyer_anna", board)
    expect(at_station.locator("#my-dispatches")).to_contain_text("ОВД Тверской")
    at_station.locator("#my-dispatches button", has_text="Refused entry").click()
    expect(at_station.locator("#stations tbody tr").first).to_contain_text(re.compile("refused", re.IGNORECASE))
    dispatch.refresh_from_db()
    assert dispatch.refused_at is not None
    first_row = at_station.locator("#people tbody tr").first
    first_row.get_by_role("button", name="Released").click()
    expect(at_station.locator("#people tbody tr.ct-done")).to_have_count(1)
    assert Intake.objects.filter(status="released").count() == 1
    assert Intake.objects.filter(status="lawyer_refused").count() == 1

    # The volunteer's board follows without a reload.
    expect(hotline.locator("#stations tbody tr").first).to_contain_text(
        re.compile("refused", re.IGNORECASE), timeout=12_000
    )

    # 4. The night into cases: the coordinators' bulk action.
    coordinator.goto(f"{live_server.url}/admin/intake/intake/")
    coordinator.locator("#action-toggle").check()
    coordinator.select_option("select[name=action]", "convert_into_cases")
    coordinator.locator("button[name=index]").click()
    expect(coordinator.locator(".messagelist")).to_contain_text("2 intakes converted into cases")
    cases = Case.objects.order_by("pk")
    assert cases.count() == 2
    assert {case.person.full_name for case in cases} == {"Петров Иван Сергеевич", "Сидорова Мария"}
    for case in cases:
        assert list(case.lawyers.all()) == [lawyer]
        assert case.detentions.get().held_at == "ОВД Тверской"
    assert set(Intake.objects.values_list("full_name", flat=True)) == {""}
    assert page_errors == []
