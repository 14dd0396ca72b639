"""The project's admin site: Django's, with the app list built only when a page shows it.

Django's admin puts the app list (every registered model with its permissions and
URLs) into the context of every admin page, for the navigation sidebar; ours is off
(`cases/admin/__init__.py`), so building it on every case page, list and form was pure
cost (about 7% of the case page). The start page, which shows the list, still builds it,
once. Settings install it with `CasetrackerAdminConfig` in place of "django.contrib.admin":
`admin.site` is then this site, and every `admin.site.register` stays as it is.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


class CasetrackerAdminSite(admin.AdminSite):
    def get_app_list(self, request: HttpRequest, app_label: str | None = None):
        # Lazy, and built at most once per request and label (the start page asked twice).
        built = request.__dict__.setdefault("_casetracker_app_lists", {})
        if app_label not in built:
            built[app_label] = SimpleLazyObject(lambda: admin.AdminSite.get_app_list(self, request, app_label))
        return built[app_label]


class CasetrackerAdminConfig(AdminConfig):
    default_site = "casetracker.admin_site.CasetrackerAdminSite"
