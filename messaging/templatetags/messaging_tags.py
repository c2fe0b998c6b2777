from django import template

from messaging.models import Message

register = template.Library()


@register.simple_tag
def unread_message_count(user):
    """The patient's unread messages from their therapists (one COUNT, for the menu)."""
    return Message.objects.filter(patient=user, from_patient=False, read_at__isnull=True).count()
