"""Views of the priorities app, one module per concern: browse (read the plan), updates (leads' status updates),
transfer (export and import of action plans)."""
