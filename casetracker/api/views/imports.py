"""POST /api/v1/imports/ (a CSV or XLSX detention list) and GET /api/v1/imports/<id>/ (its progress)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from casetracker.accounts.policy import user_may_import
from casetracker.api.serializers.imports import ImportJobSerializer, ImportUploadSerializer
from casetracker.audit.models import AuditSource
from casetracker.cases.models import ImportJob
from casetracker.imports import services
from casetracker.imports.selectors import import_jobs_visible_to


class MayImport(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return user_may_import(request.user)


@extend_schema_view(
    create=extend_schema(
        summary="Import a detention list",
        description=(
            "multipart/form-data with `file` (.csv in UTF-8 or .xlsx; columns as in docs/guide/imports.md) "
            "and `dry_run`. "
            "A .csv must be text and an .xlsx a workbook, by content (400 on `file` otherwise). "
            'All rows are validated first; any error imports nothing (`status` "invalid", `errors` with row '
            "numbers). Rows already imported in a case you can see are skipped as `Already imported.`; a row "
            "recorded in a case you cannot see is not mentioned by a dry run and is skipped by the import (no "
            "duplicate, no case named). Up to 2,000 rows and 4 MB unpacked the answer is final (201); larger "
            "files are counted and checked in the background (202): poll the job's URL (`rows_done` while "
            "checking, `rows_written` while writing). A file that would exhaust the server is refused at once "
            "(400, no job): an XLSX over the ZIP limits (a part over 64 MB of shared strings, 256 MB of sheet or "
            "16 MB otherwise, 320 MB in all, packed over 100:1, over 1,000 parts) or declaring an XML DTD or "
            "entity, a CSV line over 1,048,576 characters. "
            "The uploaded file is deleted after the import or an error, and a dry run's file after "
            "CASETRACKER_IMPORT_TTL_HOURS (`file_expires_at`)."
        ),
        request=ImportUploadSerializer,
        responses={201: ImportJobSerializer, 202: ImportJobSerializer},
    ),
    retrieve=extend_schema(summary="Show an import's progress and result", description="Your own imports only."),
)
class ImportJobViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ImportJobSerializer
    permission_classes = [MayImport]
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ImportJob]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ImportJob.objects.none()
        return import_jobs_visible_to(self.request.user)

    def create(self, request: Request, *args, **kwargs) -> Response:
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            job = services.import_job_create(
                user=request.user,
                upload=upload.validated_data["file"],
                dry_run=upload.validated_data["dry_run"],
                source=AuditSource.API,
            )
            queued = services.import_job_start(job=job)
        except PermissionDenied:
            return Response(status=status.HTTP_403_FORBIDDEN)
        job.refresh_from_db()
        answer = status.HTTP_202_ACCEPTED if queued else status.HTTP_201_CREATED
        return Response(self.get_serializer(job).data, status=answer)
