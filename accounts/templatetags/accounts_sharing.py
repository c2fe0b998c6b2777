from django import template

register = template.Library()


@register.inclusion_tag("accounts/_sharing_panel.html", takes_context=True)
def sharing_panel(context):
    """The "sharing with a therapist" section of a patient's details page."""
    from accounts.sharing_views import sharing_context

    user = context["request"].user
    return {"request": context["request"], "csrf_token": context.get("csrf_token"), **sharing_context(user)}
