"""A system check: every inline on every admin page is parent-scoped (`admin_formsets.py`)."""

from django.contrib import admin
from django.core.checks import Error, Tags, register

from casetracker.audit.admin_formsets import ParentScopedFormSetMixin

# Inlines of other packages that keep a stock formset, each with the reason it is safe
# (and a test in tests/security that posts a foreign id to it).
STOCK_INLINES = {
    # django-otp's recovery codes: shown only on the add page of a new device
    # (OTP_ADMIN_HIDE_SENSITIVE_DATA), whose formset has no existing rows to reach, and
    # Django's own formset ignores a posted id outside the parent's records.
    "django_otp.plugins.otp_static.admin.StaticTokenInline",
}


def _inline_classes(inline_classes):
    for inline_class in inline_classes:
        yield inline_class
        yield from _inline_classes(getattr(inline_class, "inlines", []))


@register(Tags.admin)
def inlines_are_parent_scoped(app_configs, site: admin.AdminSite | None = None, **kwargs) -> list[Error]:
    errors = []
    for model, model_admin in (site or admin.site)._registry.items():
        for inline_class in _inline_classes(model_admin.inlines):
            name = f"{inline_class.__module__}.{inline_class.__qualname__}"
            if name in STOCK_INLINES or issubclass(inline_class.formset, ParentScopedFormSetMixin):
                continue
            errors.append(
                Error(
                    f"The inline {name} on the admin of {model._meta.label} can load any posted record id.",
                    hint="Give it a parent-scoped formset (casetracker.audit.admin_formsets).",
                    obj=inline_class,
                    id="audit.E001",
                )
            )
    return errors
