"""Views of the priorities app, one module per concern: browse (read the plan), plan_pages (the plan overview and the
leads directory, under the `plans:` URL names), updates (leads' status updates), transfer (export and import of
action plans)."""
