"""Test settings: the real settings with a fast hasher, eager Celery and temp storage."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
# Fixed test-only keys: .ci/run gives the Celery worker the same ones.
os.environ.setdefault("CASETRACKER_ENCRYPTION_KEYS", "KP7ij7TqNAW_2Y5W8XvMWrzOwlfNFBOMMfBxAb3AQ3s=")
os.environ.setdefault("CASETRACKER_BLIND_INDEX_KEY", "test-only-blind-index-key-0123456789")

from casetracker.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Unit tests run tasks in-process and see their exceptions; tests marked
# `integration` switch to the real worker when CELERY_BROKER_URL is set.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Integration tests share this directory with the worker (CI sets the variable).
# (tests/conftest.py gives every other test a directory of its own.)
PRIVATE_MEDIA_ROOT = os.environ.get("CASETRACKER_PRIVATE_MEDIA_ROOT") or os.path.join(
    tempfile.gettempdir(), "casetracker-test-documents"
)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
LANGUAGE_CODE = "en"
# Most tests sign in with force_login and no second factor; tests/accounts turns this
# on with the `settings` fixture where two-factor sign-in is the subject.
CASETRACKER_REQUIRE_2FA = False
