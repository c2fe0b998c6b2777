import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from accounts import mfa  # noqa: F401  (connects its user_logged_in receiver)
from accounts.middleware import SESSION_LOGIN_AT
from accounts.security import client_ip

security_log = logging.getLogger("bonehealth.security")


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = timezone.now().timestamp()
    # The user id only: no email, no credentials, no health data in logs.
    security_log.info("login succeeded user_id=%s", user.pk)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    ip = (client_ip(request) if request is not None else None) or "-"
    security_log.warning("login failed ip=%s", ip)
