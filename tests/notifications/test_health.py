"""/healthz: the database, the shared cache and the task queue, for the load balancer and monitoring."""

import datetime

import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from notifications.tasks import deliver_notification

DEAD_REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9"}}


def test_healthy_answers_200_with_each_check_and_no_sign_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["cache"]["ok"] and body["tasks"]["ok"]
    assert body["tasks"]["queued"] == 0 and body["tasks"]["oldest_queued_seconds"] == 0
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_the_age_of_the_oldest_queued_task_is_reported(client, db):
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        deliver_notification.enqueue(0)
        deliver_notification.enqueue(0)
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 10, tzinfo=datetime.UTC), tick=False):
        body = client.get(reverse("healthz")).json()
    assert body["tasks"] == {"ok": True, "ms": body["tasks"]["ms"], "queued": 2, "oldest_queued_seconds": 600}
    assert body["status"] == "ok"  # a late queue is reported, not a reason to stop serving


def test_an_unreachable_cache_answers_503(client, db):
    with override_settings(CACHES=DEAD_REDIS):
        cache.close()
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["cache"]["ok"] is False and body["cache"]["error"] == "ConnectionError"
    assert body["database"]["ok"] is True
