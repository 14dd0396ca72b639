"""Time and peak memory of a request posting a hostile file to POST /api/v1/imports/.

    .venv/bin/python bench/import_hostile.py            # every file, each in a fresh process
    .venv/bin/python bench/import_hostile.py --case zip_bomb

Generates each file of `tests/security/hostile_files.py` (a ZIP bomb, billion laughs,
a million empty rows, a 100 MB cell, ...), posts it as a lawyer with `dry_run=true`
through Django's test client (multipart parsing included) and prints the status, the
wall time and the growth of the process's peak RSS during the request (after a warm-up
request of an ordinary file). Each file runs
in a process of its own, so that one's peak does not hide the next. The first line is the
baseline, the sample detention list (fixtures/import_sample.csv) checked in the request;
each time is also given as a multiple of it. A file the request
queues is not run by the worker here (the task is replaced by a no-op, as a broker
would only store it); `--worker` runs it afterwards and prints the worker's numbers.
The brief's bound: a clear error within 2 s and under 50 MB of extra memory.
"""

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from admin_changelist import BenchDatabase, configure_django, create_users

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "import_sample.csv"
# The baseline: an ordinary detention list checked in the request, in the same run.
BASELINE = "baseline_sample_csv"
CASES = {
    BASELINE: ("list.csv", lambda h: SAMPLE.read_bytes()),
    "zip_bomb": ("list.xlsx", lambda h: h.zip_bomb()),
    "billion_laughs": ("list.xlsx", lambda h: h.billion_laughs()),
    "million_empty_rows": ("list.xlsx", lambda h: h.million_empty_rows()),
    "million_numbered_rows": ("list.xlsx", lambda h: h.million_numbered_rows()),
    "giant_cell_100mb": ("list.xlsx", lambda h: h.giant_cell()),
    "random_digit_cell_40mb": ("list.xlsx", lambda h: h.giant_cell(40 * 1024 * 1024, incompressible=True)),
    "many_parts": ("list.xlsx", lambda h: h.many_parts()),
    "lying_sizes": ("list.xlsx", lambda h: h.lying_sizes(512 * 1024)),
    "csv_10mb_first_line": ("list.csv", lambda h: h.csv_long_line(line=1)),
    "csv_10mb_cell": ("list.csv", lambda h: h.csv_long_line(line=2)),
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1024 / 1024


def run_case(name: str, *, worker: bool) -> None:
    with BenchDatabase("") as database_url:
        configure_django(database_url)
        from django.conf import settings
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.core.management import call_command
        from rest_framework.test import APIClient

        from casetracker.cases.models import ImportJob
        from casetracker.demo.seed import seed_legal_articles
        from casetracker.imports import tasks
        from tests.security import hostile_files

        settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="import-hostile-bench-"))
        call_command("migrate", verbosity=0, interactive=False)
        seed_legal_articles()  # the baseline's rows name articles
        lawyer = create_users()["lawyer"]
        client = APIClient()
        client.force_authenticate(lawyer)
        filename, make = CASES[name]
        content = make(hostile_files)
        queued = []
        delay = tasks.import_job_task.delay
        tasks.import_job_task.delay = queued.append  # a broker stores the id; no worker here

        # Warm up: the first request imports modules (openpyxl, the API's) and fills caches.
        for warm_up in (hostile_files.xlsx_with({}), ",".join(hostile_files.HEADER).encode()):
            upload = SimpleUploadedFile("warm-up.xlsx" if warm_up[:2] == b"PK" else "warm-up.csv", warm_up)
            warm = client.post("/api/v1/imports/", {"file": upload, "dry_run": "true"}, format="multipart")
            assert warm.status_code == 201, warm.json()

        jobs_before = ImportJob.objects.count()
        rss_before, peak_before = current_rss_mb(), peak_rss_mb()
        started = time.perf_counter()
        response = client.post(
            "/api/v1/imports/", {"file": SimpleUploadedFile(filename, content), "dry_run": "true"}, format="multipart"
        )
        seconds = time.perf_counter() - started
        grown = max(0.0, peak_rss_mb() - max(rss_before, peak_before))
        body = response.json()
        answer = body.get("file", body.get("errors", [{}])[0] if body.get("errors") else body.get("status"))
        print(
            f"{name:<22} {len(content) / 1e6:6.2f} MB upload  {response.status_code}  {seconds:6.3f} s  "
            f"peak RSS +{grown:5.1f} MB  new jobs {ImportJob.objects.count() - jobs_before}  {str(answer)[:90]}"
        )
        tasks.import_job_task.delay = delay
        if worker and queued:
            started = time.perf_counter()
            tasks.import_job_task(queued[0])
            job = ImportJob.objects.get(pk=queued[0])
            print(
                f"{'  worker':<22} {time.perf_counter() - started:6.2f} s  peak RSS {peak_rss_mb():6.0f} MB  "
                f"{job.status}: {str(job.errors[:1])[:90]}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--worker", action="store_true", help="then run a queued job as the worker would")
    args = parser.parse_args()
    if args.case:
        run_case(args.case, worker=args.worker)
        return
    baseline = None
    for name in CASES:
        command = [sys.executable, __file__, "--case", name] + (["--worker"] if args.worker else [])
        run = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603 (this script, names from CASES)
        for line in run.stdout.splitlines():
            seconds = re.search(r" (\d+\.\d+) s  peak", line)
            if seconds and name == BASELINE:
                baseline = float(seconds.group(1))
            ratio = f"  {float(seconds.group(1)) / baseline:6.3f}x the baseline" if seconds and baseline else ""
            print(line + ratio)


if __name__ == "__main__":
    main()
