"""The site's information pages: privacy notice, accessibility statement and contact. Public,
the same for every visitor (no per-user data, so nothing here needs scoping)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe


def _contact_email():
    return settings.CONTACT_EMAIL


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html", {"contact_email": _contact_email()})


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html", {"contact_email": _contact_email()})


@require_safe
def contact(request):
    return render(request, "pages/contact.html", {"contact_email": _contact_email()})
