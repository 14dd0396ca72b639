from django.urls import path

from casetracker.reports.exports import views as export_views
from casetracker.reports.statistics import views as statistics_views
from casetracker.reports.summaries import views as summary_views

app_name = "reports"

urlpatterns = [
    path("", statistics_views.report_page, name="report"),
    path("batches/<int:pk>/", summary_views.batch_status, name="batch-status"),
    path("batches/<int:pk>/download/", summary_views.batch_download, name="batch-download"),
    path("exports/", export_views.export_create, name="export-create"),
    path("exports/<int:pk>/", export_views.export_status, name="export-status"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export-download"),
]
