"""What the shared cache (Redis, or the database cache: bscb/settings/base.py) keeps of a CLOSED quarter, and the
version that retires it (issue 19).

A closed quarter's figures are frozen (its ActionSnapshots). What still changes is its challenges, the BMG's sign-off
(with its note) and the undo of it, and a reopen; each of those bumps the quarter's version (`bump_quarter_version`,
called by reporting/services.py in the change's own transaction), and every key below names the version, so the next
request after the commit, on any server, misses the old entry and makes a new one. Old entries are never deleted:
nothing reads them any more and they expire.

    dashboard:<quarter id>:<signature>:<who>[:<compare>]   the dashboard's rendered body (reporting/views/dashboard.py)
    board-pack-closed-<kind>:<quarter id>:<version>        the PDF or XLSX of a closed quarter (reporting/tasks.py)

The version is a row in the database (reporting.models.QuarterVersion), not a cache entry: the cache may be emptied or
evict a key at any moment, and a version that fell back to an old number would serve an old fragment again.

The dashboard's key holds more than its quarter's version (`plan_signature`): the page also shows the plan's other
quarters (the chooser, "compared with", the trend of earlier closed quarters), whose state and version change when
they are opened, closed or reopened. So the signature is every quarter of the plan with its state and version, read
in one query; a change to any of them retires every closed dashboard of the plan, which is rare and cheap.

Not in the key, and so at most DASHBOARD_SECONDS out of date on a closed quarter's page: the live names it prints
beside the frozen figures (an action's responsible leads, a priority's title, a person's name).

    dashboard-panels:<quarter id>:<state>:<panels version>   the rendered panels
    dashboard-panels-version                                 the panels version

The panels (budget, Section 11, core business: reporting/panels.py) are not frozen, even for a closed quarter (a
budget's spend, an audit finding completed after the quarter ended), and reporting cannot import their apps. So they
are kept under a second version, bumped after the commit of any write to a model of an app that registers a panel
(`watch_panel_apps`: Django's post_save, post_delete and m2m_changed signals, connected in reporting/apps.py): a
finding completed on the findings page shows on the next dashboard. The version is global, not per board: a write on
one board makes every board's next dashboard render its panels again (a few milliseconds), which is simpler than
finding the board of every kind of row and never shows a stale panel. A write that sends no signal (a queryset's
update() alone, raw SQL) is the one way past it; PANELS_SECONDS bounds that. Decided for issue 19: the Section 11 panel
alone costs more than the whole cached page (its findings queries), on every quarter's dashboard.

The panels version lives in the cache: if it is evicted, the next read starts it again from the clock in nanoseconds,
which is above any number it held before, so no old entry is found again.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from .models import Quarter, QuarterVersion

# Bump when the dashboard's templates or context change shape, so that a deploy does not serve fragments rendered
# by the previous release until they expire.
DASHBOARD_RELEASE = 2
# A closed quarter's dashboard body is kept for a day: long enough that the BMG's review reads it from the cache, short
# enough to bound how long a renamed lead or priority shows its old name there.
DASHBOARD_SECONDS = 24 * 60 * 60


# How long the dashboard's panels are kept at most (see above): the bound on a change that sends no signal.
PANELS_SECONDS = 10 * 60
PANELS_VERSION_KEY = "dashboard-panels-version"
# The apps whose writes retire the panels: those that register one (reporting/panels.py), set by reporting/apps.py.
_PANEL_APPS: set[str] = set()


def bump_quarter_version(quarter_id: int) -> None:
    """Add one to the quarter's version, in the caller's transaction (so a rollback undoes it and other servers see
    it when the change commits). Two statements: create the row if missing (ignore_conflicts, so two first bumps at
    once both succeed), then an UPDATE with F() + 1, which the database serialises."""
    QuarterVersion.objects.bulk_create([QuarterVersion(quarter_id=quarter_id)], ignore_conflicts=True)
    QuarterVersion.objects.filter(quarter_id=quarter_id).update(version=F("version") + 1)


def quarter_version(quarter_id: int) -> int:
    """The quarter's version (0 when never bumped): one query."""
    return QuarterVersion.objects.filter(quarter_id=quarter_id).values_list("version", flat=True).first() or 0


def plan_signature(plan_id: int) -> str:
    """Every quarter of the plan with its state and version, as a short digest (one query)."""
    quarters = Quarter.objects.filter(plan_id=plan_id).values_list("pk", "state", "cache_version__version")
    return _digest(quarters)


def signature_of(quarters) -> str:
    """`plan_signature` of quarters already read (every quarter of one plan, with `select_related("cache_version")`)."""
    versions = []
    for quarter in quarters:
        try:
            versions.append((quarter.pk, quarter.state, quarter.cache_version.version))
        except QuarterVersion.DoesNotExist:
            versions.append((quarter.pk, quarter.state, 0))
    return _digest(versions)


def _digest(quarters) -> str:
    text = ";".join(f"{pk}.{state}.{version or 0}" for pk, state, version in sorted(quarters))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def trend_key(plan_id: int, signature: str) -> str:
    """The key of a plan's closed quarters' counts by status (the dashboard's trend): they change only when a quarter
    is closed or reopened, which changes the signature."""
    return f"trend:{DASHBOARD_RELEASE}:{plan_id}:{signature}"


def dashboard_key(quarter, *, signature: str, compare: str, can_challenge: bool, is_admin: bool) -> str:
    """The key of a closed quarter's dashboard body. The body differs by who reads it only in what they may do
    (challenge and sign off; administer quarters), so those two flags are in the key and nothing else of the user."""
    who = f"{'c' if can_challenge else '-'}{'a' if is_admin else '-'}"
    return f"dashboard:{DASHBOARD_RELEASE}:{quarter.pk}:{signature}:{who}" + (f":{compare}" if compare else "")


def panels_key(quarter, version: int) -> str:
    """The key of a quarter's rendered panels at the panels `version`; the state is in it so that a close or reopen
    shows the panels as they are for the new state at once."""
    return f"dashboard-panels:{DASHBOARD_RELEASE}:{quarter.pk}:{quarter.state}:{version}"


def panels_version() -> int:
    """The panels version (one cache read; two more only when it was never set or was evicted)."""
    version = cache.get(PANELS_VERSION_KEY)
    if version is None:
        cache.add(PANELS_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(PANELS_VERSION_KEY)
    return version


def _bump_panels_version() -> None:
    try:
        cache.incr(PANELS_VERSION_KEY)
    except ValueError:  # never set, or evicted: start again above every earlier number
        cache.set(PANELS_VERSION_KEY, time.time_ns(), timeout=None)


def watch_panel_apps(app_labels) -> None:
    """Retire the panels after every committed write to these apps' models (reporting/apps.py)."""
    _PANEL_APPS.update(app_labels)


def panel_data_changed(sender, **kwargs) -> None:
    """The receiver of post_save, post_delete and m2m_changed for every model: after the commit (so that a request
    reading the new version also reads the new rows) of a write to a panel's app, bump the panels version."""
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in _PANEL_APPS:
        transaction.on_commit(_bump_panels_version)


def closed_pack_key(quarter_id: int, version: int, kind: str) -> str:
    """The key of a closed quarter's board pack file (`kind`: "pdf" or "xlsx") at a version."""
    return f"board-pack-closed-{kind}:{quarter_id}:{version}"
