"""Prometheus metrics: requests and latencies by view name, background job queues.

Requests are labelled by the resolved view name (`admin:cases_case_change`), never by
URL: a URL holds record ids and, in its query string, search terms.

Under gunicorn each worker is a process with its own counters. With
PROMETHEUS_MULTIPROC_DIR set (deploy/systemd/casetracker-web.service sets it to a
directory systemd empties at every start), prometheus_client writes them to files there
and a scrape of any worker adds up every worker's. Without it (runserver, one process)
the process's own counters are served. Only counters and histograms are kept per
process; the job gauges are read from the database at each scrape.
"""

import os

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from casetracker.cases.models import ImportJob
from casetracker.cases.models.imports import ImportStatus
from casetracker.reports.models import BatchStatus, CaseSummaryBatch, ReportExport

# Not in prometheus_client's global registry: each scrape builds its own (render_metrics).
REQUESTS = Counter(
    "casetracker_http_requests",
    "HTTP requests answered, by view name, method and status code.",
    ["view", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "casetracker_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by view name and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0),
    registry=None,
)

KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# A URL that resolved to no view (a 404, or a redirect before resolution).
UNRESOLVED_VIEW = "unresolved"

QUEUED = "queued"
RUNNING = "running"
# job label -> (model, {status: queue state}); ended statuses are not listed.
JOB_QUEUES = {
    "import": (
        ImportJob,
        {ImportStatus.PENDING: QUEUED, ImportStatus.VALIDATING: RUNNING, ImportStatus.WRITING: RUNNING},
    ),
    "summary_batch": (CaseSummaryBatch, {BatchStatus.PENDING: QUEUED, BatchStatus.RUNNING: RUNNING}),
    "report_export": (ReportExport, {BatchStatus.PENDING: QUEUED, BatchStatus.RUNNING: RUNNING}),
}


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request and its duration."""
    method = method if method in KNOWN_METHODS else "other"
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view, method=method).observe(seconds)


class JobQueueCollector(Collector):
    """Jobs not ended yet, per job and state (queued/running), and the age of the oldest.

    One grouped query per job table. The age counts from the job's creation (an import
    confirmed after its dry run counts from the upload).
    """

    def collect(self):
        depth = GaugeMetricFamily(
            "casetracker_jobs", "Background jobs not ended yet, by job and state.", labels=["job", "state"]
        )
        oldest = GaugeMetricFamily(
            "casetracker_jobs_oldest_age_seconds",
            "Age of the oldest job not ended yet, by job and state (0 when there is none).",
            labels=["job", "state"],
        )
        now = timezone.now()
        for job, (model, states) in JOB_QUEUES.items():
            counts = {QUEUED: 0, RUNNING: 0}
            first = {QUEUED: None, RUNNING: None}
            rows = (
                model.objects.filter(status__in=list(states))
                .order_by()
                .values("status")
                .annotate(n=Count("pk"), first=Min("created_at"))
            )
            for row in rows:
                state = states[row["status"]]
                counts[state] += row["n"]
                if first[state] is None or row["first"] < first[state]:
                    first[state] = row["first"]
            for state in (QUEUED, RUNNING):
                depth.add_metric([job, state], counts[state])
                age = (now - first[state]).total_seconds() if first[state] is not None else 0.0
                oldest.add_metric([job, state], max(age, 0.0))
        yield depth
        yield oldest


def render_metrics() -> tuple[bytes, str]:
    """The text exposition of every metric, and its content type."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(JobQueueCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
