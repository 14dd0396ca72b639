"""Deployment checks (`manage.py check --deploy`) for the sign-in settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
