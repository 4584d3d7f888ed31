from django.urls import path

from . import views

app_name = "corebusiness"

urlpatterns = [
    path("", views.measure_list, name="measure_list"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/update/", views.measure_update, name="measure_update"),
    path("measures/<int:pk>/leads/", views.measure_leads, name="measure_leads"),
]
