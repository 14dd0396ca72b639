"""The night of a mass detention under load: operators posting intakes while people watch the board.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker_intake .venv/bin/python bench/intake.py
    .venv/bin/python bench/intake.py --duration 60 --speedup 1     # SQLite, temporary file (not comparable)

In a throw-away database (`bench/admin_changelist.py`'s: on PostgreSQL a `<dbname>_bench`
database it creates and drops): one open event, 60 police stations and 2,000 detainees
spread over them, delivered from a few minutes to 50 hours ago. gunicorn with 4 workers
(`bench/case_page.py`'s) serves it with production settings.

1. Server time of the board, in-process (Django's test client, no network): the board's
   JSON (`/intake/board.json`, what the page polls: stations, 2,000 people, dispatches),
   built anew (as after every change) and unchanged since the last poll (its
   fingerprint's two queries and the built board reused), and
   `GET /api/v1/intake/stations/`, as medians over `--runs` requests, each as a ratio to
   the bare login page measured in the same run.
2. Load, with locust (as a library): 10 operators posting intakes through
   `POST /api/v1/intake/` with API tokens at 500 an hour in all (`--speedup` multiplies the
   rate for a short run), while 30 watchers poll the board's JSON every 5 seconds as the
   page does. Prints the p95 of the POST and of the board, the request counts and the errors.
"""

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

# locust patches the standard library for gevent on import: before anything opens a socket.
from locust import HttpUser, constant_pacing, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_changelist import BenchDatabase, analyze, configure_django
from case_page import HOST, LOGIN_URL, Gunicorn, free_port

STATIONS = 60
DETAINEES = 2000
OPERATORS = 10
WATCHERS = 30
INTAKES_PER_HOUR = 500
BOARD_POLL_S = 5.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default: 60)")
    parser.add_argument("--runs", type=int, default=15, help="in-process requests per page for server time (15)")
    parser.add_argument(
        "--speedup", type=float, default=1.0, help="multiply the operators' rate (default 1: 500 intakes an hour)"
    )
    args = parser.parse_args()
    if args.duration < 5 or args.runs < 3 or args.speedup <= 0:
        parser.error("--duration >= 5, --runs >= 3, --speedup > 0")
    return args


# --- Data ---------------------------------------------------------------------------


def build_night() -> dict:
    """The event, 60 stations, 2,000 intakes; the hotline users, their tokens and sessions."""
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils import timezone

    from casetracker.accounts.models import User
    from casetracker.accounts.roles import COORDINATOR, HOTLINE
    from casetracker.api.tokens import token_issue
    from casetracker.cases.models import Event
    from casetracker.intake.models import HotlineEvent, Intake, PoliceStation
    from casetracker.protected.crypto import blind_index

    event = Event.objects.create(name="Bench rally", date=timezone.localdate(), city="Москва")
    HotlineEvent.objects.create(event=event)
    stations = list(PoliceStation.objects.filter(city="Москва").order_by("pk")[:STATIONS])
    now = timezone.now()
    rng = random.Random(14)
    intakes = []
    for n in range(DETAINEES):
        delivered = now - dt.timedelta(minutes=rng.randint(5, 50 * 60))
        name, phone = f"Задержанный Бенч {n}", f"+7916{n:07d}"
        intakes.append(
            Intake(
                event=event,
                full_name=name,
                phone=phone,
                full_name_index=blind_index.name_index(name),
                phone_index=blind_index.phone_index(phone),
                detained_at=delivered - dt.timedelta(minutes=40),
                delivered_at=delivered,
                detained_place="Пушкинская площадь",
                police_station=stations[n % len(stations)],
                released_at=now if n % 7 == 0 else None,
                status="released" if n % 7 == 0 else "at_station",
            )
        )
    Intake.objects.bulk_create(intakes, batch_size=500)

    def user(username: str, role: str) -> User:
        account = User.objects.create_user(username=username, password=None, is_staff=True)
        account.groups.add(Group.objects.get(name=role))
        return account

    tokens = [token_issue(user=user(f"bench_operator_{n}", HOTLINE), name="bench")[1] for n in range(OPERATORS)]
    sessions = []
    for n in range(WATCHERS):
        client = Client()
        client.force_login(user(f"bench_watcher_{n}", COORDINATOR if n % 3 == 0 else HOTLINE))
        sessions.append(client.cookies["sessionid"].value)
    coordinator = User.objects.get(username="bench_watcher_0")
    return {
        "event": event,
        "stations": [s.pk for s in stations],
        "tokens": tokens,
        "sessions": sessions,
        "coordinator": coordinator,
    }


# --- Server time, in-process ----------------------------------------------------------


def server_times(night: dict, runs: int) -> dict[str, float]:
    """Median milliseconds per page through Django's test client (the board as a coordinator sees it)."""
    from django.test import Client

    client = Client()
    client.force_login(night["coordinator"])
    anonymous = Client()
    event = night["event"].pk
    from casetracker.intake.views import _BOARD_CACHE

    pages = {
        "login page (baseline)": (anonymous, LOGIN_URL, False),
        "board JSON (built)": (client, f"/intake/board.json?event={event}", True),
        "board JSON (unchanged)": (client, f"/intake/board.json?event={event}", False),
        "stations API": (client, f"/api/v1/intake/stations/?event={event}", False),
    }
    result = {}
    for label, (page_client, path, rebuild) in pages.items():
        page_client.get(path)  # warm
        times = []
        for _ in range(runs):
            if rebuild:  # as after a change: the board is built anew
                _BOARD_CACHE.clear()
            started = time.perf_counter()
            response = page_client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"bench: {path} answered {response.status_code}")
        result[label] = statistics.median(times)
    return result


# --- Load ----------------------------------------------------------------------------


def user_classes(night: dict, speedup: float, host: str):
    event, stations = night["event"].pk, night["stations"]
    tokens, sessions = list(night["tokens"]), list(night["sessions"])
    pace = 3600 / (INTAKES_PER_HOUR / OPERATORS) / speedup
    base_url = host

    class Operator(HttpUser):
        wait_time = constant_pacing(pace)
        host = base_url

        def on_start(self) -> None:
            self.token = tokens.pop()
            self.rng = random.Random(self.token)

        @task
        def post_intake(self) -> None:
            now = dt.datetime.now(dt.UTC)
            n = self.rng.randint(0, 10**7)
            body = {
                "event": event,
                "full_name": f"Звонок Бенч {n}",
                "phone": f"+7926{n:07d}",
                "reported_by": "relative",
                "detained_at": (now - dt.timedelta(minutes=50)).isoformat(),
                "detained_place": "Тверская улица",
                "police_station": self.rng.choice(stations),
                "delivered_at": (now - dt.timedelta(minutes=10)).isoformat(),
            }
            self.client.post(
                "/api/v1/intake/", json=body, headers={"Authorization": f"Bearer {self.token}"}, name="POST intake"
            )

    class Watcher(HttpUser):
        wait_time = constant_pacing(BOARD_POLL_S)
        host = base_url

        def on_start(self) -> None:
            self.client.cookies.set("sessionid", sessions.pop())

        @task
        def poll_board(self) -> None:
            self.client.get(f"/intake/board.json?event={event}", name="board JSON")

    return Operator, Watcher


def run_load(port: int, night: dict, *, duration: int, speedup: float) -> dict:
    import gevent

    operator, watcher = user_classes(night, speedup, f"http://{HOST}:{port}")
    environment = Environment(user_classes=[operator, watcher])
    runner = environment.create_local_runner()
    runner.spawn_users({operator.__name__: OPERATORS, watcher.__name__: WATCHERS}, wait=False)
    gevent.sleep(duration)
    runner.quit()
    stats = environment.stats
    return {name: stats.get(name, method) for name, method in (("POST intake", "POST"), ("board JSON", "GET"))}


def main() -> None:
    args = parse_args()
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    with tempfile.TemporaryDirectory(prefix="casetracker-bench-intake-") as scratch:
        os.environ["CASETRACKER_PRIVATE_MEDIA_ROOT"] = str(Path(scratch) / "documents")
        with BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url:
            configure_django(database_url)
            os.environ["ALLOWED_HOSTS"] = f"{HOST},testserver"
            from django.core.management import call_command
            from django.db import connection, connections

            call_command("migrate", verbosity=0, interactive=False)
            night = build_night()
            analyze()
            vendor = connection.vendor
            times = server_times(night, args.runs)
            baseline = times["login page (baseline)"]
            print(f"{DETAINEES} detainees at {STATIONS} stations, {vendor}; {os.cpu_count()} CPUs")
            print(f"{'server time (in-process)':<26} {'median ms':>9}  {'ratio':>6}")
            for label, ms in times.items():
                print(f"{label:<26} {ms:>9.1f}  {ms / baseline:>6.1f}x")
            connections.close_all()  # the workers open their own
            with Gunicorn(free_port(), Path(scratch)) as server:
                results = run_load(server.port, night, duration=args.duration, speedup=args.speedup)
            rate = INTAKES_PER_HOUR * args.speedup
            print(
                f"load: {OPERATORS} operators at {rate:.0f} intakes/hour, {WATCHERS} watchers polling every "
                f"{BOARD_POLL_S:.0f} s, {args.duration} s, gunicorn 4 workers"
            )
            print(f"{'request':<14} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'errors':>6}")
            errors = 0
            for name, entry in results.items():
                errors += entry.num_failures
                print(
                    f"{name:<14} {entry.num_requests:>6} {entry.get_response_time_percentile(0.5) or 0:>7.0f} "
                    f"{entry.get_response_time_percentile(0.95) or 0:>7.0f} {entry.max_response_time or 0:>7.0f} "
                    f"{entry.num_failures:>6}"
                )
            print(f"errors: {errors}")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
