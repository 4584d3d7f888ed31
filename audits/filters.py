"""Filters of the audits app."""

import django_filters

from plans.models import Agency

from .models import SingleAgencyAudit


class SingleAgencyAuditFilter(django_filters.FilterSet):
    """The audit map filtered by agency; only the board's own agencies are offered."""

    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.none(), empty_label="All agencies")

    class Meta:
        model = SingleAgencyAudit
        fields = ["agency"]

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = Agency.objects.filter(board=board).order_by("name")
