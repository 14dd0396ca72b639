"""A queued message names its task: a task that moves to another module keeps its name."""

import pytest

from casetracker.cases.tasks import document_verify_task
from casetracker.celery import app
from casetracker.deadlines.tasks import send_deadline_digest_task
from casetracker.imports.tasks import import_job_task
from casetracker.reports.exports.tasks import report_export_task
from casetracker.reports.summaries.tasks import case_summary_batch_task


@pytest.mark.parametrize(
    ("task", "name"),
    [
        (case_summary_batch_task, "casetracker.reports.tasks.case_summary_batch_task"),
        (report_export_task, "casetracker.reports.exports.tasks.report_export_task"),
        (import_job_task, "casetracker.cases.imports.tasks.import_job_task"),
        (document_verify_task, "casetracker.cases.tasks.document_verify_task"),
        (send_deadline_digest_task, "casetracker.deadlines.tasks.send_deadline_digest_task"),
    ],
)
def test_every_task_keeps_the_name_queued_messages_carry(task, name):
    # What a worker registers: the `tasks` modules Celery's autodiscovery imports.
    app.loader.import_default_modules()
    assert task.name == name
    assert app.tasks[name].name == name
