"""`manage.py check --deploy` is clean with production environment values."""

import os
import secrets
import subprocess
import sys

from cryptography.fernet import Fernet
from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "cases.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://cases.example.org",
    # gunicorn behind one TLS proxy, as docs/operations.md deploys it.
    "CASETRACKER_TRUSTED_PROXY_COUNT": "1",
    # The operator's commitment that every subdomain is HTTPS-only (security.W021).
    "SECURE_HSTS_PRELOAD": "1",
}


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    # Nothing of the test environment leaks in (DJANGO_SETTINGS_MODULE=tests.settings,
    # test keys, CASETRACKER_REQUIRE_2FA): only what production would set.
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CASETRACKER_", "SECURE_", "DJANGO_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL"}
    }
    clean_env.update(env)
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, *argv],
        env=clean_env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return _run(["manage.py", *args], env)


def production_env(**overrides: str) -> dict[str, str]:
    return {
        **PRODUCTION_ENV,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "CASETRACKER_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "CASETRACKER_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        **overrides,
    }


def test_check_deploy_is_clean_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_two_factor_is_turned_off():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(CASETRACKER_REQUIRE_2FA="0"))

    assert result.returncode != 0
    assert "accounts.W001" in result.stderr


def test_check_deploy_warns_when_no_proxy_is_trusted_behind_the_tls_proxy():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(CASETRACKER_TRUSTED_PROXY_COUNT="0")
    )

    assert result.returncode != 0
    assert "accounts.W002" in result.stderr


def test_production_settings_are_hardened():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, "
        "s.SECURE_CROSS_ORIGIN_OPENER_POLICY, s.SECURE_CONTENT_TYPE_NOSNIFF, s.CASETRACKER_REQUIRE_2FA]))"
    )
    result = _run(["-c", code], {**production_env(), "DJANGO_SETTINGS_MODULE": "casetracker.settings"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        '[true, true, true, 31536000, true, "DENY", "same-origin", "same-origin", true, true]'
    )
