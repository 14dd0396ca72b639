"""System checks: the sign-in settings (`manage.py check --deploy`) and the role table."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def sign_in_deploy_checks(app_configs, **kwargs) -> list[Warning]:
    warnings = []
    if not settings.CASETRACKER_REQUIRE_2FA:
        warnings.append(
            Warning(
                "Two-factor sign-in is not required (CASETRACKER_REQUIRE_2FA is off).",
                hint="Unset CASETRACKER_REQUIRE_2FA or set it to 1: staff accounts open the case files.",
                id="accounts.W001",
            )
        )
    if settings.CASETRACKER_TRUSTED_PROXY_COUNT == 0 and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        warnings.append(
            Warning(
                "CASETRACKER_TRUSTED_PROXY_COUNT is 0 while the site expects a TLS proxy (SECURE_PROXY_SSL_HEADER).",
                hint=(
                    "Set it to the number of proxies in front of the app. At 0, every client has the proxy's "
                    "address, and 5 wrong passwords from anywhere lock a user out for 30 minutes."
                ),
                id="accounts.W002",
            )
        )
    return warnings


@register()
def role_table_checks(app_configs, **kwargs) -> list[Error]:
    """Every permission the role table grants or a capability asks for is declared by a model.

    A misspelt name would otherwise be skipped when the groups are synced and answer
    "no" to everyone.
    """
    from casetracker.accounts.policy import CAPABILITIES
    from casetracker.accounts.roles import ROLE_PERMISSIONS

    declared = {
        f"{model._meta.app_label}.{codename}"
        for model in apps.get_models()
        for codename in [
            *(f"{action}_{model._meta.model_name}" for action in model._meta.default_permissions),
            *(codename for codename, _name in model._meta.permissions),
        ]
    }
    named = {name for names in ROLE_PERMISSIONS.values() for name in names}
    named |= {name for capability in CAPABILITIES.values() for name in capability.permissions}
    return [
        Error(
            f"The role table or a capability names the permission {name!r}, which no model declares.",
            id="accounts.E001",
        )
        for name in sorted(named - declared)
    ]
