"""Bulk import of detention lists: store the file, validate every row, write all or nothing.

One pass over the file. Each chunk of rows is built and validated (`rows.build_row`),
checked against the rows already imported (`Detention.import_key`, one query per
chunk) and, in an import that is not a dry run, written at once (`writing.ImportWriter`)
inside the one transaction of the whole import. From the first row with an error on,
nothing more is written, the rest of the file is only checked so that every error is
listed, and the transaction is rolled back: an invalid file writes nothing. Importing
the same file twice adds nothing: rows whose key is stored are skipped.

"Already imported" is said only of rows stored in a case the user can see. A row stored
in a case the user cannot see is not mentioned by the dry run (a preview must not be a
free oracle for "is this person in someone else's case?"); the import itself skips it,
because a second copy would split the person's defence over two cases, and lists it as
"recorded in a case you cannot see": that names no case, lawyer or value, and tells the
lawyer whom to ask (a coordinator, who can assign them). Skipping must say something:
the row is missing from what was created either way, and the only leak left is the one
a duplicate-free database cannot avoid. The unique constraint on `import_key` refuses a
duplicate written by a concurrent import (the whole import then fails, nothing written).
"""

import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_may_assign_lawyers, user_may_import, users_assignable_as_lawyers
from casetracker.audit.models import AuditSource
from casetracker.cases.models import Detention, ImportJob, LegalArticle
from casetracker.cases.models.imports import ImportStatus
from casetracker.cases.selectors import cases_visible_to
from casetracker.imports import parsing, retention, upload_checks
from casetracker.imports.content import import_upload_check_content
from casetracker.imports.progress import JobProgress
from casetracker.imports.rows import RowContext, RowRecords, build_row
from casetracker.imports.writing import ImportWriter

logger = logging.getLogger(__name__)

MAX_ROWS = 100_000
# Up to this many rows the request waits for the answer; above, a Celery task runs it.
SYNC_MAX_ROWS = 2_000
# ... and up to this size unpacked (the CSV itself, or all the parts of an XLSX), the
# bound that lets the request find out without walking the file: 2,000 rows of every
# column are 0.7 MB as CSV, 2.8 MB as an XLSX sheet. A larger file is counted and
# checked in the worker, where a file of a million empty rows costs no request anything.
SYNC_MAX_BYTES = 4 * 1024 * 1024
MAX_FILE_MB = 50
# Rows built, checked and written together: bounds the memory (a chunk's instances)
# and the number of queries (about ten per chunk).
CHUNK_ROWS = 1_000
FILE_DELETED = gettext_lazy("The uploaded file has been deleted: uploads are kept only for a while. Upload it again.")
# The preview lists every error up to this many; beyond, the count says how many more.
MAX_STORED_ERRORS = 5_000


def import_job_create(*, user: User, upload: UploadedFile, dry_run: bool, source: str) -> ImportJob:
    """Store an uploaded file (encrypted) as a job; the rows are read by `import_job_run`.

    A file that would exhaust the server to read (a ZIP bomb, an XML entity bomb, a
    line of megabytes) is refused here from its ZIP directory and first bytes: no job.
    """
    if not user_may_import(user):
        raise PermissionDenied
    file_format = parsing.detect_format(upload.name or "")
    if file_format is None:
        raise ValidationError({"file": _("Upload a .csv (UTF-8) or .xlsx file.")})
    if upload.size is not None and upload.size > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_MB}})
    # What the file is (by content), then whether its package is within bounds.
    import_upload_check_content(upload=upload)
    try:
        upload_checks.check_upload(upload, file_format)
    except parsing.ImportFileError as error:
        raise ValidationError({"file": str(error)}) from None
    job = ImportJob(requested_by=user, file_format=file_format, dry_run=dry_run, source=AuditSource(source))
    job.file.save("upload", upload, save=False)
    job.save()
    return job


def import_job_start(*, job: ImportJob) -> bool:
    """Run a small job now, queue any other. True when queued.

    The request reads at most SYNC_MAX_BYTES of the file and SYNC_MAX_ROWS + 1 of its
    rows: a larger file is counted (and refused past MAX_ROWS) by the worker.
    """
    from casetracker.imports.tasks import import_job_task

    try:
        with _open(job) as handle:
            small = upload_checks.fits_in_request(
                handle, job.file_format, max_bytes=SYNC_MAX_BYTES, max_rows=SYNC_MAX_ROWS
            )
    except parsing.ImportFileError as error:
        _finish_invalid(job, [parsing.RowError(error.row, error.column, str(error))])
        return False
    _update(job, status=ImportStatus.PENDING)
    if small:
        import_job_run(job=job)
        return False
    # After commit: the worker must find the job this request has written.
    transaction.on_commit(lambda: import_job_task.delay(job.pk))
    return True


def import_job_confirm(*, job: ImportJob, user: User) -> bool:
    """Import the file of a clean dry run. True when queued.

    Refused once the file has expired (CASETRACKER_IMPORT_TTL_HOURS after the upload),
    even if the purge has not run yet: the lawyer uploads the file again.
    """
    if job.requested_by_id != user.pk or not user_may_import(user):
        raise PermissionDenied
    if not (job.dry_run and job.status == ImportStatus.DONE):
        raise ValidationError(_("Only a dry run without errors can be confirmed."))
    if job.is_expired:
        retention.import_file_delete(job=job)
        raise ValidationError(str(FILE_DELETED))
    _update(job, dry_run=False, status=ImportStatus.PENDING, rows_done=0, rows_written=0)
    return import_job_start(job=job)


@dataclass
class _Outcome:
    errors: list[parsing.RowError] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    created: int = 0


def import_job_run(*, job: ImportJob) -> None:
    """Check every row and, in an import that is not a dry run, write them all in one transaction.

    Safe to run twice (a re-delivered task): the second run finds the rows imported
    and skips them. Permissions are re-checked: the user may have lost them since.
    Progress (`rows_done`, `rows_written`) is visible while the transaction is open
    when the run has a connection of its own (a worker on PostgreSQL; see progress.py).
    """
    user = job.requested_by
    if not user_may_import(user):
        _finish_invalid(job, [parsing.RowError(None, "", _("You may no longer add cases."))])
        return
    total = _count_rows(job)
    if total is None:
        return
    status = ImportStatus.VALIDATING if job.dry_run else ImportStatus.WRITING
    _update(job, status=status, rows_total=total, rows_done=0, rows_written=0)
    progress = JobProgress(job, in_transaction=not job.dry_run)
    try:
        if job.dry_run:
            outcome = _run_rows(job, user, progress, writer=None)
        else:
            # The writer's block ends first: its last COPY is in before the commit.
            with transaction.atomic(), ImportWriter(user=user, source=job.source) as writer:
                outcome = _run_rows(job, user, progress, writer=writer)
                if outcome.errors:
                    transaction.set_rollback(True)
    except parsing.ImportFileError as error:
        _finish_invalid(job, [parsing.RowError(error.row, error.column, str(error))])
        return
    except IntegrityError:
        # Another import committed some of these rows meanwhile; nothing was written.
        message = _("Another import of the same rows finished first; nothing was written. Import again.")
        _finish_invalid(job, [parsing.RowError(None, "", message)])
        return
    except Exception:
        _update(job, status=ImportStatus.FAILED, rows_written=0, finished_at=timezone.now())
        retention.import_file_delete(job=job)
        logger.exception("Import job %s failed", job.pk)
        raise
    finally:
        progress.close()
    if outcome.errors:
        _finish_invalid(job, outcome.errors, skipped=outcome.skipped)
        return
    _update(
        job,
        status=ImportStatus.DONE,
        created_count=outcome.created,
        skipped_count=len(outcome.skipped),
        skipped=outcome.skipped[:MAX_STORED_ERRORS],
        errors=[],
        finished_at=timezone.now(),
    )
    if not job.dry_run:
        retention.import_file_delete(job=job)


def _count_rows(job: ImportJob) -> int | None:
    """The file's data rows; None when the job is finished as invalid (unreadable, too many)."""
    try:
        with _open(job) as handle:
            # Counting stops past the limit: a million empty rows cost the worker no more than it.
            total = parsing.count_rows(handle, job.file_format, limit=MAX_ROWS + 1)
    except parsing.ImportFileError as error:
        _finish_invalid(job, [parsing.RowError(error.row, error.column, str(error))])
        return None
    if total > MAX_ROWS:
        message = _("The file has more than %(max)s rows; at most %(max)s can be imported at once. Split it.")
        _finish_invalid(job, [parsing.RowError(None, "", message % {"max": MAX_ROWS})], total=total)
        return None
    return total


def _run_rows(job: ImportJob, user: User, progress: JobProgress, *, writer: ImportWriter | None) -> _Outcome:
    """Build, check and (with a writer, until the first error) write the file's rows, chunk by chunk."""
    outcome = _Outcome()
    ctx = RowContext(
        user=user, may_assign=user_may_assign_lawyers(user), articles=_articles(), lawyers={}, event_errors={}
    )
    first_row_of_key: dict[str, int] = {}
    done = written = 0
    for chunk in _chunks(job):
        _load_lawyers(ctx, chunk)
        built = [build_row(row, ctx) for row in chunk]
        stored = _stored_keys(user, (records.import_key for records in built if not records.errors))
        fresh = []
        for records in built:
            if records.errors:
                outcome.errors.extend(records.errors)
                continue
            skip = _skip_reason(records, stored, first_row_of_key, importing=writer is not None)
            if skip:
                outcome.skipped.append(skip)
            else:
                fresh.append(records)
        done += len(chunk)
        values: dict[str, object] = {"rows_done": done}
        if writer is not None and not outcome.errors:
            writer.write(fresh)
            outcome.created += len(fresh)
            written += len(chunk)
            values["rows_written"] = written
        elif writer is not None and job.status == ImportStatus.WRITING:
            # Nothing more is written: the rest is only checked, then rolled back.
            values.update(status=ImportStatus.VALIDATING, rows_written=0)
        progress.report(**values)
    return outcome


def _skip_reason(
    records: RowRecords, stored: dict[str, bool], first_row_of_key: dict[str, int], *, importing: bool
) -> dict | None:
    first = first_row_of_key.setdefault(records.import_key, records.number)
    if first != records.number:
        return {"row": records.number, "message": _("Same person, time and place as row %(row)s.") % {"row": first}}
    if records.import_key not in stored:
        return None
    if stored[records.import_key]:
        return {"row": records.number, "message": _("Already imported.")}
    if importing:
        # Never a duplicate, never which case: see the module docstring.
        message = _("Not imported: already recorded in a case you cannot see. A coordinator can give you access.")
        return {"row": records.number, "message": message}
    return None


def _stored_keys(user: User, keys: Iterable[str]) -> dict[str, bool]:
    """The keys already stored, each with whether its case is visible to `user`."""
    keys = list(keys)
    if not keys:
        return {}
    # exclude(""): lets PostgreSQL use the partial unique index (import_key <> '').
    stored = Detention.objects.filter(import_key__in=keys).exclude(import_key="")
    found = dict.fromkeys(stored.values_list("import_key", flat=True), False)
    if found:
        visible = stored.filter(import_key__in=list(found), case__in=cases_visible_to(user))
        found.update(dict.fromkeys(visible.values_list("import_key", flat=True), True))
    return found


def _update(job: ImportJob, **values) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**values)
    for name, value in values.items():
        setattr(job, name, value)


def _finish_invalid(job: ImportJob, errors: list[parsing.RowError], *, skipped=(), total: int | None = None) -> None:
    values = {
        "status": ImportStatus.INVALID,
        "errors": [error.as_dict() for error in errors[:MAX_STORED_ERRORS]],
        "skipped": list(skipped)[:MAX_STORED_ERRORS],
        "skipped_count": len(skipped),
        "created_count": 0,
        "rows_written": 0,
        "finished_at": timezone.now(),
    }
    if total is not None:
        values["rows_total"] = total
    _update(job, **values)
    # The stored copy cannot be corrected: the lawyer fixes the spreadsheet and uploads again.
    retention.import_file_delete(job=job)


def _open(job: ImportJob):
    if not job.file:
        raise parsing.ImportFileError(str(FILE_DELETED))
    try:
        return job.file.open("rb")
    except FileNotFoundError:
        raise parsing.ImportFileError(str(FILE_DELETED)) from None


def _chunks(job: ImportJob) -> Iterator[list[parsing.ParsedRow]]:
    with _open(job) as handle:
        _header, rows = parsing.read_rows(handle, job.file_format)
        while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
            yield chunk


def _load_lawyers(ctx: RowContext, chunk: list[parsing.ParsedRow]) -> None:
    """Resolve the chunk's new `lawyer` usernames in one query (None: no such active lawyer)."""
    usernames = {row.values["lawyer"] for row in chunk if row.values.get("lawyer")} - ctx.lawyers.keys()
    if not usernames:
        return
    # The same choice of lawyers as the admin's and the API's pickers.
    found = {user.username: user for user in users_assignable_as_lawyers().filter(username__in=usernames)}
    for username in usernames:
        ctx.lawyers[username] = found.get(username)


def _articles() -> dict:
    return {(a.code, a.number, a.part): a for a in LegalArticle.objects.all()}
