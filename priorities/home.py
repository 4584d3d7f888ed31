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
    updated = StatusUpdate.objects.filter(
        action=OuterRef("pk"), quarter__state=Quarter.State.OPEN, quarter__plan=OuterRef("objective__priority__plan")
    )
    actions = list(actions_led_by(request.user).annotate(updated_this_quarter=Exists(updated)))
    if not actions:
        return None
    quarter = Quarter.objects.filter(plan__board=board, plan__is_current=True, state=Quarter.State.OPEN).first()
    due = [a for a in actions if quarter and not a.updated_this_quarter and a.rag != Rag.COMPLETE]
    notices = notices_for(actions)
    return {"actions": actions, "due": due, "quarter": quarter, "challenged": len(notices)}
