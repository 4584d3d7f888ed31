from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="people_list"),
    path("invite/", views.person_invite, name="person_invite"),
    path("<int:pk>/", views.person_edit, name="person_edit"),
    path("<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("<int:pk>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("invitations/<int:pk>/send-again/", views.invitation_send_again, name="invitation_send_again"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
]
