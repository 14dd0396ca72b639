"""Playwright fixtures driving Debian's chromium (never a downloaded browser).

pytest-playwright is not used: a browser per module and a fresh context per test is
all the suite needs, and it must run with /usr/bin/chromium only.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep each phase's report on the test item so the `page` fixture can tell, in
    # its teardown, whether the test failed and a screenshot is worth saving.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def _allow_sync_orm_under_playwright() -> Iterator[None]:
    # Playwright's sync API runs an asyncio event loop in this thread for as long as
    # it is started; Django then refuses every ORM call made from the test (creating
    # users, the assertions, pytest-django's flush) with SynchronousOnlyOperation.
    # The calls are in fact synchronous and thread-confined, so the check is a false
    # alarm here. Scoped to the browser's lifetime so no other test loses the check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_allow_sync_orm_under_playwright):
    """One headless chromium per test module."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make test` does, as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_errors() -> list[str]:
    """JavaScript errors and console errors seen by `page`; a test asserts it stays empty."""
    return []


@pytest.fixture
def page(browser, page_errors: list[str], request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh browser context (no cookies) in English; a screenshot is saved on failure."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda message: _record_console_error(page_errors, message))
    page.on("pageerror", lambda error: page_errors.append(f"page error: {error}"))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        path = tmp_path / "failure.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"Screenshot of the failed page ({page.url}): {path}")
    context.close()


def _record_console_error(errors: list[str], message) -> None:
    url = message.location.get("url", "")
    # The browser asks for /favicon.ico on its own; the admin has none (a 404, not a page error).
    if message.type == "error" and not url.endswith("/favicon.ico"):
        errors.append(f"console error: {message.text} ({url}:{message.location.get('lineNumber')})")
