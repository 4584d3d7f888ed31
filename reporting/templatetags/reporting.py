"""Template tags of the quarterly review, for pages other apps own (the action page)."""

from django import template

from reporting.models import Challenge

register = template.Library()


@register.simple_tag
def action_challenges(action):
    """The action's challenges, newest first, with quarter and author in the same query."""
    if action is None or action.pk is None:
        return []
    return list(Challenge.objects.filter(action=action).select_related("quarter", "author"))
