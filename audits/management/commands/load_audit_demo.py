"""DEMO ONLY: invented Section 11 returns in every state, questionnaire answers, a themed audit and audit map
entries."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from audits import services
from audits.findings import finding_update_record, recommendation_save
from audits.models import AuditCycle, Rating, SingleAgencyAudit, ThemedAudit
from plans.models import Agency, Board, Lead
from priorities.models import Action, Priority, Rag

DEFAULT_FIXTURE = "fixtures/barnet-2014-2016-audits/demo.json"
# When the demo's findings were last updated: after the returns were due, before the first actions fell due.
DEMO_UPDATE_AT = timezone.make_aware(datetime.datetime(2015, 2, 2, 10, 0))


class Command(BaseCommand):
    help = (
        "Local demonstration only (refuses unless DEBUG): load clearly marked demo audit data on top of the cycle "
        "loaded by load_audit_cycle. Idempotent: does nothing when demo audit data is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=DEFAULT_FIXTURE)

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_audit_demo is for local use with DEBUG on; production loads no demo data.")
        path = Path(options["path"])
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        data = json.loads(path.read_text(encoding="utf-8"))
        board = Board.objects.filter(slug=data["board"]).first()
        cycle = AuditCycle.objects.filter(board=board, title=data["cycle"]).first() if board else None
        if cycle is None:
            raise CommandError(f"No cycle '{data['cycle']}' on board '{data['board']}': run load_audit_cycle first.")
        if ThemedAudit.objects.filter(board=board, is_demo=True).exists():
            self.stdout.write("Demo audit data is already loaded: nothing to do.")
            return
        agencies = {a.name: a for a in Agency.objects.filter(board=board)}
        self.leads = {" ".join(lead.name.split()).casefold(): lead for lead in Lead.objects.filter(board=board)}
        self._returns(cycle, agencies, data["returns"])
        for block in data["questionnaire"]:
            questions = list(cycle.questions.all())
            for answers in block["answers"]:
                services.questionnaire_submit(
                    cycle=cycle,
                    agency=agencies[block["agency"]],
                    answers=dict(zip(questions, answers, strict=True)),
                    is_demo=True,
                )
        for item in data["themed_audits"]:
            self._themed(board, agencies, item)
        for agency, topic, reported_on, summary in data["audit_map"]:
            SingleAgencyAudit.objects.create(
                board=board,
                agency=agencies[agency],
                topic=topic,
                summary_of_findings=summary,
                is_demo=True,
                reported_on=datetime.date.fromisoformat(reported_on),
            )
        self.stdout.write(
            f"Loaded DEMO audit data: {len(data['returns'])} returns, {len(data['themed_audits'])} themed audit(s), "
            f"{len(data['audit_map'])} audit map entries."
        )

    def _returns(self, cycle, agencies, returns):
        for item in returns:
            agency_return = cycle.returns.get(agency=agencies[item["agency"]])
            agency_return.is_demo = True
            agency_return.save(update_fields=["is_demo"])
            assessments = list(agency_return.assessments.select_related("standard"))
            for index, assessment in enumerate(assessments):
                if item["rating"]:
                    services.assessment_update(
                        assessment=assessment,
                        # The return's rating on standard 5 (Training), which gets the improvement action below;
                        # the rest Fully met, since a gap with no improvement action cannot be submitted.
                        self_rating=item["rating"] if index == 4 else Rating.FULLY_MET,
                        evidence=f"Demo evidence: {assessment.standard.title.lower()} is covered by our policy.",
                    )
            if item["rating"] and item["rating"] != Rating.FULLY_MET:
                owner = "Named safeguarding lead"
                action = services.improvement_action_save(
                    assessment=assessments[4],
                    description="Demo action: train all front-line staff",
                    owner="" if self._lead(owner) else owner,
                    owner_lead=self._lead(owner),
                    due_date=datetime.date(2015, 3, 31),
                )
                # Progress is a cache of the finding's updates: written through them, marked demo.
                finding_update_record(
                    finding=action,
                    user=None,
                    rag="amber",
                    note="Demo update: training booked for every front-line team; half have attended.",
                    created_at=DEMO_UPDATE_AT,
                    is_demo=True,
                )
            for step in item["steps"]:
                if step in ("submit", "resubmit"):
                    services.return_submit(agency_return=agency_return, user=None, note="Demo data")
                elif step == "challenge":
                    services.return_challenge(
                        agency_return=agency_return,
                        user=None,
                        questions="Demo challenge: how many staff completed training this year?",
                    )
                elif step == "accept":
                    for order, rating in item.get("moderated", {}).items():
                        services.assessment_moderate(
                            assessment=assessments[int(order) - 1],
                            user=None,
                            moderated_rating=rating,
                            notes="Demo moderation: the evidence supports a lower rating.",
                        )
                    services.return_accept(agency_return=agency_return, user=None, note="Demo data")

    def _themed(self, board, agencies, item):
        audit = ThemedAudit.objects.create(
            board=board,
            theme=item["theme"],
            scope=item["scope"],
            commissioned_on=datetime.date.fromisoformat(item["commissioned_on"]),
            audit_date=datetime.date.fromisoformat(item["audit_date"]),
            reported_on=datetime.date.fromisoformat(item["reported_on"]),
            findings=item["findings"],
            learning_disseminated=item["learning_disseminated"],
            is_demo=True,
        )
        audit.agencies.set(agencies[name] for name in item["agencies"])
        for word in item["priorities"]:
            audit.priorities.add(*Priority.objects.filter(plan__board=board, title__icontains=word))
        for text, owner, due, rag, note, *links in item["recommendations"]:
            # Owned by the plan's lead of that name where there is one (so it is on their My actions), else as written.
            lead = self._lead(owner)
            plan_actions = Action.objects.filter(
                objective__priority__plan__board=board, reference__in=links[0] if links else []
            )
            recommendation = recommendation_save(
                themed_audit=audit,
                text=text,
                owner="" if lead else owner,
                owner_lead=lead,
                due_date=datetime.date.fromisoformat(due),
                plan_actions=list(plan_actions),
            )
            if rag != Rag.NOT_STARTED:
                finding_update_record(
                    finding=recommendation,
                    user=None,
                    rag=rag,
                    note=note or f"Demo update: {Rag(rag).label.lower()}.",
                    created_at=DEMO_UPDATE_AT,
                    is_demo=True,
                )

    def _lead(self, name):
        """The board's lead of that name (ignoring case and spaces), as migration 0005 links existing owners."""
        return self.leads.get(" ".join(name.split()).casefold())
