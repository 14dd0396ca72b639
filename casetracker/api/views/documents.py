from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from casetracker.api import filters
from casetracker.api.serializers import DocumentSerializer
from casetracker.api.views.base import ScopedModelViewSet
from casetracker.cases.selectors import documents_visible_to

SCOPE = "Only documents of cases you can see exist for you (404 otherwise)."


@extend_schema_view(
    list=extend_schema(summary="List documents", description=SCOPE + " Metadata only; files via `download_url`."),
    create=extend_schema(
        summary="Upload a document",
        description=(
            "multipart/form-data with `case`, `kind`, `file` and optionally `description`. The SHA-256 and size "
            "are computed on upload. The case must be one you can see (400 on `case` otherwise). The file's "
            "content must be of the type its extension names (read by libmagic; 400 on `file` otherwise)."
        ),
    ),
    retrieve=extend_schema(summary="Show a document's metadata", description=SCOPE),
    update=extend_schema(summary="Replace a document's metadata", description="The file itself is never replaced."),
    partial_update=extend_schema(summary="Change a document's metadata", description="The file is never replaced."),
    destroy=extend_schema(summary="Delete a document", description=SCOPE),
)
class DocumentViewSet(ScopedModelViewSet):
    serializer_class = DocumentSerializer
    filterset_class = filters.DocumentFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    ordering_fields = ["uploaded_at", "size", "kind"]
    ordering = ["uploaded_at", "pk"]

    def scoped_queryset(self) -> QuerySet:
        return documents_visible_to(self.request.user).order_by("uploaded_at", "pk")
