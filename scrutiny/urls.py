from django.urls import path

from . import views

app_name = "scrutiny"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("new/", views.entry_raise, name="entry_raise"),
    path("<int:pk>/", views.entry_detail, name="entry_detail"),
    path("<int:pk>/respond/", views.entry_respond, name="entry_respond"),
    path("<int:pk>/outcome/", views.entry_close, name="entry_close"),
]
