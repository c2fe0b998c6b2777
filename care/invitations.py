"""Inviting a client by email: a signed, expiring, single-use link to the consent step.

The link carries `signing.dumps({"i": invitation id, "n": nonce})` (salted for this use, so no
other signed value of the project can stand for it). It works while the invitation is open:
not accepted, not withdrawn, not expired (INVITATION_DAYS after it was last sent). Re-sending
draws a new nonce, so only the latest email's link works. Accepting creates the care link
only: the patient is then asked for their consent on the sharing page (unticked, as always),
and the therapist sees nothing of them until they give it.

The therapist is never told whether an account uses the address: the same invitation and the
same message either way.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import CareRelationship
from bonehealth.emails import send_templated_email
from care.models import Invitation

INVITATION_DAYS = 14
SALT = "care.invitation"


class InvalidInvitation(Exception):
    """The link is malformed, tampered with, expired, withdrawn, replaced or already used."""


def invitation_token(invitation):
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=True)


def _new_nonce():
    return secrets.token_hex(16)


def send_invitation_email(request, invitation):
    link = request.build_absolute_uri(reverse("care:invitation", args=[invitation_token(invitation)]))
    send_templated_email(
        to=[invitation.email],
        template="care/invitation_email",
        context={
            "therapist_name": invitation.therapist.get_full_name(),
            "link": link,
            "days": INVITATION_DAYS,
        },
    )


def invite(request, *, therapist, email):
    """Send an invitation to `email` (or re-send the open one to the same address)."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(therapist=therapist, email=email, accepted_at__isnull=True, withdrawn_at__isnull=True)
            .first()
        )
        if invitation is None:
            invitation = Invitation(therapist=therapist, email=email)
        invitation.nonce = _new_nonce()
        invitation.sent_at = now
        invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
        invitation.save()
        transaction.on_commit(lambda: send_invitation_email(request, invitation))
    return invitation


def resend(request, invitation):
    if invitation.accepted_at or invitation.withdrawn_at:
        return False
    invite(request, therapist=invitation.therapist, email=invitation.email)
    return True


def withdraw(invitation):
    if invitation.accepted_at or invitation.withdrawn_at:
        return False
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    return True


def open_invitation(token):
    """The open invitation a link names, or InvalidInvitation."""
    try:
        data = signing.loads(token, salt=SALT)
        invitation = Invitation.objects.select_related("therapist").get(pk=int(data["i"]))
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError, ValueError):
        raise InvalidInvitation from None
    if not secrets.compare_digest(str(data.get("n", "")), invitation.nonce) or not invitation.is_open:
        raise InvalidInvitation
    if not invitation.therapist.is_active:
        raise InvalidInvitation
    return invitation


def accept(token, patient):
    """Use the link: link `patient` with the therapist (care relationship, no consent) and close
    the invitation, all or nothing. InvalidInvitation when the link no longer works."""
    with transaction.atomic():
        invitation = open_invitation(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvalidInvitation
        link = CareRelationship.objects.filter(therapist=invitation.therapist, client=patient).first()
        if link is None:
            try:
                with transaction.atomic():
                    CareRelationship.objects.create(therapist=invitation.therapist, client=patient)
            except IntegrityError:
                pass  # the same link made a moment ago
        elif link.ended is not None and link.ended < timezone.localdate():
            link.ended = None
            link.started = timezone.localdate()
            link.save(update_fields=["ended", "started"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = patient
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation
