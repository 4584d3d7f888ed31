"""The board's budget per financial year: partner contributions, commitments and quarterly monitoring."""

from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.budget_list, name="budget_list"),
    path("new/", views.budget_create, name="budget_create"),
    path("<int:pk>/", views.budget_detail, name="budget_detail"),
    path("<int:pk>/edit/", views.budget_update, name="budget_update"),
    path("<int:pk>/next-year/", views.budget_next_year, name="budget_next_year"),
    path("<int:pk>/history/", views.budget_history, name="budget_history"),
    path("<int:pk>/export.csv", views.budget_export_csv, name="budget_export_csv"),
    path("<int:pk>/export.xlsx", views.budget_export_xlsx, name="budget_export_xlsx"),
    path("<int:pk>/contributions/add/", views.income_line_create, name="income_line_create"),
    path("contributions/<int:pk>/edit/", views.income_line_update, name="income_line_update"),
    path("contributions/<int:pk>/remove/", views.income_line_delete, name="income_line_delete"),
    path("<int:pk>/commitments/add/", views.commitment_line_create, name="commitment_line_create"),
    path("commitments/<int:pk>/edit/", views.commitment_line_update, name="commitment_line_update"),
    path("commitments/<int:pk>/remove/", views.commitment_line_delete, name="commitment_line_delete"),
    path("<int:pk>/quarters/<int:quarter_pk>/", views.monitoring_detail, name="monitoring_detail"),
    path("<int:pk>/quarters/<int:quarter_pk>/edit/", views.monitoring_update, name="monitoring_update"),
]
