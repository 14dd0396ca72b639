from django.urls import path

from casetracker.reports import report_views, views
from casetracker.reports.exports import views as export_views

app_name = "reports"

urlpatterns = [
    path("", report_views.report_page, name="report"),
    path("batches/<int:pk>/", views.batch_status, name="batch-status"),
    path("batches/<int:pk>/download/", views.batch_download, name="batch-download"),
    path("exports/", export_views.export_create, name="export-create"),
    path("exports/<int:pk>/", export_views.export_status, name="export-status"),
    path("exports/<int:pk>/download/", export_views.export_download, name="export-download"),
]
