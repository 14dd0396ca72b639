"""The report page in a real browser: an analyst sees its charts, and the strict
Content-Security-Policy blocks nothing (charts are data: SVG images, no inline style)."""

import pytest

from casetracker.accounts.roles import ANALYST
from tests.browser.test_csp import REPORT_VIOLATIONS
from tests.factories import TEST_PASSWORD, make_user
from tests.reports.report_data import build_report_data

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_sees_the_report_with_its_charts_and_no_csp_violation(live_server, page, page_errors: list[str]):
    analyst = make_user(ANALYST, username="analyst_report")
    build_report_data()
    page.add_init_script(REPORT_VIOLATIONS)

    page.goto(f"{live_server.url}/admin/login/?next=/reports/")
    page.fill("#id_username", analyst.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(f"{live_server.url}/reports/")

    expect(page.locator("h2", has_text="Headline figures")).to_be_visible()
    charts = page.locator("img.ct-chart")
    expect(charts.first).to_be_visible()
    assert charts.count() == 13
    # Every chart decoded and laid out: a broken or blocked image has no natural width.
    widths = charts.evaluate_all("images => images.map(image => image.complete && image.naturalWidth)")
    assert all(width and width > 300 for width in widths), widths
    assert "Detentions by region" in charts.nth(3).get_attribute("alt")
    # The page's own stylesheet applied (a blocked stylesheet would leave block layout).
    assert page.locator(".ct-report-pair").first.evaluate("node => getComputedStyle(node).display") == "flex"

    # Filtering is a plain GET form: choose a region, submit, the figures follow.
    page.select_option("#id_region", "Санкт-Петербург")
    page.locator(".ct-report-actions button").click()
    page.wait_for_url("**/reports/?*region=*")
    expect(page.locator(".figure-detentions td")).to_have_text("1")

    assert page_errors == []
