"""`make loadtest`: many concurrent users on loopback against gunicorn for a bounded time.

    python ops/loadtest.py [--users 24] [--seconds 30] [--restart-postgres]

Prepares a PostgreSQL database (LOADTEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bscb_load) with the
Barnet plan, demo history and demo accounts, serves it with gunicorn (production settings and middleware, plain
HTTP on 127.0.0.1), and runs simulated users: BMG members reading the dashboard, plan and action list; leads opening
their actions and saving RAG updates; exports of the action plan and board pack. Every request loop is bounded by
count and time and stops by itself.

Pass/fail: zero 5xx responses (with --restart-postgres, 503 "service unavailable" answers are allowed only while
PostgreSQL is down and for a short grace period after; any 500 fails), and every acknowledged write (a RAG update
answered with a redirect) is in the database afterwards.
"""

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bscb_load")
PORT = int(os.environ.get("LOADTEST_PORT", 8766))
CSRF = secrets.token_hex(16)
GRACE_SECONDS = 5


def prepare():
    env = {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "DJANGO_SETTINGS_MODULE": "bscb.settings.local",
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", secrets.token_urlsafe(12)),
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run(
        [python, "manage.py", "setup_demo"],
        cwd=ROOT,
        env=env,
        check=True,  # noqa: S603
        stdout=subprocess.DEVNULL,
    )


def django_setup():
    os.environ["DATABASE_URL"] = DB_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "bscb.settings.bench"
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    import django

    django.setup()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.statuses = defaultdict(lambda: defaultdict(int))
        self.failures = []  # (time, kind, status)
        self.acknowledged = []  # commentary tokens answered with a redirect
        self.outage = [None, None]

    def add(self, kind, status, seconds, at):
        with self.lock:
            self.latency[kind].append(seconds)
            self.statuses[kind][status] += 1
            if status >= 500:
                self.failures.append((at, kind, status))


def request(conn, method, path, cookie, data=None):
    headers = {"Host": "127.0.0.1", "Cookie": f"csrftoken={CSRF}; {cookie}"}
    body = None
    if data is not None:
        body = urlencode({"csrfmiddlewaretoken": CSRF, **data})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def run_user(kind, cookie, paths, actions, deadline, recorder, max_requests):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    done = 0
    index = 0
    while time.monotonic() < deadline and done < max_requests:
        index += 1
        started = time.perf_counter()
        try:
            if kind == "update":
                pk = actions[index % len(actions)]
                status, body = request(conn, "GET", f"/priorities/actions/{pk}/update/", cookie)
                if status == 200:
                    match = re.search(rb'name="version" value="(\d+)"', body)
                    token = f"load-{secrets.token_hex(6)}"
                    status, _ = request(
                        conn,
                        "POST",
                        f"/priorities/actions/{pk}/update/",
                        cookie,
                        {
                            "rag": ["green", "amber"][index % 2],
                            "commentary": f"Load test update {token}",
                            "evidence_of_impact": "",
                            "escalation_reason": "",
                            "version": match.group(1).decode(),
                        },
                    )
                    if status == 302:
                        with recorder.lock:
                            recorder.acknowledged.append(token)
            else:
                status, _ = request(conn, "GET", paths[index % len(paths)], cookie)
        except (OSError, http.client.HTTPException):
            status = 599  # connection-level failure, counted as a 5xx
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        recorder.add(kind, status, time.perf_counter() - started, time.monotonic())
        done += 1
    conn.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--restart-postgres", action="store_true")
    args = parser.parse_args(argv)
    (ROOT / "var").mkdir(exist_ok=True)
    prepare()
    django_setup()
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from plans.models import Board
    from priorities.models import Action, StatusUpdate
    from priorities.rules import actions_led_by

    User = get_user_model()
    board = Board.objects.get(slug="barnet")
    bmg = User.objects.get(username="demo-bmg")
    leads = list(User.objects.filter(username__in=["jo.moses", "kaye.wise", "hema.parmar", "bilal.khan"]))
    priority_slugs = list(board.plans.get(is_current=True).priorities.values_list("slug", flat=True))
    reads = [
        reverse("plans:overview"),
        reverse("reporting:dashboard"),
        reverse("priorities:action_list"),
        reverse("priorities:action_list") + "?rag=red",
        *[reverse("priorities:priority_detail", kwargs={"slug": s}) for s in priority_slugs],
    ]
    exports = [reverse("priorities:export_csv"), reverse("priorities:export_xlsx")]
    from bench.harness import session_cookie, start_gunicorn

    bmg_cookie = session_cookie(bmg)
    users = []
    for i in range(args.users):
        if i % 3 == 0 and leads:
            lead = leads[i % len(leads)]
            own = list(actions_led_by(lead, Action.objects.all()).values_list("pk", flat=True))
            if own:
                users.append(("update", session_cookie(lead), [], own))
                continue
        if i % 6 == 1:
            users.append(("export", bmg_cookie, exports, []))
        else:
            users.append(("read", bmg_cookie, reads, []))
    server = start_gunicorn(port=PORT, workers=args.workers, log_name="loadtest-gunicorn.log")
    recorder = Recorder()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [
        threading.Thread(target=run_user, args=(kind, cookie, paths, acts, deadline, recorder, 100_000))
        for kind, cookie, paths, acts in users
    ]
    try:
        for t in threads:
            t.start()
        if args.restart_postgres:
            time.sleep(args.seconds / 3)
            recorder.outage[0] = time.monotonic()
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"],  # noqa: S603,S607
                check=True,
            )
            recorder.outage[1] = time.monotonic()
            print(f"PostgreSQL restarted in {recorder.outage[1] - recorder.outage[0]:.1f}s during the load", flush=True)
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    elapsed = time.monotonic() - started

    from django.db import connection

    connection.close()
    stored = set(
        StatusUpdate.objects.filter(commentary__startswith="Load test update").values_list("commentary", flat=True)
    )
    stored_tokens = {c.rsplit(" ", 1)[-1] for c in stored}
    lost = [t for t in recorder.acknowledged if t not in stored_tokens]
    window_end = (recorder.outage[1] + GRACE_SECONDS) if recorder.outage[1] else None
    excused = [
        f for f in recorder.failures if window_end and recorder.outage[0] <= f[0] <= window_end and f[2] in (503, 599)
    ]
    unexcused = [f for f in recorder.failures if f not in excused]
    total = sum(len(v) for v in recorder.latency.values())
    print(
        f"\n{args.users} users for {elapsed:.0f}s against {args.workers} gunicorn workers: {total} requests "
        f"({total / elapsed:.0f}/s)"
    )
    print(f"{'kind':8} {'requests':>9} {'median ms':>10} {'p95 ms':>8} statuses")
    for kind, values in sorted(recorder.latency.items()):
        values.sort()
        print(
            f"{kind:8} {len(values):>9} {statistics.median(values) * 1000:>10.1f} "
            f"{values[int(len(values) * 0.95) - 1] * 1000:>8.1f} {dict(recorder.statuses[kind])}"
        )
    print(
        f"Acknowledged RAG updates: {len(recorder.acknowledged)}; found in the database: "
        f"{len(recorder.acknowledged) - len(lost)}; lost: {len(lost)}"
    )
    if args.restart_postgres:
        print(f"Answers while PostgreSQL was restarting (503 or dropped, allowed): {len(excused)}")
    print(f"Unexpected 5xx: {len(unexcused)}")
    # A run whose users were not signed in measures nothing: every read must be a page, and updates must be saved.
    allowed = {200, 503, 599} if args.restart_postgres else {200}  # a restart may answer 503 or drop the request
    not_pages = {
        kind: sum(n for status, n in recorder.statuses[kind].items() if status not in allowed)
        for kind in ("read", "export")
    }
    if any(not_pages.values()):
        print(f"Reads that were not a page (signed out?): {not_pages}")
    ok = not unexcused and not lost and total > 0 and bool(recorder.acknowledged) and not any(not_pages.values())
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
