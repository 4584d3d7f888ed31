"""GET /healthz: for the load balancer and the council's monitoring. No sign-in, no session, JSON.

200 when the database and the shared cache answer; 503 when either does not (the load balancer then takes this server
out). The task queue is reported, not judged: a stopped worker shows as a growing `oldest_queued_seconds`, which a
monitor should alert on (docs/deploy.md), but it is no reason to stop serving pages, so it never makes this a 503.
"""

import time

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult


def _timed(check):
    started = time.monotonic()
    try:
        detail = check() or {}
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return {"ok": False, "error": type(exc).__name__, "ms": round((time.monotonic() - started) * 1000)}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000), **detail}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = "healthz:probe"
    value = str(time.time())
    cache.set(key, value, timeout=60)
    if cache.get(key) != value:
        raise RuntimeError("The cache did not return what was stored")


def _tasks():
    queued = DBTaskResult.objects.ready()
    oldest = queued.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "queued": queued.count(),
        "oldest_queued_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }


@login_not_required
@never_cache
@require_GET
@transaction.non_atomic_requests  # a request transaction would fail before the view could say the database is down
def healthz(request):
    database = _timed(_database)
    checks = {"database": database, "cache": _timed(_cache)}
    checks["tasks"] = _timed(_tasks) if database["ok"] else {"ok": False, "error": "database unavailable"}
    healthy = checks["database"]["ok"] and checks["cache"]["ok"]
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
