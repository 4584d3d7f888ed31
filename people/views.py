"""People, for the board administrator: who is on the board, with which roles, agency and job title, which of the
plan's leads they are; inviting someone, sending an invitation again or withdrawing it; deactivating an account.
Everything is read and written through the administrator's own board: another board's person is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_for_board, require_board, role_required
from accounts.invitations import (
    InvitationRefused,
    invitation_cancel,
    invitation_resend,
    invitation_send,
)
from accounts.models import Invitation, Membership
from accounts.roles import Role
from plans.models import Lead

from .forms import EditPersonForm, InvitePersonForm
from .services import person_set_active, person_update


def _membership(board, pk):
    return get_for_board(
        Membership.objects.select_related("user", "agency", "board").prefetch_related("roles"),
        board,
        "board",
        user__pk=pk,
    )


@require_http_methods(["GET"])
@role_required(Role.BOARD_ADMIN)
def people_list(request):
    """Everyone on the board (active first), and the invitations that are waiting, expired or withdrawn."""
    board = require_board(request)
    memberships = (
        Membership.objects.filter(board=board)
        .select_related("user", "agency")
        .prefetch_related("roles")
        .order_by("-is_active", "-user__is_active", "user__last_name", "user__first_name")
    )
    leads = {lead.user_id: lead for lead in Lead.objects.filter(board=board, user__isnull=False)}
    people = [
        {
            "membership": membership,
            "user": membership.user,
            "roles": sorted(group.name for group in membership.roles.all()),
            "active": membership.is_active and membership.user.is_active,
            "lead": leads.get(membership.user_id),
        }
        for membership in memberships
    ]
    invitations = (
        Invitation.objects.filter(board=board, accepted_at__isnull=True)
        .select_related("agency", "lead", "invited_by")
        .order_by("cancelled_at", "-sent_at")
    )
    return render(
        request,
        "people/people_list.html",
        {
            "board": board,
            "people": people,
            "active_count": sum(1 for person in people if person["active"]),
            "invitations": invitations,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def person_invite(request):
    board = require_board(request)
    form = InvitePersonForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitation_send(
                board=board,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=data["roles"],
                agency=data["agency"],
                job_title=data["job_title"],
                lead=data["lead"],
                invited_by=request.user,
            )
        except InvitationRefused as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("people:people_list")
    return render(request, "people/person_invite.html", {"board": board, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def person_edit(request, pk):
    board = require_board(request)
    membership = _membership(board, pk)
    user = membership.user
    current_lead = Lead.objects.filter(user=user, board=board).first()
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "job_title": membership.job_title,
        "agency": membership.agency,
        "roles": [group.name for group in membership.roles.all()],
        "lead": current_lead,
        "is_self": user.pk == request.user.pk,
    }
    shared = Membership.objects.filter(user=user).exclude(board=board).exists()
    form = EditPersonForm(request.POST or None, board=board, user=user, initial=initial, shared=shared)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person_update(
            membership=membership,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            job_title=data["job_title"],
            agency=data["agency"],
            roles=data["roles"],
            lead=data["lead"],
        )
        messages.success(request, f"Changes to {user.get_full_name() or user.email} saved")
        return redirect("people:people_list")
    return render(
        request,
        "people/person_edit.html",
        {
            "board": board,
            "form": form,
            "person": user,
            "membership": membership,
            "is_self": initial["is_self"],
            "active": membership.is_active and user.is_active,
            "shared": shared,
        },
    )


def _set_active(request, pk, active: bool):
    board = require_board(request)
    membership = _membership(board, pk)
    if membership.user.pk == request.user.pk:
        raise PermissionDenied("You cannot deactivate your own account.")
    person_set_active(membership=membership, active=active)
    name = membership.user.get_full_name() or membership.user.email
    messages.success(
        request,
        f"{name} can sign in again" if active else f"{name}'s account is deactivated: they can no longer sign in",
    )
    return redirect("people:people_list")


@require_POST
@role_required(Role.BOARD_ADMIN)
def person_deactivate(request, pk):
    return _set_active(request, pk, active=False)


@require_POST
@role_required(Role.BOARD_ADMIN)
def person_reactivate(request, pk):
    return _set_active(request, pk, active=True)


def _invitation(request, pk):
    return get_for_board(Invitation.objects.select_related("board"), require_board(request), "board", pk=pk)


def _on_invitation(request, pk, change, done: str):
    invitation = _invitation(request, pk)
    try:
        change(invitation=invitation)
    except InvitationRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done.format(email=invitation.email))
    return redirect("people:people_list")


@require_POST
@role_required(Role.BOARD_ADMIN)
def invitation_send_again(request, pk):
    return _on_invitation(
        request, pk, invitation_resend, "Invitation sent again to {email}. The earlier link no longer works"
    )


@require_POST
@role_required(Role.BOARD_ADMIN)
def invitation_withdraw(request, pk):
    return _on_invitation(request, pk, invitation_cancel, "Invitation of {email} withdrawn: its link no longer works")
