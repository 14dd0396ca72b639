"""The board: per-station figures and each person's clock since delivery (3 h and 48 h), dispatch, scopes."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from casetracker.audit.models import AuditEvent
from casetracker.intake.models import Intake, PoliceStation
from casetracker.intake.selectors import station_board
from tests.conftest import client_for
from tests.factories import CaseFactory, IntakeFactory, PoliceStationFactory

pytestmark = pytest.mark.django_db
MOSCOW = ZoneInfo("Europe/Moscow")
STATION_KEYS = ["police_station", "name", "held", "released", "taken_to_court", "lawyer_status", "over_3h", "over_48h"]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def held_since(event, station, delivered: dt.datetime, **extra) -> Intake:
    return IntakeFactory(
        event=event,
        police_station=station,
        detained_at=delivered - dt.timedelta(minutes=30),
        delivered_at=delivered,
        **extra,
    )


def test_the_clocks_run_from_delivery_and_cross_3_and_48_hours_exactly(coordinator, open_event, tverskoy):
    # Delivered at 23:30 Moscow time; "now" is 02:30 the next night, Moscow: exactly 3 hours.
    delivered = dt.datetime(2021, 1, 23, 23, 30, tzinfo=MOSCOW)
    held_since(open_event, tverskoy, delivered)
    held_since(open_event, tverskoy, delivered - dt.timedelta(hours=45))  # 48 h at the same instant
    held_since(open_event, tverskoy, delivered + dt.timedelta(minutes=1))  # 2 h 59 min
    now = dt.datetime(2021, 1, 24, 2, 30, tzinfo=MOSCOW)
    (row,) = station_board(coordinator, event=open_event, now=now)
    assert (row["held"], row["over_3h"], row["over_48h"]) == (3, 2, 1)
    # A second earlier: only the one held for (almost) 48 hours is past 3 hours, none past 48.
    (row,) = station_board(coordinator, event=open_event, now=now - dt.timedelta(seconds=1))
    assert (row["over_3h"], row["over_48h"]) == (1, 0)


def test_the_same_instant_in_utc_gives_the_same_clock(coordinator, open_event, tverskoy):
    held_since(open_event, tverskoy, dt.datetime(2021, 1, 23, 20, 30, tzinfo=dt.UTC))  # 23:30 Moscow
    (row,) = station_board(coordinator, event=open_event, now=dt.datetime(2021, 1, 24, 2, 30, tzinfo=MOSCOW))
    assert row["over_3h"] == 1


def test_stations_json_has_exactly_the_contract_keys_and_the_worst_station_first(coordinator, open_event, tverskoy):
    calm = PoliceStationFactory(name="ОВД Арбат")
    now = timezone.now()
    held_since(open_event, calm, now - dt.timedelta(hours=1))
    held_since(open_event, calm, now - dt.timedelta(hours=1))
    held_since(open_event, tverskoy, now - dt.timedelta(hours=4))
    held_since(open_event, tverskoy, now - dt.timedelta(hours=5), released_at=now - dt.timedelta(hours=1))
    held_since(open_event, tverskoy, now - dt.timedelta(hours=6), taken_to_court_at=now)
    response = api(coordinator).get(f"/api/v1/intake/stations/?event={open_event.pk}")
    assert response.status_code == 200
    rows = response.json()
    assert [list(row) for row in rows] == [STATION_KEYS, STATION_KEYS]
    assert rows[0] == {
        "police_station": tverskoy.pk,
        "name": "ОВД Тверской",
        "held": 1,
        "released": 1,
        "taken_to_court": 1,
        "lawyer_status": "none",
        "over_3h": 1,
        "over_48h": 0,
    }
    assert rows[1]["name"] == "ОВД Арбат" and rows[1]["held"] == 2


@pytest.mark.parametrize("bad", ["abc", "999999"])
def test_a_bad_event_is_a_field_error(coordinator, bad):
    response = api(coordinator).get(f"/api/v1/intake/stations/?event={bad}")
    assert response.status_code == 400 and "event" in response.json()


def test_dispatch_refusal_and_release_as_the_lawyer_at_the_station_marks_them(
    coordinator, lawyer, other_lawyer, open_event, tverskoy
):
    now = timezone.now()
    first = held_since(open_event, tverskoy, now - dt.timedelta(hours=1))
    second = held_since(open_event, tverskoy, now - dt.timedelta(hours=1))
    sent = api(coordinator).post(
        "/api/v1/intake/dispatches/",
        {"event": open_event.pk, "police_station": tverskoy.pk, "lawyer": lawyer.pk},
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    first.refresh_from_db()
    assert (first.lawyer, first.status, first.version) == (lawyer, "lawyer_sent", 2)
    # Another lawyer cannot mark it; the lawyer sent can, with the time of the refusal.
    refused_at = now - dt.timedelta(minutes=10)
    denied = api(other_lawyer).post(f"/api/v1/intake/dispatches/{sent.json()['id']}/entry/", {"admitted": False})
    assert denied.status_code == 404
    marked = api(lawyer).post(
        f"/api/v1/intake/dispatches/{sent.json()['id']}/entry/",
        {"admitted": False, "at": refused_at.isoformat()},
        format="json",
    )
    assert marked.status_code == 200 and marked.json()["lawyer_status"] == "refused"
    assert dt.datetime.fromisoformat(marked.json()["refused_at"]) == refused_at
    second.refresh_from_db()
    assert second.status == "lawyer_refused"
    board = api(lawyer).get(f"/api/v1/intake/stations/?event={open_event.pk}").json()
    assert board[0]["lawyer_status"] == "refused"
    # The lawyer marks one release; the other stays held.
    released = api(lawyer).patch(
        f"/api/v1/intake/{second.pk}/", {"version": second.version, "released_at": now.isoformat()}, format="json"
    )
    assert released.status_code == 200 and released.json()["status"] == "released"
    board = api(coordinator).get(f"/api/v1/intake/stations/?event={open_event.pk}").json()
    assert (board[0]["held"], board[0]["released"]) == (1, 1)
    # A new intake at the station goes to the lawyer sent there.
    created = (
        api(coordinator)
        .post(
            "/api/v1/intake/",
            {"event": open_event.pk, "full_name": "Новиков", "police_station": tverskoy.pk},
            format="json",
        )
        .json()
    )
    assert created["lawyer"] == lawyer.pk and created["status"] == "lawyer_refused"


def test_a_lawyer_sees_only_the_intakes_of_their_stations(lawyer, other_lawyer, open_event, tverskoy):
    mine = IntakeFactory(event=open_event, police_station=tverskoy, lawyer=lawyer)
    theirs = IntakeFactory(event=open_event, police_station=tverskoy, lawyer=other_lawyer)
    unassigned = IntakeFactory(event=open_event)
    client = api(lawyer)
    assert [row["id"] for row in client.get("/api/v1/intake/").json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/intake/{theirs.pk}/").status_code == 404
    # Hostile writes to another lawyer's intake find nothing.
    assert client.patch(f"/api/v1/intake/{theirs.pk}/", {"version": 1, "notes": "x"}, format="json").status_code == 404
    assert client.post(f"/api/v1/intake/{theirs.pk}/convert/").status_code == 404
    assert client.post(f"/api/v1/intake/{mine.pk}/merge/", {"into": theirs.pk}, format="json").status_code == 400
    theirs.refresh_from_db()
    assert theirs.notes == "" and theirs.case is None and theirs.version == 1
    assert client.get(f"/api/v1/intake/{unassigned.pk}/").status_code == 404
    assert client.post("/api/v1/intake/", {"full_name": "x"}, format="json").status_code == 403


def test_analyst_has_no_board(analyst):
    assert client_for(analyst).get("/intake/").status_code == 403
    assert client_for(analyst).get("/intake/board.json").status_code == 403
    assert api(analyst).get("/api/v1/intake/stations/").status_code == 403


def test_board_page_is_audited_and_its_json_lists_people_held_longest_first(hotline, open_event, tverskoy):
    now = timezone.now()
    recent = held_since(open_event, tverskoy, now - dt.timedelta(hours=1))
    oldest = held_since(open_event, tverskoy, now - dt.timedelta(hours=3, minutes=5))
    released = held_since(open_event, tverskoy, now - dt.timedelta(hours=5), released_at=now)
    client = client_for(hotline)
    page = client.get(f"/intake/?event={open_event.pk}")
    assert page.status_code == 200 and b"intake/board.js" in page.content
    assert AuditEvent.objects.filter(user=hotline, action="view", object_type="intake.board").count() == 1
    data = client.get(f"/intake/board.json?event={open_event.pk}").json()
    assert [person["id"] for person in data["people"]] == [oldest.pk, recent.pk, released.pk]
    assert data["people"][0]["over_3h"] is True and data["people"][0]["held_minutes"] in (185, 186)
    assert data["people"][2]["held"] is False and data["people"][2]["held_minutes"] is None
    assert data["stations"][0]["held"] == 2


def test_board_json_queries_do_not_grow_with_the_people(
    coordinator, open_event, tverskoy, django_assert_max_num_queries
):
    stations = [PoliceStationFactory() for _ in range(5)]
    for index in range(40):
        held_since(open_event, stations[index % 5], timezone.now() - dt.timedelta(hours=index % 6))
    client = client_for(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(f"/intake/board.json?event={open_event.pk}")
    assert len(response.json()["people"]) == 40
    # Asked again with nothing changed, the built board is reused: only the fingerprint's queries.
    with django_assert_max_num_queries(10):
        again = client.get(f"/intake/board.json?event={open_event.pk}")
    assert again.json()["people"] == response.json()["people"]


def test_a_change_shows_on_the_next_poll_and_mine_is_per_user(coordinator, lawyer, open_event, tverskoy):
    held_since(open_event, tverskoy, timezone.now() - dt.timedelta(hours=1))
    client = client_for(coordinator)
    assert client.get(f"/intake/board.json?event={open_event.pk}").json()["stations"][0]["held"] == 1
    held_since(open_event, tverskoy, timezone.now() - dt.timedelta(hours=1))
    assert client.get(f"/intake/board.json?event={open_event.pk}").json()["stations"][0]["held"] == 2
    api(coordinator).post(
        "/api/v1/intake/dispatches/",
        {"event": open_event.pk, "police_station": tverskoy.pk, "lawyer": lawyer.pk},
        format="json",
    )
    mine = client_for(lawyer).get(f"/intake/board.json?event={open_event.pk}").json()["dispatches"]
    theirs = client.get(f"/intake/board.json?event={open_event.pk}").json()["dispatches"]
    assert [d["mine"] for d in mine] == [True] and [d["mine"] for d in theirs] == [False]


def test_the_published_list_shows_initials_and_time_of_those_who_agreed_only(open_event, tverskoy):
    agreed = held_since(open_event, tverskoy, timezone.now(), full_name="Иванова Мария Петровна", publish_consent=True)
    held_since(open_event, tverskoy, timezone.now(), full_name="Сергеев Олег", publish_consent=False)
    anonymous = client_for(None)
    assert anonymous.get(f"/intake/stations/{tverskoy.pk}/list/").status_code == 404
    PoliceStation.objects.filter(pk=tverskoy.pk).update(publish_list=True)
    page = anonymous.get(f"/intake/stations/{tverskoy.pk}/list/").content.decode()
    assert "И. М. П." in page and timezone.localtime(agreed.detained_at).strftime("%H:%M") in page
    assert "Иванова" not in page and "Сергеев" not in page and "С. О." not in page


def test_retention_erases_unconverted_intakes_30_days_after_the_event_by_the_purge_command(
    open_event, tverskoy, settings
):
    settings.CASETRACKER_INTAKE_TTL_DAYS = 30
    today = timezone.localdate()
    open_event.date = today - dt.timedelta(days=31)
    open_event.save()
    expired = IntakeFactory(event=open_event)
    converted = IntakeFactory(event=open_event, status="converted", case=CaseFactory())
    eventless_old = IntakeFactory(event=None)
    Intake.objects.filter(pk=eventless_old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    eventless_new = IntakeFactory(event=None)
    call_command("purge_expired_exports")
    assert set(Intake.objects.values_list("pk", flat=True)) == {converted.pk, eventless_new.pk}
    assert AuditEvent.objects.filter(action="delete", object_type="intake.intake", object_id=str(expired.pk)).exists()


def test_retention_keeps_intakes_of_an_event_29_days_ago(open_event, settings):
    settings.CASETRACKER_INTAKE_TTL_DAYS = 30
    open_event.date = timezone.localdate() - dt.timedelta(days=29)
    open_event.save()
    kept = IntakeFactory(event=open_event)
    call_command("purge_expired_exports")
    assert Intake.objects.filter(pk=kept.pk).exists()


def test_the_board_scripts_words_come_in_russian(hotline, open_event):
    """They were marked with an alias makemessages does not know, so they stayed English."""
    client = client_for(hotline)
    client.cookies["django_language"] = "ru"
    html = client.get("/intake/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    words = json.loads(html.split('<script id="ct-words" type="application/json">')[1].split("</script>")[0])
    assert (words["refused"], words["court"]) == ("Не допущен", "В суд")
