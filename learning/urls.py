from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_new, name="review_new"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("<int:pk>/findings/new/", views.finding_add, name="finding_add"),
    path("<int:pk>/recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/progress/", views.recommendation_progress, name="recommendation_progress"),
    path("recommendations/<int:pk>/actions/new/", views.action_add, name="action_add"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("closure-days/", views.closure_days, name="closure_days"),
    path("closure-days/<int:pk>/delete/", views.closure_day_delete, name="closure_day_delete"),
]
