"""Pieces shared by the benchmark (bench/run.py, bench/targets.py) and the load test (ops/loadtest.py). Importing this
module has no side effects: each caller sets DATABASE_URL and DJANGO_SETTINGS_MODULE itself.

bench/targets.py builds the `Target`s that bench/run.py measures: both import it from here, so neither imports the
other's module for it."""

import http.client
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Target:
    """A page (or a POST) that bench/run.py measures; bench/targets.py lists them. `results` is filled in by the run."""

    name: str
    path: str
    cookie: str = ""
    method: str = "GET"
    make: callable = None  # () -> (path, form data) for POSTs that vary per request
    samples: int = 40  # at most; bench/run.py stops earlier once a slow page has used its time budget
    expect: tuple = (200,)
    rps_goal: bool = False  # a throughput goal: the floor's throughput is measured right before this one's
    results: dict = field(default_factory=dict)

    def request_parts(self):
        if self.make is None:
            return self.path, None
        return self.make()


def session_cookie(user) -> str:
    """A signed-in session for `user`, made directly in the session store: the runs measure pages, not sign-in."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # A backend the settings list: Django signs out a session whose backend is not among AUTHENTICATION_BACKENDS.
    store[BACKEND_SESSION_KEY] = "accounts.backends.EmailOrUsernameBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def start_gunicorn(*, port: int, workers: int, log_name: str, timeout: int = 60) -> subprocess.Popen:
    """gunicorn on 127.0.0.1 with the current environment's settings; returns once the floor view answers."""
    log_path = ROOT / "var" / log_name
    log = open(log_path, "w")  # noqa: SIM115 (the server writes to it for its whole life)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bscb.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            str(timeout),
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/floor/", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not start: see {log_path}")
