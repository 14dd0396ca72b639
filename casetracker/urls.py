from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from casetracker.api.views.docs import SwaggerView
from casetracker.cases import views as case_views
from casetracker.reports.summaries import views as summary_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("casetracker.accounts.urls")),
    path("documents/<int:pk>/download/", case_views.document_download, name="document-download"),
    path("cases/<int:pk>/summary.pdf", summary_views.case_summary_pdf, name="case-summary-pdf"),
    path("reports/", include("casetracker.reports.urls")),
    path("deadlines/", include("casetracker.deadlines.urls")),
    path("intake/", include("casetracker.intake.urls")),
    path("api/v1/", include("casetracker.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    # The health check and the metrics (no sign-in; casetracker/ops).
    path("", include(("casetracker.ops.urls", "ops"))),
]

# A JSON 404 for an /api/ URL that matches no route.
handler404 = "casetracker.api.views.errors.page_not_found"
