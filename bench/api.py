"""Time the REST API's list and detail endpoints at 10,000 cases, then the bulk import.

    .venv/bin/python bench/api.py                      # SQLite, temporary file, 100 and 10,000 cases
    .venv/bin/python bench/api.py --sizes 1000 --runs 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker .venv/bin/python bench/api.py

Builds the same data as `bench/admin_changelist.py` (whose throw-away database and
settings it reuses: it never touches the developer's database) and requests each
endpoint with a bearer token, as a script would. Prints, per size, role and endpoint:
rows returned, median and 95th-percentile time of the whole request in ms, the median
time spent in the database, and the number of queries (token lookup and permission
checks included; a detail read also writes its audit event). Then it runs
`bench/import_rows.py` (a 10,000-row CSV through `POST /api/v1/imports/`'s service;
`--import-rows 0` skips it) on the same kind of database, in a process of its own.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_changelist import (
    BenchDatabase,
    analyze,
    configure_django,
    create_cases,
    create_events,
    create_users,
)

ENDPOINTS = [
    # (label, path or a callable giving it, query)
    ("cases list 50", "/api/v1/cases/", {}),
    ("cases list 200", "/api/v1/cases/", {"page_size": 200}),
    (
        "cases filtered 200",
        "/api/v1/cases/",
        {"page_size": 200, "region": "Москва", "method": "cctv_review", "detained_from": "2021-01-25"},
    ),
    ("cases search", "/api/v1/cases/", {"search": "Тверская"}),
    ("case detail", "case", {}),
    ("detentions list 200", "/api/v1/detentions/", {"page_size": 200}),
    ("claims list 200", "/api/v1/evidence-claims/", {"page_size": 200}),
    ("persons list 200", "/api/v1/persons/", {"page_size": 200}),
    ("person detail", "person", {}),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,10000", help="comma-separated case counts (default: 100,10000)")
    parser.add_argument("--runs", type=int, default=9, help="timed requests per endpoint, size and role (default: 9)")
    parser.add_argument(
        "--import-rows", type=int, default=10_000, help="rows of the import benchmark afterwards; 0 skips it"
    )
    args = parser.parse_args()
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes takes integers, e.g. 100,10000")
    if not args.sizes or args.sizes[0] < 1 or args.runs < 1:
        parser.error("sizes and runs must be positive")
    return args


def client_for(user):
    from rest_framework.test import APIClient

    from casetracker.api.tokens import token_issue

    _, secret = token_issue(user=user, name="bench")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def resolve(path: str, user) -> str:
    from casetracker.cases.selectors import cases_visible_to

    newest = cases_visible_to(user).order_by("-opened_at", "-pk").first()
    if path == "case":
        return f"/api/v1/cases/{newest.pk}/"
    if path == "person":
        return f"/api/v1/persons/{newest.person_id}/"
    return path


def measure(client, path: str, query: dict, *, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm = client.get(path, query, secure=True)
    if warm.status_code != 200:
        raise SystemExit(f"bench: {path} answered {warm.status_code}: {warm.content[:200]!r}")
    timings, sql_timings, query_counts = [], [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, query, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:200]
        query_counts.add(len(captured.captured_queries))
        sql_timings.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    body = response.json()
    timings.sort()
    return {
        "rows": len(body["results"]) if "results" in body else 1,
        "median": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        "sql": statistics.median(sql_timings),
        "queries": "/".join(str(count) for count in sorted(query_counts)),
    }


def main() -> None:
    args = parse_args()
    with BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url:
        configure_django(database_url)
        # Many timed requests from one client: lift the per-user rate for the bench.
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.CASETRACKER_API_THROTTLE_RATE = "1000000/min"
        call_command("migrate", verbosity=0, interactive=False)
        users = create_users()
        events = create_events()
        lawyers = [users["lawyer"], users["colleague"]]
        clients = {role: client_for(users[role]) for role in ("coordinator", "lawyer")}

        print(
            f"{'cases':>7}  {'db':<10}  {'user':<11}  {'endpoint':<20}  {'rows':>4}  "
            f"{'median ms':>9}  {'p95 ms':>8}  {'sql ms':>7}  {'queries':>7}"
        )
        created = 0
        for size in args.sizes:
            create_cases(created, size, lawyers=lawyers, events=events)
            created = size
            analyze()
            for role, client in clients.items():
                for label, path, query in ENDPOINTS:
                    result = measure(client, resolve(path, users[role]), query, runs=args.runs)
                    print(
                        f"{size:>7}  {connection.vendor:<10}  {role:<11}  {label:<20}  {result['rows']:>4}  "
                        f"{result['median']:>9.1f}  {result['p95']:>8.1f}  {result['sql']:>7.1f}  "
                        f"{result['queries']:>7}",
                        flush=True,
                    )
    if args.import_rows > 0:
        # Its own process and throw-away database: the import's figures do not depend on
        # the 10,000 cases above, and its CPU time is its own.
        print(flush=True)
        script = Path(__file__).resolve().parent / "import_rows.py"
        subprocess.run([sys.executable, str(script), "--rows", str(args.import_rows)], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
