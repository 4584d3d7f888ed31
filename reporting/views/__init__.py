"""Views of the reporting app, one module per concern: quarters (open, close, reopen, the review's sign-off), dashboard
(the quarterly dashboard and its action lists), challenges (BMG challenges on an action), indicators (the performance
dataset), packs (the board pack downloads) and boards (the platform operator's view across boards). Shared lookups and
role groups are in common."""
