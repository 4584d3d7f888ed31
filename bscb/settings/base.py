"""Settings shared by every environment.

Environment-driven: DATABASE_URL picks the database (SQLite under var/ when unset). The environment-specific modules
(local, test, production) import from here and change only what differs.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from bscb.env import env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "accounts.admin_apps.TrackerAdminConfig",  # django.contrib.admin with the board-scoped site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tables2",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "bscb",
    "accounts",
    "plans",
    "priorities",
    "reporting",
    "audits",
    "budget",
    "onboarding",  # the top floor: loaders, demo and scale data (docs/CONVENTIONS.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bscb.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the body (sessions, CSRF, forms): oversized requests get a 413 without being parsed.
    "bscb.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.AuditContextMiddleware",  # the signed-in actor of audit events recorded by signals
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "bscb.middleware.NoStoreForSignedInMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bscb.urls"
WSGI_APPLICATION = "bscb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "bscb.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", default=60),
        # Health-checked persistent connections: after a database restart the next request reconnects by itself.
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:signed_out"

# Sessions end after two idle hours (the expiry is refreshed on every request) and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout: five failures for one username from one address lock that pair for an hour; other users are unaffected.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
DJANGO_TABLES2_TEMPLATE = "includes/govuk_table.html"

# Strict CSP: everything from our own origin, scripts only with the per-request nonce, no inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Set by bscb.middleware.PermissionsPolicyMiddleware on every response: browser features the service never uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Request bodies (bscb.middleware.RequestBodyLimitMiddleware): 1 MiB, answered with a 413 before anything parses
# them, except for the URLs named here, which take uploads. The plan import takes a file of up to 10 MB
# (onboarding.plan_import.MAX_UPLOAD_MB) plus the form's fields and the multipart framing.
MAX_REQUEST_BODY_BYTES = 1024 * 1024
UPLOAD_URL_BODY_LIMITS = {"onboarding:plan_import": 11 * 1024 * 1024}
# Form fields other than files (Django answers 400 beyond this); files over FILE_UPLOAD_MAX_MEMORY_SIZE go to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# Changing one's password (accounts.forms.ChangePasswordForm): this many wrong current passwords within the window
# lock the form for that user until the window has passed (counted in the default cache).
PASSWORD_CHANGE_FAILURE_LIMIT = 5
PASSWORD_CHANGE_FAILURE_WINDOW_SECONDS = 15 * 60

EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="plan-tracker@localhost")

# Full links in emails (e.g. https://tracker.example.org); paths alone are used when unset.
SITE_URL = env_str("SITE_URL", default="")
# A file cache under var/ is shared by every gunicorn worker on the host: rendered board pack PDFs (keyed on a hash
# of their content) are built once, not once per worker. CACHE_LOCATION moves it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_LOCATION", default=str(VAR_DIR / "cache")),
        "TIMEOUT": 7 * 24 * 60 * 60,
    }
}

SERVICE_NAME = env_str("SERVICE_NAME", default="Safeguarding partnership plan tracker")
PHASE = env_str("SERVICE_PHASE", default="Beta")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="WARNING")},
}

# The admin's "revert to this version" re-saves an old row without the services' checks (it could move an action
# into another objective, or a plan into another board): history is for reading. accounts/admin_base.py refuses the
# POST as well, since this setting only hides the button.
SIMPLE_HISTORY_REVERT_DISABLED = True
