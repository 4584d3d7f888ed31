"""DEMO ONLY: the learning reviews ledger of the Barnet board for 2014/15, so that a newcomer sees a rapid review
with its clocks over Christmas (and the board's closure days), findings and recommendations in every state, a themed
audit followed to impact and a restricted review."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from learning.models import (
    ClosureDay,
    Finding,
    LearningReview,
    Recommendation,
    RecommendationAction,
    RecommendationUpdate,
)
from plans.models import Board, Lead
from priorities.models import Action

PREFIX = "Demo: "
D = datetime.date


class Command(BaseCommand):
    help = (
        "DEMO ONLY (refuses unless DEBUG): three learning reviews of 2014/15 on the Barnet board (a rapid review with "
        "four recommendations, a themed audit, a restricted domestic homicide review) and the closure days of "
        "Christmas 2014 (run create_demo_accounts first). Idempotent: does nothing when the ledger has demo reviews."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_learning_demo writes demo content: it runs only with DEBUG on.")
        board = Board.objects.filter(slug="barnet").first()
        if board is None:
            raise CommandError("No Barnet board: run load_plan first.")
        if LearningReview.objects.filter(board=board, title__startswith=PREFIX).exists():
            self.stdout.write("DEMO learning reviews already there.")
            return
        admin = get_user_model().objects.filter(username="demo-admin").first()
        if admin is None:
            raise CommandError("No demo-admin account: run create_demo_accounts first.")
        with transaction.atomic():
            self._load(board, admin)
        self.stdout.write("DEMO learning reviews loaded: a rapid review, a themed audit and a restricted review.")

    def _load(self, board, admin):
        for day in (D(2014, 12, 29), D(2014, 12, 30), D(2014, 12, 31)):
            ClosureDay.objects.get_or_create(
                board=board, date=day, defaults={"description": "Office closed between Christmas and New Year"}
            )
        leads = {lead.name: lead for lead in Lead.objects.filter(board=board).select_related("user")}
        actions = {a.reference: a for a in Action.objects.filter(objective__priority__plan__board=board)}

        def agency_of(lead):
            return lead.agency if lead is not None else None

        def review(**fields):
            fields["title"] = PREFIX + fields["title"]
            return LearningReview.objects.create(board=board, **fields)

        def findings(item, *texts):
            return [Finding.objects.create(review=item, number=n, text=text) for n, text in enumerate(texts, 1)]

        def recommendation(item, number, text, *, finding, lead_name, due_on, refs=(), **fields):
            lead = leads.get(lead_name)
            rec = Recommendation.objects.create(
                review=item,
                number=number,
                text=text,
                finding=finding,
                lead=lead,
                agency=agency_of(lead),
                due_on=due_on,
                **fields,
            )
            rec.plan_actions.set([actions[ref] for ref in refs if ref in actions])
            return rec

        def update(rec, day, status, note, by=None, action=None):
            by = by or (rec.lead.user if rec.lead and rec.lead.user_id else admin)
            RecommendationUpdate.objects.create(
                recommendation=rec,
                action=action,
                status=status,
                note=note,
                by=by,
                at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0))),
            )

        rapid = review(
            kind=LearningReview.Kind.RAPID_REVIEW,
            reference="RR-2014-01",
            title="A young person missing from home and at risk of sexual exploitation",
            summary=(
                "A 15-year-old went missing from home six times in three months and was found in the company of "
                "adults known to the police. The rapid review asked whether partners shared what each knew in time."
                "\n\nThe review decided that the case did not meet the criteria for a local child safeguarding "
                "practice review, and that the learning would be taken forward through the recommendations below."
            ),
            aware_on=D(2014, 12, 15),
            notified_on=D(2014, 12, 19),
            decision_on=D(2015, 1, 16),
        )
        f1, f2, f3 = findings(
            rapid,
            "Return home interviews were offered late or not at all, so the young person's account of where they "
            "had been was not heard.",
            "Intelligence held by the police about the adults involved did not reach the MASE meeting.",
            "Schools were not told of the missing episodes and did not link them to falling attendance.",
        )
        r1 = recommendation(
            rapid,
            1,
            "Offer every child reported missing a return home interview within 72 hours, and share what they say "
            "with MASE.",
            finding=f1,
            lead_name="Jo Moses",
            due_on=D(2015, 3, 31),
            refs=("CSE-06",),
        )
        update(r1, D(2015, 1, 30), "in_progress", "Commissioned the return home interview service.")
        r1.status = Recommendation.Status.IMPLEMENTED
        r1.impact_evidence = (
            "An audit of 20 missing episodes in January to March 2015 found 18 return home interviews held within 72 "
            "hours (9 of 20 in July to September 2014). Two children disclosed exploitation in the interview and both "
            "were referred to MASE the same week."
        )
        r1.closed_on = D(2015, 3, 20)
        r1.closed_by = r1.lead.user if r1.lead and r1.lead.user_id else admin
        r1.save()
        update(r1, r1.closed_on, "implemented", r1.impact_evidence, by=r1.closed_by)

        r2 = recommendation(
            rapid,
            2,
            "Bring police intelligence on adults of concern to every MASE meeting, through a standing agenda item.",
            finding=f2,
            lead_name="Kaye Wise",
            due_on=D(2015, 6, 30),
            refs=("CSE-01", "CSE-17"),
            status=Recommendation.Status.IN_PROGRESS,
        )
        update(r2, D(2015, 2, 16), "in_progress", "Standing item agreed with the MASE chair.")

        r3 = recommendation(
            rapid,
            3,
            "Tell a child's school of each missing episode, within one working day.",
            finding=f3,
            lead_name="Hema Parmar",
            due_on=D(2015, 9, 30),
            refs=("CSE-12",),
            status=Recommendation.Status.IN_PROGRESS,
        )
        protocol = RecommendationAction.objects.create(
            recommendation=r3,
            description="Agree a missing-episode notification protocol with secondary head teachers.",
            lead=leads.get("Hema Parmar"),
            due_on=D(2015, 5, 29),
            status=RecommendationAction.Status.IN_PROGRESS,
        )
        RecommendationAction.objects.create(
            recommendation=r3,
            description="Add the school's contact to the missing-episode record in the children's social care system.",
            lead=leads.get("Jo Moses"),
            due_on=D(2015, 9, 30),
        )
        update(r3, D(2015, 3, 9), "in_progress", "Draft protocol sent to head teachers.", action=protocol)

        r4 = recommendation(
            rapid,
            4,
            "Create a separate missing children panel alongside MASE.",
            finding=f1,
            lead_name="Jo Moses",
            due_on=D(2015, 3, 31),
            status=Recommendation.Status.NOT_IMPLEMENTED,
            not_implemented_reason=(
                "The board decided that a second panel would split the same children's cases across two meetings. "
                "Missing children are instead a standing part of every MASE meeting (recommendation 2)."
            ),
            closed_on=D(2015, 3, 10),
            closed_by=admin,
        )
        update(r4, D(2015, 3, 10), "not_implemented", r4.not_implemented_reason, by=admin)

        audit = review(
            kind=LearningReview.Kind.THEMED_AUDIT,
            reference="TA-2014-02",
            title="Multi-agency audit of children in need because of neglect",
            summary="Twelve cases of children in need because of neglect, audited by every partner in the case.",
            aware_on=D(2014, 9, 1),
            concluded_on=D(2015, 2, 27),
            published_on=D(2015, 3, 12),
        )
        (g1,) = findings(audit, "Chronologies were kept by each agency; none brought them together for the child.")
        a1 = recommendation(
            audit,
            1,
            "Use one multi-agency chronology for every child in need because of neglect.",
            finding=g1,
            lead_name="Jo Moses",
            due_on=D(2015, 12, 31),
            refs=("NEG-03",),
            status=Recommendation.Status.IN_PROGRESS,
        )
        update(a1, D(2015, 3, 12), "in_progress", "Template agreed at the Neglect task group.")

        restricted = review(
            kind=LearningReview.Kind.DHR,
            reference="DHR-2015-01",
            title="Domestic homicide review of an adult with children in the household",
            summary="Case detail is held on this restricted record only.",
            aware_on=D(2015, 2, 9),
            restricted=True,
        )
        restricted.named_people.add(admin)
        findings(restricted, "Demo finding of a restricted review: only the people named on it read this.")
