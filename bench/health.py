"""Time GET /health/ against the bare sign-in page, in the same process and run.

    .venv/bin/python bench/health.py                 # SQLite, temporary file
    .venv/bin/python bench/health.py --runs 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker .venv/bin/python bench/health.py

Uses the throw-away database of `bench/admin_changelist.py` (never the developer's),
migrated, with tasks eager (broker and worker answer "eager"). Prints the median and
95th-percentile time of each, the ratio of the medians, and the queries one health
check makes. A broker adds one connection (about a millisecond on the loopback).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_changelist import BenchDatabase, configure_django


def timed(client, path: str, runs: int) -> list[float]:
    client.get(path)  # warm-up: imports, the migration graph, the first connection
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with BenchDatabase(os.environ.get("DATABASE_URL", "")) as url, tempfile.TemporaryDirectory() as media:
        os.environ["CASETRACKER_PRIVATE_MEDIA_ROOT"] = media
        os.environ["CASETRACKER_HEALTH_MIN_FREE_MB"] = "1"
        configure_django(url)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        call_command("migrate", verbosity=0)
        client = Client()
        bare = timed(client, "/admin/login/", args.runs)
        health = timed(client, "/health/", args.runs)
        with CaptureQueriesContext(connection) as queries:
            client.get("/health/")

    def line(label: str, times: list[float]) -> str:
        p95 = statistics.quantiles(times, n=20)[-1]
        return f"{label:<22} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms"

    print(line("GET /admin/login/", bare))
    print(line("GET /health/", health))
    print(f"health / login (medians): {statistics.median(health) / statistics.median(bare):.2f}")
    print(f"queries per health check: {len(queries)}")


if __name__ == "__main__":
    main()
