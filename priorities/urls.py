from django.urls import path

from .views import browse, transfer, updates

app_name = "priorities"

# Reading the plan: priority pages, action pages, the filtered action list (priorities/views/browse.py).
browse_patterns: list = [
    path("actions/", browse.action_list, name="action_list"),
    path("actions/<int:pk>/", browse.action_detail, name="action_detail"),
]
# The priority page's <slug> would swallow any other one-segment path ("my-actions/", "export/"), so it is matched
# after every other section.
priority_patterns: list = [path("<slug:slug>/", browse.priority_detail, name="priority_detail")]

# Leads' status updates: my actions, the update form (priorities/views/updates.py).
update_patterns: list = [
    path("my-actions/", updates.my_actions, name="my_actions"),
    path("actions/<int:pk>/update/", updates.action_update, name="action_update"),
]

# Export and import of action plans (priorities/views/transfer.py).
transfer_patterns: list = [
    path("export/action-plan.xlsx", transfer.action_plan_export_xlsx, name="export_xlsx"),
    path("export/action-plan.csv", transfer.action_plan_export_csv, name="export_csv"),
]

urlpatterns = [*browse_patterns, *update_patterns, *transfer_patterns, *priority_patterns]
