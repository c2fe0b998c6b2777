"""The one way the project sends email: `send_templated_email()`.

Every email (assignment notices, invitations, password reset, reminders, digests) is built from
templates named after it: `<template>_subject.txt`, `<template>.txt` and, when it exists,
`<template>.html`. Callers pass only what the templates need; emails carry no health data
(values, notes, goals).

The reminders issue moves the sending onto the task queue behind this function, so callers do
not change when it does.
"""

import contextlib

from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


def render_email(*, to, template, context, headers=None):
    """The EmailMultiAlternatives for `template` rendered with `context` (not sent)."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=list(to), headers=headers or {})
    with contextlib.suppress(TemplateDoesNotExist):
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_templated_email(*, to, template, context, headers=None):
    """Render and send one email to the addresses in `to`."""
    render_email(to=to, template=template, context=context, headers=headers).send()
