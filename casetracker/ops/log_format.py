"""Log formatters: plain text by default, one JSON object per line with LOG_FORMAT=json.

The rule for every log call in casetracker: ids, counts, view names and status codes,
never a personal value (a name, a phone number, a birth date, an address, a search
term, a file name, a note). Request logs name the view, not the URL, whose query string
may hold a search term. `tests/ops/test_logging.py` holds a request that touches a person
to this rule.
"""

import logging

from pythonjsonlogger.json import JsonFormatter

# The fields of a JSON line, in order; `exc_info` is added when there is a traceback.
JSON_FIELDS = ["asctime", "levelname", "name", "message", "request_id"]
# Extra fields (`logger.info(..., extra={...})`) that may appear too: ids, names of
# views, numbers. Any other extra is dropped: Django passes the request object itself,
# whose text is the whole URL.
JSON_EXTRA_FIELDS = frozenset(
    {"view", "method", "status", "status_code", "duration_ms", "exc_info", "stack_info", "task", "task_id"}
)


class CasetrackerJsonFormatter(JsonFormatter):
    """python-json-logger's formatter with our field names: time, level, logger, message, request_id."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", JSON_FIELDS)
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        super().__init__(*args, **kwargs)
        self._allowed = {self._get_rename(field) for field in JSON_FIELDS} | JSON_EXTRA_FIELDS

    def process_log_record(self, log_data: dict) -> dict:
        return {key: value for key, value in log_data.items() if key in self._allowed}


class WithholdUrlFilter(logging.Filter):
    """Replaces the URL in Django's own request log lines by the view name.

    Django logs the path of a 404, a 500 or a refused CSRF check ("Not Found: /x/...")
    and runserver the whole request line with its query string; a path or query can
    hold a name someone typed. The view name says as much to an operator.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.args, tuple) or not record.args:
            return True
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path is not None:
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match is not None else "unresolved"
            # Django escapes the path (unicode_escape) before it logs it.
            paths = {path, path.encode("unicode_escape").decode("ascii")}
            record.args = tuple(view if isinstance(arg, str) and arg in paths else arg for arg in record.args)
        elif record.name == "django.server":
            # ('"GET /path?q=... HTTP/1.1"', status, size): keep the method only.
            method = str(record.args[0]).strip('"').split(" ", 1)[0]
            record.args = (method, *record.args[1:])
        return True
