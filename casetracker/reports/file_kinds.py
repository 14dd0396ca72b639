"""The encrypted file kinds of the reports: case summary ZIPs and report exports."""

import datetime as dt

from django.db.models import QuerySet

from casetracker.protected.crypto.file_kinds import EncryptedFileKind, ErasureScope, file_kind_register
from casetracker.reports.storage import EXPORTS_DIR


def _done(records: QuerySet) -> QuerySet:
    from casetracker.reports.models import BatchStatus

    # Only a finished file is final: a build in progress writes a .part file and replaces it.
    return records.filter(status=BatchStatus.DONE)


def _batches_purge(now: dt.datetime) -> int:
    from casetracker.reports.summaries.services import batches_purge_expired

    return batches_purge_expired(now=now)


def _batches_erase(scope: ErasureScope) -> int:
    from casetracker.reports.summaries.services import batches_delete_for_cases

    return batches_delete_for_cases(case_ids=scope.case_ids)


def _report_exports_purge(now: dt.datetime) -> int:
    from casetracker.reports.exports.services import report_exports_purge_expired

    return report_exports_purge_expired(now=now)


def register() -> None:
    file_kind_register(
        EncryptedFileKind(
            name="case_summary_zips",
            label="Case summary ZIPs",
            record="case summary batch",
            model="reports.CaseSummaryBatch",
            directory=EXPORTS_DIR,
            backed_up=False,  # expire within CASETRACKER_EXPORT_TTL_HOURS; built again on request
            expiring=True,
            finished=_done,
            purge_expired=_batches_purge,
            erase=_batches_erase,  # their PDFs name the person
        )
    )
    file_kind_register(
        EncryptedFileKind(
            name="report_exports",
            label="Report exports",
            record="report export",
            model="reports.ReportExport",
            directory=EXPORTS_DIR,
            backed_up=False,
            expiring=True,
            finished=_done,
            purge_expired=_report_exports_purge,
            # No erasure hook: aggregate figures and the anonymized dataset name nobody.
            erase=None,
        )
    )
