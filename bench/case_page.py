"""Requests per second of the case page, the case list and the start page under gunicorn, against the bare login page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker_case_page .venv/bin/python bench/case_page.py
    .venv/bin/python bench/case_page.py                    # SQLite, temporary file (not comparable)
    .venv/bin/python bench/case_page.py --duration 30s --connections 16

Builds one case the size of a busy real one (3 detentions, 5 evidence claims, 4
hearings, 5 documents, 20 notes; `tests/factories.py:workspace_case_build`) for a
lawyer, in a throw-away database (`bench/admin_changelist.py`'s: on PostgreSQL a
`<dbname>_bench` database it creates and drops). Starts gunicorn with 4 workers on a
free loopback port with production settings (DEBUG off, a throw-away SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1; two-factor sign-in and the HTTPS redirect off, as in the
tests), signs the lawyer in through the login form, and runs `wrk` (Debian's package;
`make bench-deps` installs it) against each page in turn, in one run.

Prints per page: requests per second, p50 and p95 latency, responses outside 2xx plus
socket errors, the ratio of requests per second to the bare login page's, and whether
the page meets the goal (at least 25% of the login page's rate, p95 at most 300 ms, no
errors). `--strict` exits 1 when a page misses it. gunicorn is stopped at the end, always.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Importing it also puts the project on the path (for `tests.factories`).
from admin_changelist import BASE_DIR, BenchDatabase, analyze, configure_django

BENCH_DIR = BASE_DIR / "bench"
HOST = "127.0.0.1"
LOGIN_URL = "/admin/login/"
WORKERS = 4
GOAL_RATIO = 0.25
GOAL_P95_MS = 300.0
WRK_SCRIPT = BENCH_DIR / "wrk_summary.lua"
WRK_RESULT = re.compile(r"^CT_RESULT (?P<fields>.+)$", re.MULTILINE)
# gunicorn gets this long to answer its first request; the bench gives up after it.
STARTUP_TIMEOUT_S = 60.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", default="15s", help="wrk's run per page, e.g. 15s or 1m (default: 15s)")
    parser.add_argument("--warmup", default="3s", help="an unmeasured wrk run per page first (default: 3s; 0 skips)")
    parser.add_argument("--connections", type=int, default=16, help="open connections (default: 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default: 2)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses the goal")
    args = parser.parse_args()
    if not re.fullmatch(r"\d+[smh]?", args.duration) or not re.fullmatch(r"\d+[smh]?", args.warmup):
        parser.error("--duration and --warmup take wrk's durations, e.g. 15s, 2m")
    if args.connections < 1 or not 1 <= args.threads <= args.connections:
        parser.error("--connections must be positive and --threads between 1 and --connections")
    return args


# --- Data -------------------------------------------------------------------------


def create_lawyer_and_case():
    """The lawyer (with a password, to sign in through the form) and the benchmark's case."""
    from django.contrib.auth.models import Group

    from casetracker.accounts.models import User
    from casetracker.accounts.roles import LAWYER
    from tests.factories import workspace_case_build

    password = secrets.token_urlsafe(16)
    lawyer = User.objects.create_user(username="bench_case_lawyer", password=password, is_staff=True)
    lawyer.groups.add(Group.objects.get(name=LAWYER))
    case = workspace_case_build(lawyer=lawyer)
    return lawyer, password, case


# --- gunicorn -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving the project on a loopback port; stopped on leaving the block."""

    def __init__(self, port: int, log_dir: Path) -> None:
        self.port = port
        self.log_path = log_dir / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "casetracker.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{self.port}",
            "--log-level",
            "warning",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=BASE_DIR, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_serving()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status, _headers, _body = request("GET", LOGIN_URL, port=self.port)
            except OSError:
                time.sleep(0.5)
                continue
            if status == 200:
                return
            raise SystemExit(f"bench: {LOGIN_URL} answered {status} under gunicorn:\n{self.log_tail()}")
        raise SystemExit(f"bench: gunicorn did not answer within {STARTUP_TIMEOUT_S:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful stop (SIGTERM), workers included
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


# --- HTTP ---------------------------------------------------------------------------


def request(method: str, path: str, *, port: int, headers: dict | None = None, body: str | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def cookies_from(headers) -> dict[str, str]:
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


def log_in(*, port: int, username: str, password: str) -> str:
    """Sign in through the login form, as a browser would; returns the Cookie header."""
    status, headers, body = request("GET", LOGIN_URL, port=port)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    csrf_cookie = cookies_from(headers).get("csrftoken")
    if status != 200 or not token or not csrf_cookie:
        raise SystemExit(f"bench: the login page answered {status} without a CSRF token")
    form = urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password})
    status, headers, _body = request(
        "POST",
        f"{LOGIN_URL}?next=/admin/",
        port=port,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"},
        body=form,
    )
    session = cookies_from(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit(f"bench: signing in answered {status} without a session cookie")
    return f"sessionid={session}"


def check_page(path: str, *, port: int, cookie: str, expect: str) -> int:
    """One request before measuring: the page answers 200 to the lawyer and shows `expect`; its size."""
    status, _headers, body = request("GET", path, port=port, headers={"Cookie": cookie})
    if status != 200 or expect.encode() not in body:
        raise SystemExit(f"bench: {path} answered {status} without {expect!r} for the lawyer")
    return len(body)


# --- wrk ----------------------------------------------------------------------------


def run_wrk(url: str, *, cookie: str, duration: str, args: argparse.Namespace) -> dict:
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={duration}",
        # wrk's default of 2 s would drop the slowest requests from the latencies.
        "--timeout=30s",
        "--latency",
        f"--script={WRK_SCRIPT}",
        url,
    ]
    if cookie:
        command[1:1] = ["--header", f"Cookie: {cookie}"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603
    match = WRK_RESULT.search(finished.stdout)
    if finished.returncode != 0 or not match:
        raise SystemExit(f"bench: wrk failed on {url}: {(finished.stderr or finished.stdout).strip()[:300]}")
    fields = {key: int(value) for key, value in (pair.split("=") for pair in match.group("fields").split())}
    if fields["requests"] == 0:
        # Not one response within the run: the latencies are unknown, not zero.
        fields["p50_us"] = fields["p95_us"] = float("inf")
    return {
        "rps": fields["requests"] / (fields["duration_us"] / 1_000_000),
        "p50_ms": fields["p50_us"] / 1000,
        "p95_ms": fields["p95_us"] / 1000,
        "errors": fields["non2xx"] + fields["socket_errors"],
        "requests": fields["requests"],
    }


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is missing; install it with `make bench-deps` (Debian's wrk package)")
    # A key of this run only: nothing signed here outlives it.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    with tempfile.TemporaryDirectory(prefix="casetracker-bench-case-page-") as scratch:
        os.environ["CASETRACKER_PRIVATE_MEDIA_ROOT"] = str(Path(scratch) / "documents")
        with BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url:
            configure_django(database_url)
            # gunicorn inherits the environment: only the loopback address is a valid host.
            os.environ["ALLOWED_HOSTS"] = HOST
            from django.core.management import call_command
            from django.db import connection, connections

            call_command("migrate", verbosity=0, interactive=False)
            lawyer, password, case = create_lawyer_and_case()
            analyze()
            vendor = connection.vendor
            connections.close_all()  # the workers open their own

            pages = [
                ("login page (baseline)", LOGIN_URL, ""),
                ("case page", f"/admin/cases/case/{case.pk}/change/", case.reference),
                ("case list", "/admin/cases/case/", case.reference),
                ("start page", "/admin/", case.reference),
            ]
            with Gunicorn(free_port(), Path(scratch)) as server:
                cookie = log_in(port=server.port, username=lawyer.username, password=password)
                sizes = {
                    path: check_page(path, port=server.port, cookie=cookie, expect=expect)
                    for _, path, expect in pages[1:]
                }
                print(
                    f"gunicorn {WORKERS} workers, {vendor}, wrk {args.connections} connections, "
                    f"{args.threads} threads, {args.duration} per page; {os.cpu_count()} CPUs",
                    flush=True,
                )
                print(f"{'page':<22}  {'KB':>5}  {'req/s':>7}  {'p50 ms':>7}  {'p95 ms':>7}  ", end="")
                print(f"{'errors':>6}  {'ratio':>6}  goal")
                results = []
                baseline_rps = None
                for label, path, _expect in pages:
                    url = f"http://{HOST}:{server.port}{path}"
                    page_cookie = "" if path == LOGIN_URL else cookie
                    if args.warmup not in {"0", "0s"}:
                        run_wrk(url, cookie=page_cookie, duration=args.warmup, args=args)
                    result = run_wrk(url, cookie=page_cookie, duration=args.duration, args=args)
                    baseline_rps = baseline_rps or result["rps"]
                    ratio = result["rps"] / baseline_rps
                    met = ratio >= GOAL_RATIO and result["p95_ms"] <= GOAL_P95_MS and result["errors"] == 0
                    results.append((label, met))
                    size = f"{sizes[path] / 1024:>5.0f}" if path in sizes else f"{'':>5}"
                    print(
                        f"{label:<22}  {size}  {result['rps']:>7.1f}  {result['p50_ms']:>7.0f}  "
                        f"{result['p95_ms']:>7.0f}  {result['errors']:>6}  {ratio:>6.1%}  "
                        f"{'-' if path == LOGIN_URL else ('yes' if met else 'no')}",
                        flush=True,
                    )
    missed = [label for label, met in results[1:] if not met]
    print(f"goal: >= {GOAL_RATIO:.0%} of the login page's req/s, p95 <= {GOAL_P95_MS:.0f} ms, no errors; ", end="")
    print(f"missed by: {', '.join(missed)}" if missed else "met by every page")
    if args.strict and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
