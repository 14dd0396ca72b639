"""Bulk import of detention lists: store the file, validate every row, write all or nothing.

A job is validated in full first (outside any transaction, so its progress is visible),
then, unless it is a dry run or any row has an error, written in one transaction: rows
whose keyed hash (`Detention.import_key`) is already stored are skipped, so importing
the same file twice adds nothing.
"""

import itertools
import logging
from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Case as DbCase
from django.db.models import CharField, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.translation import gettext as _

from casetracker.accounts.models import User
from casetracker.audit.models import AuditAction, AuditEvent, AuditSource
from casetracker.cases.crypto import blind_index
from casetracker.cases.imports import parsing
from casetracker.cases.imports.rows import EventKey, RowContext, RowRecords, build_row
from casetracker.cases.models import Case, Detention, Event, ImportJob, LegalArticle, Person
from casetracker.cases.models.imports import ImportStatus
from casetracker.cases.selectors import persons_visible_to, user_may_assign_lawyers

logger = logging.getLogger(__name__)

MAX_ROWS = 100_000
# Up to this many rows the request waits for the answer; above, a Celery task runs it.
SYNC_MAX_ROWS = 2_000
MAX_FILE_MB = 50
CHUNK_ROWS = 1_000
# The preview lists every error up to this many; beyond, the count says how many more.
MAX_STORED_ERRORS = 5_000


def user_may_import(user: User) -> bool:
    return bool(user.is_active and user.has_perm("cases.add_case"))


def import_job_create(*, user: User, upload: UploadedFile, dry_run: bool, source: str) -> ImportJob:
    """Store an uploaded file (encrypted) as a job; the rows are read by `import_job_start`."""
    if not user_may_import(user):
        raise PermissionDenied
    file_format = parsing.detect_format(upload.name or "")
    if file_format is None:
        raise ValidationError({"file": _("Upload a .csv (UTF-8) or .xlsx file.")})
    if upload.size is not None and upload.size > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_MB}})
    job = ImportJob(requested_by=user, file_format=file_format, dry_run=dry_run, source=AuditSource(source))
    job.file.save("upload", upload, save=False)
    job.save()
    return job


def import_job_start(*, job: ImportJob) -> bool:
    """Count the rows; run a small job now, queue a large one. True when queued."""
    from casetracker.cases.imports.tasks import import_job_task

    try:
        with job.file.open("rb") as handle:
            total = parsing.count_rows(handle, job.file_format)
    except parsing.ImportFileError as error:
        _finish_invalid(job, [parsing.RowError(error.row, error.column, str(error))])
        return False
    if total > MAX_ROWS:
        message = _("The file has %(rows)s rows; at most %(max)s can be imported at once. Split it.") % {
            "rows": total,
            "max": MAX_ROWS,
        }
        _finish_invalid(job, [parsing.RowError(None, "", message)], total=total)
        return False
    ImportJob.objects.filter(pk=job.pk).update(rows_total=total, status=ImportStatus.PENDING)
    job.rows_total = total
    if total <= SYNC_MAX_ROWS:
        import_job_run(job=job)
        return False
    # After commit: the worker must find the job this request has written.
    transaction.on_commit(lambda: import_job_task.delay(job.pk))
    return True


def import_job_confirm(*, job: ImportJob, user: User) -> bool:
    """Import the file of a clean dry run. True when queued."""
    if job.requested_by_id != user.pk or not user_may_import(user):
        raise PermissionDenied
    if not (job.dry_run and job.status == ImportStatus.DONE):
        raise ValidationError(_("Only a dry run without errors can be confirmed."))
    ImportJob.objects.filter(pk=job.pk).update(dry_run=False, status=ImportStatus.PENDING, rows_done=0)
    job.dry_run, job.status = False, ImportStatus.PENDING
    return import_job_start(job=job)


def import_job_run(*, job: ImportJob) -> None:
    """Validate every row, then (no errors, no dry run) write them all in one transaction.

    Safe to run twice (a re-delivered task): the second run finds the rows imported
    and skips them. Permissions are re-checked: the user may have lost them since.
    """
    user = job.requested_by
    if not user_may_import(user):
        _finish_invalid(job, [parsing.RowError(None, "", _("You may no longer add cases."))])
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, rows_done=0)
    try:
        errors, skipped = _validate(job, user)
        if errors:
            _finish_invalid(job, errors, skipped=skipped)
            return
        created = 0
        if not job.dry_run:
            ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.WRITING)
            created, skipped = _write(job, user)
    except parsing.ImportFileError as error:
        _finish_invalid(job, [parsing.RowError(error.row, error.column, str(error))])
        return
    except IntegrityError:
        # Another import committed some of these rows meanwhile; nothing was written.
        message = _("Another import of the same rows finished first; nothing was written. Import again.")
        _finish_invalid(job, [parsing.RowError(None, "", message)])
        return
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        logger.exception("Import job %s failed", job.pk)
        raise
    _update(
        job,
        status=ImportStatus.DONE,
        created_count=created,
        skipped_count=len(skipped),
        skipped=skipped[:MAX_STORED_ERRORS],
        errors=[],
        finished_at=timezone.now(),
    )


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
        "finished_at": timezone.now(),
    }
    if total is not None:
        values["rows_total"] = total
    _update(job, **values)


def _chunks(job: ImportJob) -> Iterator[list[parsing.ParsedRow]]:
    with job.file.open("rb") as handle:
        _header, rows = parsing.read_rows(handle, job.file_format)
        while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
            yield chunk


def _context(user: User, chunk: list[parsing.ParsedRow], articles) -> RowContext:
    usernames = {row.values["lawyer"] for row in chunk if row.values.get("lawyer")}
    lawyers = {}
    if usernames:
        for candidate in User.objects.filter(username__in=usernames, is_active=True):
            if candidate.has_perm("cases.change_case"):
                lawyers[candidate.username] = candidate
    return RowContext(user=user, may_assign=user_may_assign_lawyers(user), articles=articles, lawyers=lawyers)


def _articles() -> dict:
    return {(a.code, a.number, a.part): a for a in LegalArticle.objects.all()}


def _stored_keys(keys: Iterable[str]) -> set[str]:
    # exclude(""): lets PostgreSQL use the partial unique index (import_key <> '').
    stored = Detention.objects.filter(import_key__in=list(keys)).exclude(import_key="")
    return set(stored.values_list("import_key", flat=True))


def _validate(job: ImportJob, user: User) -> tuple[list[parsing.RowError], list[dict]]:
    errors: list[parsing.RowError] = []
    skipped: list[dict] = []
    first_row_of_key: dict[str, int] = {}
    articles = _articles()
    done = 0
    for chunk in _chunks(job):
        ctx = _context(user, chunk, articles)
        built = [build_row(row, ctx, validate=True) for row in chunk]
        stored = _stored_keys(records.import_key for records in built)
        for records in built:
            errors.extend(records.errors)
            skip = _skip_reason(records, stored, first_row_of_key)
            if skip:
                skipped.append(skip)
        done += len(chunk)
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done)
    return errors, skipped


def _skip_reason(records: RowRecords, stored: set[str], first_row_of_key: dict[str, int]) -> dict | None:
    if records.import_key in stored:
        return {"row": records.number, "message": _("Already imported.")}
    first = first_row_of_key.setdefault(records.import_key, records.number)
    if first != records.number:
        return {"row": records.number, "message": _("Same person, time and place as row %(row)s.") % {"row": first}}
    return None


def _write(job: ImportJob, user: User) -> tuple[int, list[dict]]:
    created = 0
    skipped: list[dict] = []
    first_row_of_key: dict[str, int] = {}
    articles = _articles()
    persons: dict[tuple[str, str], Person] = {}
    events: dict[EventKey, Event] = {}
    with transaction.atomic():
        for chunk in _chunks(job):
            ctx = _context(user, chunk, articles)
            built = [build_row(row, ctx, validate=False) for row in chunk]
            stored = _stored_keys(records.import_key for records in built)
            fresh = []
            for records in built:
                skip = _skip_reason(records, stored, first_row_of_key)
                if skip:
                    skipped.append(skip)
                else:
                    fresh.append(records)
            _write_chunk(fresh, user=user, job=job, persons=persons, events=events)
            created += len(fresh)
    return created, skipped


def _write_chunk(rows: list[RowRecords], *, user: User, job: ImportJob, persons: dict, events: dict) -> None:
    if not rows:
        return
    _attach_persons(rows, user=user, persons=persons)
    _attach_events(rows, events=events)
    today = timezone.localdate()
    cases = [Case(person=row.person, created_by=user, opened_at=today) for row in rows]
    Case.objects.bulk_create(cases)
    for case in cases:
        # Case.save() derives the reference from the pk the same way.
        case.reference = f"CT-{case.opened_at:%Y}-{case.pk:06d}"
    # One UPDATE computing the same reference in SQL (bulk_update's CASE per row is slow).
    number = Cast("pk", output_field=CharField())
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(
        reference=Concat(
            Value(f"CT-{today:%Y}-"),
            DbCase(When(pk__lt=1_000_000, then=LPad(number, 6, Value("0"))), default=number),
            output_field=CharField(),
        )
    )
    Case.lawyers.through.objects.bulk_create(
        [
            Case.lawyers.through(case_id=case.pk, user_id=row.lawyer.pk)
            for case, row in zip(cases, rows, strict=True)
            if row.lawyer
        ]
    )
    _write_records(rows, cases)
    source = job.source or AuditSource.TASK
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=user,
            username=user.get_username()[:150],
            action=AuditAction.CREATE,
            object_type=Case._meta.label_lower,
            object_id=str(case.pk),
            case_reference=case.reference,
            source=source,
        )
        for case in cases
    )


def _write_records(rows: list[RowRecords], cases: list[Case]) -> None:
    # bulk_create skips save(): the derived fields save() would fill are filled here.
    from casetracker.cases import domain
    from casetracker.cases.models import Charge, EvidenceClaim, Hearing

    for case, row in zip(cases, rows, strict=True):
        row.detention.case = case
        row.detention.import_key = row.import_key
        row.detention.is_minor = domain.is_minor_at(row.person.birth_date, row.detention.detained_at)
    Detention.objects.bulk_create([row.detention for row in rows])
    claims, charges, hearings = [], [], []
    for case, row in zip(cases, rows, strict=True):
        if row.claim is not None:
            row.claim.detention = row.detention
            if row.footage_event_key:
                row.claim.footage_event = row.footage_event
            row.claim.footage_lag_days = domain.footage_lag_days(row.claim.footage_date, row.detention.detained_at)
            claims.append(row.claim)
        if row.charge is not None:
            row.charge.case = case
            charges.append(row.charge)
        if row.hearing is not None:
            row.hearing.case = case
            row.hearing.fill_appeal_deadline()
            hearings.append(row.hearing)
    EvidenceClaim.objects.bulk_create(claims)
    Charge.objects.bulk_create(charges)
    Hearing.objects.bulk_create(hearings)


def _attach_persons(rows: list[RowRecords], *, user: User, persons: dict) -> None:
    """Reuse a person the user can see with the same name (and birth date), else create one."""
    name_digests = {blind_index.name_index(row.person.full_name) for row in rows}
    candidates: dict[str, list[Person]] = {}
    for person in (
        persons_visible_to(user)
        .filter(full_name_index__in=name_digests, erased_at__isnull=True)
        .only("pk", "birth_date", "full_name_index", "name_birth_index")
        .order_by("pk")
    ):
        candidates.setdefault(person.full_name_index, []).append(person)
    new = []
    for row in rows:
        person = row.person
        person.full_name_index = blind_index.name_index(person.full_name)
        person.name_birth_index = blind_index.name_birth_index(person.full_name, person.birth_date)
        key = (person.full_name_index, person.name_birth_index)
        match = persons.get(key) or _match(candidates.get(person.full_name_index, []), person)
        if match is None:
            persons[key] = person
            new.append(person)
        else:
            row.person = match
    Person.objects.bulk_create(new)


def _match(candidates: list[Person], person: Person) -> Person | None:
    for candidate in candidates:
        if person.name_birth_index and candidate.name_birth_index == person.name_birth_index:
            return candidate
    for candidate in candidates:
        # Either side without a birth date: the same name is taken as the same person.
        if not person.name_birth_index or not candidate.name_birth_index:
            return candidate
    return None


def _attach_events(rows: list[RowRecords], *, events: dict) -> None:
    keys = {key for row in rows for key in (row.event_key, row.footage_event_key) if key}
    for key in keys - events.keys():
        name, date, city = key
        events[key], _created = Event.objects.get_or_create(name=name, date=date, city=city)
    for row in rows:
        if row.event_key:
            row.detention.event = events[row.event_key]
        if row.footage_event_key:
            row.footage_event = events[row.footage_event_key]
