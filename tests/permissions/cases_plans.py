"""Permission cases of the plan pages. Every board role reads its own board's current plan.

The other board's administrator also reads the pages without an object in the URL, but sees their OWN board's
plan there (asserted in tests/plans_pages); a URL naming one of the home board's leads is a 404 for them.
"""

from tests.permissions.case import Case
from tests.world import EVERYONE_ON_BOARD

OWN_PLAN_READERS = EVERYONE_ON_BOARD | {"other_board_admin"}

CASES = [
    Case("plans:overview", OWN_PLAN_READERS),
    Case("plans:core_business", OWN_PLAN_READERS),
    Case("plans:survey", OWN_PLAN_READERS),
    Case("plans:lead_list", OWN_PLAN_READERS),
    Case("plans:lead_detail", EVERYONE_ON_BOARD, kwargs=lambda w: {"pk": w.lead_person.pk}),
    Case("plans:lead_detail", EVERYONE_ON_BOARD, kwargs=lambda w: {"pk": w.group.pk}),
]
