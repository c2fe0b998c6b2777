"""The dashboard's notices panel (accounts.dashboard): the newest notices, read or unread."""

from notifications.notices import dashboard_notices

DASHBOARD_PANELS = ["notifications/_dashboard_notices.html"]


def dashboard_context(request):
    return dashboard_notices(request.user)
