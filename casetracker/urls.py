from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from casetracker.cases import views as case_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("documents/<int:pk>/download/", case_views.document_download, name="document-download"),
    path("nested_admin/", include("nested_admin.urls")),
    path("admin/", admin.site.urls),
]
