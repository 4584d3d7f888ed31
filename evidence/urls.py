"""Evidence attached to records of other apps: add (a file or a link), download, remove. No file is ever served from
a public URL (there is no MEDIA_URL route): downloads go through the view, which checks who may see the record."""

from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    # <label> is a registered model ("audits.agencyreturn", evidence/registry.py); anything else is a 404.
    path("add/<str:label>/<int:object_id>/", views.attachment_add, name="add"),
    path("<int:pk>/download/", views.attachment_download, name="download"),
    path("<int:pk>/remove/", views.attachment_remove, name="remove"),
]
