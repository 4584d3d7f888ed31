"""`make bench`: serve the application with gunicorn on 127.0.0.1 and measure our pages against the framework floor
and the Django admin, on the same scale data, in one run. Writes bench/results.json and prints a table.

Outside the test suite on purpose: timings belong to a benchmark, not to tests.
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bscb_bench), BENCH_BOARDS (50),
BENCH_ACTIONS (400), BENCH_SEED (2014), BENCH_WORKERS (3), BENCH_CONCURRENCY (8), BENCH_SECONDS (4).
"""

import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

# `python bench/run.py` (make bench) puts bench/ first on the path: the project root is needed for the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, Target, session_cookie, start_gunicorn

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bscb_bench")
BOARDS = int(os.environ.get("BENCH_BOARDS", 50))
ACTIONS = int(os.environ.get("BENCH_ACTIONS", 400))
SEED = int(os.environ.get("BENCH_SEED", 2014))
WORKERS = int(os.environ.get("BENCH_WORKERS", 3))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 8))
SECONDS = float(os.environ.get("BENCH_SECONDS", 4))
PORT = int(os.environ.get("BENCH_PORT", 8765))
TIMEOUT = 300  # seconds a single request may take (a cold board pack under 8-way concurrency queues for a while)
os.environ["DATABASE_URL"] = DB_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bscb.settings.bench"
os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
CSRF = secrets.token_hex(16)  # a 32-character secret used as both cookie and form token (double submit)


def _request(conn, target):
    headers = {"Host": "127.0.0.1", "Cookie": f"csrftoken={CSRF}; {target.cookie}"}
    path, data = target.request_parts()
    body = None
    if target.method == "POST":
        body = urlencode({"csrfmiddlewaretoken": CSRF, **data}, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn.request(target.method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status not in target.expect:
        raise RuntimeError(f"{target.name}: {target.method} {path} gave {response.status}")
    return elapsed


def measure(target):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT)
    _request(conn, target)  # warm up
    latencies = sorted(_request(conn, target) for _ in range(target.samples))
    conn.close()
    count = [0]
    errors = []
    stop = time.monotonic() + SECONDS
    lock = threading.Lock()

    def worker():
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT)
        while time.monotonic() < stop:
            try:
                _request(c, target)
            except (OSError, RuntimeError, http.client.HTTPException) as exc:
                # Counted, not fatal: a slow page queued behind others must not abort the whole run.
                errors.append(repr(exc))
                c.close()
                continue
            with lock:
                count[0] += 1
        c.close()

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    target.results = {
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
        "rps": round(count[0] / elapsed, 1),
        "errors": len(errors),
    }
    if errors:
        print(f"  {len(errors)} requests failed under concurrency, e.g. {errors[0]}", flush=True)


def count_queries(target):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for part in target.cookie.split(";"):
        if "=" in part:
            key, value = part.strip().split("=", 1)
            client.cookies[key] = value
    client.cookies["csrftoken"] = CSRF
    path, data = target.request_parts()
    with CaptureQueriesContext(connection) as ctx:
        if target.method == "POST":
            response = client.post(path, {"csrfmiddlewaretoken": CSRF, **data})
        else:
            response = client.get(path)
    if response.status_code not in target.expect:
        raise RuntimeError(f"{target.name}: in-process {target.method} {path} gave {response.status_code}")
    target.results["queries"] = len(ctx.captured_queries)


def prepare_database():
    import django
    from django.core.management import call_command

    django.setup()
    from plans.models import Board

    call_command("migrate", verbosity=0)
    wanted = f"scale-{BOARDS - 1:03d}"
    if (
        not Board.objects.filter(slug=wanted).exists()
        or Board.objects.filter(slug__startswith="scale-").count() != BOARDS
    ):
        print(f"Generating scale data: {BOARDS} boards x {ACTIONS} actions (seed {SEED})...", flush=True)
        from django.db import connection

        # Start from an empty schema: `flush` would also empty the rows the data migrations wrote (roles, stages),
        # and `migrate` would not write them again.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", verbosity=0)
        call_command("generate_scale_data", boards=BOARDS, actions=ACTIONS, seed=SEED)


def build_targets() -> tuple[list[Target], dict]:
    # bench.targets imports the models: it can only be imported once prepare_database() has run django.setup().
    from bench.targets import targets

    return targets(session_cookie, CSRF)


def main():
    (ROOT / "var").mkdir(exist_ok=True)
    prepare_database()
    targets, extras = build_targets()
    # The cold PDF first: it leaves the pack in the shared cache, where the served "board pack PDF" target finds it
    # (no task worker runs during the benchmark, so a missing pack would time the "being prepared" page instead).
    print("Measuring board_pack_pdf_cold...", flush=True)
    extras_results = extras.pop("board_pack_pdf_cold")()
    server = start_gunicorn(port=PORT, workers=WORKERS, log_name="bench-gunicorn.log", timeout=120)
    try:
        for target in targets:
            print(f"Measuring {target.name}...", flush=True)
            measure(target)
            count_queries(target)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    floor = next(t for t in targets if t.name == "floor")
    admin_list = next(t for t in targets if t.name.startswith("admin changelist"))
    admin_post = next(t for t in targets if t.name.startswith("admin change POST"))
    rows = []
    for t in targets:
        r = t.results
        rows.append(
            {
                "name": t.name,
                **r,
                "p95_vs_floor": round(r["p95_ms"] / floor.results["p95_ms"], 1),
                "p95_vs_admin_list": round(r["p95_ms"] / admin_list.results["p95_ms"], 2),
                "rps_share_of_floor": round(r["rps"] / floor.results["rps"], 3),
            }
        )
    by_name = {row["name"]: row for row in rows}
    for name, fn in extras.items():
        print(f"Measuring {name}...", flush=True)
        extras_results.update(fn())
    goals = evaluate_goals(by_name, admin_list.results, admin_post.results, floor.results, extras_results)
    output = {
        "config": {
            "boards": BOARDS,
            "actions_per_board": ACTIONS,
            "seed": SEED,
            "workers": WORKERS,
            "concurrency": CONCURRENCY,
            "seconds": SECONDS,
            "database": "postgresql",
        },
        "targets": rows,
        "extras": extras_results,
        "goals": goals,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(output, indent=2))
    print_table(rows, extras_results, goals)
    return 0 if all(g["met"] for g in goals) else 1


def evaluate_goals(by_name, admin_list, admin_post, floor, extras):
    goals = []

    def goal(text, value, limit, met):
        goals.append({"goal": text, "value": value, "limit": limit, "met": bool(met)})

    dash = by_name.get("dashboard (one board)")
    if dash:
        goal(
            "dashboard p95 <= admin changelist p95 (ms)",
            dash["p95_ms"],
            admin_list["p95_ms"],
            dash["p95_ms"] <= admin_list["p95_ms"],
        )
        goal(
            "dashboard throughput >= 10% of floor (share)",
            dash["rps_share_of_floor"],
            0.10,
            dash["rps_share_of_floor"] >= 0.10,
        )
    for name in ("my actions", "priority page"):
        if name in by_name:
            goal(
                f"{name} p95 < admin changelist p95 (ms)",
                by_name[name]["p95_ms"],
                admin_list["p95_ms"],
                by_name[name]["p95_ms"] < admin_list["p95_ms"],
            )
    rag = by_name.get("RAG update POST")
    if rag:
        goal(
            "RAG update POST p95 <= 1.5x admin change POST p95 (ms)",
            rag["p95_ms"],
            round(1.5 * admin_post["p95_ms"], 2),
            rag["p95_ms"] <= 1.5 * admin_post["p95_ms"],
        )
    pdf = by_name.get("board pack PDF")
    if pdf:
        goal("board pack PDF p95 < 3000 ms", pdf["p95_ms"], 3000, pdf["p95_ms"] < 3000)
    if "import_20000_seconds" in extras and "loaddata_20000_seconds" in extras:
        ratio = round(extras["import_20000_seconds"] / extras["loaddata_20000_seconds"], 2)
        goal("20,000-action import <= 3x loaddata of the same rows (ratio)", ratio, 3, ratio <= 3)
    return goals


def print_table(rows, extras, goals):
    header = (
        f"{'target':34} {'median ms':>10} {'p95 ms':>9} {'req/s':>8} {'queries':>8} {'p95/floor':>10} {'p95/admin':>10}"
    )
    print("\n" + header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['name']:34} {r['median_ms']:>10} {r['p95_ms']:>9} {r['rps']:>8} {r['queries']:>8} "
            f"{r['p95_vs_floor']:>10} {r['p95_vs_admin_list']:>10}"
        )
    for name, value in extras.items():
        print(f"{name}: {value}")
    print("\nGoals:")
    for g in goals:
        print(f"  [{'met' if g['met'] else 'MISSED'}] {g['goal']}: {g['value']} (limit {g['limit']})")


if __name__ == "__main__":
    sys.exit(main())
