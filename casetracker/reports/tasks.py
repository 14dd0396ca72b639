"""Celery tasks of the reports app; they take ids, fetch, and call one service. Safe to run twice.

Celery's autodiscovery imports only `<app>.tasks`: the tasks of the two products are
registered from here. Each keeps the name a running worker and queued messages know.
"""

from casetracker.reports.exports.tasks import report_export_task
from casetracker.reports.summaries.tasks import case_summary_batch_task

__all__ = ["case_summary_batch_task", "report_export_task"]
