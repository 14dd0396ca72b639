"""Settings for casetracker, read from the environment (and `.env` when present).

Development defaults need no set-up: SQLite in the project directory, Celery tasks run
eagerly in-process, a secret key generated once into a git-ignored file. Production
(DEBUG off) refuses to start without an explicit SECRET_KEY.
"""

import base64
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# Real environment variables win over `.env`, so CI and operators can override it.
load_dotenv(BASE_DIR / ".env", override=False)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)


def dev_secret(name: str, *, file_name: str, generate) -> str:
    """A secret from the environment; in development, generated once into a git-ignored file.

    Production (DEBUG off) refuses to start without it: never a shared, committed
    development secret that would protect a forgotten deployment.
    """
    value = env_str(name)
    if value:
        return value
    if not DEBUG:
        raise ImproperlyConfigured(
            f"{name} is not set. Production (DEBUG off) refuses to start without it; "
            "set DEBUG=1 for development to get a generated one."
        )
    secret_file = BASE_DIR / file_name
    if not secret_file.exists():
        secret_file.write_text(generate())
        secret_file.chmod(0o600)
    return secret_file.read_text().strip()


def _fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


SECRET_KEY = dev_secret("SECRET_KEY", file_name=".secret_key", generate=lambda: secrets.token_urlsafe(50))

# Encryption at rest of personal fields and document files. Several keys, newest first:
# new data is encrypted with the first, older ones still decrypt until `rotate_keys`
# has re-encrypted everything. Keep them apart from database backups (docs/operations.md).
CASETRACKER_ENCRYPTION_KEYS = [
    key.strip()
    for key in dev_secret("CASETRACKER_ENCRYPTION_KEYS", file_name=".encryption_key", generate=_fernet_key).split(",")
    if key.strip()
]
# The key of the blind index (HMAC of normalized names), separate from the encryption keys.
CASETRACKER_BLIND_INDEX_KEY = dev_secret(
    "CASETRACKER_BLIND_INDEX_KEY", file_name=".blind_index_key", generate=lambda: secrets.token_urlsafe(32)
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "casetracker.accounts",
    "casetracker.admin_site.CasetrackerAdminConfig",  # django.contrib.admin, see admin_site.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "casetracker.cases",
    # After cases: its encrypted file kind is registered after the documents'.
    "casetracker.deadlines",
    "casetracker.imports",
    "casetracker.demo",
    "casetracker.intake",
    "casetracker.reports",
    "casetracker.audit",
    "casetracker.api",
    "casetracker.ops",
]

MIDDLEWARE = [
    # First: the request id is bound for every other middleware's log lines, and the
    # request's duration covers them (casetracker/ops/middleware.py).
    "casetracker.ops.middleware.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sign-in rules: after authentication, OTP and messages (casetracker/accounts/middleware.py).
    "casetracker.accounts.middleware.SessionIdleRefreshMiddleware",
    "casetracker.accounts.middleware.SessionMaxAgeMiddleware",
    "casetracker.accounts.middleware.RequireTwoFactorMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casetracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Widget templates resolve like page templates, so templates/ can hold our widgets.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "casetracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'casetracker.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Sign-in (casetracker/accounts). django-axes checks every password login first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: 5 failures per (username, client IP) pair lock that pair for 30 minutes.
# Not per IP alone (colleagues behind one NGO office address would lock each other
# out) and not per username alone (anyone could lock a lawyer out from anywhere).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# No start-up banner on every manage.py command.
AXES_VERBOSE = False
# Attempts during a lockout do not restart it: it ends 30 minutes after the 5th failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "casetracker.audit.ip.client_ip"
AXES_LOCKOUT_CALLABLE = "casetracker.accounts.lockout.lockout_response"
# Successful logins are recorded by the audit trail; axes keeps only the failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Proxies in front of the app that append to X-Forwarded-For (0: clients connect
# directly). The client IP is counted from the right, so a forged header cannot dodge
# the lockout (casetracker.audit.ip.client_ip).
CASETRACKER_TRUSTED_PROXY_COUNT = env_int("CASETRACKER_TRUSTED_PROXY_COUNT", 0)

# Two-factor sign-in (TOTP app + recovery codes, django-otp) for every staff login.
CASETRACKER_REQUIRE_2FA = env_bool("CASETRACKER_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env_str("CASETRACKER_OTP_ISSUER", "casetracker")
# Superusers see devices in the admin (to remove a lost one) but never their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A session ends this many hours after sign-in however active it is (the idle limit
# is SESSION_COOKIE_AGE below).
CASETRACKER_SESSION_MAX_AGE_HOURS = env_int("CASETRACKER_SESSION_MAX_AGE_HOURS", 12)

# Internationalisation. Times are stored in UTC and shown in the display time zone
# (Moscow by default: the detentions happen there, and so do the court deadlines).
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "casetracker" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Case documents live outside every publicly served path; the only way to a file is
# the permission-checked download view. No MEDIA_URL is configured on purpose.
PRIVATE_MEDIA_ROOT = Path(env_str("CASETRACKER_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "documents")))
CASETRACKER_MAX_UPLOAD_MB = env_int("CASETRACKER_MAX_UPLOAD_MB", 500)
CASETRACKER_ALLOWED_DOCUMENT_EXTENSIONS = env_list(
    "CASETRACKER_ALLOWED_DOCUMENT_EXTENSIONS",
    [
        "pdf", "jpg", "jpeg", "png", "heic", "webp", "gif", "tif", "tiff",
        "mp4", "mov", "webm", "avi", "mkv", "mp3", "m4a", "ogg", "wav", "opus",
        "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "zip",
    ],
)  # fmt: skip
# Uploads above this size go to a temporary file, never into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
# Case summary ZIPs (PRIVATE_MEDIA_ROOT/exports) are refused, then deleted by
# `manage.py purge_expired_exports`, this many hours after they were requested.
CASETRACKER_EXPORT_TTL_HOURS = env_int("CASETRACKER_EXPORT_TTL_HOURS", 24)
# An uploaded detention list (names!) is kept, for confirming its dry run, at most
# this many hours; `manage.py purge_expired_exports` then deletes the file.
CASETRACKER_IMPORT_TTL_HOURS = env_int("CASETRACKER_IMPORT_TTL_HOURS", 24)
# A hotline intake never converted into a case is erased this many days after its event
# (`manage.py purge_expired_exports`).
CASETRACKER_INTAKE_TTL_DAYS = env_int("CASETRACKER_INTAKE_TTL_DAYS", 30)
# Publication mode of the aggregate reports: every count from 1 to k-1 is hidden, so no
# group smaller than k people can be singled out.
CASETRACKER_PUBLISH_MIN_CELL = env_int("CASETRACKER_PUBLISH_MIN_CELL", 5)
if CASETRACKER_PUBLISH_MIN_CELL < 2:
    raise ImproperlyConfigured(
        "CASETRACKER_PUBLISH_MIN_CELL must be at least 2 (1 would publish single people), "
        f"got {CASETRACKER_PUBLISH_MIN_CELL}"
    )

# Celery. Without a broker, tasks run eagerly in-process (the zero-set-up default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks receive ids only; results are not stored, so no broker or backend ever holds
# personal data. acks_late + reject_on_worker_lost: a task interrupted mid-way is run
# again, so every task must be idempotent.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat's schedule runs in the display time zone: the digest goes at 08:00 where the courts are.
CELERY_TIMEZONE = TIME_ZONE
# Celery beat also queues a heartbeat every minute; the worker that runs it records the
# time, which GET /health/ reports (casetracker/ops). A heartbeat not run within a minute
# is dropped: a backlog of them would only repeat the same news.
CELERY_BEAT_SCHEDULE = {
    "deadline-digest": {
        "task": "casetracker.deadlines.tasks.send_deadline_digest_task",
        "schedule": crontab(hour=8, minute=0),
    },
    "worker-heartbeat": {
        "task": "casetracker.ops.tasks.record_worker_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 60},
    },
}

# E-mail (the deadline digest): SMTP from the environment; the console with DEBUG.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "casetracker@localhost")

# Health check (GET /health/, casetracker/ops/health.py): seconds to wait for the broker,
# age in seconds after which the worker's heartbeat counts as lost, and the free space
# under which the storage counts as down (by default: room for one largest upload).
CASETRACKER_HEALTH_BROKER_TIMEOUT = env_int("CASETRACKER_HEALTH_BROKER_TIMEOUT", 2)
CASETRACKER_HEALTH_HEARTBEAT_MAX_AGE = env_int("CASETRACKER_HEALTH_HEARTBEAT_MAX_AGE", 180)
CASETRACKER_HEALTH_MIN_FREE_MB = env_int("CASETRACKER_HEALTH_MIN_FREE_MB", CASETRACKER_MAX_UPLOAD_MB)
# Prometheus metrics at /metrics for a bearer of this token; unset: /metrics is a 404.
CASETRACKER_METRICS_TOKEN = env_str("CASETRACKER_METRICS_TOKEN")

# Cookies and sessions: 30 idle minutes (pushed ahead at most once a minute by
# SessionIdleRefreshMiddleware), and the session cookie is not persisted past the browser.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): only our own scripts, styles, fonts and
# images. Django's admin has no inline scripts (its JSON data blocks are not run), so
# an injected <script> or on* attribute does not execute. A response that sets its own
# policy (document downloads: "default-src 'none'; sandbox") keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# REST API (/api/v1/, casetracker/api). Bearer tokens first, so a request without
# credentials gets 401 with a challenge; session auth keeps DRF's CSRF check on writes.
# Rates per user (per client IP when anonymous), e.g. "600/min"; checked at start-up.
CASETRACKER_API_THROTTLE_RATE = env_str("CASETRACKER_API_THROTTLE_RATE", "600/min")
CASETRACKER_API_ANON_THROTTLE_RATE = env_str("CASETRACKER_API_ANON_THROTTLE_RATE", "30/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "casetracker.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's forms would list every related record and need inline scripts.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "casetracker.api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "casetracker.api.throttling.ApiUserRateThrottle",
        "casetracker.api.throttling.ApiAnonRateThrottle",
    ],
    "EXCEPTION_HANDLER": "casetracker.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# OpenAPI 3 at /api/schema/, Swagger UI at /api/docs/ with its files from the installed
# sidecar package (served under /static/, no CDN), for signed-in users only.
SPECTACULAR_SETTINGS = {
    "TITLE": "casetracker API",
    "DESCRIPTION": (
        "Cases of people detained at protests, with the same permissions as the admin: a case you may "
        "not see does not exist for you (404). Errors are JSON: 400 with messages per field, otherwise "
        '{"detail": "..."}.'
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Document the error answers (400, 401, 403, 404, 409, 429) next to each success.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "casetracker.api.schema.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "GenderEnum": "casetracker.cases.choices.Gender",
        "ConsentEnum": "casetracker.cases.choices.Consent",
        "EventKindEnum": "casetracker.cases.choices.EventKind",
        "CaseStatusEnum": "casetracker.cases.choices.CaseStatus",
        "PlaceTypeEnum": "casetracker.cases.choices.PlaceType",
        "PresentAtEventEnum": "casetracker.cases.choices.PresentAtEvent",
        "IdentificationMethodEnum": "casetracker.cases.choices.IdentificationMethod",
        "RecognitionModeEnum": "casetracker.cases.choices.RecognitionMode",
        "ClaimSourceEnum": "casetracker.cases.choices.ClaimSource",
        "ReliabilityEnum": "casetracker.cases.choices.Reliability",
        "LegalCodeEnum": "casetracker.cases.choices.LegalCode",
        "HearingOutcomeEnum": "casetracker.cases.choices.HearingOutcome",
        "DocumentKindEnum": "casetracker.cases.choices.DocumentKind",
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)

# Logs: plain text by default, one JSON object per line with LOG_FORMAT=json
# (casetracker/ops/log_format.py). Every line carries the request id (or "-").
LOG_FORMAT = env_str("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "casetracker.ops.request_id.RequestIdFilter"},
        "withhold_url": {"()": "casetracker.ops.log_format.WithholdUrlFilter"},
    },
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "casetracker.ops.log_format.CasetrackerJsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "withhold_url"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; its warnings (a refused URL) still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
