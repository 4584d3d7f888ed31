"""Evidence lists on other apps' pages: `{% include "evidence/_attachments.html" with record=x %}`.

A page that lists many records (a return's standards and actions, an action's status history) first loads all their
attachments in one query, so that each include costs none:

    {% load evidence_tags %}
    {% evidence_preload agency_return assessments also="actions" %}

Arguments are records or iterables of records; `also` names a prefetched relation of the iterables' records whose
records are loaded as well.
"""

from types import SimpleNamespace

from django import template
from django.urls import reverse

from accounts.access import board_of

from ..registry import target_for
from ..selectors import attachments_for, record_key

register = template.Library()

PRELOADED = "_evidence_preloaded"  # context variable: {(content type id, object id): [attachment, ...]}


def _records(values, also):
    for value in values:
        if value is None or value == "":
            continue
        if hasattr(value, "_meta"):  # one record
            yield value
            continue
        for item in value:  # records, and their `also` (prefetched: no query)
            yield item
            if also:
                yield from getattr(item, also).all()


@register.simple_tag(takes_context=True)
def evidence_preload(context, *values, also=""):
    request = context.get("request")
    if request is None:
        return ""
    records = list(_records(values, also))
    found = dict(context.get(PRELOADED) or {})
    loaded = attachments_for(board_of(request.user), records)
    for record in records:
        found[record_key(record)] = loaded.get(record_key(record), [])
    context[PRELOADED] = found
    return ""


@register.simple_tag(takes_context=True)
def evidence_for(context, record):
    """What the list shows for one record: nothing when its model is not registered or the user may not see its
    evidence; else its attachments (preloaded, or one query), whether the user may add, and the add link."""
    request = context.get("request")
    target = target_for(record) if record else None
    if request is None or target is None or not target.can_view(request.user, record):
        return None
    preloaded = context.get(PRELOADED) or {}
    key = record_key(record)
    if key not in preloaded:  # a page that did not preload: one query for this record
        preloaded = attachments_for(board_of(request.user), [record])
    attachments = preloaded.get(key, [])
    can_add = target.can_add(request.user, record)
    return SimpleNamespace(
        attachments=attachments,
        can_add=can_add,
        add_url=reverse("evidence:add", kwargs={"label": target.label, "object_id": record.pk}) if can_add else "",
        describe=target.describe(record),
    )
