"""The email notice of a new message (issue #20): queued by messaging.services.send_message,
run after a short delay, sent only if the message is still unread. It says only that there is a
new message, with a link: never the content, the sender's words or the context."""

from django.conf import settings
from django_tasks import task

from bonehealth.emails import send_templated_email
from messaging.models import Message
from messaging.services import notice_link


@task()
def notify_if_unread(*, message_id):
    message = (
        Message.objects.filter(pk=message_id, read_at__isnull=True)
        .select_related("conversation__therapist", "conversation__patient")
        .first()
    )
    if message is None or message.conversation.patient is None:
        return "read or gone"
    conversation = message.conversation
    reader = conversation.therapist if message.from_patient else conversation.patient
    if not reader.is_active:
        return "reader inactive"
    send_templated_email(
        to=[reader.email],
        template="messaging/email/new_message",
        context={"first_name": reader.get_short_name(), "link_url": settings.SITE_URL + notice_link(message)},
    )
    return "sent"
