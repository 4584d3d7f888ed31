"""`make bench`: issue 19's goals, each a ratio to the framework's floor measured in the same run.

The application is served by gunicorn on 127.0.0.1 (production settings and middleware) on generated scale data in
PostgreSQL, twice: on the main database (BENCH_BOARDS x BENCH_ACTIONS, 50 x 400, plus one board of BENCH_BIG_ACTIONS,
2,000, "big-000", which is not counted as a scale board) and on the large one (BENCH_BOARDS_LARGE x BENCH_ACTIONS,
200 x 400). Each database is measured by a child process (`run.py --child`: one Django process per database), which
prepares it (generating what is missing), times the pages and the one-off measurements and writes its results; the
parent evaluates the goals, prints them as [met]/[MISSED] with value and limit, and writes bench/results.json.

Noise (a shared 2-core machine): each page's samples are interleaved with the floor's, one floor request before each
page request on its own keep-alive connection, and the page's "p95/floor" divides its p95 by the p95 of the floor
samples taken alongside it (topped up to BENCH_FLOOR_SAMPLES right after), so that a busy minute raises both.
A page gets up to its `samples` (200) sequential requests, or as many as fit in BENCH_SAMPLE_SECONDS and at least
BENCH_MIN_SAMPLES (40): cheap pages get 200, slow ones 40 or more. p95 is the nearest-rank 95th percentile.
Throughput: BENCH_CONCURRENCY clients for BENCH_SECONDS; for a page with a throughput goal (the closed dashboard) the
floor's throughput is measured again right before it, and the goal uses that one.
Comparisons across runs (200 boards against 50; the 2,000-action board against the 400-action one) compare the
pages' p95/floor ratios, so that the two databases' runs, minutes apart, are each judged against their own floor;
the raw p95s and their ratio are printed beside them.

Quick mode: BENCH_BOARDS=3 BENCH_SECONDS=1 (the large database then has 4x the boards, 12, unless BENCH_BOARDS_LARGE
says otherwise; BENCH_LARGE=0 skips it, BENCH_IMPORT=0 skips the import).
Environment: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/bscb_bench), BENCH_DATABASE_URL_LARGE (the main
URL's database name + "200", or + "_<n>b" for another size), BENCH_BOARDS (50), BENCH_BOARDS_LARGE (200 when
BENCH_BOARDS is 50, else 4x), BENCH_ACTIONS (400), BENCH_BIG_ACTIONS (2000), BENCH_SEED (2014), BENCH_WORKERS (3),
BENCH_CONCURRENCY (8), BENCH_SECONDS (4), BENCH_SAMPLE_SECONDS (4x BENCH_SECONDS), BENCH_MIN_SAMPLES (40),
BENCH_FLOOR_SAMPLES (200), BENCH_IMPORT_ACTIONS (20000), BENCH_PORT (8765), BENCH_REDIS_URL
(redis://127.0.0.1:6379/3: the shared cache production is advised to run; "none" measures the database cache).
The shared cache is emptied before each database is measured, so that nothing a previous run (of older code) left
under the same key is served.

Outside the test suite on purpose: timings belong to a benchmark, not to tests.
"""

import http.client
import json
import math
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

# `python bench/run.py` (make bench) puts bench/ first on the path: the project root is needed for the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import ROOT, session_cookie, start_gunicorn

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
if REDIS_URL != "none":
    os.environ["REDIS_URL"] = REDIS_URL  # read by bscb.settings.base, in this process and in gunicorn's
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bscb_bench")
BOARDS = int(os.environ.get("BENCH_BOARDS", 50))
LARGE_BOARDS = int(os.environ.get("BENCH_BOARDS_LARGE", 200 if BOARDS == 50 else 4 * BOARDS))
LARGE_DB_URL = os.environ.get(
    "BENCH_DATABASE_URL_LARGE", DB_URL + ("200" if LARGE_BOARDS == 200 else f"_{LARGE_BOARDS}b")
)
RUN_LARGE = os.environ.get("BENCH_LARGE", "1") != "0"
RUN_IMPORT = os.environ.get("BENCH_IMPORT", "1") != "0"
ACTIONS = int(os.environ.get("BENCH_ACTIONS", 400))
BIG_ACTIONS = int(os.environ.get("BENCH_BIG_ACTIONS", 2000))
IMPORT_ACTIONS = int(os.environ.get("BENCH_IMPORT_ACTIONS", 20_000))
SEED = int(os.environ.get("BENCH_SEED", 2014))
WORKERS = int(os.environ.get("BENCH_WORKERS", 3))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 8))
SECONDS = float(os.environ.get("BENCH_SECONDS", 4))
SAMPLE_SECONDS = float(os.environ.get("BENCH_SAMPLE_SECONDS", 4 * SECONDS))
MIN_SAMPLES = int(os.environ.get("BENCH_MIN_SAMPLES", 40))
FLOOR_SAMPLES = int(os.environ.get("BENCH_FLOOR_SAMPLES", 200))
PORT = int(os.environ.get("BENCH_PORT", 8765))
TIMEOUT = 300  # seconds a single request may take (a slow page under 8-way concurrency queues for a while)
BIG_SLUG = "big-000"
os.environ["DJANGO_SETTINGS_MODULE"] = "bscb.settings.bench"
os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
CSRF = secrets.token_hex(16)  # a 32-character secret used as both cookie and form token (double submit)

# The goals (issue 19): limits on p95/floor, the same for every database.
P95_LIMITS = {
    "dashboard, closed quarter": 10,
    "dashboard, open quarter": 25,
    "my actions": 15,
    "priority page": 15,
    "action page": 15,
    "RAG update POST": 10,
    "board pack PDF (closed)": 5,
    "board pack XLSX (closed)": 5,
}
RPS_SHARE_LIMIT = 0.10  # the closed dashboard's throughput, as a share of the floor's
COLD_PACK_SECONDS = 3.0
IMPORT_RATIO_LIMIT = 0.15  # import seconds / loaddata seconds
LARGE_RATIO_LIMIT = 1.15  # p95/floor at 200 boards over p95/floor at 50
BIG_RATIO_LIMIT = 2.0  # the 2,000-action board's closed dashboard over the 400-action board's


def _p95(values):
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * 0.95) - 1, 0)]


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


def _connection():
    return http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT)


def throughput(target) -> tuple[float, int]:
    """Requests per second with CONCURRENCY clients for SECONDS, and how many failed."""
    count = [0]
    errors = []
    stop = time.monotonic() + SECONDS
    lock = threading.Lock()

    def worker():
        c = _connection()
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
    if errors:
        print(f"  {len(errors)} requests failed under concurrency, e.g. {errors[0]}", flush=True)
    return count[0] / (time.monotonic() - started), len(errors)


def measure(target, floor):
    """Latencies interleaved with the floor's (see the module's docstring), then throughput."""
    page_conn, floor_conn = _connection(), _connection()
    _request(page_conn, target)  # warm up
    _request(floor_conn, floor)
    latencies, floor_latencies = [], []
    budget_ends = time.monotonic() + SAMPLE_SECONDS
    while len(latencies) < target.samples and (len(latencies) < MIN_SAMPLES or time.monotonic() < budget_ends):
        floor_latencies.append(_request(floor_conn, floor))
        latencies.append(_request(page_conn, target))
    while len(floor_latencies) < FLOOR_SAMPLES:
        floor_latencies.append(_request(floor_conn, floor))
    page_conn.close()
    floor_conn.close()
    floor_rps = throughput(floor)[0] if target.rps_goal else None
    rps, errors = throughput(target)
    p95, floor_p95 = _p95(latencies), _p95(floor_latencies)
    target.results = {
        "samples": len(latencies),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "floor_p95_ms": round(floor_p95 * 1000, 2),
        "p95_vs_floor": round(p95 / floor_p95, 2),
        "rps": round(rps, 1),
        "errors": errors,
    }
    if floor_rps is not None:
        target.results["floor_rps"] = round(floor_rps, 1)
        target.results["rps_share_of_floor"] = round(rps / floor_rps, 3)


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


def prepare_database(boards: int, big: bool):
    """Migrate; regenerate the scale boards if their count differs; add the big board when asked and missing."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from plans.models import Board

    call_command("migrate", verbosity=0)
    wanted = f"scale-{boards - 1:03d}"
    if (
        not Board.objects.filter(slug=wanted).exists()
        or Board.objects.filter(slug__startswith="scale-").count() != boards
    ):
        print(f"Generating scale data: {boards} boards x {ACTIONS} actions (seed {SEED})...", flush=True)
        # Start from an empty schema: `flush` would also empty the rows the data migrations wrote (roles, stages),
        # and `migrate` would not write them again.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", verbosity=0)
        call_command("generate_scale_data", boards=boards, actions=ACTIONS, seed=SEED)
    if big and not Board.objects.filter(slug=BIG_SLUG).exists():
        print(f"Generating the big board: 1 board x {BIG_ACTIONS} actions...", flush=True)
        call_command("generate_scale_data", boards=1, actions=BIG_ACTIONS, seed=SEED, prefix="big")
    # Statistics for the planner, as autovacuum would gather them on a production server: without them PostgreSQL
    # guesses row counts and scanned the whole action-lead link table (a cost that grew with the number of boards).
    # Some machines run with autovacuum off (this development machine does), so the benchmark does it itself.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from django.core.cache import cache

    cache.clear()


def child(config: dict) -> int:
    """Measure one database (run in its own process: Django connects to one database per process)."""
    os.environ["DATABASE_URL"] = config["database"]
    (ROOT / "var").mkdir(exist_ok=True)
    prepare_database(config["boards"], config["big"])
    from bench.import_timing import import_vs_loaddata
    from bench.targets import FLOOR, targets

    started = time.monotonic()
    timed, one_offs = targets(session_cookie, CSRF, big_slug=BIG_SLUG if config["big"] else None)
    # The cold pack first: it leaves the pack in the shared cache, where the served pack targets find it.
    print("Measuring the cold board pack build...", flush=True)
    extras = one_offs.pop("board_pack_cold")()
    floor = next(t for t in timed if t.name == FLOOR)
    server = start_gunicorn(port=PORT, workers=WORKERS, log_name="bench-gunicorn.log", timeout=120)
    try:
        for target in timed:
            print(f"Measuring {target.name}...", flush=True)
            measure(target, floor)
            count_queries(target)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    if config["import"]:
        print(f"Measuring the {IMPORT_ACTIONS:,}-action import against loaddata...", flush=True)
        extras.update(import_vs_loaddata(IMPORT_ACTIONS))
    output = {
        "database": config["database"].rsplit("/", 1)[-1],
        "boards": config["boards"],
        "seconds": round(time.monotonic() - started, 1),
        "targets": [{"name": t.name, **t.results} for t in timed],
        "extras": extras,
    }
    Path(config["output"]).write_text(json.dumps(output, indent=2))
    return 0


def run_child(database: str, boards: int, *, big: bool, with_import: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    config = {"database": database, "boards": boards, "big": big, "import": with_import, "output": path}
    print(f"\n== {boards} boards x {ACTIONS} actions ({database.rsplit('/', 1)[-1]})", flush=True)
    subprocess.run([sys.executable, __file__, "--child", json.dumps(config)], check=True, cwd=ROOT)
    try:
        return json.loads(Path(path).read_text())
    finally:
        os.unlink(path)


def evaluate_goals(main: dict, large: dict | None) -> list[dict]:
    goals = []

    def goal(text, value, limit, met):
        goals.append({"goal": text, "value": value, "limit": limit, "met": bool(met)})

    by_name = {t["name"]: t for t in main["targets"]}
    for name, limit in P95_LIMITS.items():
        if name in by_name:
            value = by_name[name]["p95_vs_floor"]
            goal(f"{name}: p95 <= {limit}x floor (p95/floor)", value, limit, value <= limit)
    closed = by_name.get("dashboard, closed quarter")
    if closed and "rps_share_of_floor" in closed:
        share = closed["rps_share_of_floor"]
        goal(
            f"dashboard, closed quarter: throughput >= {RPS_SHARE_LIMIT:.0%} of floor (share)",
            share,
            RPS_SHARE_LIMIT,
            share >= RPS_SHARE_LIMIT,
        )
    extras = main["extras"]
    if "board_pack_cold_seconds" in extras:
        seconds = extras["board_pack_cold_seconds"]
        goal(
            f"cold build of a {extras['board_pack_cold_actions']}-action pack (PDF and XLSX, seconds)",
            seconds,
            COLD_PACK_SECONDS,
            seconds <= COLD_PACK_SECONDS,
        )
    if "import_seconds" in extras:
        ratio = round(extras["import_seconds"] / extras["loaddata_seconds"], 3)
        goal(
            f"import of {extras['import_actions']:,} actions by the worker <= {IMPORT_RATIO_LIMIT}x loaddata (ratio)",
            ratio,
            IMPORT_RATIO_LIMIT,
            ratio <= IMPORT_RATIO_LIMIT,
        )
    big = by_name.get("dashboard, closed quarter, 2,000-action board")
    if big and closed:
        ratio = round(big["p95_vs_floor"] / closed["p95_vs_floor"], 2)
        goal(
            f"closed dashboard at {BIG_ACTIONS:,} actions <= {BIG_RATIO_LIMIT}x at {ACTIONS} (ratio of p95/floor)",
            ratio,
            BIG_RATIO_LIMIT,
            ratio <= BIG_RATIO_LIMIT,
        )
    if large:
        # The pages with a goal; the references (admin, cross-board overview) are printed beside them, not judged.
        for row in (row for row in comparison(main, large) if row["name"] in P95_LIMITS):
            goal(
                f"{row['name']}: at {large['boards']} boards within 15% of {main['boards']} (ratio of p95/floor)",
                row["ratio_vs_floor"],
                LARGE_RATIO_LIMIT,
                row["ratio_vs_floor"] <= LARGE_RATIO_LIMIT,
            )
    for run in (main, large) if large else (main,):
        failed = {t["name"]: t["errors"] for t in run["targets"] if t["errors"]}
        # A page that failed under load is not fast: its throughput counted only the answers that were right.
        goal(
            f"every request answered as expected at {run['boards']} boards (failed requests)",
            sum(failed.values()),
            0,
            not failed,
        )
    return goals


def comparison(main: dict, large: dict) -> list[dict]:
    """Each page at both sizes: raw p95s and their ratio, p95/floor at both and their ratio (the goal's)."""
    large_by_name = {t["name"]: t for t in large["targets"]}
    rows = []
    for t in main["targets"]:
        other = large_by_name.get(t["name"])
        if other is None or t["name"] == "floor":
            continue
        rows.append(
            {
                "name": t["name"],
                "p95_ms_main": t["p95_ms"],
                "p95_ms_large": other["p95_ms"],
                "ratio_ms": round(other["p95_ms"] / t["p95_ms"], 2),
                "p95_vs_floor_main": t["p95_vs_floor"],
                "p95_vs_floor_large": other["p95_vs_floor"],
                "ratio_vs_floor": round(other["p95_vs_floor"] / t["p95_vs_floor"], 2),
            }
        )
    return rows


def print_run(run: dict):
    header = (
        f"{'target':46} {'n':>4} {'median ms':>10} {'p95 ms':>9} {'floor p95':>10} {'p95/floor':>10} "
        f"{'req/s':>8} {'queries':>8}"
    )
    print(f"\n{run['boards']} boards ({run['database']}), measured in {run['seconds']} s")
    print(header)
    print("-" * len(header))
    for r in run["targets"]:
        print(
            f"{r['name']:46} {r['samples']:>4} {r['median_ms']:>10} {r['p95_ms']:>9} {r['floor_p95_ms']:>10} "
            f"{r['p95_vs_floor']:>10} {r['rps']:>8} {r['queries']:>8}"
        )
    for name, value in run["extras"].items():
        print(f"  {name}: {value}")


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return child(json.loads(sys.argv[2]))
    started = time.monotonic()
    main_run = run_child(DB_URL, BOARDS, big=True, with_import=RUN_IMPORT)
    large_run = run_child(LARGE_DB_URL, LARGE_BOARDS, big=False, with_import=False) if RUN_LARGE else None
    goals = evaluate_goals(main_run, large_run)
    compared = comparison(main_run, large_run) if large_run else []
    output = {
        "config": {
            "boards": BOARDS,
            "boards_large": LARGE_BOARDS if RUN_LARGE else None,
            "actions_per_board": ACTIONS,
            "big_board_actions": BIG_ACTIONS,
            "seed": SEED,
            "workers": WORKERS,
            "concurrency": CONCURRENCY,
            "seconds": SECONDS,
            "sample_seconds": SAMPLE_SECONDS,
            "min_samples": MIN_SAMPLES,
            "floor_samples": FLOOR_SAMPLES,
            "database": "postgresql",
            "wall_seconds": round(time.monotonic() - started, 1),
        },
        "main": main_run,
        "large": large_run,
        "comparison": compared,
        "goals": goals,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(output, indent=2))
    print_run(main_run)
    if large_run:
        print_run(large_run)
        print(f"\nCost independent of other boards: {BOARDS} against {LARGE_BOARDS} boards")
        print(
            f"{'target':46} {'p95 ms':>9} {'p95 ms':>9} {'ratio':>6} {'p95/floor':>10} {'p95/floor':>10} {'ratio':>6}"
        )
        for r in compared:
            print(
                f"{r['name']:46} {r['p95_ms_main']:>9} {r['p95_ms_large']:>9} {r['ratio_ms']:>6} "
                f"{r['p95_vs_floor_main']:>10} {r['p95_vs_floor_large']:>10} {r['ratio_vs_floor']:>6}"
            )
    print(f"\nGoals (wall time {output['config']['wall_seconds']} s):")
    for g in goals:
        print(f"  [{'met' if g['met'] else 'MISSED'}] {g['goal']}: {g['value']} (limit {g['limit']})")
    return 0 if all(g["met"] for g in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
