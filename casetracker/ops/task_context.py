"""The request id follows a request into the Celery tasks it queues.

`before_task_publish` copies the current id into the message's headers; `task_prerun`
makes it current in the worker for the task's run, `task_postrun` forgets it. An eager
task (no broker) runs in the request's own context and keeps its id without this.
"""

from celery.signals import before_task_publish, task_postrun, task_prerun

from casetracker.ops.request_id import (
    TASK_HEADER,
    bind_request_id,
    current_request_id,
    unbind_request_id,
    valid_request_id,
)

# Task id -> the token that restores the worker's context after the task.
_tokens: dict[str, object] = {}


@before_task_publish.connect(dispatch_uid="casetracker_request_id_publish")
def add_request_id_header(headers: dict | None = None, **kwargs) -> None:
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


@task_prerun.connect(dispatch_uid="casetracker_request_id_prerun")
def bind_task_request_id(task_id: str | None = None, task=None, **kwargs) -> None:
    if task is None or not task_id:
        return
    # A worker puts a message's headers on the request itself; `apply()` (eager) keeps
    # the ones it is given under `headers`.
    header = getattr(task.request, TASK_HEADER, None) or (getattr(task.request, "headers", None) or {}).get(TASK_HEADER)
    request_id = valid_request_id(header)
    if request_id:
        _tokens[task_id] = bind_request_id(request_id)


@task_postrun.connect(dispatch_uid="casetracker_request_id_postrun")
def unbind_task_request_id(task_id: str | None = None, **kwargs) -> None:
    token = _tokens.pop(task_id, None) if task_id else None
    if token is not None:
        unbind_request_id(token)
