"""Writes for report exports: request one, build its file in a task, purge expired ones."""

import datetime as dt
import io
import logging
from collections.abc import Callable
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_may_view_reports
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.protected.crypto.files import EncryptingWriter
from casetracker.reports.exports.dataset import dataset_detentions, write_dataset_csv
from casetracker.reports.exports.tables import report_rows, report_xlsx, write_report_csv
from casetracker.reports.models import REPORT_EXPORT_FILES, BatchStatus, ReportExport, ReportExportFormat
from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.pdf import render_report_pdf
from casetracker.reports.statistics.report import build_report
from casetracker.reports.storage import ExportPaths, export_paths, export_record_delete, export_records_purge_expired

logger = logging.getLogger(__name__)

FILE_PREFIX = "report-export-"
# Spreadsheets on Windows read a CSV without a byte order mark as ANSI and garble Cyrillic.
CSV_ENCODING = "utf-8-sig"

# The stored error messages: fixed sentences (translated when shown), never an exception's
# text, which may quote a value from the data.
ERROR_NO_ACCESS = gettext_noop("The requester may no longer view reports, so the export was not built.")
ERROR_FILTERS = gettext_noop("The filters of this export are no longer valid (an event may have been deleted).")
ERROR_BUILD = gettext_noop("Building the export failed. Try again, or ask an administrator to look at the worker log.")


def report_export_request(
    *,
    user: User,
    filters: ReportFilters,
    export_format: str,
    language: str,
    request: HttpRequest | None = None,
    source: str = AuditSource.WEB,
) -> ReportExport:
    """Record an export of the report (or the dataset) for `filters` and queue its build.

    PermissionDenied unless `user` may view reports; ValidationError for an unknown
    format. The audit event is written in the same transaction as the record, and the
    task is queued only after commit, so a worker never looks for a record not yet there.
    """
    from casetracker.reports.exports.tasks import report_export_task

    if not user_may_view_reports(user):
        raise PermissionDenied
    with transaction.atomic():
        export = ReportExport(requested_by=user, filters=filters.as_query(), format=export_format, language=language)
        export.full_clean()
        export.save()
        audit_record(user=user, action=AuditAction.EXPORT, obj=export, request=request, source=source)
        transaction.on_commit(lambda: report_export_task.delay(export.pk))
    return export


def _export_paths(export: ReportExport) -> ExportPaths:
    extension = REPORT_EXPORT_FILES[ReportExportFormat(export.format)][0]
    return export_paths(f"{FILE_PREFIX}{export.pk}.{extension}")


def _update(export: ReportExport, **fields) -> None:
    # update(), not save(): the view may read the record while the task writes it, and
    # progress is the only thing that changes; the object is kept in step for the caller.
    ReportExport.objects.filter(pk=export.pk).update(**fields)
    for name, value in fields.items():
        setattr(export, name, value)


def _fail(export: ReportExport, message: str) -> None:
    _update(export, status=BatchStatus.FAILED, error=message, finished_at=timezone.now())


def report_export_build(*, export: ReportExport) -> None:
    """Build the file of `export`, encrypted on disk; leave it done, or failed with a message.

    Safe to run twice (acks_late redelivers a task whose worker died): a finished export
    is left alone and any other run starts over, replacing the file atomically. The
    requester's access and the filters are checked again here, at build time.
    """
    if export.is_expired or export.succeeded:
        return
    if not user_may_view_reports(export.requested_by):
        _fail(export, ERROR_NO_ACCESS)
        return
    try:
        filters = ReportFilters.from_query(export.filters)
    except ValueError:
        _fail(export, ERROR_FILTERS)
        return
    _update(export, status=BatchStatus.RUNNING, done=0, total=0, rows=0, error="", finished_at=None)
    paths = _export_paths(export)
    paths.final.parent.mkdir(parents=True, exist_ok=True)
    try:
        # The plaintext goes straight into the encrypting writer; the ciphertext into the
        # .part file, moved over the final name only when complete.
        with translation.override(export.language), EncryptingWriter(paths.final, temporary=paths.partial) as out:
            rows = BUILDERS[ReportExportFormat(export.format)](export, filters, out)
    except Exception:
        paths.partial.unlink(missing_ok=True)
        logger.exception("Report export %s (%s) failed", export.pk, export.format)
        _fail(export, ERROR_BUILD)
        return
    except BaseException:
        # The worker is going down: the record must not stay "running" for ever. acks_late
        # redelivers the task, whose run starts over.
        paths.partial.unlink(missing_ok=True)
        _fail(export, ERROR_BUILD)
        raise
    _update(export, status=BatchStatus.DONE, file=paths.name, rows=rows, finished_at=timezone.now())


def _text(out: BinaryIO, write: Callable[[io.TextIOWrapper], int]) -> int:
    """Run `write` on a UTF-8 text layer over `out`, detached afterwards (closing it would
    close, and so discard, the encrypting writer)."""
    text = io.TextIOWrapper(out, encoding=CSV_ENCODING, newline="")
    try:
        rows = write(text)
        text.flush()
    finally:
        text.detach()
    return rows


def _build_report_csv(export: ReportExport, filters: ReportFilters, out: BinaryIO) -> int:
    _update(export, total=1)
    rows = _text(out, lambda text: write_report_csv(report_rows(build_report(filters, with_charts=False)), text))
    _update(export, done=1)
    return rows


def _build_report_xlsx(export: ReportExport, filters: ReportFilters, out: BinaryIO) -> int:
    _update(export, total=1)
    content, rows = report_xlsx(build_report(filters, with_charts=False))
    out.write(content)
    _update(export, done=1)
    return rows


def _build_report_pdf(export: ReportExport, filters: ReportFilters, out: BinaryIO) -> int:
    _update(export, total=1)
    out.write(render_report_pdf(filters, language=export.language))
    _update(export, done=1)
    return 0


def _build_dataset(export: ReportExport, filters: ReportFilters, out: BinaryIO) -> int:
    _update(export, total=dataset_detentions(filters).count())

    def progress(done: int) -> None:
        _update(export, done=done)

    return _text(out, lambda text: write_dataset_csv(filters, text, progress=progress))


BUILDERS: dict[ReportExportFormat, Callable[[ReportExport, ReportFilters, BinaryIO], int]] = {
    ReportExportFormat.CSV: _build_report_csv,
    ReportExportFormat.XLSX: _build_report_xlsx,
    ReportExportFormat.PDF: _build_report_pdf,
    ReportExportFormat.DATASET: _build_dataset,
}


def report_export_delete(*, export: ReportExport) -> None:
    """Remove an export with its file (and a partial one a crashed build left)."""
    export_record_delete(export, _export_paths(export))


def report_exports_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete expired report exports with their files; the number of exports deleted.

    Also removes export files no record owns any more (an export deleted with its
    requester, say) once they are older than the time-to-live.
    """
    return export_records_purge_expired(
        ReportExport,
        delete=lambda export: report_export_delete(export=export),
        file_prefix=FILE_PREFIX,
        pattern=f"{FILE_PREFIX}*",
        now=now or timezone.now(),
    )
