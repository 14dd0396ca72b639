"""Time the aggregate report and the row-level CSV export at a million detentions (PostgreSQL).

    .venv/bin/python bench/reports.py                      # 1,000,000 detentions, kept between runs
    .venv/bin/python bench/reports.py --count 100000 --runs 3
    .venv/bin/python bench/reports.py --rebuild            # drop the data and generate it again

Works in a PostgreSQL database of its own, `casetracker_bench_reports` on the server of
DATABASE_URL (127.0.0.1:5432 as postgres when DATABASE_URL is not PostgreSQL; or
--database-url), created if missing. Its data is kept between runs, because generating
a million detentions (`manage.py generate_cases`) takes minutes: it is made again only
with --rebuild or when the number of detentions differs from --count.

Prints, per filter set, the median time of `report_summary()` and of the same figures
computed by hand-written SQL (a handful of GROUP BY queries) in the same run, their
ratio (target <= 2), and whether the two agree; then the row-level CSV export
(`write_dataset_csv`, to a stream that only counts bytes) in a child process: rows, rows
per second and the child's peak RSS (VmHWM; target < 200 MB at a million rows), with
its RSS after Django's set-up in brackets. `--part summary|export` measures one of the
two. Exits non-zero when any figure disagrees.
"""

import argparse
import datetime as dt
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_changelist import configure_django

# The SQL below is built from fixed fragments; every filter value is a query parameter.
# ruff: noqa: S608

DATABASE_NAME = "casetracker_bench_reports"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
MOSCOW = "Москва"
# The same data set on every rebuild.
SEED = 2021


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000, help="detentions (default: 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure set (default: 5)")
    parser.add_argument("--rebuild", action="store_true", help="generate the data again even if it is there")
    parser.add_argument("--database-url", default="", help=f"PostgreSQL URL (default: {DATABASE_NAME} on the server)")
    parser.add_argument(
        "--part", choices=("all", "summary", "export"), default="all", help="what to measure (default: all)"
    )
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count < 1 or args.runs < 1:
        parser.error("--count and --runs must be positive")
    if not args.database_url:
        source = os.environ.get("DATABASE_URL", "")
        server = source if urlsplit(source).scheme in {"postgres", "postgresql"} else DEFAULT_SERVER
        args.database_url = urlunsplit(urlsplit(server)._replace(path=f"/{DATABASE_NAME}"))
    return args


# --- The database -------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the bench database when missing (through the `postgres` maintenance database)."""
    import psycopg2

    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit(f"bench/reports.py: needs PostgreSQL, got {parts.scheme!r}")
    name = parts.path.lstrip("/")
    try:
        admin = psycopg2.connect(
            dbname="postgres",
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or "",
        )
    except psycopg2.OperationalError as exc:
        raise SystemExit(f"bench/reports.py: cannot reach PostgreSQL at {parts.hostname}: {exc}") from None
    admin.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()


def load_data(count: int, *, rebuild: bool) -> str:
    """Generate `count` detentions unless they are there; returns a line on what was done."""
    from django.core.management import call_command
    from django.db import connection

    from casetracker.cases.models import Detention

    existing = Detention.objects.count()
    if existing == count and not rebuild:
        return f"reusing {existing:,} detentions (--rebuild to generate them again)"
    from casetracker.cases.models import Case, Charge, Event, EvidenceClaim, Hearing, Person

    # Everything generate_cases writes; CASCADE takes what hangs off it (notes, documents).
    tables = [model._meta.db_table for model in (EvidenceClaim, Charge, Hearing, Detention, Case, Person, Event)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    started = time.perf_counter()
    call_command("generate_cases", count=count, seed=SEED, force=True, stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    analyze()
    return f"generated {count:,} detentions in {elapsed:.0f} s ({count / elapsed:,.0f} detentions/s)"


def analyze() -> None:
    """Fresh statistics and visibility map, as autovacuum would leave a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- The same figures in hand-written SQL -------------------------------------------


def where_clause(filters) -> tuple[str, list]:
    """The report filters as SQL over `cases_detention d` (dates: local days, inclusive)."""
    from casetracker.reports.statistics.filters import local_day_start

    conditions, params = ["TRUE"], []
    if filters.date_from:
        conditions.append("d.detained_at >= %s")
        params.append(local_day_start(filters.date_from))
    if filters.date_to:
        conditions.append("d.detained_at < %s")
        params.append(local_day_start(filters.date_to + dt.timedelta(days=1)))
    for column, value in (
        ("region", filters.region),
        ("city", filters.city),
        ("event_id", filters.event_id),
        ("place_type", filters.place_type),
    ):
        if value:
            conditions.append(f"d.{column} = %s")
            params.append(value)
    if filters.method:
        conditions.append("EXISTS (SELECT 1 FROM cases_evidenceclaim m WHERE m.detention_id = d.id AND m.method = %s)")
        params.append(filters.method)
    if filters.outcome:
        conditions.append("EXISTS (SELECT 1 FROM cases_hearing o WHERE o.case_id = d.case_id AND o.outcome = %s)")
        params.append(filters.outcome)
    return " AND ".join(conditions), params


def sql_summary(filters) -> dict:
    """Every figure of the summary in six queries, written as for a one-off analysis."""
    from django.conf import settings
    from django.db import connection

    where, params = where_clause(filters)
    with connection.cursor() as cursor:

        def rows(sql: str, extra: list | None = None) -> list[tuple]:
            cursor.execute(sql, (extra or []) + params)
            return cursor.fetchall()

        people = rows(
            f"""SELECT count(*), count(*) FILTER (WHERE n >= 2), coalesce(sum(n), 0), coalesce(sum(cases), 0),
                       coalesce(sum(journalists), 0), coalesce(sum(minors), 0)
                FROM (SELECT c.person_id, count(*) AS n, count(DISTINCT d.case_id) AS cases,
                             count(*) FILTER (WHERE d.press_vest OR p.is_journalist) AS journalists,
                             count(*) FILTER (WHERE d.is_minor) AS minors
                      FROM cases_detention d JOIN cases_case c ON c.id = d.case_id
                      JOIN cases_person p ON p.id = c.person_id
                      WHERE {where} GROUP BY c.person_id) per_person"""
        )[0]
        groups = rows(
            f"""SELECT month, region, city, place_type, event,
                       GROUPING(month, region, city, place_type, event), count(*)
                FROM (SELECT to_char(d.detained_at AT TIME ZONE %s, 'YYYY-MM') AS month, d.region, d.city,
                             d.place_type, e.name AS event
                      FROM cases_detention d LEFT JOIN cases_event e ON e.id = d.event_id WHERE {where}) matching
                GROUP BY GROUPING SETS ((month), (region), (city), (place_type), (event))""",
            [settings.TIME_ZONE],
        )
        claims = f"""FROM cases_evidenceclaim c JOIN cases_detention d ON d.id = c.detention_id WHERE {where}"""
        by_method = rows(f"SELECT c.method, count(DISTINCT c.detention_id) {claims} GROUP BY c.method")
        facial, delayed, median, longest = rows(
            f"""SELECT count(DISTINCT c.detention_id) FILTER (WHERE c.method LIKE 'facial\\_recognition\\_%%'),
                       count(DISTINCT c.detention_id) FILTER (WHERE c.footage_lag_days >= 1),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY c.footage_lag_days)
                           FILTER (WHERE c.footage_lag_days >= 1),
                       max(c.footage_lag_days) FILTER (WHERE c.footage_lag_days >= 1) {claims}"""
        )[0]
        cases = f"(SELECT DISTINCT d.case_id FROM cases_detention d WHERE {where})"
        hearings = rows(
            f"""SELECT h.outcome, count(*), sum(h.fine_amount), sum(h.arrest_days)
                FROM cases_hearing h WHERE h.case_id IN {cases} GROUP BY h.outcome"""
        )
        articles = rows(
            f"""SELECT a.code, a.number, a.part, count(*) FROM cases_charge ch
                JOIN cases_legalarticle a ON a.id = ch.article_id
                WHERE ch.case_id IN {cases} GROUP BY a.code, a.number, a.part"""
        )
    # GROUPING() bits, highest first: month, region, city, place type, event name.
    grouped = {bit: {} for bit in (16, 8, 4, 2, 1)}
    for month, region, city, place_type, event, grouping, n in groups:
        for bit, key in ((16, month), (8, region), (4, city), (2, place_type), (1, event)):
            if grouping == 31 - bit and key not in (None, ""):
                grouped[bit][key] = n
    return {
        "detentions": people[2],
        "people": people[0],
        "repeat_detained_people": people[1],
        # Each case belongs to one person, so distinct cases per person add up.
        "cases": people[3],
        "by_month": dict(sorted(grouped[16].items())),
        "by_region": grouped[8],
        "by_city": grouped[4],
        "by_place_type": grouped[2],
        "by_event": grouped[1],
        "by_method": {method: n for method, n in by_method if n},
        "facial_recognition": facial,
        "delayed_identification": delayed,
        "footage_lag_days": {"median": None if median is None else _plain(median), "max": longest},
        "journalists": people[4],
        "minors": people[5],
        "outcomes": {outcome: n for outcome, n, _, _ in hearings if outcome and n},
        "fines_total": _plain(sum(fines or 0 for _, _, fines, _ in hearings)),
        "arrest_days_total": sum(days or 0 for _, _, _, days in hearings),
        "by_article": {f"{code} {number}" + (f" part {part}" if part else ""): n for code, number, part, n in articles},
    }


def _plain(number) -> int | float:
    return int(number) if float(number).is_integer() else float(number)


def differences(summary: dict, by_hand: dict) -> list[str]:
    return [
        f"{key}: report {summary.get(key)!r} != SQL {by_hand.get(key)!r}"
        for key in summary
        if summary[key] != by_hand.get(key)
    ]


# --- Measuring ------------------------------------------------------------------------


def filter_sets() -> list[tuple[str, object]]:
    from casetracker.cases.choices import IdentificationMethod
    from casetracker.reports.statistics.filters import ReportFilters

    year = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    return [
        ("no filter", ReportFilters()),
        ("period 2022", ReportFilters(date_from=year[0], date_to=year[1])),
        ("region Moscow", ReportFilters(region=MOSCOW)),
        ("method FR metro", ReportFilters(method=IdentificationMethod.FACIAL_RECOGNITION_METRO)),
        (
            "all three",
            ReportFilters(
                date_from=year[0], date_to=year[1], region=MOSCOW, method=IdentificationMethod.FACIAL_RECOGNITION_METRO
            ),
        ),
    ]


def timed(function, *args, runs: int) -> tuple[float, object]:
    """The median wall time in ms over `runs` calls (after one warm-up) and the last result."""
    result = function(*args)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def measure_summary(runs: int) -> bool:
    from casetracker.reports.statistics.summary import report_summary

    print(f"{'filters':<16}  {'detentions':>10}  {'summary ms':>10}  {'SQL ms':>8}  {'ratio':>5}  agree")
    agree = True
    for label, filters in filter_sets():
        summary_ms, summary = timed(report_summary, filters, runs=runs)
        sql_ms, by_hand = timed(sql_summary, filters, runs=runs)
        wrong = differences(summary, by_hand)
        agree = agree and not wrong
        print(
            f"{label:<16}  {summary['detentions']:>10,}  {summary_ms:>10.0f}  {sql_ms:>8.0f}  "
            f"{summary_ms / sql_ms:>5.2f}  {'yes' if not wrong else 'NO'}",
            flush=True,
        )
        for line in wrong:
            print(f"    {line[:300]}")
    return agree


def measure_export(database_url: str) -> None:
    """The row-level CSV export in a child process, so that its peak RSS is the export's own."""
    command = [sys.executable, __file__, "--export-child", "--database-url", database_url]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - this script
    if result.returncode != 0:
        raise SystemExit(f"bench/reports.py: the export failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"\n{'CSV export':<16}  {'rows':>10}  {'seconds':>10}  {'rows/s':>8}  {'MB':>5}  peak RSS MB (after setup)\n"
        f"{'no filter':<16}  {figures['rows']:>10,}  {figures['seconds']:>10.1f}  "
        f"{figures['rows'] / figures['seconds']:>8,.0f}  {figures['bytes'] / 1e6:>5.0f}  "
        f"{figures['peak_rss_mb']:.0f} ({figures['setup_rss_mb']:.0f})"
    )


class CountingStream:
    """A text stream that only counts what is written (the export's cost, not the disk's)."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text.encode())
        return len(text)


def export_child() -> None:
    from casetracker.reports.exports.dataset import write_dataset_csv
    from casetracker.reports.statistics.filters import ReportFilters

    setup_rss_mb = peak_rss_mb()
    stream = CountingStream()
    started = time.perf_counter()
    rows = write_dataset_csv(ReportFilters(), stream)
    seconds = time.perf_counter() - started
    figures = {"rows": rows, "seconds": seconds, "bytes": stream.size}
    print(json.dumps({**figures, "setup_rss_mb": setup_rss_mb, "peak_rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    VmHWM from /proc, not getrusage: Linux carries ru_maxrss over fork and exec, so a
    child started by this (large, after generating data) process would report the
    parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: kB on Linux and BSD


def main() -> None:
    args = parse_args()
    ensure_database(args.database_url)
    configure_django(args.database_url)
    if args.export_child:
        export_child()
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(f"{urlsplit(args.database_url).path.lstrip('/')}: {load_data(args.count, rebuild=args.rebuild)}", flush=True)
    agree = measure_summary(args.runs) if args.part in ("all", "summary") else True
    if args.part in ("all", "export"):
        measure_export(args.database_url)
    if not agree:
        raise SystemExit("bench/reports.py: the summary and the hand-written SQL disagree")


if __name__ == "__main__":
    main()
