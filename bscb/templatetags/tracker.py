"""Template tags shared by every app: RAG tags, error anchors, table wrappers."""

from django import forms, template
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe

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


# A link longer than this is shown shortened (the whole address stays in href): a 330-character address typed into a
# commentary must not widen the page or the board pack's table. CSS (.app-pre-wrap, the pack's .pre) breaks any other
# long word.
TYPED_LINK_CHARS = 60


@register.filter(needs_autoescape=True)
def typed_text(text, autoescape=True):
    """Text a person typed (commentary, challenges, notes): escaped, web and email addresses made into links.

    Django's urlize escapes everything it does not turn into a link and only links http(s), www. and email addresses
    (never javascript:). The text is escaped first, so a typed '<a href="' or 'rel="nofollow"' cannot match the
    replacements below: only the links urlize generated gain the GOV.UK link class and, for web addresses,
    noopener. Line breaks are kept by the CSS class of the element the text is printed in (white-space).
    """
    html = urlize(str(text or ""), trim_url_limit=TYPED_LINK_CHARS, nofollow=True, autoescape=autoescape)
    html = html.replace('<a href="', '<a class="govuk-link" href="')
    return mark_safe(html.replace(' rel="nofollow"', ' rel="nofollow noopener noreferrer"'))  # noqa: S308
