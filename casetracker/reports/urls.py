from django.urls import path

from casetracker.reports import views

app_name = "reports"

urlpatterns = [
    path("batches/<int:pk>/", views.batch_status, name="batch-status"),
    path("batches/<int:pk>/download/", views.batch_download, name="batch-download"),
]
