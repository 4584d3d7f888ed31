from django.urls import path

from .views import downloads, pages

app_name = "annualreport"

urlpatterns = [
    path("", pages.report_list, name="report_list"),
    path("new/", pages.report_start, name="report_start"),
    path("<int:pk>/", pages.report_detail, name="report_detail"),
    path("<int:pk>/easy-read/", pages.easy_read_edit, name="easy_read_edit"),
    path("<int:pk>/pdf/", downloads.report_pdf, name="report_pdf"),
    path("<int:pk>/docx/", downloads.report_docx, name="report_docx"),
    path("<int:pk>/sign-off/", pages.sign_off, name="sign_off"),
    path("<int:pk>/undo-sign-off/", pages.undo_sign_off, name="undo_sign_off"),
    path("<int:pk>/sections/<slug:key>/", pages.section_edit, name="section_edit"),
    path("<int:pk>/sections/<slug:key>/history/", pages.section_history, name="section_history"),
]
