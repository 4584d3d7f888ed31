"""The application's URLs plus the two references the benchmark compares against.

- the floor: a bare view returning a few bytes through the production middleware;
- the Django admin changelist of actions, 400 per page with list_select_related, on its own AdminSite so that its
  configuration is the reference's and not whatever the product's admin happens to use.
"""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from bscb.urls import handler403, handler404, handler500  # noqa: F401 (the application's error pages)
from bscb.urls import urlpatterns as app_urlpatterns
from priorities.models import Action


@login_not_required
def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark reference admin"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff


class ReferenceActionAdmin(admin.ModelAdmin):
    list_display = ["reference", "how", "objective", "rag", "due_date", "timescale"]
    list_select_related = ["objective", "objective__priority"]
    list_per_page = 400
    fields = [
        "objective",
        "order",
        "reference",
        "how",
        "responsible_leads",
        "outcomes",
        "timescale",
        "start_date",
        "due_date",
        "timescale_needs_review",
        "timescale_review_note",
    ]
    raw_id_fields = ["objective"]


bench_admin = BenchAdminSite(name="bench_admin")
bench_admin.register(Action, ReferenceActionAdmin)

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/admin/", bench_admin.urls),
    *app_urlpatterns,
]
