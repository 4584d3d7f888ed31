"""The production drill: the production configuration, run the way a council's IT team runs it, end to end.

    python ops/production_drill.py        (run by .ci/run; needs PostgreSQL and Redis on 127.0.0.1)

On a fresh PostgreSQL database (DRILL_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bscb_drill) and a Redis
database of its own (DRILL_REDIS_URL, default redis://127.0.0.1:6379/3, flushed first), with production settings:

1. the release step (`manage.py release`: migrate, cache table, collectstatic, check --deploy), then the bootstrap of
   docs/deploy.md: a platform operator (createsuperuser), the Barnet plan (load_plan), its first board administrator
   (create_board) and one account of every other role;
2. two gunicorn instances on two loopback ports (gunicorn.conf.py), one task worker, an SMTP sink (aiosmtpd); every
   request carries what the council's TLS-terminating proxy adds (X-Forwarded-Proto, X-Forwarded-For, the public
   Host), with TRUSTED_PROXY_COUNT=1;
3. each role signs in through the real form on each instance; every page linked from their home page answers
   without a 5xx and its CSS and JavaScript load under hashed names (WhiteNoise);
4. a RAG update made on one instance is seen on the other, and its alert arrives by email;
5. an alert sent while the SMTP sink is down arrives exactly once after it comes back;
6. a quarter closed on one instance has its board pack built once by the worker and served by both, byte for byte;
   a challenge made on one instance shows at once on the other's cached closed dashboard;
7. a Section 11 cycle opened on one instance by the audit coordinator, a return submitted, challenged, resubmitted
   and accepted through the forms by the coordinator and an agency contact on both instances: each step's email
   arrives exactly once, to the right person, naming the board with an absolute link to the return;
8. two schedulers started at the same moment send each reminder exactly once;
9. /healthz answers 503 from an instance whose database, or whose cache, is unreachable (instances started against
   dead ports: the machine's shared PostgreSQL and Redis are never stopped).

Prints the figures (pages checked, emails sent and received, duplicates, task latency) and writes them to
var/drill/result.json. Exits non-zero on the first failure, with the step and what was seen.
"""

import asyncio
import http.client
import json
import os
import posixpath
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2
import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "drill"
DB_URL = os.environ.get("DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bscb_drill")
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/3")
HOST = "tracker.drill.test"  # the public name the proxy forwards
PASSWORD = secrets.token_urlsafe(12)
PYTHON = sys.executable
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|m?js|svg|ico))"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.(?:css|m?js|svg|ico)$")
CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")
LINK = re.compile(r'href="(/[^"#]*)"')
PERSONAS = {
    "first board administrator (create_board)": "first.admin",
    "board administrator": "demo-admin",
    "Business Management Group": "demo-bmg",
    "board member": "demo-board",
    "audit coordinator": "demo-audit",
    "agency audit contact": "demo-agency",
    "lead": "jo.moses",
    "platform operator": "operator@drill.test",
}


class DrillFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise DrillFailure(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what, predicate, timeout=60.0, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise DrillFailure(f"Timed out after {timeout:.0f} s waiting for {what}")


# --- The SMTP sink ---------------------------------------------------------------------------------------------------


class Sink:
    """An SMTP server that keeps every message; stop() and start() on the same port stand for an outage."""

    def __init__(self):
        self.port = free_port()
        self.messages = []  # (received at, notification id, recipient, subject)
        self.bodies = {}  # notification id -> the text of the message
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.content)
        self.bodies[message.get("X-Tracker-Notification")] = message.get_payload(decode=True).decode()
        for recipient in envelope.rcpt_tos:
            self.messages.append(
                (time.time(), message.get("X-Tracker-Notification"), recipient, str(message.get("Subject")))
            )
        return "250 Message accepted"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


# --- Processes -------------------------------------------------------------------------------------------------------


def base_env(sink_port):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DJANGO_SETTINGS_MODULE": "bscb.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": DB_URL,
        "REDIS_URL": REDIS_URL,
        "SITE_URL": f"https://{HOST}",
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink_port),
        "EMAIL_TIMEOUT": "3",
        "DEFAULT_FROM_EMAIL": "tracker@drill.test",
        "NOTIFICATION_RETRY_BASE_SECONDS": "2",  # an outage of seconds, not minutes, in a drill
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
    }


class Processes:
    def __init__(self):
        self.running = []

    def start(self, name, args, env):
        log = open(OUT / f"{name}.log", "w")  # noqa: SIM115 (the process writes to it for its whole life)
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        self.running.append((name, process))
        return process

    def web(self, name, env):
        port = free_port()
        self.start(name, [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"], {**env, "PORT": str(port)})
        return port

    def stop_all(self):
        for _, process in self.running:
            if process.poll() is None:
                process.terminate()
        for _, process in self.running:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def manage(env, *args, stdin=None):
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, input=stdin, check=False
    )
    check(result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# --- A browser, as the proxy forwards it ----------------------------------------------------------------------------


class Browser:
    """Cookies, CSRF and the headers the council's proxy adds; no JavaScript (every journey works without it)."""

    def __init__(self, port, client_address):
        self.port = port
        self.client_address = client_address
        self.cookies = {}
        self.requests = 0

    def request(self, method, path, data=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_address,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "User-Agent": "production-drill",
        }
        body = None
        if data is not None:
            body = urlencode({"csrfmiddlewaretoken": self.csrf, **data})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        self.requests += 1
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if match:
            self.csrf = match.group(1).decode()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data, form_page="/home/"):
        """POST with a fresh CSRF token (signing in rotates it): read from `form_page` (the header's sign-out form
        is on every page), or None when the caller has just opened the form itself."""
        if form_page:
            self.follow(form_page)
        return self.request("POST", path, data)

    def follow(self, path):
        status, headers, content = self.get(path)
        for _ in range(5):
            if status not in (301, 302, 303):
                break
            location = urlsplit(headers["location"])
            check(not location.netloc or location.netloc == HOST, f"{path} redirected off-site: {headers['location']}")
            path = location.path + (f"?{location.query}" if location.query else "")
            status, headers, content = self.get(path)
        return status, headers, content, path

    def sign_in(self, username):
        status, _, _ = self.get("/accounts/sign-in/")
        check(status == 200, f"the sign-in page answered {status}")
        status, headers, content = self.request(
            "POST", "/accounts/sign-in/", {"username": username, "password": PASSWORD}
        )
        check(status == 302, f"{username} could not sign in ({status}): {content[:300]!r}")
        check("sessionid" in self.cookies, f"{username} got no session cookie")


# --- The drill -------------------------------------------------------------------------------------------------------


def reset_stores():
    parts = urlsplit(DB_URL)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(DB_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    redis.Redis.from_url(REDIS_URL).flushdb()


def django_setup(env):
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "SITE_"))})
    os.environ.update({"ALLOWED_HOSTS": env["ALLOWED_HOSTS"], "TRUSTED_PROXY_COUNT": "1"})
    import django  # noqa: PLC0415 (after the environment is set)

    django.setup()


def crawl(port, persona, username, figures):
    """Sign in, open the home page, and every page it links to; check each page's CSS and JavaScript."""
    browser = Browser(port, client_address=f"198.51.100.{len(figures['pages_by_persona']) + 10}")
    browser.sign_in(username)
    status, _, home, home_path = browser.follow("/home/")
    check(status == 200, f"{persona}: the home page answered {status}")
    links = sorted(
        {
            link
            for link in LINK.findall(home.decode())
            if not link.startswith(("/static/", "/accounts/sign-out")) and not link.endswith((".pdf", ".xlsx", ".csv"))
        }
    )
    pages = [home_path, *links]
    assets = set()
    for path in pages:
        status, headers, content, final = browser.follow(path)
        check(status < 500, f"{persona} on :{port}: {path} answered {status}")
        check(status == 200, f"{persona} on :{port}: {path}, linked from the home page, answered {status}")
        if "text/html" in headers.get("content-type", ""):
            assets.update(ASSET.findall(content.decode()))
    check(assets, f"{persona}: no stylesheet or script on the pages")
    for asset in sorted(assets):
        check(HASHED.search(asset), f"{asset} is not served under a hashed name (collectstatic manifest)")
        status, headers, content = browser.get(asset)
        check(status == 200 and content, f"{asset} answered {status}")
        check("max-age=315360000" in headers.get("cache-control", ""), f"{asset} is not cached for ever")
        if asset.endswith(".css"):  # and every file the stylesheet refers to (fonts, images)
            for ref in set(CSS_URL.findall(content.decode())):
                if ref.startswith("data:"):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(asset), ref.split("#")[0].split("?")[0]))
                status, _, _ = browser.get(target)
                check(status == 200, f"{target}, referred to by {asset}, answered {status}")
                figures["css_references"] = sorted({*figures.get("css_references", []), target})
    check(any(a.endswith(".css") for a in assets) and any(a.endswith(".mjs") for a in assets), f"CSS/JS: {assets}")
    figures["pages_by_persona"][f"{persona} :{port}"] = len(pages)
    figures["assets"] = sorted(set(figures.get("assets", [])) | assets)
    return browser


def rag_update(browser, action_pk, commentary):
    path = f"/priorities/actions/{action_pk}/update/"
    status, _, content = browser.get(path)
    check(status == 200, f"the update form answered {status}")
    version = re.search(rb'name="version" value="(\d+)"', content).group(1).decode()
    status, headers, content = browser.post(
        path,
        {
            "rag": "red",
            "commentary": commentary,
            "evidence_of_impact": "",
            "needs_escalation": "on",
            "escalation_reason": "Drill: the lead needs the board's help",
            "version": version,
        },
        form_page=None,
    )
    check(status == 302, f"the RAG update answered {status}: {content[:400]!r}")


def section_11_cycle(port_a, port_b, sink):
    """The audit coordinator opens a cycle on instance A for the agency contact's agency; the contact rates every
    standard and submits on B; the coordinator challenges on A, the contact resubmits on B, the coordinator accepts
    on A. Each step's email (audits/notify.py) must arrive in the sink once, to the right person, with the board's name
    and an absolute link to the return."""
    from accounts.models import Membership  # noqa: PLC0415 (after django_setup)
    from audits.models import AgencyReturn  # noqa: PLC0415
    from notifications.models import Notification  # noqa: PLC0415

    contact = Membership.objects.select_related("agency", "board", "user").get(user__username="demo-agency")
    coordinator = Browser(port_a, "198.51.100.7")
    coordinator.sign_in("demo-audit")
    title = f"Section 11 drill {secrets.token_hex(3)}"
    due = (datetime.now(UTC) + timedelta(days=60)).date()
    status, _, content = coordinator.post(
        "/audits/cycles/new/",
        {
            "title": title,
            "financial_year": str(due.year),
            "deadline": due.strftime("%d/%m/%Y"),
            "agencies": str(contact.agency_id),
            "introduction": "Drill: please complete your return.",
        },
        form_page="/audits/cycles/new/",
    )
    check(status == 302, f"opening the cycle answered {status}: {content[:400]!r}")
    agency_return = AgencyReturn.objects.get(cycle__title=title, agency=contact.agency)
    path = f"/audits/returns/{agency_return.pk}/"

    agency = Browser(port_b, "198.51.100.8")
    agency.sign_in("demo-agency")
    for standard_pk in agency_return.assessments.values_list("standard_id", flat=True):
        status, _, content = agency.post(
            f"{path}standards/{standard_pk}/",
            {"self_rating": "fully_met", "evidence": "Drill evidence: the policy is in place."},
            form_page=f"{path}standards/{standard_pk}/",
        )
        check(status == 302, f"rating standard {standard_pk} answered {status}: {content[:400]!r}")
    steps = [
        (agency, f"{path}submit/", {"note": "Drill: sent"}, "submitted"),
        (coordinator, f"{path}challenge/", {"questions": "Drill: how many staff were trained?"}, "challenged"),
        (agency, f"{path}submit/", {"note": "Drill: 120 staff"}, "resubmitted"),
        (coordinator, f"{path}accept/", {"note": "Drill: accepted"}, "accepted"),
    ]
    for browser, url, data, expected in steps:
        status, _, content = browser.post(url, data, form_page=path)
        agency_return.refresh_from_db()
        check(status == 302 and agency_return.status == expected, f"{url} answered {status}: {agency_return.status}")

    # Who is told what: the contact of the opening, the challenge and the acceptance; the coordinator of the rest.
    expected = {
        "audit_cycle_opened": "demo-agency",
        "audit_submitted": "demo-audit",
        "audit_challenged": "demo-agency",
        "audit_resubmitted": "demo-audit",
        "audit_accepted": "demo-agency",
    }
    emails = Notification.objects.filter(dedupe_key__startswith=f"audit-return:{agency_return.pk}:")
    wait_for(
        "the Section 11 emails to be sent",
        lambda: emails.count() == len(expected) and not emails.exclude(status="sent").exists(),
        timeout=90,
        interval=1,
    )
    told = sorted(emails.values_list("kind", "recipient__username"))
    check(told == sorted(expected.items()), f"the Section 11 emails went to {told}")
    link = f"https://{HOST}{path}"
    for email in emails:
        arrived = [m for m in sink.messages if m[1] == str(email.pk)]
        check(len(arrived) == 1, f"the {email.kind} email arrived {len(arrived)} times")
        check(arrived[0][2] == email.email, f"the {email.kind} email went to {arrived[0][2]}, not {email.email}")
        body = sink.bodies[str(email.pk)]
        check(link in body, f"the {email.kind} email has no absolute link to the return: {body!r}")
        check(contact.board.name in body, f"the {email.kind} email does not name the board: {body!r}")
    challenge = sink.bodies[str(emails.get(kind="audit_challenged").pk)]
    check("Drill: how many staff were trained?" in challenge, f"the challenge email lacks the questions: {challenge!r}")
    return {"emails": len(expected), "arrived_once": len(expected)}


def main():  # noqa: PLR0915 (one drill, read top to bottom)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    figures = {"pages_by_persona": {}}
    sink = Sink()
    sink.start()
    env = base_env(sink.port)
    processes = Processes()
    try:
        step = "reset"
        reset_stores()
        step = "release"
        manage(env, "release")
        step = "bootstrap"
        # The platform operator, as docs/deploy.md bootstraps one (it signs in with its email address).
        manage(
            {**env, "DRILL_OPERATOR_PASSWORD": PASSWORD},
            "create_operator",
            *("--email", "operator@drill.test", "--first-name", "Platform", "--last-name", "Operator"),
            *("--password-env", "DRILL_OPERATOR_PASSWORD"),
        )
        manage(env, "load_plan", "fixtures/barnet-2014-2016")
        manage(env, "load_budget", "fixtures/barnet-2014-2016-budget")
        manage(env, "load_audit_cycle")
        # The first board administrator, as docs/deploy.md bootstraps one; then one account of every other role.
        manage(
            {**env, "DRILL_FIRST_ADMIN_PASSWORD": PASSWORD},
            "create_board",
            *("--name", "Barnet Safeguarding Children Board", "--short-name", "BSCB", "--slug", "barnet"),
            *("--admin-username", "first.admin", "--admin-email", "first.admin@drill.test"),
            *("--admin-first-name", "First", "--admin-last-name", "Administrator"),
            *("--password-env", "DRILL_FIRST_ADMIN_PASSWORD"),
        )
        # One argument, "--password=...": a random password may start with "-", which argparse would take for an option.
        manage(env, "create_demo_accounts", f"--password={PASSWORD}")
        django_setup(env)
        from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

        from notifications.models import Notification, ScheduledRun  # noqa: PLC0415
        from plans.models import Quarter  # noqa: PLC0415
        from priorities.models import Action  # noqa: PLC0415

        step = "start"
        port_a = processes.web("web-a", env)
        port_b = processes.web("web-b", env)
        processes.start("worker", [PYTHON, "manage.py", "db_worker", "--no-reload"], env)
        for port in (port_a, port_b):
            wait_for(f"gunicorn on :{port}", lambda p=port: _health(p)[0] == 200, timeout=60)

        step = "open the first quarter"
        admin_a = Browser(port_a, "198.51.100.2")
        admin_a.sign_in("demo-admin")
        status, _, content = admin_a.post("/reporting/quarters/open-next/", {})
        check(status == 302, f"opening the first quarter answered {status}")
        quarter = Quarter.objects.get(state=Quarter.State.OPEN)

        step = "every role on each instance"
        for port in (port_a, port_b):
            for persona, username in PERSONAS.items():
                crawl(port, persona, username, figures)
        figures["pages_checked"] = sum(figures["pages_by_persona"].values())

        step = "a RAG update on one instance, seen on the other"
        lead_a = Browser(port_a, "198.51.100.3")
        lead_a.sign_in("jo.moses")
        led = Action.objects.filter(leads__user__username="jo.moses").order_by("pk")
        first, second = led[0], led[1]
        marker = f"Drill update {secrets.token_hex(4)}"
        rag_update(lead_a, first.pk, marker)
        bmg_b = Browser(port_b, "198.51.100.4")
        bmg_b.sign_in("demo-bmg")
        status, _, content = bmg_b.get(f"/priorities/actions/{first.pk}/")
        check(status == 200 and marker.encode() in content and b"Red" in content, "instance B does not show the update")
        alert = wait_for(
            "the alert to arrive",
            lambda: Notification.objects.filter(status="sent", subject__startswith=f"{first.reference} ").first(),
            timeout=60,
        )
        check(any(m[1] == str(alert.pk) for m in sink.messages), "the alert was recorded as sent but not received")

        step = "an alert while the mail server is down"
        sink.stop()
        lead_b = Browser(port_b, "198.51.100.5")
        lead_b.sign_in("jo.moses")
        rag_update(lead_b, second.pk, f"Drill outage {secrets.token_hex(4)}")
        outage = wait_for(
            "the worker to meet the outage",
            lambda: Notification.objects.filter(status="retrying", subject__startswith=f"{second.reference} ").first(),
            timeout=60,
        )
        time.sleep(3)
        sink.start()
        wait_for(
            "the retried alert to be sent",
            lambda: Notification.objects.filter(pk=outage.pk, status="sent").exists(),
            timeout=90,
        )
        outage.refresh_from_db()
        received = [m for m in sink.messages if m[1] == str(outage.pk)]
        check(len(received) == 1, f"the alert sent during the outage arrived {len(received)} times")
        figures["outage"] = {"attempts": outage.attempts, "arrived": len(received)}

        step = "the board pack, built once after a close, served by both instances"
        status, _, _ = admin_a.post(f"/reporting/quarters/{quarter.pk}/close/", {})
        check(status == 302, f"closing the quarter answered {status}")
        pdfs, readers = {}, {}
        for port in (port_a, port_b):
            reader = readers[port] = Browser(port, "198.51.100.6")
            reader.sign_in("demo-board")

            def fetch(reader=reader):
                status, headers, content = reader.get(f"/reporting/quarters/{quarter.pk}/board-pack.pdf")
                check(status in (200, 202), f"the board pack answered {status}")
                return content if headers.get("content-type") == "application/pdf" else None

            pdfs[port] = wait_for(f"the board pack on :{port}", fetch, timeout=180, interval=1)
            check(pdfs[port].startswith(b"%PDF"), "the board pack is not a PDF")
        check(pdfs[port_a] == pdfs[port_b], "the two instances served different board packs")
        # The spreadsheet comes from the same build: served at once by either instance, the same bytes.
        sheets = {}
        for port in (port_a, port_b):
            status, _, content = readers[port].get(f"/reporting/quarters/{quarter.pk}/board-pack.xlsx")
            check(status == 200 and content.startswith(b"PK"), f"the board pack XLSX on :{port} answered {status}")
            sheets[port] = content
        check(sheets[port_a] == sheets[port_b], "the two instances served different board pack spreadsheets")
        builds = DBTaskResult.objects.filter(task_path__endswith="build_board_pack", args_kwargs__args=[quarter.pk])
        figures["board_pack"] = {
            "bytes": len(pdfs[port_a]),
            "xlsx_bytes": len(sheets[port_a]),
            "builds": builds.count(),
        }
        check(builds.count() == 1, f"the closed quarter's pack was built {builds.count()} times")

        step = "a closed quarter's cached dashboard shows a challenge made on the other instance at once"
        # Issue 19: the closed dashboard is kept in the shared cache under the quarter's version; the challenge bumps
        # it in its own transaction, so instance A's next request must not serve the copy it has just cached.
        dashboard = f"/reporting/?quarter={quarter.pk}"
        text = f"Drill challenge {secrets.token_hex(4)}"
        for _ in range(2):  # the first request fills the cache, the second reads it
            status, _, content = readers[port_a].get(dashboard)
            check(status == 200 and text.encode() not in content, f"the closed dashboard answered {status}")
        status, _, _ = bmg_b.post(f"/reporting/quarters/{quarter.pk}/actions/{first.pk}/challenge/", {"text": text})
        check(status == 302, f"the challenge on instance B answered {status}")
        status, _, content = readers[port_a].get(dashboard)
        check(status == 200 and text.encode() in content, "instance A served the closed dashboard without it")

        step = "a Section 11 cycle, each step emailed to the right person once"
        figures["section_11"] = section_11_cycle(port_a, port_b, sink)

        step = "two schedulers at once"
        for name in ("scheduler-1", "scheduler-2"):
            processes.start(name, [PYTHON, "manage.py", "scheduler", "--interval", "2"], env)
        wait_for(
            "the reminders job to finish",
            lambda: ScheduledRun.objects.filter(job="update_reminders", finished_at__isnull=False).exists(),
            timeout=60,
        )
        reminders = Notification.objects.filter(kind__in=["update_reminder", "update_chaser"])
        check(reminders.exists(), "the schedulers queued no reminder (an open quarter past its deadline has some)")
        wait_for(
            "every reminder to be sent", lambda: not reminders.exclude(status="sent").exists(), timeout=90, interval=1
        )
        time.sleep(5)  # both schedulers have had more passes in which to send a second copy
        runs = Counter(ScheduledRun.objects.values_list("job", "slot"))
        check(max(runs.values()) == 1, f"a job ran twice in one slot: {runs}")
        check(reminders.count() == reminders.values("recipient", "dedupe_key").distinct().count(), "a reminder twice")

        step = "every email exactly once"
        sent = Notification.objects.filter(status="sent")
        by_id = Counter(m[1] for m in sink.messages)
        duplicates = sum(count - 1 for count in by_id.values() if count > 1)
        check(duplicates == 0, f"{duplicates} duplicate emails arrived")
        check(set(by_id) == {str(pk) for pk in sent.values_list("pk", flat=True)}, "sent and received differ")
        figures["emails"] = {
            "recorded": Notification.objects.count(),
            "sent": sent.count(),
            "received": len(sink.messages),
            "duplicates": duplicates,
            "reminders": reminders.count(),
            "alerts": Notification.objects.filter(kind="action_alert").count(),
            "schedulers_runs": sum(runs.values()),
        }

        step = "/healthz from instances whose database or cache is unreachable"
        dead = free_port()
        no_db = processes.web("web-no-database", {**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/x"})
        no_cache = processes.web("web-no-cache", {**env, "REDIS_URL": f"redis://127.0.0.1:{dead}/0"})
        for port, failing in ((no_db, "database"), (no_cache, "cache")):
            status, body = wait_for(f"gunicorn on :{port}", lambda p=port: _health(p, accept_errors=True), timeout=60)
            check(status == 503, f"/healthz with no {failing} answered {status}")
            check(body[failing]["ok"] is False and body["status"] == "unavailable", f"/healthz said {body}")
        figures["healthz_503"] = ["database", "cache"]

        step = "task latency"
        latencies = []
        for result in DBTaskResult.objects.filter(started_at__isnull=False):
            due = result.enqueued_at
            if result.run_after and result.run_after.year < 9000:
                due = max(due, result.run_after)
            latencies.append((result.started_at - due) / timedelta(milliseconds=1))
        latencies.sort()
        figures["tasks"] = {
            "run": len(latencies),
            "latency_ms_median": round(statistics.median(latencies)),
            "latency_ms_p95": round(latencies[max(0, int(len(latencies) * 0.95) - 1)]),
        }
    except DrillFailure as failure:
        print(f"PRODUCTION DRILL FAILED at '{step}': {failure}", file=sys.stderr)
        print(f"Logs: {OUT}", file=sys.stderr)
        return 1
    finally:
        processes.stop_all()
        if sink.controller:
            sink.stop()
    figures["seconds"] = round(time.monotonic() - started)
    (OUT / "result.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    print("Production drill passed.")
    return 0


def _health(port, accept_errors=False):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/healthz", headers={"Host": HOST})
        response = conn.getresponse()
        body = json.loads(response.read() or b"{}")
    except (OSError, ValueError, http.client.HTTPException):
        return None if accept_errors else (0, None)
    return response.status, body


if __name__ == "__main__":
    asyncio.set_event_loop(asyncio.new_event_loop())
    sys.exit(main())
