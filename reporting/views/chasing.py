"""Chasing the updates that are missing: the quarter's actions with no update, by lead (a person, or a group with
its members), when each person was last reminded, and a button to remind them now (through the notification record
and the task queue, like the scheduled reminders of priorities/reminders.py). Administrators and BMG members."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required
from priorities.reminders import last_reminded, missing_updates, reminder_queue

from .common import CHALLENGERS, get_quarter


@require_GET
@role_required(*CHALLENGERS)
def missing_updates_page(request, pk):
    quarter = get_quarter(request, pk)
    missing = missing_updates(quarter)
    reminded = last_reminded(quarter, missing.by_user)
    for entry in missing.by_lead:
        entry.people_reminded = [(person, reminded.get(person.pk)) for person in entry.people]
    return render(
        request,
        "reporting/missing_updates.html",
        {
            "quarter": quarter,
            "plan": quarter.plan,
            "missing": missing,
            "people_count": len(missing.by_user),
            "can_remind": quarter.is_open,
        },
    )


@require_POST
@role_required(*CHALLENGERS)
def missing_updates_remind(request, pk):
    """Remind one person (`person` = their user id) or everyone (`person` = "all") about their missing updates.

    At most one reminder from this page per person per day (the notification record's key), so a double click or
    two BMG members chasing at once send one email.
    """
    quarter = get_quarter(request, pk)
    back = redirect("reporting:missing_updates", pk=quarter.pk)
    if not quarter.is_open:
        messages.error(request, f"{quarter.label} is closed: there is nothing left to chase.")
        return back
    by_user = missing_updates(quarter).by_user
    person = request.POST.get("person", "")
    if person == "all":
        chosen = list(by_user.items())
    else:
        chosen = [(user, actions) for user, actions in by_user.items() if str(user.pk) == person]
        if not chosen:
            messages.error(request, "That person has no missing update to be reminded about.")
            return back
    today = timezone.localdate().isoformat()
    sent, already = [], []
    for user, actions in chosen:
        key = f"update-reminder:{quarter.pk}:manual:{user.pk}:{today}"
        notification = reminder_queue(user=user, quarter=quarter, actions=actions, stage="manual", dedupe_key=key)
        (sent if notification else already).append(user.get_full_name() or user.get_username())
    if sent:
        messages.success(request, f"Reminder queued for {', '.join(sent)}. It is on its way by email.")
    if already:
        messages.info(request, f"Already reminded from this page today: {', '.join(already)}.")
    return back
