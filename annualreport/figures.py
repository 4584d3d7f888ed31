"""The yearly report's figures, computed live for one board and one twelve-month period.

Each builder takes a `Period` and returns (figures, tables): `document.Figure` and `document.Table` values, each
carrying the path of the page it is read from, so that every number printed can be traced to the application.
Every builder runs a fixed number of queries, whatever the amount of data (no query per row).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from audits.models import RECEIVED_STATUSES, AgencyReturn, ThemedAudit
from budget.models import Budget
from budget.selectors import budget_statement
from learning.selectors import yearly_learning
from plans.models import Agency, Quarter
from priorities.models import Action, Priority, Rag, StatusUpdate
from reporting.indicators import ON_TARGET, indicator_status
from reporting.models import ActionSnapshot, Indicator, IndicatorValue
from scrutiny.selectors import yearly_scrutiny

from .document import Figure, Table

RAG_LABELS = dict(Rag.choices)
RAG_ORDER = [Rag.COMPLETE, Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_STARTED]


@dataclass(frozen=True)
class Period:
    """The board and the twelve months a report covers (both ends included)."""

    board: object
    start: date
    end: date

    @property
    def year_label(self) -> str:
        return (
            f"{self.start.year}/{str(self.end.year)[-2:]}" if self.start.year != self.end.year else str(self.start.year)
        )

    def aware_bounds(self):
        """[start 00:00, day after end 00:00) in the current time zone, for datetime fields."""
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(timezone.datetime.combine(self.start, timezone.datetime.min.time()), tz)
        end = timezone.make_aware(
            timezone.datetime.combine(self.end + timezone.timedelta(days=1), timezone.datetime.min.time()), tz
        )
        return start, end


def _money(amount: Decimal) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def _date(day) -> str:
    return day.strftime("%-d %B %Y") if day else ""


def _tables(*tables) -> tuple:
    """The tables that have rows: a section prints no empty table."""
    return tuple(table for table in tables if table.rows)


def _closed_quarters(period: Period) -> list:
    return list(
        Quarter.objects.filter(
            plan__board=period.board,
            state=Quarter.State.CLOSED,
            start_date__gte=period.start,
            end_date__lte=period.end,
        ).order_by("start_date")
    )


def year_at_a_glance(period: Period):
    """Actions tracked, priorities, completed in the period, reds in the period. Four queries."""
    actions = Action.objects.filter(objective__priority__plan__board=period.board)
    tracked = actions.count()
    priorities = Priority.objects.filter(plan__board=period.board).count()
    start, end = period.aware_bounds()
    updates = StatusUpdate.objects.filter(action__objective__priority__plan__board=period.board).filter(
        created_at__gte=start, created_at__lt=end
    )
    counts = updates.aggregate(
        completed=Count("action", filter=Q(rag=Rag.COMPLETE), distinct=True),
        reds=Count("action", filter=Q(rag=Rag.RED), distinct=True),
        updates=Count("id"),
    )
    url = reverse("priorities:action_list")
    return (
        (
            Figure("Actions tracked", str(tracked), url),
            Figure("Priorities", str(priorities), url),
            Figure("Actions completed in the year", str(counts["completed"]), url),
            Figure("Actions reported red during the year", str(counts["reds"]), url),
            Figure("Status updates made in the year", str(counts["updates"]), url),
        ),
        (),
    )


def priorities_movement(period: Period):
    """Status counts per priority at the first and the last closed quarter of the period. Three queries."""
    quarters = _closed_quarters(period)
    priorities = list(Priority.objects.filter(plan__board=period.board).order_by("plan", "order"))
    if not quarters:
        return (Figure("Closed quarters in the year", "0", reverse("reporting:quarter_list")),), ()
    first, last = quarters[0], quarters[-1]
    counts = {}
    rows = (
        ActionSnapshot.objects.filter(quarter__in={first.pk, last.pk})
        .values_list("quarter_id", "priority_id", "rag")
        .annotate(n=Count("id"))
    )
    for quarter_id, priority_id, rag, n in rows:
        counts[(quarter_id, priority_id, rag)] = n
    headers = ("Priority", "Quarter", *(RAG_LABELS[rag] for rag in RAG_ORDER))
    table_rows = []
    for priority in priorities:
        for quarter in dict.fromkeys([first, last]):
            table_rows.append(
                (
                    priority.title,
                    quarter.label,
                    *(str(counts.get((quarter.pk, priority.pk, rag), 0)) for rag in RAG_ORDER),
                )
            )
    url = reverse("reporting:dashboard")
    figures = (
        Figure("Closed quarters in the year", str(len(quarters)), reverse("reporting:quarter_list")),
        Figure("First closed quarter", first.label, reverse("reporting:dashboard_actions", args=[first.pk])),
        Figure("Last closed quarter", last.label, reverse("reporting:dashboard_actions", args=[last.pk])),
    )
    caption = f"Status of each priority's actions at {first.label} and {last.label}"
    return figures, (Table(caption, headers, tuple(table_rows), url),)


def reds_resolved(period: Period):
    """Every action reported red in the period and its status now. One query."""
    start, end = period.aware_bounds()
    rows = (
        StatusUpdate.objects.filter(
            action__objective__priority__plan__board=period.board,
            rag=Rag.RED,
            created_at__gte=start,
            created_at__lt=end,
        )
        .values_list("action_id", "action__reference", "action__rag")
        .distinct()
        .order_by("action__reference")
    )
    table_rows = tuple((reference, RAG_LABELS.get(rag, rag)) for _pk, reference, rag in rows)
    resolved = sum(1 for _ref, label in table_rows if label in (RAG_LABELS[Rag.GREEN], RAG_LABELS[Rag.COMPLETE]))
    url = reverse("priorities:action_list")
    figures = (
        Figure("Actions reported red in the year", str(len(table_rows)), url),
        Figure("Of those, now green or complete", str(resolved), url),
    )
    return figures, _tables(
        Table("Actions reported red in the year and their status now", ("Action", "Status now"), table_rows, url)
    )


def audits(period: Period):
    """Section 11 returns of the year's cycle and the themed audits reported in the period. Two queries."""
    returns = AgencyReturn.objects.filter(cycle__board=period.board, cycle__financial_year=period.start.year).aggregate(
        total=Count("id", filter=~Q(status="withdrawn")),
        received=Count("id", filter=Q(status__in=RECEIVED_STATUSES)),
    )
    themed = list(
        ThemedAudit.objects.filter(board=period.board, reported_on__gte=period.start, reported_on__lte=period.end)
        .annotate(
            recommendations_count=Count("recommendations"),
            complete=Count("recommendations", filter=Q(recommendations__rag=Rag.COMPLETE)),
        )
        .order_by("reported_on", "theme")
    )
    figures = (
        Figure("Section 11 returns expected", str(returns["total"]), reverse("audits:index")),
        Figure("Section 11 returns received", str(returns["received"]), reverse("audits:index")),
        Figure("Themed audits reported", str(len(themed)), reverse("audits:themed_list")),
    )
    rows = tuple(
        (audit.theme, _date(audit.reported_on), str(audit.recommendations_count), str(audit.complete))
        for audit in themed
    )
    return figures, _tables(
        Table(
            "Themed audits reported in the year",
            ("Theme", "Reported", "Recommendations", "Complete"),
            rows,
            reverse("audits:themed_list"),
        )
    )


def indicators(period: Period):
    """Each indicator of the performance dataset: target and the latest value in the period. Two queries."""
    items = list(Indicator.objects.filter(plan__board=period.board, archived_at__isnull=True).order_by("plan", "order"))
    latest = {}
    values = (
        IndicatorValue.objects.filter(
            indicator__in=[i.pk for i in items],
            quarter__start_date__gte=period.start,
            quarter__end_date__lte=period.end,
        )
        .select_related("quarter")
        .order_by("quarter__start_date")
    )
    for value in values:
        latest[value.indicator_id] = value
    rows = []
    met = 0
    for indicator in items:
        value = latest.get(indicator.pk)
        target = "" if indicator.target is None else f"{indicator.target.normalize():f}"
        shown = "No value recorded" if value is None else f"{value.value.normalize():f} ({value.quarter.label})"
        # The dataset's own judgement (polarity and tolerance), worded as on the indicator's page.
        status = indicator_status(indicator, None if value is None else value.value)
        met += status is ON_TARGET
        rows.append((indicator.name, target, shown, status.word))
    url = reverse("reporting:indicator_list")
    figures = (
        Figure("Indicators in the dataset", str(len(items)), url),
        Figure("On target at their latest value", str(met), url),
    )
    return figures, _tables(
        Table(
            "The performance dataset against targets",
            ("Indicator", "Target", "Latest value", "Against target"),
            tuple(rows),
            url,
        )
    )


def budget(period: Period):
    """The budget of the financial year the period starts in, and the partners' contributions. Three queries."""
    found = Budget.objects.filter(plan__board=period.board, financial_year=period.start.year).first()
    if found is None:
        return (Figure("Budget for the year", "None recorded", reverse("budget:budget_list")),), ()
    statement = budget_statement(found)
    url = reverse("budget:budget_detail", args=[found.pk])
    figures = (
        Figure("Partner contributions", _money(-statement.contributions_total), url),
        Figure("Commitments", _money(statement.commitments_total), url),
        Figure("Balance brought forward", _money(-found.balance_brought_forward), url),
    )
    rows = tuple((line.description, _money(-line.amount)) for line in statement.income_lines)
    return figures, _tables(Table("Partner contributions", ("Partner", "Contribution"), rows, url))


def partners(period: Period):
    """Per agency: actions led (through its leads), status updates made by its members in the period, and whether its
    Section 11 return for the year was received. Four queries."""
    start, end = period.aware_bounds()
    agencies = list(Agency.objects.filter(board=period.board).order_by("name"))
    led = dict(
        Action.objects.filter(objective__priority__plan__board=period.board, leads__agency__isnull=False)
        .values_list("leads__agency")
        .annotate(n=Count("id", distinct=True))
    )
    updates = dict(
        StatusUpdate.objects.filter(
            action__objective__priority__plan__board=period.board,
            created_at__gte=start,
            created_at__lt=end,
            author__memberships__board=period.board,
            author__memberships__agency__isnull=False,
        )
        .values_list("author__memberships__agency")
        .annotate(n=Count("id", distinct=True))
    )
    received = set(
        AgencyReturn.objects.filter(
            cycle__board=period.board, cycle__financial_year=period.start.year, status__in=RECEIVED_STATUSES
        ).values_list("agency_id", flat=True)
    )
    rows = tuple(
        (
            agency.name,
            str(led.get(agency.pk, 0)),
            str(updates.get(agency.pk, 0)),
            "Received" if agency.pk in received else "Not received",
        )
        for agency in agencies
    )
    url = reverse("priorities:action_list")
    figures = (Figure("Partner agencies", str(len(agencies)), url),)
    return figures, _tables(
        Table(
            "What each partner did",
            ("Agency", "Actions led", "Status updates in the year", "Section 11 return"),
            rows,
            url,
        )
    )


REVIEW_HEADERS = ("Reference", "Kind", "Title", "Learnt of", "Concluded", "Recommendations implemented")


def _review_rows(lines) -> tuple:
    return tuple(
        (
            line.reference,
            line.kind_label,
            line.title,
            _date(line.aware_on),
            _date(line.concluded_on) or "Ongoing",
            f"{line.implemented} of {line.recommendations}",
        )
        for line in lines
    )


def _recommendation_rows(lines) -> tuple:
    return tuple(
        (
            f"{line.review_reference} R{line.number}",
            line.text,
            line.lead or "Not named",
            line.status_label,
            line.evidence_or_reason,
        )
        for line in lines
    )


RECOMMENDATION_HEADERS = ("Recommendation", "Text", "Lead", "Status", "Evidence of impact, or why not implemented")


def learning(period: Period):
    """Learning reviews opened, concluded and ongoing in the year, with their recommendations' state. Four queries
    (learning.selectors.yearly_learning). A restricted review is counted, its text withheld."""
    data = yearly_learning(period.board, period.start, period.end)
    url = reverse("learning:review_list")
    counts = data["counts"]
    figures = (
        Figure("Reviews opened in the year", str(len(data["opened"])), url),
        Figure("Reviews concluded in the year", str(len(data["concluded"])), url),
        Figure("Reviews ongoing at the end of the year", str(len(data["ongoing"])), url),
        Figure("Recommendations", str(len(data["recommendations"])), url),
        Figure("Recommendations implemented", str(counts["implemented"]), url),
        Figure("Recommendations in progress or not started", str(counts["in_progress"] + counts["open"]), url),
        Figure("Recommendations not implemented", str(counts["not_implemented"]), url),
    )
    reviews = {line.pk: line for key in ("opened", "concluded", "ongoing") for line in data[key]}
    ordered = sorted(reviews.values(), key=lambda line: (line.aware_on, line.pk))
    tables = _tables(
        Table("Reviews in the year", REVIEW_HEADERS, _review_rows(ordered), url),
        Table(
            "Recommendations and their state",
            RECOMMENDATION_HEADERS,
            _recommendation_rows(data["recommendations"]),
            url,
        ),
    )
    return figures, tables


def learning_concluded(period: Period):
    """Care Act Schedule 2, 4(d): the reviews concluded in the year, with their findings. Four queries."""
    data = yearly_learning(period.board, period.start, period.end)
    url = reverse("learning:review_list")
    findings = tuple((line.reference, line.title, finding) for line in data["concluded"] for finding in line.findings)
    figures = (Figure("Reviews concluded in the year", str(len(data["concluded"])), url),)
    tables = _tables(
        Table("Reviews concluded in the year", REVIEW_HEADERS, _review_rows(data["concluded"]), url),
        Table("Their findings", ("Reference", "Review", "Finding"), findings, url),
    )
    return figures, tables


def learning_ongoing(period: Period):
    """Care Act Schedule 2, 4(e): the reviews ongoing at the end of the year. Four queries."""
    data = yearly_learning(period.board, period.start, period.end)
    url = reverse("learning:review_list")
    figures = (Figure("Reviews ongoing at the end of the year", str(len(data["ongoing"])), url),)
    return figures, _tables(Table("Reviews ongoing", REVIEW_HEADERS, _review_rows(data["ongoing"]), url))


def learning_implementation(period: Period):
    """Care Act Schedule 2, 4(f): what the board did to implement review findings: recommendations implemented in the
    year with their evidence of impact, and those still open. Four queries."""
    data = yearly_learning(period.board, period.start, period.end)
    url = reverse("learning:review_list")
    open_lines = [line for line in data["recommendations"] if line.status in ("open", "in_progress")]
    figures = (
        Figure("Recommendations implemented in the year", str(len(data["implemented_in_period"])), url),
        Figure("Recommendations still open", str(len(open_lines)), url),
    )
    tables = _tables(
        Table(
            "Implemented in the year, with evidence of impact",
            RECOMMENDATION_HEADERS,
            _recommendation_rows(data["implemented_in_period"]),
            url,
        ),
        Table("Still open", RECOMMENDATION_HEADERS, _recommendation_rows(open_lines), url),
    )
    return figures, tables


def learning_not_implemented(period: Period):
    """Care Act Schedule 2, 4(g): findings the board decided not to implement in the year, with its reasons. Four
    queries."""
    data = yearly_learning(period.board, period.start, period.end)
    url = reverse("learning:review_list")
    lines = data["not_implemented_in_period"]
    figures = (Figure("Recommendations not implemented", str(len(lines)), url),)
    return figures, _tables(
        Table("Not implemented, with the board's reasons", RECOMMENDATION_HEADERS, _recommendation_rows(lines), url)
    )


def scrutiny(period: Period):
    """The independent scrutineer's entries raised in the year, with their responses and outcome. Two queries."""
    lines = yearly_scrutiny(period.board, period.start, period.end)
    url = reverse("scrutiny:entry_list")
    challenges = sum(1 for line in lines if line.kind_label == "Challenge")
    figures = (
        Figure("Observations and challenges raised", str(len(lines)), url),
        Figure("Of those, challenges", str(challenges), url),
        Figure("Responded to", str(sum(1 for line in lines if line.responses)), url),
        Figure("Closed with an outcome", str(sum(1 for line in lines if line.outcome)), url),
    )
    rows = tuple(
        (
            _date(line.raised_on),
            line.kind_label,
            line.addressed_to_label,
            line.subject,
            line.status_label,
            line.outcome or line.latest_response or "",
        )
        for line in lines
    )
    return figures, _tables(
        Table(
            "The scrutineer's observations and challenges",
            ("Raised", "Kind", "To", "Subject", "Status", "Outcome or latest response"),
            rows,
            url,
        )
    )


def nothing(period: Period):
    return (), ()
