"""Template tags of the audits app: ratings and return statuses as GOV.UK tags, always with their words."""

from django import template
from django.utils.html import format_html

from ..models import Rating, ReturnStatus

register = template.Library()

RATING_CLASSES = {
    Rating.FULLY_MET: "govuk-tag--green",
    Rating.PARTIALLY_MET: "govuk-tag--orange",
    Rating.NOT_MET: "govuk-tag--red",
}
STATUS_CLASSES = {
    ReturnStatus.DRAFT: "govuk-tag--grey",
    ReturnStatus.SUBMITTED: "govuk-tag--blue",
    ReturnStatus.CHALLENGED: "govuk-tag--orange",
    ReturnStatus.RESUBMITTED: "govuk-tag--light-blue",
    ReturnStatus.ACCEPTED: "govuk-tag--green",
}


@register.simple_tag
def rating_tag(value):
    """<strong class="govuk-tag govuk-tag--orange">Partially met</strong>; "Not rated" when empty."""
    if not value:
        return format_html('<strong class="govuk-tag govuk-tag--grey app-rag">{}</strong>', "Not rated")
    return format_html(
        '<strong class="govuk-tag app-rag {}">{}</strong>', RATING_CLASSES.get(value, ""), Rating(value).label
    )


@register.simple_tag
def return_status_tag(value):
    return format_html(
        '<strong class="govuk-tag app-rag {}">{}</strong>', STATUS_CLASSES.get(value, ""), ReturnStatus(value).label
    )
