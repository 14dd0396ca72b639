"""Nothing is fetched while rendering but the project's own static files."""

import socket

import pytest

from casetracker.reports.pdf.fetcher import BASE_URL, ProjectOnlyURLFetcher, RefusedURLError
from casetracker.reports.pdf.render import html_to_pdf
from casetracker.reports.summaries.selectors import SummaryOptions
from casetracker.reports.summaries.services import case_summary_render
from tests.factories import CaseFactory, DetentionFactory, EvidenceClaimFactory, PersonFactory
from tests.reports.conftest import pdf_text

REMOTE_AND_LOCAL_FILES = [
    "http://example.com/x.png",
    "https://example.com/style.css",
    "file:///etc/passwd",
    "ftp://example.com/x.png",
    BASE_URL + "static/../../casetracker/settings.py",
    BASE_URL + "fonts/../../settings.py",
    BASE_URL + "media/x.png",
]


@pytest.fixture
def fetches(monkeypatch):
    """Every URL WeasyPrint asked for, with what the fetcher did: "served" or the exception."""
    seen: list[tuple[str, object]] = []
    original = ProjectOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception as error:
            seen.append((url, error))
            raise
        seen.append((url, "served"))
        return response

    monkeypatch.setattr(ProjectOnlyURLFetcher, "fetch", spy)
    return seen


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly (outside WeasyPrint's error handling) if anything opens a connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.mark.parametrize("url", REMOTE_AND_LOCAL_FILES)
def test_fetcher_refuses_everything_but_project_files(url):
    with pytest.raises(RefusedURLError):
        ProjectOnlyURLFetcher().fetch(url)


def test_fetcher_serves_the_summary_stylesheet_and_data_urls():
    css = ProjectOnlyURLFetcher().fetch(BASE_URL + "static/reports/case_summary.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    assert ProjectOnlyURLFetcher().fetch("data:text/plain,ok").read() == b"ok"


def test_markup_with_remote_resources_fetches_nothing(fetches, no_network):
    html = f"""<html><head><link rel="stylesheet" href="https://example.com/style.css">
    <style>@import url("file:///etc/passwd"); @font-face {{ font-family: X; src: url(http://example.com/f.ttf) }}
    p {{ font-family: X; background: url(ftp://example.com/bg.png) }}</style></head>
    <body><p>Текст</p><img src="http://example.com/x.png"><img src="{BASE_URL}static/../../manage.py"></body></html>"""

    pdf = html_to_pdf(html)

    assert "Текст" in pdf_text(pdf)
    refused = {url for url, outcome in fetches if isinstance(outcome, RefusedURLError)}
    assert "http://example.com/x.png" in refused
    assert "https://example.com/style.css" in refused
    assert "file:///etc/passwd" in refused
    assert "http://example.com/f.ttf" in refused
    assert not [url for url, outcome in fetches if outcome == "served"]
    assert no_network == []


@pytest.mark.django_db
def test_user_text_with_an_image_tag_is_printed_not_fetched(lawyer, fetches, no_network):
    case = CaseFactory(lawyers=[lawyer], person=PersonFactory(full_name='<img src="http://example.com/x.png">'))
    EvidenceClaimFactory(detention=DetentionFactory(case=case), camera_location="<link href='https://e.com/a.css'>")

    pdf = case_summary_render(case=case, user=lawyer, options=SummaryOptions(), source="web")

    assert '<img src="http://example.com/x.png">' in pdf_text(pdf)
    assert fetches == [(BASE_URL + "static/reports/case_summary.css", "served")]
    assert no_network == []
