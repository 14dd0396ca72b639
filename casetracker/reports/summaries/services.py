"""Writes and generation: one summary PDF, batches of them as a ZIP, expiry of the files."""

import datetime as dt
import logging
import re
import zipfile
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from casetracker.accounts.models import User
from casetracker.cases.models import Case
from casetracker.cases.selectors import cases_visible_to
from casetracker.protected.crypto.files import EncryptingWriter
from casetracker.reports.models import BatchStatus, CaseSummaryBatch
from casetracker.reports.pdf.render import html_to_pdf
from casetracker.reports.storage import ExportPaths, export_paths, export_record_delete, export_records_purge_expired
from casetracker.reports.summaries.audit import record_pdf_generated
from casetracker.reports.summaries.pdf import render_summary_html
from casetracker.reports.summaries.selectors import SummaryOptions, case_summary_data

logger = logging.getLogger(__name__)

# ~0.7 s of CPU per summary: 1000 cases keep one batch near ten minutes of a worker.
MAX_BATCH_CASES = 1000
BATCH_FILE_PREFIX = "batch-"
UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


class BatchTooLargeError(ValueError):
    pass


class EmptyBatchError(ValueError):
    """A batch was asked for with no case the requester may see: there is nothing to build."""


def summary_filename(*, case: Case, options: SummaryOptions) -> str:
    """`<reference>.pdf` for the full copy, with anything but [A-Za-z0-9._-] replaced;
    `anonymized-<copy label>.pdf` for the anonymized copy, which must not name the case."""
    if options.redacted:
        return f"anonymized-{options.copy_label}.pdf"
    stem = UNSAFE_FILENAME_CHARS.sub("_", case.reference or f"case-{case.pk}").strip("._") or f"case-{case.pk}"
    return f"{stem}.pdf"


def case_summary_render(
    *,
    case: Case,
    user: User,
    options: SummaryOptions,
    source: str,
    request: HttpRequest | None = None,
    target=None,
) -> bytes | None:
    """Typeset the summary of `case` for `user` and record it in the audit trail.

    `case` must have been obtained through `get_case_for_user`/`cases_visible_to` for
    `user`. Renders in the active language. With `target` (a writable binary file) the
    PDF is written there and None is returned; otherwise the bytes are returned.
    """
    summary = case_summary_data(case_id=case.pk, user=user, options=options)
    pdf = html_to_pdf(render_summary_html(summary), target)
    record_pdf_generated(user=user, case=case, request=request, source=source, copy_label=options.copy_label)
    return pdf


def batch_request(*, user: User, cases: Iterable[Case], redacted: bool, language: str) -> CaseSummaryBatch:
    """Queue a ZIP of the summaries of `cases` (already scoped to `user`).

    Raises EmptyBatchError when none of `cases` is visible to `user` (an empty ZIP
    would look like a result), BatchTooLargeError past MAX_BATCH_CASES.
    """
    from casetracker.reports.summaries.tasks import case_summary_batch_task

    requested = list(dict.fromkeys(case.pk for case in cases))
    if len(requested) > MAX_BATCH_CASES:
        raise BatchTooLargeError(f"At most {MAX_BATCH_CASES} cases per batch")
    # Checked here too, not only by the caller's scoping: the task would drop the
    # invisible ones anyway, and a batch of none of them is an empty ZIP.
    visible = set(cases_visible_to(user).filter(pk__in=requested).values_list("pk", flat=True))
    case_ids = [pk for pk in requested if pk in visible]
    if not case_ids:
        raise EmptyBatchError("No case to summarise: none of the selected cases is visible to the requester.")
    with transaction.atomic():
        batch = CaseSummaryBatch.objects.create(
            requested_by=user, case_ids=case_ids, redacted=redacted, language=language, total=len(case_ids)
        )
        # After commit: a worker must never look for a batch this request has not written.
        transaction.on_commit(lambda: case_summary_batch_task.delay(batch.pk))
    return batch


def _batch_paths(batch: CaseSummaryBatch) -> ExportPaths:
    return export_paths(f"{BATCH_FILE_PREFIX}{batch.pk}.zip")


def batch_build(*, batch: CaseSummaryBatch) -> None:
    """Build the ZIP of a batch, one PDF at a time, streamed encrypted into a file on disk.

    Idempotent: a re-run (acks_late after a lost worker) starts over and replaces the
    file. Permissions are checked again here: the requester may have lost access to a
    case since they asked, and only cases they still see go into the ZIP.
    """
    if batch.is_expired:
        return
    requester = batch.requested_by
    visible = set(cases_visible_to(requester).filter(pk__in=batch.case_ids).values_list("pk", flat=True))
    case_ids = [pk for pk in dict.fromkeys(batch.case_ids) if pk in visible]
    paths = _batch_paths(batch)
    if not case_ids:
        # Every case was taken away since the request: an empty ZIP would look like a
        # result. The status page says why instead (failed, with no case in total).
        paths.final.unlink(missing_ok=True)  # a re-run's earlier file
        CaseSummaryBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, done=0, total=0, file="", finished_at=timezone.now()
        )
        return
    CaseSummaryBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=0, total=len(case_ids))
    paths.final.parent.mkdir(parents=True, exist_ok=True)
    try:
        # The ZIP is encrypted as it is written (zipfile streams into the unseekable
        # writer): no plaintext byte reaches the disk, and about one 64 KiB chunk of it is
        # held in memory. The ciphertext goes to the .part file, moved over the final name
        # only once complete (atomic: a download never sees half a ZIP).
        with (
            translation.override(batch.language),
            EncryptingWriter(paths.final, temporary=paths.partial) as out,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf,
        ):
            used_names: set[str] = set()
            for done, case_id in enumerate(case_ids, start=1):
                _add_summary(zf, case_id=case_id, requester=requester, redacted=batch.redacted, used_names=used_names)
                CaseSummaryBatch.objects.filter(pk=batch.pk).update(done=done)
    except BaseException:
        paths.partial.unlink(missing_ok=True)
        CaseSummaryBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, finished_at=timezone.now())
        logger.exception("Case summary batch %s failed", batch.pk)
        raise
    CaseSummaryBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, file=paths.name, finished_at=timezone.now()
    )


def _add_summary(zf: zipfile.ZipFile, *, case_id: int, requester: User, redacted: bool, used_names: set[str]) -> None:
    case = cases_visible_to(requester).filter(pk=case_id).first()
    if case is None:  # deleted or taken away while the batch ran
        return
    # Options per case: every anonymized copy gets a label of its own.
    options = SummaryOptions(redacted=redacted)
    name = summary_filename(case=case, options=options)
    while redacted and name in used_names:  # two random labels alike: draw again
        options = SummaryOptions(redacted=True)
        name = summary_filename(case=case, options=options)
    if name in used_names:  # two references that sanitise alike
        name = f"{name.removesuffix('.pdf')}-{case.pk}.pdf"
    used_names.add(name)
    with zf.open(name, "w", force_zip64=True) as member:
        case_summary_render(case=case, user=requester, options=options, source="task", target=member)


def batch_delete(*, batch: CaseSummaryBatch) -> None:
    """Remove a batch with its file (and a partial one a crashed build left)."""
    export_record_delete(batch, _batch_paths(batch))


def batches_delete_for_cases(*, case_ids: Iterable[int]) -> int:
    """Delete, once the current transaction commits, every batch that includes one of `case_ids`.

    An erasure's hook: a ZIP waiting for download holds the person's name in its PDFs.
    Returns the number of batches found.
    """
    wanted = set(case_ids)
    if not wanted:
        return 0
    # case_ids is a JSON list (no portable "contains" lookup); batches expire within a
    # day, so there are few rows to look at.
    batches = [batch for batch in CaseSummaryBatch.objects.all() if wanted & set(batch.case_ids)]

    def delete_batches() -> None:
        for batch in batches:
            try:
                batch_delete(batch=batch)
            except OSError:
                logger.exception("Could not delete case summary batch %s after an erasure", batch.pk)

    transaction.on_commit(delete_batches)
    return len(batches)


def batches_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete expired batches with their files; the number of batches deleted.

    Also removes export files that no batch owns any more (a batch deleted with its
    requester, say) once they are older than the time-to-live.
    """
    return export_records_purge_expired(
        CaseSummaryBatch,
        delete=lambda batch: batch_delete(batch=batch),
        file_prefix=BATCH_FILE_PREFIX,
        pattern=f"{BATCH_FILE_PREFIX}*.zip*",
        now=now or timezone.now(),
    )
