"""Changing the email address: asked for with the current password, confirmed from the new
address, and only then changed.

No table holds the request. The link emailed to the new address carries a signed, timestamped
token (django.core.signing) with the user's id, the new address and a fingerprint of the
account's current state (its email address and password hash). The link therefore
- cannot be forged or edited (signed with SECRET_KEY under its own salt),
- expires after EMAIL_CHANGE_MAX_AGE seconds,
- works once: after the change the account's email is different, so the fingerprint no longer
  matches; a password change in between also cancels it.
The old address gets a notice when the change is asked for, so an owner who did not ask knows.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.forms import email_taken
from accounts.models import User
from bonehealth.emails import send_templated_email

EMAIL_CHANGE_SALT = "accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 24 * 3600  # the link works for a day


class EmailChangeError(Exception):
    """The link cannot change the address; `reason` says why, for the page."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class EmailChange:
    user_id: int
    new_email: str


def _fingerprint(user) -> str:
    return salted_hmac(EMAIL_CHANGE_SALT, f"{user.pk}:{user.email}:{user.password}").hexdigest()[:32]


def make_token(user, new_email) -> str:
    return signing.dumps({"u": user.pk, "e": new_email, "s": _fingerprint(user)}, salt=EMAIL_CHANGE_SALT)


def read_token(token) -> tuple[EmailChange, str]:
    """The change a token asks for and the fingerprint it was made with; EmailChangeError for a
    link that was tampered with or has expired."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise EmailChangeError("expired") from error
    except signing.BadSignature as error:
        raise EmailChangeError("invalid") from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("e"), str):
        raise EmailChangeError("invalid")
    return EmailChange(user_id=data["u"], new_email=data["e"]), str(data.get("s", ""))


def still_valid(user, fingerprint) -> bool:
    """Whether the account is as it was when the link was made (not used, no new password)."""
    return constant_time_compare(_fingerprint(user), fingerprint)


def request_email_change(request, *, user, new_email):
    """Email the confirmation link to `new_email` and a notice to the current address.

    An address that another account already uses gets a different email (it says so to that
    address's owner), and the page answers the same either way, so the form cannot be used to
    find out who has an account."""
    context = {"new_email": new_email, "old_email": user.email}  # plain values: the email is a task
    if email_taken(new_email, exclude_pk=user.pk):
        send_templated_email(
            to=[new_email],
            template="registration/email_change_taken",
            context={**context, "login_url": request.build_absolute_uri(reverse("accounts:login"))},
        )
    else:
        link = reverse("accounts:email_change_confirm", args=[make_token(user, new_email)])
        send_templated_email(
            to=[new_email],
            template="registration/email_change_confirm",
            context={**context, "confirm_url": request.build_absolute_uri(link)},
        )
    send_templated_email(
        to=[user.email],
        template="registration/email_change_notice",
        context={**context, "password_url": request.build_absolute_uri(reverse("accounts:password_change"))},
    )


@transaction.atomic
def confirm_email_change(*, user, change, fingerprint):
    """Change the address, if the link is still good; returns the old address.

    The user row is locked while checking, so two clicks on one link change it once."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not still_valid(locked, fingerprint):
        raise EmailChangeError("used")
    if email_taken(change.new_email, exclude_pk=locked.pk):
        raise EmailChangeError("taken")
    old_email = locked.email
    locked.email = change.new_email
    locked.save(update_fields=["email"])
    user.email = locked.email
    return old_email
