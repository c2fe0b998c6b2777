"""Signing up: the one multi-step write of the accounts app that a visitor starts.

Signup answers the same way whether or not the address already has an account (no account
enumeration, issue #15 item 12): a new address gets its account and a welcome email; an address
that has one gets an email telling its owner, and nothing else changes. Two signups with one
address at the same moment (a double click) meet the database's unique constraint: the loser is
treated like any signup for an existing address, never a 500 and never a log line with the
address (issue #15 item 9).
"""

import logging

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Role, User, normalise_email
from bonehealth.emails import send_templated_email

security_log = logging.getLogger("bonehealth.security")


def sign_up(*, request, full_name, email, password):
    """Create the patient account for `email`, or tell the owner of an existing one. Returns the
    new user, or None when the address was taken (the caller answers both the same way)."""
    email = normalise_email(email)
    links = {
        "login_url": request.build_absolute_uri(reverse("accounts:login")),
        "reset_url": request.build_absolute_uri(reverse("accounts:password_reset")),
    }
    if User.objects.with_email(email).exists():
        make_password(password)  # the same work as a real signup, so the timing tells nothing
        _tell_owner(email, links)
        return None
    user = User(email=email, full_name=full_name, role=Role.PATIENT)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Another request created this address a moment ago.
        security_log.info("signup for an existing address (concurrent)")
        _tell_owner(email, links)
        return None
    security_log.info("signup user_id=%s", user.pk)
    send_templated_email(
        to=[email], template="accounts/email/welcome", context={"full_name": full_name, **links}
    )
    return user


def _tell_owner(email, links):
    security_log.info("signup for an existing address")
    send_templated_email(to=[email], template="accounts/email/signup_existing", context=links)
