"""The health check's parts: each answers a small dict with a `status`, never raises.

`status` is one of:
- `ok`: the part works;
- `down`: the part is broken, and the check answers 503 (`detail` says how);
- `eager`: (broker) no broker configured, tasks run in-process; not a failure;
- `unknown`: (worker) no heartbeat recorded yet (Celery beat may not be running); not a
  failure, as it cannot tell a missing beat from a dead worker.

Nothing here reads or returns personal data: a `SELECT 1`, the migration table, the
heartbeat table, the broker's socket and the free space of the storage directory. The
answer is public, so an error's own text (which names hosts, ports and paths) goes to
the log only; `detail` is one of our fixed phrases.
"""

import datetime as dt
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from kombu import Connection

from casetracker.ops.models import Heartbeat
from casetracker.ops.tasks import WORKER_COMPONENT

OK = "ok"
DOWN = "down"
EAGER = "eager"
UNKNOWN = "unknown"

Result = dict[str, object]

logger = logging.getLogger(__name__)


def check_database() -> Result:
    """The default database answers a `SELECT 1`."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return _down("database", "query failed", error)
    return {"status": OK}


def tasks_run_eagerly() -> bool:
    """No broker: tasks run in-process, and there is no worker to watch."""
    return not settings.CELERY_BROKER_URL or settings.CELERY_TASK_ALWAYS_EAGER


def check_broker() -> Result:
    """The Celery broker accepts a connection within CASETRACKER_HEALTH_BROKER_TIMEOUT seconds."""
    if tasks_run_eagerly():
        return {"status": EAGER}
    url = settings.CELERY_BROKER_URL
    timeout = settings.CASETRACKER_HEALTH_BROKER_TIMEOUT
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    try:
        with Connection(url, connect_timeout=timeout, transport_options=options) as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    except Exception as error:  # any transport's error (socket, auth, protocol) means the same: down
        return _down("broker", "no connection", error)
    return {"status": OK}


def check_worker(*, now: dt.datetime | None = None) -> Result:
    """A worker ran the heartbeat task within CASETRACKER_HEALTH_HEARTBEAT_MAX_AGE seconds."""
    if tasks_run_eagerly():
        return {"status": EAGER}
    try:
        beat_at = Heartbeat.objects.filter(component=WORKER_COMPONENT).values_list("beat_at", flat=True).first()
    except DatabaseError as error:
        return _down("worker", "heartbeat not readable", error)
    if beat_at is None:
        return {"status": UNKNOWN, "detail": "no heartbeat recorded yet: is Celery beat running?"}
    age = int(((now or timezone.now()) - beat_at).total_seconds())
    result: Result = {"last_heartbeat": beat_at.isoformat(), "age_seconds": age}
    if age > settings.CASETRACKER_HEALTH_HEARTBEAT_MAX_AGE:
        return {"status": DOWN, "detail": f"last heartbeat {age} s ago", **result}
    return {"status": OK, **result}


def check_migrations() -> Result:
    """Every migration on disk is applied to the database."""
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return _down("migrations", "migration state not readable", error)
    if plan:
        return {"status": DOWN, "detail": f"{len(plan)} migration(s) not applied", "pending": len(plan)}
    return {"status": OK, "pending": 0}


def check_storage() -> Result:
    """The private media root takes a new file and has CASETRACKER_HEALTH_MIN_FREE_MB free."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        # A real write: a read-only mount or a full inode table passes os.access().
        with tempfile.NamedTemporaryFile(dir=root, prefix=".health-"):
            pass
        free_mb = shutil.disk_usage(root).free // (1024 * 1024)
    except OSError as error:
        return _down("storage", "not writable", error)
    result: Result = {"free_mb": free_mb}
    if free_mb < settings.CASETRACKER_HEALTH_MIN_FREE_MB:
        return {"status": DOWN, "detail": f"{free_mb} MB free", **result}
    return {"status": OK, **result}


# The keys of the health answer, in order; documented in docs/deployment.md.
CHECKS: dict[str, Callable[[], Result]] = {
    "database": check_database,
    "broker": check_broker,
    "worker": check_worker,
    "migrations": check_migrations,
    "storage": check_storage,
}


def health_report() -> tuple[bool, dict[str, object]]:
    """(healthy, the answer): each part's result, and `status` `ok` or `down`."""
    database = CHECKS["database"]()
    parts: dict[str, Result] = {"database": database}
    for name, check in CHECKS.items():
        if name == "database":
            continue
        reads_database = name == "migrations" or (name == "worker" and not tasks_run_eagerly())
        if reads_database and database["status"] == DOWN:
            # Both read the database: say why rather than wait for a second timeout.
            parts[name] = {"status": DOWN, "detail": "database is down"}
        else:
            parts[name] = check()
    down = sorted(name for name, part in parts.items() if part["status"] == DOWN)
    return not down, {"status": DOWN if down else OK, "down": down, **parts}


def _down(part: str, detail: str, error: BaseException) -> Result:
    text = str(error).strip()
    first_line = text.splitlines()[0][:200] if text else ""
    # The exception's class and first line: a connection error names a host, never a person.
    logger.warning("health check: %s is down: %s: %s", part, type(error).__name__, first_line)
    return {"status": DOWN, "detail": detail}
