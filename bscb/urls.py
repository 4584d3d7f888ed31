from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from bscb import health, views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="home", permanent=False), name="root"),
    path("home/", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("plan/", include("priorities.plan_urls")),
    path("priorities/", include("priorities.urls")),
    path("reporting/", include("reporting.urls")),
    path("audits/", include("audits.urls")),
    path("budget/", include("budget.urls")),
    path("onboarding/", include("onboarding.urls")),
    path("people/", include("people.urls")),
    path("core-business/", include("corebusiness.urls")),
    path("notifications/", include("notifications.urls")),
    path("evidence/", include("evidence.urls")),
    path("scrutiny/", include("scrutiny.urls")),
    path("learning/", include("learning.urls")),
    path("yearly-report/", include("annualreport.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "bscb.views.permission_denied"
handler404 = "bscb.views.page_not_found"
handler500 = "bscb.views.server_error"
