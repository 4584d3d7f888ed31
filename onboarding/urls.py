from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("", views.plan_setup, name="plan_setup"),
    path("template.xlsx", views.plan_template, name="plan_template"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/<int:pk>/", views.plan_import_job, name="plan_import_job"),
]
