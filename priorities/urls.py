from django.urls import path  # noqa: F401

app_name = "priorities"

# Reading the plan: priority pages, action pages, the filtered action list (priorities/views/browse.py).
browse_patterns: list = []

# Leads' status updates: my actions, the update form (priorities/views/updates.py).
update_patterns: list = []

# Export and import of action plans (priorities/views/transfer.py).
transfer_patterns: list = []

urlpatterns = [*browse_patterns, *update_patterns, *transfer_patterns]
