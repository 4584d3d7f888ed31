"""What the benchmark measures, on board scale-000 of the generated data."""

import itertools
import threading
import time

from django.contrib.auth import get_user_model
from django.urls import reverse

from bench.harness import Target
from bench.import_timing import import_vs_loaddata
from plans.models import Board, Lead
from priorities.models import Action, Priority
from reporting.models import Quarter


def targets(session_cookie, csrf):
    board = Board.objects.get(slug="scale-000")
    plan = board.plans.get()
    User = get_user_model()
    admin = User.objects.get(username="scale000-admin")
    bmg = User.objects.get(username="scale000-bmg")
    lead_person = Lead.objects.filter(board=board, kind="person", actions__isnull=False).order_by("pk").first()
    superuser, _ = User.objects.get_or_create(
        username="bench-superuser", defaults={"is_staff": True, "is_superuser": True}
    )
    closed = Quarter.objects.filter(plan=plan, state="closed").order_by("-start_date").first()
    priority = Priority.objects.filter(plan=plan).order_by("order").first()
    action_ids = list(Action.objects.filter(objective__priority__plan=plan).order_by("pk").values_list("pk", flat=True))
    counter = itertools.count()
    lock = threading.Lock()

    def next_action():
        with lock:
            return Action.objects.get(pk=action_ids[next(counter) % len(action_ids)])

    def rag_update():
        action = next_action()
        rag = "amber" if action.rag != "amber" else "green"
        return reverse("priorities:action_update", kwargs={"pk": action.pk}), {
            "rag": rag,
            "commentary": "Benchmark update: partners met and the plan is on course.",
            "evidence_of_impact": "",
            "escalation_reason": "",
            "version": action.version,
        }

    def admin_change():
        action = next_action()
        return f"/bench/admin/priorities/action/{action.pk}/change/", {
            "objective": action.objective_id,
            "order": action.order,
            "reference": action.reference,
            "how": action.how,
            "responsible_leads": action.responsible_leads,
            "outcomes": action.outcomes,
            "timescale": action.timescale,
            "start_date": action.start_date.isoformat(),
            "due_date": action.due_date.isoformat(),
            "timescale_review_note": "",
            "_save": "Save",
        }

    admin_cookie, bmg_cookie = session_cookie(admin), session_cookie(bmg)
    lead_cookie, super_cookie = session_cookie(lead_person.user), session_cookie(superuser)
    dashboard = f"{reverse('reporting:dashboard')}?quarter={closed.pk}"
    result = [
        Target("floor", "/bench/floor/", samples=200),
        Target("admin changelist (400/page)", "/bench/admin/priorities/action/", cookie=super_cookie),
        Target("admin change POST", "", cookie=super_cookie, method="POST", make=admin_change, expect=(302,)),
        Target("dashboard (one board)", dashboard, cookie=bmg_cookie),
        Target("my actions", reverse("priorities:my_actions"), cookie=lead_cookie),
        Target(
            "priority page", reverse("priorities:priority_detail", kwargs={"slug": priority.slug}), cookie=bmg_cookie
        ),
        Target("RAG update POST", "", cookie=admin_cookie, method="POST", make=rag_update, expect=(302,)),
        Target(
            "board pack XLSX",
            reverse("reporting:board_pack_xlsx", kwargs={"pk": closed.pk}),
            cookie=bmg_cookie,
            samples=10,
        ),
        Target(
            "board pack PDF",
            reverse("reporting:board_pack_pdf", kwargs={"pk": closed.pk}),
            cookie=bmg_cookie,
            samples=5,
        ),
    ]
    result.insert(4, Target("cross-board overview (admin)", reverse("reporting:boards_overview"), cookie=super_cookie))

    def board_pack_pdf_cold():
        """The pack of the same quarter made from scratch, as the worker's build task does (the served targets above
        answer from the shared cache, where this puts both files before the timed runs)."""
        from django.core.cache import cache

        from reporting.exports import (
            PDF_CACHE_SECONDS,
            board_pack_content,
            board_pack_key,
            board_pack_pdf_bytes,
            board_pack_xlsx_bytes,
        )

        quarter = Quarter.objects.select_related("plan__board").get(pk=closed.pk)
        started = time.perf_counter()
        content = board_pack_content(quarter)
        pdf = board_pack_pdf_bytes(content.html)
        seconds = time.perf_counter() - started
        xlsx = board_pack_xlsx_bytes(quarter, content.sheets)
        cache.set_many(
            {board_pack_key(content, "pdf"): pdf, board_pack_key(content, "xlsx"): xlsx}, timeout=PDF_CACHE_SECONDS
        )
        return {"board_pack_pdf_cold_seconds": round(seconds, 2), "board_pack_pdf_bytes": len(pdf)}

    return result, {"import_vs_loaddata": import_vs_loaddata, "board_pack_pdf_cold": board_pack_pdf_cold}
