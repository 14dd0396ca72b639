"""Record labels (the titles of the forms on the case page) write dates as the inputs below them do."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.factories import CaseNoteFactory, DetentionFactory, EventFactory, HearingFactory

MOSCOW = ZoneInfo("Europe/Moscow")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "2021-01-28 09:15 Пушкинская"), ("ru", "28.01.2021 09:15 Пушкинская")],
)
def test_detention_label_uses_the_languages_date_input_format_in_moscow_time(language, expected):
    detention = DetentionFactory(detained_at=dt.datetime(2021, 1, 28, 6, 15, tzinfo=dt.UTC), place="Пушкинская")
    with translation.override(language):
        assert str(detention) == expected


@pytest.mark.parametrize(("language", "expected"), [("en", "2021-02-03"), ("ru", "03.02.2021")])
def test_hearing_and_event_labels_use_the_languages_date_input_format(language, expected):
    hearing = HearingFactory(court="Тверской районный суд г. Москвы", date=dt.date(2021, 2, 3))
    event = EventFactory(name="Акция", date=dt.date(2021, 2, 3))
    with translation.override(language):
        assert str(hearing) == f"Тверской районный суд г. Москвы, {expected}"
        assert str(event) == f"Акция ({expected})"


def test_note_label_is_dated_in_moscow_not_in_utc():
    note = CaseNoteFactory()
    # 22:30 UTC on 1 March is already 2 March in Moscow.
    note.created_at = dt.datetime(2021, 3, 1, 22, 30, tzinfo=dt.UTC)
    with translation.override("ru"):
        assert str(note).endswith("02.03.2021")
    with translation.override("en"):
        assert str(note) == "Note of 2021-03-02"
