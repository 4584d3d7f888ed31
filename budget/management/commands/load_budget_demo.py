"""DEMO ONLY: plausible quarterly monitoring of the Barnet 2014/15 budget, so that a newcomer sees a living budget."""

from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budget.models import Budget, CommitmentMonitoring, ContributionMonitoring
from budget.selectors import budget_position, quarters_of
from budget.templatetags.budget_money import pounds
from plans.models import Quarter

# Invented figures, not from the plan. Per commitment: forecast outturn for the year and the share spent by quarter.
FORECASTS = {
    "Independent Chair": Decimal("21500"),  # an extra meeting: a small overspend
    "CSE Co-ordinator (pilot)": Decimal("28800"),  # started mid-September
    "Youth Shield": Decimal("6000"),  # agreed at less than budgeted
}
LATE_STARTERS = {"CSE Co-ordinator (pilot)": 1}  # quarters with no spend before the post started
# Quarter by which each contribution had been received in full; the rest pay in halves in Q1 and Q2.
PAID_IN_FULL_BY = {"London Borough of Barnet": 1, "CAFCASS": 3}


class Command(BaseCommand):
    help = (
        "DEMO ONLY (refuses unless DEBUG): invented quarterly monitoring of the Barnet 2014/15 budget for every "
        "quarter that is open or closed (Q1 to Q3 if none is). Idempotent: figures are set, never added up twice."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_budget_demo writes invented figures: it runs only with DEBUG on.")
        budget = Budget.objects.filter(plan__board__slug="barnet", plan__slug="2014-2016", financial_year=2014).first()
        if budget is None:
            raise CommandError("No Barnet 2014/15 budget: run load_budget first.")
        quarters = quarters_of(budget)
        if not quarters:
            raise CommandError("The plan has no quarters yet: load the plan's quarters first.")
        started = [q for q in quarters if q.state != Quarter.State.FUTURE] or quarters[:3]
        with transaction.atomic():
            for quarter in started:
                self._monitor(budget, quarter)
        latest = budget_position(budget, started[-1])
        self.stdout.write(
            f"DEMO budget monitoring for {len(started)} quarters of {budget.year_label}; at {started[-1].label} "
            f"the projected {latest.outcome} is {pounds(abs(latest.projected_variance))}."
        )

    def _monitor(self, budget, quarter):
        share = Decimal(quarter.number) / 4
        for line in budget.commitment_lines.all():
            forecast = FORECASTS.get(line.description, line.amount)
            idle = LATE_STARTERS.get(line.description, 0)
            months_share = max(Decimal(0), (Decimal(quarter.number) - idle) / (4 - idle)) if idle else share
            spent = (forecast * months_share).quantize(Decimal("1"))
            CommitmentMonitoring.objects.update_or_create(
                line=line, quarter=quarter, defaults={"spent_to_date": spent, "forecast_outturn": forecast}
            )
        for line in budget.income_lines.all():
            full_by = PAID_IN_FULL_BY.get(line.description, 2)
            received = line.amount if quarter.number >= full_by else (line.amount / 2).quantize(Decimal("1"))
            ContributionMonitoring.objects.update_or_create(
                line=line, quarter=quarter, defaults={"received_to_date": received}
            )
