"""gunicorn's configuration for the `web` process (Procfile, deploy/systemd/tracker-web.service, Dockerfile).

Every value can be changed from the environment without editing this file; docs/deploy.md lists them.
"""

import multiprocessing
import os

wsgi_app = "bscb.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Synchronous workers: every request is short (slow work is on the task queue). Two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Below the usual 30 s of a load balancer, so that a stuck request is ended here and logged, not left hanging.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "25"))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (with jitter), so that a slow leak never reaches production size.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-* from the council's proxy: Django reads them itself (SECURE_PROXY_SSL_HEADER, TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if os.environ.get("LOG_FORMAT", "text") == "json":
    # One JSON object per request. %({x-forwarded-for}i) is the header as received; the client's address as the
    # application trusts it is in the audit log.
    access_log_format = (
        '{"time": "%(t)s", "remote": "%(h)s", "forwarded_for": "%({x-forwarded-for}i)s", "method": "%(m)s", '
        '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
    )
