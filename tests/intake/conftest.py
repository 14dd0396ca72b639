import pytest

from casetracker.accounts.roles import HOTLINE
from tests.factories import HotlineEventFactory, PoliceStationFactory, make_user


@pytest.fixture
def hotline(db):
    return make_user(HOTLINE, username="hotline")


@pytest.fixture
def open_event(db):
    """A rally in Moscow that the hotline is open for."""
    return HotlineEventFactory(event__name="Митинг 23 января", event__city="Москва").event


@pytest.fixture
def tverskoy(db):
    return PoliceStationFactory(name="ОВД Тверской", city="Москва", region="Москва")


@pytest.fixture
def spb_station(db):
    return PoliceStationFactory(name="УМВД Центрального района", city="Санкт-Петербург", region="Санкт-Петербург")


@pytest.fixture(autouse=True)
def _fresh_board_cache():
    """Each test builds its boards anew (the cache is per process)."""
    from casetracker.intake.views import _BOARD_CACHE

    _BOARD_CACHE.clear()
