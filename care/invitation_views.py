"""Invitations: the therapist's list (send, re-send, withdraw) in the admin, and the page the
emailed link opens for the invited patient (care.invitations for the rules)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from care import invitations
from care.access import get_invitation_for_sender, therapist_required
from care.forms import InvitationForm
from care.models import Invitation
from care.views import page_context

# --- the therapist's side (admin) -------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@therapist_required
def invitation_list(request):
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        invitations.invite(request, therapist=request.user, email=email)
        # The same words whether or not an account uses the address.
        messages.success(
            request, f"Invitation sent to {email}. The link works for {invitations.INVITATION_DAYS} days."
        )
        return redirect("admin:care_invitations")
    context = page_context(
        request,
        "Invitations",
        form=form,
        invitations=list(Invitation.objects.sent_by(request.user)[:200]),
        days=invitations.INVITATION_DAYS,
    )
    return TemplateResponse(request, "care/invitations.html", context, status=422 if form.errors else 200)


@require_POST
@therapist_required
def invitation_resend(request, invitation_id):
    invitation = get_invitation_for_sender(request, invitation_id)
    if invitations.resend(request, invitation):
        messages.success(
            request, f"Invitation sent again to {invitation.email}; the earlier link no longer works."
        )
    else:
        messages.error(request, "This invitation was accepted or withdrawn: send a new one instead.")
    return redirect("admin:care_invitations")


@require_POST
@therapist_required
def invitation_withdraw(request, invitation_id):
    invitation = get_invitation_for_sender(request, invitation_id)
    if invitations.withdraw(invitation):
        messages.success(request, f"Invitation to {invitation.email} withdrawn: its link no longer works.")
    else:
        messages.error(request, "This invitation was already accepted or withdrawn.")
    return redirect("admin:care_invitations")


# --- the invited patient's side ---------------------------------------------------------------


def _invalid(request):
    return render(request, "care/invitation_invalid.html", status=404)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    try:
        found = invitations.open_invitation(token)
    except invitations.InvalidInvitation:
        return _invalid(request)
    here = reverse("care:invitation", args=[token])
    if request.method == "POST":
        return _accept(request, token, here)
    context = {
        "therapist_name": found.therapist.get_full_name(),
        "here": here,
        "is_patient": request.user.is_authenticated and request.user.role == Role.PATIENT,
    }
    return render(request, "care/invitation.html", context)


@login_required
def _accept(request, token, here):
    if request.user.role != Role.PATIENT:
        messages.error(request, "Open the invitation with a patient account: log out first.")
        return redirect(here)
    try:
        accepted = invitations.accept(token, request.user)
    except invitations.InvalidInvitation:
        return _invalid(request)
    messages.success(
        request,
        f"You are linked with {accepted.therapist.get_full_name()}. They see nothing of your progress "
        "unless you agree below.",
    )
    return redirect("accounts:sharing")
