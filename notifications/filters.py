import django_filters
from django.db.models import Q

from .models import Notification


class NotificationFilter(django_filters.FilterSet):
    """The board's emails by kind, by status, and by words of the address, name or subject."""

    kind = django_filters.ChoiceFilter(choices=Notification.Kind.choices, empty_label="All kinds")
    status = django_filters.ChoiceFilter(choices=Notification.Status.choices, empty_label="Any status")
    q = django_filters.CharFilter(method="search", label="Address, name or subject contains")

    class Meta:
        model = Notification
        fields = ["kind", "status"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(email__icontains=value)
            | Q(subject__icontains=value)
            | Q(recipient__first_name__icontains=value)
            | Q(recipient__last_name__icontains=value)
        )
