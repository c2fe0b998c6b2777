"""Who may use the workspace and which client they may open: the one scoped fetch per object.

Every page is for therapists (editors and superusers have no caseload: a 403); a client is
one of `User.objects.clients_of(therapist)` or a 404, as if they did not exist; a session note
is one the therapist wrote, or a 404; an invitation is one they sent, or a 404.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.admin_scoping import is_therapist_user
from accounts.models import User
from care.models import Invitation, SessionNote


def therapist_required(view):
    """For views registered through the admin site (admin_view: logged in, staff, two-step
    verified): only therapists go further."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_therapist_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_client_for_therapist(request, client_id, queryset=None):
    """One of the therapist's clients, or a 404 (another therapist's client, a patient who
    stopped sharing, a made-up id)."""
    queryset = User.objects.clients_of(request.user) if queryset is None else queryset
    try:
        return queryset.get(pk=int(client_id))
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client.") from None


def get_note_for_author(request, note_id):
    """A session note the therapist wrote, about a client they may still see; or a 404."""
    note = (
        SessionNote.objects.written_by(request.user)
        .filter(pk=note_id, client__in=User.objects.clients_of(request.user))
        .select_related("client")
        .first()
    )
    if note is None:
        raise Http404("No such note.")
    return note


def get_invitation_for_sender(request, invitation_id):
    invitation = Invitation.objects.sent_by(request.user).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation
