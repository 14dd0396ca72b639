"""Time the case change list (/admin/cases/case/) at 100 and 10,000 cases.

    .venv/bin/python bench/admin_changelist.py                 # SQLite, temporary file
    .venv/bin/python bench/admin_changelist.py --sizes 100,1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker .venv/bin/python bench/admin_changelist.py

Never touches the developer's database: on SQLite it works in a temporary file, on
PostgreSQL in a separate database `<dbname>_bench` that it creates and drops (through
the `postgres` maintenance database). Prints, per size and role: rows, database
vendor, median and 95th-percentile time of the whole request in ms, the median time
spent in the database (sum of the page's queries; steadier than wall time on a busy
machine), and the number of queries the page ran.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

CHANGELIST_URL = "/admin/cases/case/"
BATCH_SIZE = 2000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,10000", help="comma-separated case counts (default: 100,10000)")
    parser.add_argument("--runs", type=int, default=9, help="timed requests per size and role (default: 9)")
    parser.add_argument("--explain", action="store_true", help="print the plans of the page's slowest queries")
    args = parser.parse_args()
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes takes integers, e.g. 100,1000")
    if not args.sizes or args.sizes[0] < 1 or args.runs < 1:
        parser.error("sizes and runs must be positive")
    return args


# --- A database of its own ------------------------------------------------------


class BenchDatabase:
    """A throw-away database: a temporary SQLite file, or `<dbname>_bench` on PostgreSQL."""

    def __init__(self, database_url: str) -> None:
        self.source_url = database_url
        self.tmpdir: tempfile.TemporaryDirectory | None = None
        self.pg_name = ""
        self.pg_admin: dict = {}

    def __enter__(self) -> str:
        if not self.source_url or self.source_url.startswith("sqlite"):
            self.tmpdir = tempfile.TemporaryDirectory(prefix="casetracker-bench-")
            return f"sqlite:///{self.tmpdir.name}/bench.sqlite3"
        parts = urlsplit(self.source_url)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise SystemExit(f"bench: unsupported DATABASE_URL scheme {parts.scheme!r} (SQLite or PostgreSQL)")
        source_name = parts.path.lstrip("/") or "casetracker"
        self.pg_name = f"{source_name}_bench"
        self.pg_admin = {
            "dbname": "postgres",
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": parts.username or "postgres",
            "password": parts.password or "",
        }
        self._pg_execute(f'DROP DATABASE IF EXISTS "{self.pg_name}"', f'CREATE DATABASE "{self.pg_name}"')
        return urlunsplit(parts._replace(path=f"/{self.pg_name}"))

    def __exit__(self, *exc_info) -> None:
        if self.tmpdir is not None:
            self.tmpdir.cleanup()
        if self.pg_name:
            from django.db import connections

            connections.close_all()
            self._pg_execute(f'DROP DATABASE IF EXISTS "{self.pg_name}"')

    def _pg_execute(self, *statements: str) -> None:
        import psycopg2

        connection = psycopg2.connect(**self.pg_admin)
        connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()


def configure_django(database_url: str) -> None:
    # Real environment variables win over .env (settings load it with override=False),
    # so these pin the bench to its own database, production-like settings and no broker.
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "casetracker.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-deployment-0123456789")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["CELERY_BROKER_URL"] = ""  # eager tasks, no broker
    os.environ["LOG_LEVEL"] = "WARNING"
    # Throw-away keys for a throw-away database; 2FA is off because the bench logs in
    # with force_login, as a test would.
    os.environ.setdefault("CASETRACKER_ENCRYPTION_KEYS", "bXBxMGZqdGc2c2R4bG1mZnR6N2NkZzBqcHBzMHR3bXE=")
    os.environ.setdefault("CASETRACKER_BLIND_INDEX_KEY", "bench-only-blind-index-key")
    os.environ["CASETRACKER_REQUIRE_2FA"] = "0"

    import django

    django.setup()


# --- Data -----------------------------------------------------------------------


def create_users():
    from django.contrib.auth.models import Group

    from casetracker.accounts.models import User
    from casetracker.accounts.roles import COORDINATOR, LAWYER

    def user(username: str, group: str) -> User:
        account = User.objects.create_user(username=username, password=None, is_staff=True)
        account.groups.add(Group.objects.get(name=group))
        return account

    return {
        "coordinator": user("bench_coordinator", COORDINATOR),
        "lawyer": user("bench_lawyer", LAWYER),
        "colleague": user("bench_colleague", LAWYER),
    }


def create_cases(start: int, stop: int, *, lawyers, events) -> None:
    """Cases start..stop-1, each with 2 detentions (one claim each), 2 lawyers, a hearing."""
    from zoneinfo import ZoneInfo

    from casetracker.cases import choices, domain
    from casetracker.cases.models import Case, Detention, EvidenceClaim, Hearing, Person

    moscow = ZoneInfo("Europe/Moscow")
    statuses = choices.CaseStatus.values
    methods = choices.IdentificationMethod.values
    cities = [("Москва", "Москва"), ("Санкт-Петербург", "Санкт-Петербург"), ("Казань", "Татарстан")]
    stations = ["Пушкинская", "Тверская", "Маяковская", "Охотный ряд", "Лубянка", "Китай-город"]

    for low in range(start, stop, BATCH_SIZE):
        high = min(low + BATCH_SIZE, stop)
        numbers = range(low, high)
        persons = Person.objects.bulk_create(
            Person(full_name=f"Bench Person {n:06d}", birth_date=dt.date(1975 + n % 35, 1 + n % 12, 1 + n % 28))
            for n in numbers
        )
        cases = Case.objects.bulk_create(
            Case(
                reference=f"CT-{2021 + n % 3}-{n + 1:06d}",
                person=person,
                status=statuses[n % len(statuses)],
                opened_at=dt.date(2021, 2, 1) + dt.timedelta(days=n % 1000),
            )
            for n, person in zip(numbers, persons, strict=True)
        )
        Case.lawyers.through.objects.bulk_create(
            Case.lawyers.through(case_id=case.pk, user_id=lawyer.pk) for case in cases for lawyer in lawyers
        )
        detentions = []
        for n, case, person in zip(numbers, cases, persons, strict=True):
            for k in range(2):
                city, region = cities[(n + k) % len(cities)]
                detained_at = dt.datetime(2021, 1, 23, 12, tzinfo=moscow) + dt.timedelta(days=n % 40, hours=k * 30)
                detentions.append(
                    Detention(
                        case=case,
                        detained_at=detained_at,
                        city=city,
                        region=region,
                        place_type=choices.PlaceType.METRO,
                        place=stations[(n + k) % len(stations)],
                        event=events[(n + k) % len(events)],
                        is_minor=domain.is_minor_at(person.birth_date, detained_at),
                    )
                )
        detentions = Detention.objects.bulk_create(detentions)
        EvidenceClaim.objects.bulk_create(
            EvidenceClaim(
                detention=detention,
                method=methods[i % len(methods)],
                source=choices.ClaimSource.POLICE_STATEMENT,
                reliability=choices.Reliability.REPORTED,
                footage_event=events[0],
                footage_date=events[0].date,
                footage_lag_days=domain.footage_lag_days(events[0].date, detention.detained_at),
            )
            for i, detention in enumerate(detentions)
        )
        Hearing.objects.bulk_create(
            Hearing(
                case=case,
                court="Тверской районный суд г. Москвы",
                date=case.opened_at + dt.timedelta(days=3),
                outcome=choices.HearingOutcome.FINE,
                fine_amount=10000,
                appeal_deadline=domain.default_appeal_deadline(case.opened_at + dt.timedelta(days=3), None),
            )
            for case in cases
        )


def create_events():
    from casetracker.cases.models import Event

    return Event.objects.bulk_create(
        [
            Event(name="Акция 23 января", date=dt.date(2021, 1, 23), city="Москва"),
            Event(name="Акция 31 января", date=dt.date(2021, 1, 31), city="Москва"),
            Event(name="Акция 2 февраля", date=dt.date(2021, 2, 2), city="Москва"),
        ]
    )


def analyze() -> None:
    """Fresh planner statistics (PostgreSQL's autovacuum would have gathered them on a live database)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Measuring --------------------------------------------------------------------


def measure(user, *, runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from casetracker.cases.models import Case

    client = Client()
    client.force_login(user)
    warm = client.get(CHANGELIST_URL, secure=True)  # template loading, caches
    if warm.status_code != 200:
        raise SystemExit(f"bench: {CHANGELIST_URL} answered {warm.status_code} for {user}")

    timings, sql_timings, query_counts = [], [], set()
    slowest: list[dict] = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(CHANGELIST_URL, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        query_counts.add(len(captured.captured_queries))
        sql_timings.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        slowest = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:3]
    newest = Case.objects.order_by("-opened_at", "-pk").values_list("reference", flat=True).first()
    if newest not in response.content.decode():
        raise SystemExit(f"bench: the change list does not show the newest case {newest}")
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        "sql": statistics.median(sql_timings),
        "queries": "/".join(str(count) for count in sorted(query_counts)),
        "slowest": slowest,
    }


def explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join("    " + " ".join(str(col) for col in row) for row in cursor.fetchall())


def main() -> None:
    args = parse_args()
    with BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url:
        configure_django(database_url)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        users = create_users()
        events = create_events()
        lawyers = [users["lawyer"], users["colleague"]]

        print(f"{'rows':>7}  {'db':<10}  {'user':<11}  {'median ms':>9}  {'p95 ms':>8}  {'sql ms':>7}  {'queries':>7}")
        created = 0
        for size in args.sizes:
            started = time.perf_counter()
            create_cases(created, size, lawyers=lawyers, events=events)
            created = size
            analyze()
            setup_s = time.perf_counter() - started
            for role in ("coordinator", "lawyer"):
                result = measure(users[role], runs=args.runs)
                print(
                    f"{size:>7}  {connection.vendor:<10}  {role:<11}  {result['median']:>9.1f}  "
                    f"{result['p95']:>8.1f}  {result['sql']:>7.1f}  {result['queries']:>7}",
                    flush=True,
                )
                if args.explain:
                    for query in result["slowest"]:
                        print(f"  {float(query['time']) * 1000:.1f} ms: {query['sql'][:400]}")
                        print(explain(query["sql"]))
            if args.explain:
                print(f"  (data for {size} rows built in {setup_s:.1f} s)")


if __name__ == "__main__":
    main()
