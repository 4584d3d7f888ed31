"""Template tags shared by every app: RAG tags, error anchors, table wrappers."""

from django import forms, template
from django.utils.html import format_html

register = template.Library()

# Tag colour per status. The word is always printed; colour only reinforces it.
RAG_TAG_CLASSES = {
    "not_started": "govuk-tag--grey",
    "red": "govuk-tag--red",
    "amber": "govuk-tag--orange",
    "green": "govuk-tag--green",
    "complete": "govuk-tag--blue",
}
RAG_LABELS = {
    "not_started": "Not started",
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "complete": "Complete",
}


@register.simple_tag
def rag_tag(value, label=None):
    """A GOV.UK tag with the status word, e.g. <strong class="govuk-tag govuk-tag--red">Red</strong>."""
    value = value or "not_started"
    return format_html(
        '<strong class="govuk-tag app-rag {}">{}</strong>',
        RAG_TAG_CLASSES.get(value, "govuk-tag--grey"),
        label or RAG_LABELS.get(value, value),
    )


@register.filter
def rag_label(value):
    return RAG_LABELS.get(value or "not_started", value)


@register.filter
def error_anchor(bound_field):
    """The id an error summary link should point at: the first option for radios and checkboxes."""
    if bound_field is None or bound_field == "":
        return ""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"
    return bound_field.auto_id


@register.filter
def paragraphs(text):
    """Split stored text on blank lines, for templates that print each paragraph in its own <p>."""
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]
