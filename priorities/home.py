"""The lead's section of the home page (bscb/home.py): what needs their update this quarter, and challenges to
answer. Shown to anyone who leads actions and holds another role too (a lead with no other role goes straight to My
actions, which is the same list in full)."""

from django.db.models import Exists, OuterRef

from plans.models import Quarter

from .models import Rag, StatusUpdate
from .notices import notices_for
from .rules import actions_led_by


def my_actions_section(request, board):
    if board is None:
        return None
    # This board's open quarters (an update's quarter is always of its action's plan): "any open quarter" let
    # PostgreSQL read every board's open-quarter updates into a hash, a cost growing with other boards (issue 19).
    open_quarters = Quarter.objects.filter(plan__board=board, state=Quarter.State.OPEN).values("pk")
    updated = StatusUpdate.objects.filter(action=OuterRef("pk"), quarter__in=open_quarters)
    actions = list(actions_led_by(request.user).annotate(updated_this_quarter=Exists(updated)))
    if not actions:
        return None
    quarter = Quarter.objects.filter(plan__board=board, plan__is_current=True, state=Quarter.State.OPEN).first()
    due = [a for a in actions if quarter and not a.updated_this_quarter and a.rag != Rag.COMPLETE]
    notices = notices_for(actions)
    return {"actions": actions, "due": due, "quarter": quarter, "challenged": len(notices)}
