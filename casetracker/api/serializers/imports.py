from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casetracker.api.serializers.base import ID_HELP
from casetracker.cases.models import ImportJob


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The detention list: .csv (UTF-8, “,” or “;”) or .xlsx."))
    dry_run = serializers.BooleanField(
        default=False, help_text=_("Only validate: report every row's errors and write nothing.")
    )


class ImportJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Where to poll the import's progress."))
    file_expires_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "When the uploaded file will be deleted (CASETRACKER_IMPORT_TTL_HOURS after the upload); "
            "a dry run must be confirmed before then. Null once the file is deleted."
        ),
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "status",
            "dry_run",
            "file_format",
            "rows_total",
            "rows_done",
            "rows_written",
            "created_count",
            "skipped_count",
            "errors",
            "skipped",
            "created_at",
            "finished_at",
            "file_expires_at",
            "file_deleted_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": ID_HELP},
            "dry_run": {"help_text": _("Whether the job only validates.")},
            "file_format": {"help_text": _("csv or xlsx.")},
            "rows_total": {"help_text": _("Data rows in the file.")},
            "created_count": {"help_text": _("Detentions (each with its case) created.")},
            "skipped_count": {"help_text": _("Rows skipped as already imported or repeated.")},
            "created_at": {"help_text": _("When the file was uploaded.")},
            "finished_at": {"help_text": _("When the job finished.")},
            "status": {
                "help_text": _(
                    "pending, validating (a dry run, or an import that found an error and only checks the rest), "
                    "writing (an import), done, invalid (nothing written) or failed."
                )
            },
            "errors": {"help_text": _("Errors as {row, column, message}; row 1 is the header.")},
            "skipped": {"help_text": _("Rows left out as {row, message}: already imported, or repeated.")},
            "rows_done": {"help_text": _("Rows validated so far.")},
            "rows_written": {
                "help_text": _(
                    "Rows written (created or skipped) so far by an import that is not a dry run; "
                    "nothing is visible in the cases until the import is done."
                )
            },
            "file_deleted_at": {
                "help_text": _(
                    "When the uploaded file was deleted: at once after an import or an error, "
                    "after CASETRACKER_IMPORT_TTL_HOURS for a dry run. The job and its counts stay."
                )
            },
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, job: ImportJob) -> str:
        path = reverse("api:import-detail", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
