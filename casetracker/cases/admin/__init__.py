"""The lawyers' workspace. Every admin class takes its rows from `cases.selectors`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casetracker.cases.admin import case, documents, duplicates, reference

admin.site.site_header = _("casetracker: legal aid for detained protesters")
admin.site.site_title = _("casetracker")
admin.site.index_title = _("Workspace")
# The change list has many columns; the page needs the width more than a second menu.
admin.site.enable_nav_sidebar = False

__all__ = ["case", "documents", "duplicates", "reference"]
