"""A persona world in which every stored text is a script/HTML payload, for the stored-XSS and export tests.

`poisoned_world()` builds the matrix world plus one of everything a page or an export shows (audits, budget,
indicators and their values, status updates with escalation, challenges, a closed quarter's snapshots, the core
business plan, the survey), then overwrites every user-editable text column of every row of every project model,
and of their history tables, with a payload. The fields are found from the models, not listed by hand, so a text
field added later is poisoned too.

Each payload starts with one of = + - @ (in turn), so the same values test the spreadsheet formula guard, and ends
with a plain-text tag `xss:<app>.<model>.<field>#<pk>`: a page that shows the tag has rendered that field, and the
test can say which fields it saw on which pages.
"""

import datetime
import itertools
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models

from audits import services as audit_services
from plans.models import CoreMeasure, CoreOutcome, CorePriority, SurveyResult
from priorities.services import status_update_record
from reporting.services import challenge_record, indicator_value_record, indicators_seed_for_plan, quarter_close
from tests.audits.helpers import audits_of
from tests.budget.builders import budget_of
from tests.world import build_world

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(1)>"
LONG_PAYLOAD = f"{SCRIPT}\"'>{IMG}"
SHORT_PAYLOAD = f'">{SVG}'
# What must never appear in an HTML response: the payloads' markup, unescaped.
RAW_MARKERS = [SCRIPT, IMG, SVG]
FORMULA_PREFIXES = ["=", "+", "-", "@"]
PAYLOADS = [LONG_PAYLOAD, SHORT_PAYLOAD]
TAG_PREFIX = "xss:"

POISONED_APPS = ["plans", "priorities", "reporting", "audits", "budget", "accounts"]
# The audit log is append-only (a PostgreSQL trigger refuses updates) and shown only in the Django admin.
SKIPPED_MODELS = {"accounts.auditevent"}
# Values the code reads as data rather than shows as text.
SKIPPED_FIELDS = {
    "rag",
    "rag_before",
    "state",
    "history_type",
    "stage_codes",
    "password",
    "username",
    "code",
    "token_hash",
}


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if isinstance(field, (models.SlugField, models.EmailField, models.GenericIPAddressField, models.URLField)):
            continue
        if field.primary_key or field.choices or field.name in SKIPPED_FIELDS:
            continue
        yield field


def _value(field, pk, prefix):
    tag = f"{field.model._meta.app_label}.{field.model._meta.model_name}.{field.name}"
    for candidate in (f"{prefix}{LONG_PAYLOAD} {TAG_PREFIX}{tag}#{pk}", f"{prefix}{LONG_PAYLOAD}#{pk}"):
        if field.max_length is None or len(candidate) <= field.max_length:
            return candidate, True
    candidate = f"{prefix}{SHORT_PAYLOAD}#{pk}"
    if len(candidate) <= field.max_length:
        return candidate, False
    return None, False


def _allow_rewriting_history():
    """On PostgreSQL the history tables are append-only (a trigger refuses UPDATE, `bscb.db.AppendOnly`). Disable
    those triggers for the poisoning: ALTER TABLE is transactional, so they come back when the caller's transaction
    (the poisoned world's, always rolled back) ends."""
    if connection.vendor != "postgresql":
        return
    connection.check_constraints()  # runs the pending deferred foreign-key checks, which would block ALTER TABLE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
            ["%\\_no\\_update"],
        )
        for table, trigger in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")


def poison_database() -> dict:
    """Overwrite every text field of every row; returns {"tagged": {"app.model.field"}, "untagged": {...}}."""
    _allow_rewriting_history()
    prefixes = itertools.cycle(FORMULA_PREFIXES)
    tagged, untagged = set(), set()
    targets = [m for label in POISONED_APPS for m in apps.get_app_config(label).get_models()]
    targets.append(get_user_model())
    for model in targets:
        if model._meta.label_lower in SKIPPED_MODELS:
            continue
        fields = list(_text_fields(model))
        if model is get_user_model():
            fields = [model._meta.get_field("first_name"), model._meta.get_field("last_name")]
        json_lists = [
            f for f in model._meta.concrete_fields if isinstance(f, models.JSONField) and f.name not in SKIPPED_FIELDS
        ]
        if not fields and not json_lists:
            continue
        # _base_manager: a plain queryset, past the append-only guards of status updates, events and snapshots.
        manager = model._base_manager
        pk_name = model._meta.pk.attname
        for row in manager.values(pk_name):
            pk = row[pk_name]
            changes = {}
            for field in fields:
                value, has_tag = _value(field, pk, next(prefixes))
                if value is None:
                    continue
                changes[field.attname] = value
                (tagged if has_tag else untagged).add(f"{model._meta.label_lower}.{field.name}")
            for field in json_lists:
                value, _ = _value(field, pk, next(prefixes))
                changes[field.attname] = [value]
                tagged.add(f"{model._meta.label_lower}.{field.name}")
            manager.filter(**{pk_name: pk}).update(**changes)
    return {"tagged": tagged, "untagged": untagged - tagged}


def _populate(world):
    """One row of every model that a page or export shows text from."""
    a = audits_of(world)
    budget_of(world)
    indicator = world.get("indicator", lambda w: indicators_seed_for_plan(plan=w.plan)[0])
    admin, lead, bmg = world.users["admin"], world.users["lead"], world.users["bmg"]
    core = CorePriority.objects.create(plan=world.plan, order=1, title="Learning and improvement")
    CoreMeasure.objects.create(core_priority=core, order=1, text="Multi-agency training delivered")
    CoreOutcome.objects.create(core_priority=core, order=1, text="Practice improves")
    SurveyResult.objects.create(
        plan=world.plan, order=1, area="Neglect", response_percent=Decimal("65.2"), response_count=30
    )
    open_quarter = world.open_quarter
    for action in (world.action, world.other_action):
        status_update_record(
            action=action,
            user=admin,
            rag="red",
            commentary="Venue not booked",
            evidence_of_impact="None yet",
            needs_escalation=True,
            escalation_reason="No budget",
        )
    challenge_record(quarter=open_quarter, action=world.action, user=bmg, text="What is the revised date?")
    indicator_value_record(indicator=indicator, quarter=open_quarter, value=Decimal("12"), user=admin, note="Q3")
    # Close the open quarter so that its snapshots (what a closed quarter's pages and board pack read) exist too.
    quarter_close(quarter=open_quarter, user=admin)
    for quarter in world.quarters:
        quarter.refresh_from_db()
    challenge_record(quarter=world.open_quarter, action=world.action, user=bmg, text="Any progress?")
    status_update_record(action=world.action, user=lead, rag="amber", commentary="Booked for March")
    audit_services.assessment_moderate(
        assessment=a.submitted.assessments.first(), user=admin, moderated_rating="partially_met", notes="Thin"
    )
    a.themed.findings = "Drift in plans"
    a.themed.learning_disseminated = "Seven-minute briefing"
    a.themed.audit_date = datetime.date(2014, 9, 1)
    a.themed.save()


def populated_world():
    """The matrix world with one of everything; call `poison_database()` once the test has what it needs (case
    URLs look objects up by their text)."""
    world = build_world()
    _populate(world)
    return world
