from django.urls import path

from . import board_views, views

app_name = "onboarding"

urlpatterns = [
    path("", views.plan_setup, name="plan_setup"),
    path("template.xlsx", views.plan_template, name="plan_template"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/<int:pk>/", views.plan_import_job, name="plan_import_job"),
    path("import/<int:pk>/confirm/", views.plan_import_confirm, name="plan_import_confirm"),
    path("import/<int:pk>/cancel/", views.plan_import_cancel, name="plan_import_cancel"),
    path("boards/new/", board_views.board_create_view, name="board_create"),
]
