"""Settings shared by every environment.

Environment-driven: DATABASE_URL picks the database (SQLite under var/ when unset). The environment-specific modules
(local, test, production) import from here and change only what differs.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from bscb.env import env_bool, env_int, env_list, env_str

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
    "django_tasks",
    "django_tasks_db",  # the task queue's table and `manage.py db_worker`
    "bscb",
    "notifications",  # the record of every email, its delivery task, and the scheduler
    "evidence",  # evidence attached to records of any app (ground floor: registry in evidence/registry.py)
    "accounts",
    "plans",
    "priorities",
    "reporting",
    "audits",
    "budget",
    "people",  # the board administrator's people pages (a feature app: accounts and plans below it)
    "corebusiness",  # progress on the core business measures (a feature app: priorities and plans below it)
    "scrutiny",  # the independent scrutineer's log of observations and challenges (feature app)
    "learning",  # the learning reviews ledger: reviews, clocks, recommendations to impact (feature app)
    "annualreport",  # the yearly report drafted from the record (top floor, beside onboarding)
    "onboarding",  # the top floor: loaders, demo and scale data (docs/CONVENTIONS.md)
]

MIDDLEWARE = [
    # First: everything after it (axes' lockout, the audit log) sees the client's address, not the proxy's.
    "bscb.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "bscb.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the body (sessions, CSRF, forms): oversized requests get a 413 without being parsed.
    "bscb.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bscb.middleware.SessionRefreshMiddleware",  # the idle timeout's refresh, at most once a minute
    "accounts.middleware.AuditContextMiddleware",  # the signed-in actor of audit events recorded by signals
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After sign-in is required: a person of several boards who has not chosen one is asked to (accounts/middleware.py).
    "accounts.middleware.CurrentBoardMiddleware",
    "bscb.middleware.NoStoreForSignedInMiddleware",
    "plans.middleware.NoCurrentPlanMiddleware",  # a board with no plan yet: a page that says so, not a 404
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
    "accounts.backends.EmailOrUsernameBackend",
    # Single sign-on: answers only when SSO_ENABLED (accounts/sso.py).
    "accounts.sso.SsoBackend",
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

# Single sign-on with OpenID Connect (accounts/sso.py, docs/deploy.md): on when OIDC_RP_CLIENT_ID is set. The endpoints
# are the provider's (Entra ID, Google Workspace, Okta); the password sign-in stays for partners without it.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", default="")
SSO_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10  # seconds for each call to the provider, so a slow provider cannot hold a server's worker
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/sso/failed/"  # a path: the library redirects to it as it is
# Trust the provider's email address without an email_verified claim (Entra ID sends none): only for a provider
# that issues addresses in the organisation's own domains.
SSO_TRUST_EMAIL = env_bool("SSO_TRUST_EMAIL", default=False)
# The sign-in page's button: "Sign in with <SSO_PROVIDER_NAME>".
SSO_PROVIDER_NAME = env_str("SSO_PROVIDER_NAME", default="your organisation's account")
_SSO_MISSING = [
    name
    for name in (
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    )
    if SSO_ENABLED and not globals()[name]
]
if _SSO_MISSING:
    raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so single sign-on also needs {', '.join(_SSO_MISSING)}")

# Sessions end after two idle hours and when the browser closes. The expiry is refreshed by a save at most once a
# minute while the session is used (bscb.middleware.SessionRefreshMiddleware), not on every request (issue 19).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
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
# The address is REMOTE_ADDR, which bscb.middleware.TrustedProxyMiddleware sets from X-Forwarded-For behind the
# TRUSTED_PROXY_COUNT reverse proxies (0: the header is ignored, so a client cannot choose its own address).
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
# Origins allowed to POST when the proxy rewrites the host or scheme, e.g. https://tracker.example.org.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]
# Evidence files (the evidence app) go through Django's storage API: local files under MEDIA_ROOT by default (with
# several application servers, a directory they all share, e.g. NFS), or an S3-compatible store through
# django-storages (FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage and the S3_* variables; docs/deploy.md). There
# is no MEDIA_URL: files are served only by evidence.views.attachment_download, which checks who may see them.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
FILE_STORAGE_BACKEND = env_str("FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")
_S3_OPTIONS = {
    "bucket_name": env_str("S3_BUCKET_NAME"),
    "endpoint_url": env_str("S3_ENDPOINT_URL"),
    "region_name": env_str("S3_REGION_NAME"),
    "location": env_str("S3_LOCATION", default="tracker"),
    "default_acl": "private",  # never public: the bucket is read only by the application
    "file_overwrite": False,
}
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
STORAGES = {
    "default": {
        "BACKEND": FILE_STORAGE_BACKEND,
        "OPTIONS": {k: v for k, v in _S3_OPTIONS.items() if v is not None}
        if "s3" in FILE_STORAGE_BACKEND.lower()
        else {},
    },
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
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", default=1024 * 1024)
UPLOAD_URL_BODY_LIMITS = {
    "onboarding:plan_import": 11 * 1024 * 1024,
    # Evidence: the file (EVIDENCE_MAX_BYTES, refused with a sentence by the form) plus the fields and the framing.
    "evidence:add": EVIDENCE_MAX_BYTES + 1024 * 1024,
}
# Form fields other than files (Django answers 400 beyond this); files over FILE_UPLOAD_MAX_MEMORY_SIZE go to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# Changing one's password (accounts.forms.ChangePasswordForm): this many wrong current passwords within the window
# lock the form for that user until the window has passed (counted in the default cache).
PASSWORD_CHANGE_FAILURE_LIMIT = 5
PASSWORD_CHANGE_FAILURE_WINDOW_SECONDS = 15 * 60

# Email goes out through the task queue (notifications.tasks), never inside a request. SMTP from the environment.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)  # implicit TLS, usually port 465
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10)  # seconds; a hung mail server holds a worker no longer
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="plan-tracker@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets Django's error emails: "Name <address>, Name <address>".
ADMINS = [tuple(part.strip().rstrip(">").split("<")) for part in env_list("ADMINS", default=[]) if "<" in part]
# A failed email is retried after 1, 2, 4, 8 ... minutes (notifications.tasks.retry_delay), this many times in all.
NOTIFICATION_RETRY_BASE_SECONDS = env_int("NOTIFICATION_RETRY_BASE_SECONDS", default=60)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", default=8)

# Full links in emails (e.g. https://tracker.example.org); production requires it, paths alone are used when unset.
SITE_URL = env_str("SITE_URL", default="")

# The task queue (Django's Tasks framework; django-tasks on 5.2, django.tasks from 6.0) keeps its queue in the
# database: `manage.py db_worker` runs the tasks, any number of them on any number of servers.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The cache is shared by every process on every server: Redis when REDIS_URL is set, the database otherwise (the
# table `tracker_cache`, created by the migration bscb 0001). It holds board pack PDFs, lockout counters and the like.
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 7 * 24 * 60 * 60,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tracker_cache",
            "TIMEOUT": 7 * 24 * 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# The scheduler (`manage.py scheduler`) runs each job once per slot of `every_minutes`, whatever the number of
# schedulers (notifications.scheduling). Reminders run hourly; the command itself decides whom a board's schedule
# says to remind today, and the notification record stops a second copy.
SCHEDULED_JOBS = [
    {"name": "update_reminders", "command": "send_update_reminders", "every_minutes": 60},
    {"name": "audit_reminders", "command": "send_audit_reminders", "every_minutes": 60},
    {"name": "clearsessions", "command": "clearsessions", "every_minutes": 24 * 60},
    {
        "name": "prune_task_results",
        "command": "prune_db_task_results",
        "args": ["--min-age-days", "30"],
        "every_minutes": 24 * 60,
    },
]

SERVICE_NAME = env_str("SERVICE_NAME", default="Safeguarding partnership plan tracker")
PHASE = env_str("SERVICE_PHASE", default="Beta")

# One line per record on standard error; LOG_FORMAT=json for one JSON object per line (a request's access line comes
# from gunicorn, gunicorn.conf.py; a task's from the worker).
LOG_LEVEL = env_str("LOG_LEVEL", default="WARNING").upper()
LOG_FORMAT = env_str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "bscb.jsonlog.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        # Not Django's own admin email handler, which emails from inside the failing request (notifications.logging).
        "admin_email": {"class": "notifications.logging.QueuedAdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console", "admin_email"], "level": LOG_LEVEL, "propagate": False},
        "django_tasks": {"level": env_str("TASK_LOG_LEVEL", default="INFO").upper()},
    },
}

# The admin's "revert to this version" re-saves an old row without the services' checks (it could move an action
# into another objective, or a plan into another board): history is for reading. accounts/admin_base.py refuses the
# POST as well, since this setting only hides the button.
SIMPLE_HISTORY_REVERT_DISABLED = True
