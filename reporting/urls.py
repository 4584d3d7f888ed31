from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("boards/", views.boards_overview, name="boards_overview"),
    path("quarters/", views.quarter_list, name="quarter_list"),
    path("quarters/open-next/", views.quarter_open_next, name="quarter_open_next"),
    path("quarters/<int:pk>/close/", views.quarter_close, name="quarter_close"),
    path("quarters/<int:pk>/reopen/", views.quarter_reopen, name="quarter_reopen"),
    path("quarters/<int:pk>/actions/", views.dashboard_actions, name="dashboard_actions"),
    path("quarters/<int:pk>/actions/<int:action_pk>/challenge/", views.challenge_create, name="challenge_create"),
    path("quarters/<int:pk>/review-done/", views.review_done, name="review_done"),
    path("quarters/<int:pk>/board-pack.pdf", views.board_pack_pdf, name="board_pack_pdf"),
    path("quarters/<int:pk>/board-pack.xlsx", views.board_pack_xlsx, name="board_pack_xlsx"),
    path("quarters/<int:pk>/actions.csv", views.board_pack_csv, name="board_pack_csv"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/quarters/<int:quarter_pk>/", views.indicator_value_edit, name="indicator_value_edit"),
]
