"""factory-boy factories for every model the tests build. Persona worlds are built from these in tests/world.py."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Membership
from budget.models import Budget, CommitmentLine, IncomeLine
from plans.models import Agency, Board, BusinessPlan, CoreMeasure, CorePriority, Lead, Quarter
from priorities.models import Action, Objective, Priority, Rag, StrategicStage

PASSWORD = "correct-horse-battery-staple"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Safeguarding Children Board {n}")
    short_name = factory.Sequence(lambda n: f"TSCB{n}")
    slug = factory.Sequence(lambda n: f"board-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    board = factory.SubFactory(BoardFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    sector = "Health"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessPlan

    board = factory.SubFactory(BoardFactory)
    title = "Business Plan 2014-2016"
    slug = factory.Sequence(lambda n: f"plan-{n}")
    period = "2014-2016"
    start_year = 2014
    end_year = 2016
    dated = "June 2014"
    vision = "Our Vision is to make the borough a place where all children and young people thrive."
    mission = ["Secure sustained improvement in multi-agency safeguarding performance and practice."]
    ambition = ["focused on children, young people and their families;"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=str(role)))
        if create:
            self.save()


def group(role):
    """The Django group that holds a role (made by a migration)."""
    return Group.objects.get(name=str(role))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    board = factory.SubFactory(BoardFactory)
    name = factory.Sequence(lambda n: f"Lead Person {n}")
    kind = Lead.Kind.PERSON


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    slug = factory.Sequence(lambda n: f"priority-{n}")
    code = factory.Sequence(lambda n: f"P{n}")
    narrative = "Why this matters.\n\nA second paragraph."


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective
        skip_postgeneration_save = True

    priority = factory.SubFactory(PriorityFactory)
    order = factory.Sequence(lambda n: n + 1)
    approach_heading = "Prevent"
    what = factory.Sequence(lambda n: f"Objective {n}: what we will do")

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create:
            codes = extracted or ["prevent"]
            self.stages.set(StrategicStage.objects.filter(code__in=codes))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    order = factory.Sequence(lambda n: n + 1)
    reference = factory.Sequence(lambda n: f"ACT-{n:03d}")
    how = factory.Sequence(lambda n: f"How we will do it, number {n}")
    responsible_leads = "Lead Person"
    outcomes = "Expected outcome"
    timescale = "July 2014 to July 2015"
    start_date = datetime.date(2014, 7, 1)
    due_date = datetime.date(2015, 7, 31)
    rag = Rag.NOT_STARTED

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.leads.set(extracted)


class QuarterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quarter

    plan = factory.SubFactory(PlanFactory)
    financial_year = 2014
    number = 1
    start_date = datetime.date(2014, 4, 1)
    end_date = datetime.date(2014, 6, 30)
    update_deadline = datetime.date(2014, 6, 20)
    state = Quarter.State.OPEN


def quarters_for(plan, *, open_index=2):
    """The eight financial quarters of a two-year plan; the one at `open_index` is open, earlier ones closed."""
    quarters = []
    bounds = [((4, 1), (6, 30)), ((7, 1), (9, 30)), ((10, 1), (12, 31)), ((1, 1), (3, 31))]
    for index in range(8):
        fy = plan.start_year + index // 4
        number = index % 4 + 1
        year = fy if number < 4 else fy + 1
        (sm, sd), (em, ed) = bounds[number - 1]
        end = datetime.date(year, em, ed)
        state = (
            Quarter.State.CLOSED
            if index < open_index
            else (Quarter.State.OPEN if index == open_index else Quarter.State.FUTURE)
        )
        quarters.append(
            Quarter.objects.create(
                plan=plan,
                financial_year=fy,
                number=number,
                start_date=datetime.date(year, sm, sd),
                end_date=end,
                update_deadline=end - datetime.timedelta(days=10),
                state=state,
            )
        )
    return quarters


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    plan = factory.SubFactory(PlanFactory)
    financial_year = 2014
    title = "Budget 2014-2015"
    balance_description = "Balance B/Fwd 2013/14"


class IncomeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeLine

    budget = factory.SubFactory(BudgetFactory)
    order = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Contributor {n}")
    amount = "-1000.00"


class CommitmentLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentLine

    budget = factory.SubFactory(BudgetFactory)
    category = CommitmentLine.Category.OTHER
    order = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Commitment {n}")
    amount = "1000.00"


class CorePriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorePriority

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Core priority {n}: the board's business as usual")


class CoreMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreMeasure
        skip_postgeneration_save = True

    core_priority = factory.SubFactory(CorePriorityFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Measure {n}: audit multi-agency practice and report to the board")

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.leads.set(extracted)
