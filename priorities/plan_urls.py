"""The plan pages, namespace `plans:` at /plan/ (bscb/urls.py).

The namespace spans two floors: the pages that read the plan alone are in plans/views.py, those that summarise the
priorities in priorities/views/plan_pages.py; so its URLconf stands on the priorities floor, the higher of the two.
"""

from django.urls import path

from plans import views as plan_views

from .views import lead_admin, plan_pages

app_name = "plans"

urlpatterns = [
    path("", plan_pages.overview, name="overview"),
    path("core-business/", plan_views.core_business, name="core_business"),
    path("survey/", plan_views.survey, name="survey"),
    path("leads/", plan_pages.lead_list, name="lead_list"),
    path("leads/<int:pk>/", plan_pages.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/change/", lead_admin.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/merge/", lead_admin.lead_merge_view, name="lead_merge"),
    path("leads/<int:pk>/remove/", lead_admin.lead_remove_view, name="lead_remove"),
]
