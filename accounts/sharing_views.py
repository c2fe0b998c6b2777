"""A patient's control over sharing their data with a therapist: grant (a separate, unticked
consent step, stored with its wording version), revoke (a confirmation step, then effective at
once) and "who has seen my data" (the access log rows about this patient, by day)."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import (
    SHARING_WORDING,
    SHARING_WORDING_VERSION,
    AccessAction,
    AccessLog,
    CareRelationship,
    SharingConsent,
)
from accounts.sharing_forms import SharingConsentForm
from accounts.views import patient_required

PANEL = "accounts/_sharing_panel.html"

# What an access log row's page showed of the patient, from its path (the admin's pages, see
# accounts.admin_scoping): the first fragment found, else the client pages themselves.
ACCESS_PARTS = (
    ("/tracker/entry/", "check-ins"),
    ("/tracker/goal/", "goals"),
    ("/education/lessonprogress/", "lesson progress"),
    ("/education/quizattempt/", "quiz results"),
    ("/education/assignment/", "assignments"),
)
CLIENT_PAGES = {
    AccessAction.VIEW: "looked at your progress overview",
    AccessAction.LIST: "saw your name and summary in their list of clients",
    AccessAction.EXPORT: "downloaded their list of clients, with your lesson progress",
}
OTHER_PAGES = {
    AccessAction.VIEW: "looked at your {part}",
    AccessAction.LIST: "saw your {part} in a list",
    AccessAction.EXPORT: "downloaded your {part}",
}


def access_words(action, path):
    """What a therapist did, in words: "looked at your check-ins"."""
    part = next((part for fragment, part in ACCESS_PARTS if fragment in path), None)
    if part is None:
        return CLIENT_PAGES.get(action, "looked at your progress overview")
    return OTHER_PAGES.get(action, "looked at your {part}").format(part=part)


def who_has_seen(patient):
    """The access log rows about `patient` only, by day (newest first), then therapist and part:
    [{"day", "looks": [{"therapist", "what", "times"}]}]. One query."""
    rows = (
        AccessLog.objects.filter(client=patient)
        .annotate(day=TruncDate("at"))
        .values("day", "therapist__full_name", "therapist__email", "action", "path")
        .annotate(times=Count("pk"))
        .order_by("-day", "therapist__full_name", "action", "path")
    )
    days = {}
    for row in rows:
        name = (
            row["therapist__full_name"] or row["therapist__email"] or "A therapist whose account was closed"
        )
        key = (name, access_words(row["action"], row["path"]))
        looks = days.setdefault(row["day"], {})
        looks[key] = looks.get(key, 0) + row["times"]
    return [
        {
            "day": day,
            "looks": [
                {"therapist": name, "what": what, "times": times} for (name, what), times in looks.items()
            ],
        }
        for day, looks in days.items()
    ]


def sharing_context(patient, form=None):
    """A consent shows whether it is in use: a therapist sees a client only while their care
    link is active too, so after the link ends the patient is told the therapist can no longer
    see their progress (the consent stays theirs to withdraw)."""
    care_active = CareRelationship.objects.active().filter(
        therapist=OuterRef("therapist"), client=OuterRef("patient")
    )
    return {
        "consents": patient.sharing_consents.active()
        .select_related("therapist")
        .annotate(care_active=Exists(care_active)),
        "sharing_form": form or SharingConsentForm(patient=patient),
        "sharing_wording": SHARING_WORDING,
        "sharing_wording_version": SHARING_WORDING_VERSION,
    }


def get_active_consent_for_patient(request, pk):
    """The patient's own active consent, or 404 (never another patient's)."""
    return get_object_or_404(SharingConsent.objects.active().for_patient(request.user), pk=pk)


def _respond(request, form=None, status=200):
    if request.htmx:
        return render(request, PANEL, sharing_context(request.user, form), status=status)
    context = {**sharing_context(request.user, form), "seen_by_day": who_has_seen(request.user)}
    return render(request, "accounts/sharing.html", context, status=status)


@require_safe
@patient_required
def sharing(request):
    return _respond(request)


@require_POST
@patient_required
def sharing_grant(request):
    form = SharingConsentForm(request.POST, patient=request.user)
    if not form.is_valid():
        # 422 with and without htmx: base.html's htmx-config swaps it, so the errors show in place.
        return _respond(request, form, status=422)
    therapist = form.cleaned_data["therapist"]
    try:
        with transaction.atomic():
            SharingConsent.objects.create(
                patient=request.user,
                therapist=therapist,
                wording_version=form.cleaned_data["wording_version"],
            )
    except IntegrityError:
        pass  # a double click: the consent is already active
    messages.success(request, f"{therapist.get_full_name()} can now follow your progress.")
    if request.htmx:
        # The whole page again, with the message and "who has seen my data" (errors stay in place).
        return HttpResponseClientRedirect(reverse("accounts:sharing"))
    return redirect("accounts:sharing")


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def sharing_revoke(request, pk):
    """GET: "Are you sure?" (what stops, what stays); POST: sharing stops at once, with a message."""
    consent = get_active_consent_for_patient(request, pk)
    if request.method != "POST":
        return render(request, "accounts/sharing_revoke.html", {"consent": consent})
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    messages.success(
        request,
        f"You have stopped sharing: {consent.therapist.get_full_name()} can no longer see your progress.",
    )
    return redirect("accounts:sharing")
