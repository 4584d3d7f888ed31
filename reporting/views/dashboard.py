"""The quarterly dashboard (reviewers) and the lists of actions behind each of its figures.

The dashboard's own figures come from reporting/selectors.py (`dashboard_for`) through reporting/presentation.py
(`dashboard_context`), which the board pack shares. The panels under them (budget, Section 11 audits) are not this
app's: other apps register them in reporting/panels.py, whose docstring lists every known panel and who registers it.

A closed quarter's dashboard body (everything but the panels) is kept in the shared cache under the quarter's version
(reporting/cache.py says what bumps it and what else is in the key), so the BMG's review reads it without computing
it again. The panels, which are live, are kept under the panels version, which any write to their apps bumps
(reporting/cache.py says why).
"""

import zlib

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.access import role_required
from accounts.roles import Role
from priorities.models import Rag

from ..cache import DASHBOARD_SECONDS, PANELS_SECONDS, dashboard_key, panels_key, panels_version, plan_signature
from ..models import Quarter
from ..panels import render_panels
from ..presentation import SET_TITLES, dashboard_context
from ..selectors import MOVEMENT_LABELS, comparable_quarters, dashboard_for, quarter_default_for, sign_off_note
from .common import CHALLENGERS, READERS, get_plan, get_quarter, user_roles


def _dashboard(request, quarter):
    """The quarter's dashboard, compared with `?compare=<pk>` when given (any earlier closed quarter; else 404)."""
    compare = request.GET.get("compare", "")
    if compare and not compare.isdigit():
        raise Http404("No such quarter to compare with")
    try:
        return dashboard_for(quarter, compare_with=int(compare) if compare else None, brief=True)
    except ValueError as exc:
        raise Http404("No such quarter to compare with") from exc


def _chosen_quarter(request, plan) -> Quarter | None:
    chosen = request.GET.get("quarter", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404("No such quarter")
        return get_quarter(request, int(chosen))
    return quarter_default_for(plan)


@require_GET
@role_required(*READERS)
def dashboard(request):
    """The quarter's dashboard (`?quarter=<pk>`, else the default quarter), then every registered panel.

    The panels (budget: registered by budget/apps.py; Section 11 audits: registered by audits/apps.py) come from the
    registry in reporting/panels.py, which lists them; this view only renders what is registered.
    """
    plan = get_plan(request)
    quarter = _chosen_quarter(request, plan)
    if quarter is None:
        return render(request, "reporting/dashboard_empty.html", {"plan": plan})
    compare = request.GET.get("compare", "")
    if compare and not compare.isdigit():
        raise Http404("No such quarter to compare with")
    roles = user_roles(request)
    can = {"can_challenge": bool(set(CHALLENGERS) & roles), "is_admin": Role.BOARD_ADMIN in roles}
    body_key = None
    if quarter.is_closed:
        body_key = dashboard_key(quarter, signature=plan_signature(plan.pk), compare=compare, **can)
    # One read of the shared cache for both (one query on the database cache), after the panels version.
    panels_at = panels_key(quarter, panels_version())
    found = cache.get_many([key for key in (body_key, panels_at) if key])
    cached = found.get(body_key) if body_key else None
    if cached is not None:
        body = zlib.decompress(cached).decode()
    else:
        body = str(_body(request, plan, quarter, can))
        if body_key:
            # Compressed: about a tenth of the size (tables and charts repeat their markup), so the cache (the
            # database's, without Redis) reads and sends less on every hit, for well under a millisecond of zlib.
            cache.set(body_key, zlib.compress(body.encode(), 6), timeout=DASHBOARD_SECONDS)
    panels = found.get(panels_at)
    if panels is None:
        panels = [{"title": item["panel"].title, "html": str(item["html"])} for item in render_panels(request, quarter)]
        cache.set(panels_at, panels, timeout=PANELS_SECONDS)
    context = {
        "plan": plan,
        "quarter": quarter,
        # Our own renders, kept as plain strings in the cache.
        "body": mark_safe(body),  # noqa: S308
        "panels": [{"title": item["title"], "html": mark_safe(item["html"])} for item in panels],  # noqa: S308
    }
    return render(request, "reporting/dashboard.html", context)


def _body(request, plan, quarter, can: dict) -> str:
    """Everything on the dashboard but the panels, rendered without the request, so that one copy serves every reader
    with the same permissions (reporting/_dashboard_body.html says what it may depend on)."""
    dash = _dashboard(request, quarter)
    context = dashboard_context(dash)
    context.update(
        plan=plan,
        can_undo_sign_off=can["is_admin"],
        sign_off_note=sign_off_note(quarter),
        comparable=comparable_quarters(dash.quarters, quarter),
        **can,
    )
    return render_to_string("reporting/_dashboard_body.html", context)


def _list_title(set_name, rag, priority) -> str:
    """What the list holds, in words: a drill-down from the Red figure is "Red actions", not "All actions"."""
    if set_name != "all" or not (rag or priority):
        return SET_TITLES[set_name]
    title = f"{dict(Rag.choices)[rag]} actions" if rag else "Actions"
    return f"{title}: {priority.title}" if priority else title


@require_GET
@role_required(*READERS)
def dashboard_actions(request, pk):
    quarter = get_quarter(request, pk)
    set_name = request.GET.get("set", "all")
    if set_name not in SET_TITLES:
        raise Http404("No such list")
    rag = request.GET.get("rag", "")
    if rag and rag not in Rag.values:
        raise Http404("No such status")
    dash = _dashboard(request, quarter)
    priority_pk = request.GET.get("priority", "")
    priority = next((p for p in dash.priorities if str(p.pk) == priority_pk), None)
    if priority_pk and priority is None:
        raise Http404("No such priority")
    stage_code = request.GET.get("stage", "")
    stage = next((s for s in dash.stages if s.code == stage_code), None)
    if stage_code and stage is None:
        raise Http404("No such stage")
    rows = dash.rows_where(set_name=set_name, rag=rag, priority=priority_pk, stage=stage_code)
    latest = dash.latest_challenges_by_action()
    for row in rows:
        row.latest_challenge = latest.get(row.action_id)
    filters = [
        text
        for text in (
            f"status {dict(Rag.choices)[rag]}" if rag else "",
            f"priority {priority.title}" if priority else "",
            f"stage {stage.name}" if stage else "",
        )
        if text
    ]
    return render(
        request,
        "reporting/dashboard_actions.html",
        {
            "quarter": quarter,
            "dash": dash,
            "rows": rows,
            "title": (
                f"{MOVEMENT_LABELS[set_name]} since {dash.previous.label}"
                if set_name in MOVEMENT_LABELS and dash.previous
                else _list_title(set_name, rag, priority)
            ),
            "filters": filters,
            "set_name": set_name,
            "can_challenge": bool(set(CHALLENGERS) & user_roles(request)),
        },
    )
