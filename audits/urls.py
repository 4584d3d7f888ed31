"""Section 11 audit cycles, agencies' returns, moderation, and multi-agency themed audits."""

from django.urls import path

from . import views
from .views import agencies as agency_views
from .views import carried as carried_views
from .views import findings as finding_views
from .views import map_entries as audit_map_views

app_name = "audits"

urlpatterns = [
    path("", views.index, name="index"),
    # Cycles, the compliance overview and the practitioner questionnaire.
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/edit/", views.cycle_update, name="cycle_update"),
    path("cycles/<int:pk>/overview.csv", views.cycle_export, name="cycle_export"),
    path("cycles/<int:pk>/standards/new/", views.standard_create, name="standard_create"),
    path("cycles/<int:pk>/standards/<int:standard_pk>/edit/", views.standard_update, name="standard_update"),
    path("cycles/<int:pk>/questionnaire/", views.questionnaire_answer, name="questionnaire_answer"),
    path("cycles/<int:pk>/questionnaire/results/", views.questionnaire_results, name="questionnaire_results"),
    # Agencies' returns.
    path("returns/", views.return_list, name="return_list"),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("returns/<int:pk>/return.csv", views.return_export, name="return_export"),
    path("returns/<int:pk>/standards/<int:standard_pk>/", views.assessment_update, name="assessment_update"),
    path(
        "returns/<int:pk>/standards/<int:standard_pk>/actions/new/",
        views.improvement_action_create,
        name="improvement_action_create",
    ),
    path(
        "returns/<int:pk>/actions/<int:action_pk>/edit/",
        views.improvement_action_update,
        name="improvement_action_update",
    ),
    path("returns/<int:pk>/submit/", views.return_submit, name="return_submit"),
    path("returns/<int:pk>/challenge/", views.return_challenge, name="return_challenge"),
    path("returns/<int:pk>/accept/", views.return_accept, name="return_accept"),
    path(
        "returns/<int:pk>/standards/<int:standard_pk>/moderate/",
        views.assessment_moderate,
        name="assessment_moderate",
    ),
    # Multi-agency themed audits and the audit map.
    path("themed/", views.themed_list, name="themed_list"),
    path("themed/new/", views.themed_create, name="themed_create"),
    path("themed/<int:pk>/", views.themed_detail, name="themed_detail"),
    path("themed/<int:pk>/edit/", views.themed_update, name="themed_update"),
    path("themed/<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path(
        "themed/<int:pk>/recommendations/<int:recommendation_pk>/edit/",
        views.recommendation_update,
        name="recommendation_update",
    ),
    # Findings (improvement actions and recommendations) as tracked work: the page and its progress updates.
    path(
        "findings/improvement-actions/<int:pk>/",
        finding_views.improvement_action_detail,
        name="finding_improvement_action",
    ),
    path("findings/", finding_views.finding_list, name="finding_list"),
    path("findings/recommendations/<int:pk>/", finding_views.recommendation_detail, name="finding_recommendation"),
    path("audit-map/", views.audit_map, name="audit_map"),
    path("audit-map/new/", views.audit_map_create, name="audit_map_create"),
    # Follow-through (issue 18): agencies added to or removed from an open cycle, carried-forward assessments
    # confirmed, audit map entries edited and removed with their history.
    path("cycles/<int:pk>/agencies/add/", agency_views.cycle_agency_add, name="cycle_agency_add"),
    path("returns/<int:pk>/withdraw/", agency_views.return_withdraw, name="return_withdraw"),
    path(
        "returns/<int:pk>/standards/<int:standard_pk>/confirm/",
        carried_views.assessment_confirm,
        name="assessment_confirm",
    ),
    path("audit-map/<int:pk>/edit/", audit_map_views.audit_map_update, name="audit_map_update"),
    path("audit-map/<int:pk>/remove/", audit_map_views.audit_map_remove, name="audit_map_remove"),
    path("audit-map/<int:pk>/history/", audit_map_views.audit_map_history, name="audit_map_history"),
]
