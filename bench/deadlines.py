"""Time the lawyer's agenda and GET /api/v1/deadlines/ at about 100,000 cases and 300,000 hearings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ct_h13 .venv/bin/python bench/deadlines.py
    .venv/bin/python bench/deadlines.py --count 2000 --hearings 6000     # SQLite, a quick look

Builds a throw-away database (`<dbname>_bench` on PostgreSQL, a temporary file on SQLite;
`bench/admin_changelist.py`'s BenchDatabase, never the developer's data): the synthetic
data set of `manage.py generate_cases` (its deadlines counted by the engine, as the
command does), topped up with hearings still to come until there are `--hearings` of
them. "Today" is moved into the data's busiest stretch so that the agenda is full.

For each of the agenda selector (`deadlines.selectors.agenda`, a lawyer's own cases) and
the API list (as a lawyer and as a coordinator, 50 rows, with its count), prints the
median time, the number of queries (the same on every run: the point of the selector),
and the median of a hand-written SQL baseline that fetches the same rows in the same
run, and the ratio of the two. The ratio is what to compare between runs and machines.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_changelist import BenchDatabase, analyze, configure_django, create_users

AGENDA_SQL = """
WITH own AS (
    SELECT c.id, c.reference FROM cases_case c
    JOIN cases_case_lawyers cl ON cl.case_id = c.id
    WHERE cl.user_id = %(user)s AND c.status <> 'closed'
)
SELECT d.id, d.due_on, d.kind, own.reference, h.court
FROM deadlines_deadline d JOIN own ON own.id = d.case_id
LEFT JOIN cases_hearing h ON h.id = d.hearing_id
WHERE d.status = 'open' AND d.due_on BETWEEN %(start)s AND %(end)s
UNION ALL
SELECT h.id, h.date, '', own.reference, h.court
FROM cases_hearing h JOIN own ON own.id = h.case_id
WHERE (h.outcome = '' OR (h.outcome = 'postponed' AND h.date >= %(today)s))
  AND h.date BETWEEN %(start)s AND %(end)s
ORDER BY 2, 1
"""

LIST_SQL = {
    "lawyer": (
        "SELECT d.id, d.case_id, c.reference, d.hearing_id, d.kind, d.due_on, d.rule, d.status "
        "FROM deadlines_deadline d JOIN cases_case c ON c.id = d.case_id "
        "WHERE d.case_id IN (SELECT case_id FROM cases_case_lawyers WHERE user_id = %(user)s) "
        "ORDER BY d.due_on, d.id LIMIT 50",
        "SELECT count(*) FROM deadlines_deadline d "
        "WHERE d.case_id IN (SELECT case_id FROM cases_case_lawyers WHERE user_id = %(user)s)",
    ),
    "coordinator": (
        "SELECT d.id, d.case_id, c.reference, d.hearing_id, d.kind, d.due_on, d.rule, d.status "
        "FROM deadlines_deadline d JOIN cases_case c ON c.id = d.case_id ORDER BY d.due_on, d.id LIMIT 50",
        "SELECT count(*) FROM deadlines_deadline d",
    ),
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # generate_cases draws people with one to five detentions: 112,000 detentions make about 100,000 cases.
    parser.add_argument(
        "--count", type=int, default=112_000, help="detentions of generate_cases (default 112,000: ~100,000 cases)"
    )
    parser.add_argument("--hearings", type=int, default=300_000, help="hearings in all (default 300,000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each measure (default 7)")
    args = parser.parse_args()
    if args.count < 1 or args.runs < 1:
        parser.error("--count and --runs must be positive")
    return args


def build(count: int, hearings: int) -> dict:
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count

    from casetracker.cases.models import Case, Hearing
    from casetracker.deadlines.models import Deadline
    from casetracker.demo import synthetic

    call_command("migrate", verbosity=0, interactive=False)
    users = create_users()
    started = time.perf_counter()
    with transaction.atomic():
        synthetic.generate(count=count, seed=13, today=dt.date(2026, 12, 1))
    print(f"generated {Case.objects.count():,} cases in {time.perf_counter() - started:.0f} s", flush=True)
    missing = hearings - Hearing.objects.count()
    if missing > 0:
        # Hearings still to come on open cases: what a start page has most of.
        case_ids = list(Case.objects.exclude(status="closed").values_list("pk", flat=True))
        Hearing.objects.bulk_create(
            (
                Hearing(
                    case_id=case_ids[n % len(case_ids)],
                    court="Тверской районный суд",
                    date=dt.date(2026, 6, 1) + dt.timedelta(days=n % 400),
                )
                for n in range(missing)
            ),
            batch_size=5000,
        )
    analyze()
    busiest = Deadline.objects.filter(status="open").values("due_on").annotate(n=Count("pk")).order_by("-n").first()
    return {"users": users, "today": busiest["due_on"] if busiest else dt.date(2026, 12, 1)}


def timed(function, runs: int) -> tuple[float, str, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = function()  # warm
    timings, counts = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            timings.append((time.perf_counter() - started) * 1000)
        counts.add(len(captured.captured_queries))
    return statistics.median(timings), "/".join(str(c) for c in sorted(counts)), result


def raw(sql: str, params: dict):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def main() -> None:
    args = parse_args()
    with BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url:
        configure_django(database_url)
        from django.conf import settings
        from django.db import connection
        from rest_framework.test import APIClient

        from casetracker.cases.models import Case, Hearing
        from casetracker.deadlines import selectors
        from casetracker.deadlines.models import Deadline

        settings.CASETRACKER_API_THROTTLE_RATE = "1000000/min"
        built = build(args.count, args.hearings)
        users, today = built["users"], built["today"]
        print(
            f"{connection.vendor}: {Case.objects.count():,} cases, {Hearing.objects.count():,} hearings, "
            f"{Deadline.objects.count():,} deadlines; today = {today}"
        )
        print(f"{'measure':<38} {'rows':>6} {'median ms':>10} {'queries':>8} {'SQL ms':>8} {'ratio':>6}")

        def report(label: str, rows: int, ms: float, queries: str, baseline_ms: float) -> None:
            ratio = ms / baseline_ms if baseline_ms else float("nan")
            print(f"{label:<38} {rows:>6} {ms:>10.1f} {queries:>8} {baseline_ms:>8.1f} {ratio:>6.1f}")

        lawyer = users["lawyer"]
        lawyer.has_perm("deadlines.view_deadline")  # a request's user has its permissions cached
        ms, queries, items = timed(lambda: selectors.agenda(lawyer, today=today), args.runs)
        params = {
            "user": lawyer.pk,
            "today": today,
            "start": today - dt.timedelta(days=selectors.OVERDUE_DAYS),
            "end": today + dt.timedelta(days=selectors.AGENDA_DAYS),
        }
        baseline_ms, _, rows = timed(raw(AGENDA_SQL, params), args.runs)
        assert len(rows) == len(items), (len(rows), len(items))
        report("agenda (lawyer)", len(items), ms, queries, baseline_ms)

        for role in ("lawyer", "coordinator"):
            client = APIClient()
            client.force_authenticate(users[role])

            def request(client=client):
                response = client.get("/api/v1/deadlines/", {"page_size": 50}, secure=True)
                assert response.status_code == 200, response.content[:200]
                return response.json()

            ms, queries, body = timed(request, args.runs)
            page_sql, count_sql = LIST_SQL[role]

            def baseline(page_sql=page_sql, count_sql=count_sql, role=role):
                return raw(page_sql, {"user": users[role].pk})(), raw(count_sql, {"user": users[role].pk})()

            baseline_ms, _, (page, count) = timed(baseline, args.runs)
            assert len(page) == len(body["results"])
            assert count[0][0] == body["count"], (count, body["count"])
            report(f"GET /api/v1/deadlines/ ({role})", len(body["results"]), ms, queries, baseline_ms)


if __name__ == "__main__":
    main()
