"""A real OpenID Connect provider for the single sign-on tests (django-oidc-provider), run as its own process by
tests/sso_provider/serve.py: "the organisation's identity provider" of the tests, with its own database and sign-in
page. It shares nothing with the application but the network."""

import os
from pathlib import Path

SECRET_KEY = "sso-provider-for-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (tests only)
DEBUG = False
ALLOWED_HOSTS = ["*"]
SITE_URL = os.environ["SSO_PROVIDER_URL"]  # the issuer
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.sso_provider.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["SSO_PROVIDER_DB"]}}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
# Two sessions on one host name (127.0.0.1 vs localhost are different hosts, but keep the cookie names apart anyway).
SESSION_COOKIE_NAME = "idp_session"
CSRF_COOKIE_NAME = "idp_csrf"
OIDC_USERINFO = "tests.sso_provider.claims.userinfo"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
