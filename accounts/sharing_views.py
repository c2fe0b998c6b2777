"""A patient's control over sharing their data with a therapist: grant (a separate, unticked
consent step, stored with its wording version) and revoke (one action, effective at once)."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.models import SHARING_WORDING, SHARING_WORDING_VERSION, CareRelationship, SharingConsent
from accounts.sharing_forms import SharingConsentForm
from accounts.views import patient_required

PANEL = "accounts/_sharing_panel.html"


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
    return render(request, "accounts/sharing.html", sharing_context(request.user, form), status=status)


@require_safe
@patient_required
def sharing(request):
    return _respond(request)


@require_POST
@patient_required
def sharing_grant(request):
    form = SharingConsentForm(request.POST, patient=request.user)
    if not form.is_valid():
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
        return _respond(request)
    return redirect("accounts:profile")


@require_POST
@patient_required
def sharing_revoke(request, pk):
    consent = get_active_consent_for_patient(request, pk)
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    messages.success(request, f"{consent.therapist.get_full_name()} can no longer see your progress.")
    if request.htmx:
        return _respond(request)
    return redirect("accounts:profile")
