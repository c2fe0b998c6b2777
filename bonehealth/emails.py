"""The one way the project sends email: `send_templated_email()`.

Every email (assignment notices, invitations, password reset, reminders, digests) is built from
templates named after it: `<template>_subject.txt`, `<template>.txt` and, when it exists,
`<template>.html`. Callers pass only what the templates need; emails carry no health data
(values, notes, goals).

Nothing is sent on the request path: `send_templated_email()` enqueues the `send_email` task
(Django's task framework, docs/DEPLOY.md "Background work"), which renders and sends in the
worker. So the context must be plain JSON values (strings, numbers, lists, dicts; no model
instances): the task framework refuses anything else at enqueue time, in the caller's test. A
failure (mail server down, a template error) is retried with a growing delay; after
EMAIL_TASK_ATTEMPTS the task is left failed, visible to superusers in the admin with an error that
names the template and the exception class only (never the context).
"""

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """An email task gave up: the message names the template and the error class only."""


def render_email(*, to, template, context, headers=None):
    """The EmailMultiAlternatives for `template` rendered with `context` (not sent)."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=list(to), headers=headers or {})
    with contextlib.suppress(TemplateDoesNotExist):
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_templated_email(*, to, template, context, headers=None):
    """Queue one email to the addresses in `to`; the worker renders and sends it."""
    return send_email.enqueue(to=list(to), template=template, context=context, headers=headers or {})


def retry_delay(attempt):
    """How long to wait before try number `attempt + 1`: 1, 4, 16 minutes..."""
    return timedelta(minutes=4 ** (attempt - 1))


@task()
def send_email(*, to, template, context, headers, attempt=1):
    """Render and send one email; on failure queue the next try, or give up after the last."""
    try:
        render_email(to=to, template=template, context=context, headers=headers).send()
    except Exception as exc:
        error = type(exc).__name__
        if attempt >= settings.EMAIL_TASK_ATTEMPTS:
            logger.error("email %s not sent, giving up after %s attempts: %s", template, attempt, error)
            # `from None`: the stored traceback stops here, without the context's values.
            raise EmailNotSent(f"{template} not sent after {attempt} attempts ({error})") from None
        logger.warning("email %s not sent (attempt %s): %s; trying again later", template, attempt, error)
        retry = send_email
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(to=to, template=template, context=context, headers=headers, attempt=attempt + 1)
        return "retrying"
    return "sent"
