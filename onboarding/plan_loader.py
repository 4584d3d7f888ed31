"""Loading a board's business plan from a directory of Django fixture files (what `manage.py load_plan` runs).

Unlike `loaddata`, the loader
- remaps primary keys, so that a second board or a second plan period loads beside the first without touching it;
- reuses the board, its agencies and its leads where they already exist (matched by slug and by name), so that a new
  plan period of the same board links to the same people;
- validates every record with `full_clean` and loads all or nothing in one transaction, naming the file, the record
  and the field at fault;
- is idempotent: a plan that is already there and matches the files is reported as already loaded and left alone;
- records the history baseline (a "+" row for every loaded object that keeps history), so later edits have a "before";
- creates the plan's eight financial quarters.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from simple_history.models import HistoricalRecords

from plans.models import Board, BusinessPlan
from plans.quarters import quarters_create_for_plan
from priorities.models import Action, Objective, Priority

# Models a plan directory may hold, in the order they are created (each refers only to models above it).
LOAD_ORDER = [
    "plans.board",
    "plans.agency",
    "plans.lead",
    "plans.businessplan",
    "plans.surveyresult",
    "priorities.priority",
    "priorities.objective",
    "priorities.action",
    "plans.corepriority",
    "plans.coremeasure",
    "plans.coreoutcome",
]
# Board-level records that a plan directory shares with other plans of the same board: reused when they exist,
# never changed. The tuple names the fields that identify them within the board.
SHARED_KEYS = {"plans.board": ("slug",), "plans.agency": ("board", "name"), "plans.lead": ("board", "name")}


class PlanLoadError(Exception):
    """A plan directory that cannot be loaded; the message names the file, record and field at fault."""


@dataclass
class Record:
    path: Path
    label: str
    pk: object
    fields: dict

    def where(self, field_name=None):
        text = f"{self.path.name}: {self.label} pk={self.pk}"
        return f'{text} field "{field_name}"' if field_name else text


@dataclass
class LoadResult:
    board: Board
    plan: BusinessPlan
    created: bool
    counts: dict = field(default_factory=dict)


def read_plan_directory(directory) -> list[Record]:
    """Read every *.json fixture file of a directory, in name order, into records."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise PlanLoadError(f"{directory}: no *.json fixture files found")
    records = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise PlanLoadError(f"{path.name}: not valid JSON: {error}") from error
        if not isinstance(data, list):
            raise PlanLoadError(f"{path.name}: a fixture file holds a list of records")
        for index, item in enumerate(data, start=1):
            if not isinstance(item, dict) or not {"model", "pk", "fields"} <= item.keys():
                raise PlanLoadError(f'{path.name}: record #{index} needs "model", "pk" and "fields"')
            label = str(item["model"]).lower()
            if label not in LOAD_ORDER:
                raise PlanLoadError(f"{path.name}: {label} pk={item['pk']}: this model does not belong in a plan")
            records.append(Record(path, label, item["pk"], dict(item["fields"])))
    return records


def _single(records, label, directory):
    found = [record for record in records if record.label == label]
    if len(found) != 1:
        raise PlanLoadError(f"{directory}: a plan directory holds exactly one {label} record, found {len(found)}")
    return found[0]


def _history_records(model):
    """The HistoricalRecords that tracks `model` (None if it keeps no history), to write the baseline rows directly."""
    sync_receivers, _ = post_save._live_receivers(model)
    for receiver in sync_receivers:
        owner = getattr(receiver, "__self__", None)
        if isinstance(owner, HistoricalRecords):
            return owner
    return None


def _describe(error_value, message, code):
    if code == "invalid_choice":
        return f"{json.dumps(error_value)} is not a valid choice"
    return message


class _Loader:
    def __init__(self, records, reason):
        self.records = records
        self.reason = reason
        self.new = {}  # (label, fixture pk) -> saved instance
        self.created = []  # instances created by this load, in creation order

    # -- fields --------------------------------------------------------------------------------------------------
    def _split_fields(self, record, model):
        """Plain and foreign-key values (remapped) for the constructor, and many-to-many lists for later."""
        values, many = {}, {}
        for name, value in record.fields.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                raise PlanLoadError(f"{record.where(name)}: {model._meta.label_lower} has no such field") from None
            if model_field.many_to_many:
                if not isinstance(value, list):
                    raise PlanLoadError(f"{record.where(name)}: a many-to-many value is a list of primary keys")
                many[model_field] = value
            elif model_field.many_to_one or model_field.one_to_one:
                values[model_field.attname] = self._target(record, model_field, value)
            elif model_field.concrete and not model_field.auto_created:
                values[model_field.attname] = value
            else:
                raise PlanLoadError(f"{record.where(name)}: this field cannot be loaded")
        return values, many

    def _target(self, record, model_field, value):
        """The database pk a fixture reference points to: remapped when the target is part of the plan directory."""
        if value is None:
            return None
        label = model_field.related_model._meta.label_lower
        if label not in LOAD_ORDER:
            return value
        try:
            return self.new[(label, value)].pk
        except KeyError:
            raise PlanLoadError(
                f"{record.where(model_field.name)}: refers to {label} pk={value}, which is not in the plan directory"
            ) from None

    # -- records -------------------------------------------------------------------------------------------------
    def _existing_shared(self, record, model, values):
        keys = SHARED_KEYS.get(record.label)
        if not keys:
            return None
        lookup = {}
        for key in keys:
            attname = model._meta.get_field(key).attname
            if attname not in values:
                raise PlanLoadError(f"{record.where(key)}: this field is required")
            lookup[attname] = values[attname]
        return model.objects.filter(**lookup).first()

    def _create(self, record, model, values):
        instance = model(**values)
        try:
            instance.full_clean()
        except ValidationError as error:
            raise PlanLoadError(self._validation_message(record, instance, error)) from error
        # The baseline history row is written after the many-to-many links are set, so that it holds them too.
        instance.skip_history_when_saving = True
        try:
            # No savepoint per record: any failure aborts the whole load, which is one transaction.
            instance.save()
        except IntegrityError as error:
            raise PlanLoadError(f"{record.where()}: {error}") from error
        return instance

    def _validation_message(self, record, instance, error):
        parts = []
        for name, errors in error.error_dict.items() if hasattr(error, "error_dict") else [("__all__", [error])]:
            for item in errors:
                for single in item.error_list if hasattr(item, "error_list") else [item]:
                    message = single.message % single.params if single.params else single.message
                    if name == "__all__":
                        parts.append(f"{record.where()}: {message}")
                    else:
                        raw = record.fields.get(name, getattr(instance, name, None))
                        parts.append(f"{record.where(name)}: {_describe(raw, message, single.code)}")
        return "; ".join(parts)

    def load(self):
        by_label = {label: [r for r in self.records if r.label == label] for label in LOAD_ORDER}
        pending_m2m = []
        for label in LOAD_ORDER:
            model = apps.get_model(label)
            for record in by_label[label]:
                if (label, record.pk) in self.new:
                    raise PlanLoadError(f"{record.where()}: this primary key is used twice")
                values, many = self._split_fields(record, model)
                instance = self._existing_shared(record, model, values)
                if instance is None:
                    instance = self._create(record, model, values)
                    self.created.append(instance)
                    pending_m2m.extend((record, instance, f, pks) for f, pks in many.items())
                self.new[(label, record.pk)] = instance
        for record, instance, model_field, pks in pending_m2m:
            self._set_m2m(record, instance, model_field, pks)
        self._history_baseline()

    def _set_m2m(self, record, instance, model_field, pks):
        target = model_field.related_model
        label = target._meta.label_lower
        if label in LOAD_ORDER:
            try:
                objects = [self.new[(label, pk)] for pk in pks]
            except KeyError as error:
                raise PlanLoadError(
                    f"{record.where(model_field.name)}: refers to {label} pk={error.args[0]}, "
                    "which is not in the plan directory"
                ) from None
        else:
            objects = list(target.objects.filter(pk__in=pks))
            missing = set(pks) - {obj.pk for obj in objects}
            if missing:
                raise PlanLoadError(
                    f"{record.where(model_field.name)}: no {label} with pk {', '.join(map(str, sorted(missing)))}"
                )
        limit = model_field.remote_field.limit_choices_to
        if limit:
            wrong = [obj for obj in objects if not target.objects.filter(pk=obj.pk, **limit).exists()]
            if wrong:
                raise PlanLoadError(f"{record.where(model_field.name)}: {wrong[0]} is not a valid choice here")
        getattr(instance, model_field.name).set(objects)

    def _history_baseline(self):
        for instance in self.created:
            del instance.skip_history_when_saving
            records = _history_records(type(instance))
            if records is not None:
                instance._change_reason = self.reason
                records.create_historical_record(instance, "+")


def _plan_summary(plan) -> dict:
    """What 'the same plan' means for idempotency: its own fields and every row under it, as text."""

    def rows(queryset, *names):
        return sorted(tuple(str(value) for value in row) for row in queryset.values_list(*names))

    return {
        "plan": [plan.title, plan.period, plan.dated, plan.vision, plan.introduction],
        "survey": rows(plan.survey_results.all(), "order", "area", "response_percent", "response_count"),
        "priorities": rows(Priority.objects.filter(plan=plan), "order", "code", "title", "narrative"),
        "objectives": rows(Objective.objects.filter(priority__plan=plan), "priority__code", "order", "what"),
        "actions": rows(
            Action.objects.filter(objective__priority__plan=plan),
            "reference",
            "how",
            "responsible_leads",
            "outcomes",
            "timescale",
        ),
        "core": rows(plan.core_priorities.all(), "order", "title"),
    }


@transaction.atomic
def plan_load_directory(*, directory, reason=None) -> LoadResult:
    """Load a plan directory all-or-nothing (see the module docstring). Raises PlanLoadError naming the fault."""
    directory = Path(directory)
    records = read_plan_directory(directory)
    board_record = _single(records, "plans.board", directory)
    plan_record = _single(records, "plans.businessplan", directory)
    board_slug, plan_slug = board_record.fields.get("slug"), plan_record.fields.get("slug")

    existing = BusinessPlan.objects.filter(board__slug=board_slug, slug=plan_slug).select_related("board").first()
    if existing is not None:
        return _compare_with_existing(existing, records, directory)

    loader = _Loader(records, reason or f"Loaded from {directory.name}")
    loader.load()
    plan = loader.new[("plans.businessplan", plan_record.pk)]
    board = loader.new[("plans.board", board_record.pk)]

    quarters_create_for_plan(plan=plan)
    counts = {}
    for instance in loader.created:
        label = instance._meta.label_lower
        counts[label] = counts.get(label, 0) + 1
    return LoadResult(board=board, plan=plan, created=True, counts=counts)


def _compare_with_existing(existing, records, directory):
    """Twice = once: load the files into a savepoint that is rolled back, and compare them with what is there."""
    sid = transaction.savepoint()
    try:
        # A scratch copy under a scratch board slug: the comparison runs on real rows with the same validation.
        scratch = []
        for record in records:
            fields = dict(record.fields)
            if record.label == "plans.board":
                fields.update(slug="load-plan-scratch", name=f"{fields.get('name')} (comparison)")
            scratch.append(Record(record.path, record.label, record.pk, fields))
        loader = _Loader(scratch, "comparison")
        loader.load()
        plan_pk = next(r.pk for r in records if r.label == "plans.businessplan")
        candidate = loader.new[("plans.businessplan", plan_pk)]
        wanted, current = _plan_summary(candidate), _plan_summary(existing)
    finally:
        transaction.savepoint_rollback(sid)
    if wanted != current:
        section = next(name for name in wanted if wanted[name] != current[name])
        raise PlanLoadError(
            f"{directory}: {existing.board.name} already has plan {existing.slug!r} and it differs from these files "
            f"(first difference in {section}); nothing was changed. Load the new version under another plan slug."
        )
    return LoadResult(board=existing.board, plan=existing, created=False)
