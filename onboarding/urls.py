from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("import/", views.plan_import, name="plan_import"),
    path("import/<int:pk>/done/", views.plan_import_done, name="plan_import_done"),
]
