from django.urls import path

from . import sso, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("password/", views.ChangePasswordView.as_view(), name="password_change"),
    path("partnership/", views.choose_board, name="choose_board"),
    path("sso/start/", sso.SsoStartView.as_view(), name="sso_start"),
    path("sso/callback/", sso.SsoCallbackView.as_view(), name="sso_callback"),
    path("sso/failed/", views.sso_failed, name="sso_failed"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("password-reset/", views.ResetPasswordView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.ResetPasswordSentView.as_view(), name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetPasswordConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.ResetPasswordCompleteView.as_view(), name="password_reset_complete"),
]
