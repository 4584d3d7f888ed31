from django.urls import path

from .views import boards, challenges, chasing, dashboard, indicators, packs, quarters

app_name = "reporting"

urlpatterns = [
    # The quarterly dashboard and the actions behind its figures (reporting/views/dashboard.py).
    path("", dashboard.dashboard, name="dashboard"),
    path("quarters/<int:pk>/actions/", dashboard.dashboard_actions, name="dashboard_actions"),
    # The platform operator's view across boards (reporting/views/boards.py).
    path("boards/", boards.boards_overview, name="boards_overview"),
    # Quarters: open, close, reopen, and the review's sign-off (reporting/views/quarters.py).
    path("quarters/", quarters.quarter_list, name="quarter_list"),
    path("quarters/open-next/", quarters.quarter_open_next, name="quarter_open_next"),
    path("quarters/<int:pk>/close/", quarters.quarter_close, name="quarter_close"),
    path("quarters/<int:pk>/reopen/", quarters.quarter_reopen, name="quarter_reopen"),
    path("quarters/<int:pk>/deadline/", quarters.quarter_deadline, name="quarter_deadline"),
    path("quarters/<int:pk>/review-done/", quarters.review_done, name="review_done"),
    path("quarters/<int:pk>/review-undo/", quarters.review_undo, name="review_undo"),
    # Chasing the missing updates (reporting/views/chasing.py).
    path("quarters/<int:pk>/missing-updates/", chasing.missing_updates_page, name="missing_updates"),
    path("quarters/<int:pk>/missing-updates/remind/", chasing.missing_updates_remind, name="missing_updates_remind"),
    # Challenges (reporting/views/challenges.py).
    path("quarters/<int:pk>/actions/<int:action_pk>/challenge/", challenges.challenge_create, name="challenge_create"),
    # The board pack downloads (reporting/views/packs.py).
    path("quarters/<int:pk>/board-pack/", packs.board_pack_preview, name="board_pack_preview"),
    path("quarters/<int:pk>/board-pack.pdf", packs.board_pack_pdf, name="board_pack_pdf"),
    path("quarters/<int:pk>/board-pack/retry/", packs.board_pack_retry, name="board_pack_retry"),
    path("quarters/<int:pk>/board-pack.xlsx", packs.board_pack_xlsx, name="board_pack_xlsx"),
    path("quarters/<int:pk>/actions.csv", packs.board_pack_csv, name="board_pack_csv"),
    # The performance dataset (reporting/views/indicators.py).
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("indicators/new/", indicators.indicator_create, name="indicator_create"),
    path("indicators/plan-indicators/", indicators.indicator_seed, name="indicator_seed"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/change/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/remove/", indicators.indicator_retire, name="indicator_retire"),
    path("indicators/<int:pk>/restore/", indicators.indicator_restore, name="indicator_restore"),
    path(
        "indicators/<int:pk>/quarters/<int:quarter_pk>/", indicators.indicator_value_edit, name="indicator_value_edit"
    ),
]
