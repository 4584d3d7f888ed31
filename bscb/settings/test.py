"""Test settings: fast password hashing, in-memory email, the real middleware and CSP."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"  # noqa: S105 (tests only)
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The manifest needs collectstatic; tests serve the built assets straight from static/dist.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Evidence files written by tests (the permission matrix's uploads, browser tests) never land in var/media: a folder
# of the test process's own (tests/evidence point MEDIA_ROOT at pytest's tmp_path per test).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tracker-test-media-"))

# Single sign-on is on, with a provider that is never reached, so that the sign-in page and the permission matrix
# see it as a council with SSO does; tests/browser/test_sso.py points it at a real provider it runs.
SSO_ENABLED = True
OIDC_RP_CLIENT_ID = "plan-tracker"
OIDC_RP_CLIENT_SECRET = "not-a-real-secret"  # noqa: S105 (tests only)
OIDC_OP_AUTHORIZATION_ENDPOINT = "http://sso.invalid/openid/authorize"
OIDC_OP_TOKEN_ENDPOINT = "http://sso.invalid/openid/token"  # noqa: S105 (an address, not a secret)
OIDC_OP_USER_ENDPOINT = "http://sso.invalid/openid/userinfo"
OIDC_OP_JWKS_ENDPOINT = "http://sso.invalid/openid/jwks"
# Tests pin the queries of each page (tests/performance/query_counts.json and the pages' own tests), and a test's
# pages come seconds apart: the session is refreshed on every request, as the pins were made, so that a page's count
# does not depend on whether it is the first request of the minute. The once-a-minute refresh of production is tested
# with its own setting (tests/accounts/test_sessions_and_audit_log.py).
SESSION_REFRESH_SECONDS = 0
