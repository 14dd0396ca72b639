"""gunicorn's configuration for casetracker (deploy/systemd/casetracker-web.service loads it).

Behind the TLS proxy of deploy/nginx on the same host. No access log: the proxy's log
(without query strings) and the app's own request line (view name, status, duration,
request id) say what an operator needs without a search term in a URL.
"""

import glob
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the proxy buffers slow clients, so a worker is busy only while Django works.
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# A case summary PDF is rendered in the request (about a second); ZIPs and exports go to Celery.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# The only proxy is on this host; it alone may say the request came over HTTPS.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = None
errorlog = "-"
# Not recycled after N requests: each new worker pid would leave its metric files behind.
max_requests = 0


def on_starting(server) -> None:
    """Empty the Prometheus multiprocess directory: counters of an earlier run must not add up."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    os.makedirs(directory, exist_ok=True)
    for stale in glob.glob(os.path.join(directory, "*.db")):
        os.remove(stale)
