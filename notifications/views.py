"""Reminder settings, one-tap check-in, unsubscribe and the notices list's read buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import Role, User
from notifications.forms import ReminderSettingsForm, TherapistDigestForm
from notifications.links import LinkError, read_one_tap_token, read_unsubscribe_token
from notifications.models import Notice, OneTapUse, ReminderSettings
from notifications.notices import dashboard_notices, mark_read
from tracker.services import save_checkin

# Suggestions for the time zone field (any zone of the system's list is accepted).
COMMON_ZONES = [
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Toronto",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Africa/Johannesburg",
]
NOTICES_PAGE = 100
LINK_PROBLEM_STATUS = {"invalid": 400, "expired": 410, "used": 409}


def settings_for(user):
    """The user's reminder settings, or unsaved defaults (every reminder off)."""
    return ReminderSettings.objects.filter(user=user).first() or ReminderSettings(user=user)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def reminder_settings(request):
    form_class = ReminderSettingsForm if request.user.role == Role.PATIENT else TherapistDigestForm
    form = form_class(request.POST if request.method == "POST" else None, instance=settings_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reminder settings have been saved.")
        return redirect("notifications:settings")
    status = 422 if form.errors else 200
    context = {"form": form, "common_zones": COMMON_ZONES}
    return render(request, "notifications/settings.html", context, status=status)


def one_tap_for_link(token):
    """(OneTap, patient) for a valid, unused link, or LinkError."""
    tap = read_one_tap_token(token)
    patient = User.objects.filter(pk=tap.patient_id, role=Role.PATIENT, is_active=True).first()
    if patient is None:
        raise LinkError("invalid")
    if OneTapUse.objects.filter(key=tap.use_key).exists():
        raise LinkError("used")
    return tap, patient


def link_problem(request, reason):
    return render(
        request, "notifications/one_tap_problem.html", {"reason": reason}, status=LINK_PROBLEM_STATUS[reason]
    )


@require_http_methods(["GET", "HEAD", "POST"])
def one_tap(request, token):
    """From a reminder email, without logging in: GET shows one answer and a button (so a link
    scanner saves nothing); the POST saves that one value for that day, once."""
    try:
        tap, patient = one_tap_for_link(token)
    except LinkError as problem:
        return link_problem(request, problem.reason)
    if request.method != "POST":
        return render(request, "notifications/one_tap.html", {"tap": tap})
    try:
        with transaction.atomic():
            OneTapUse.objects.create(patient=patient, key=tap.use_key, day=tap.day)
            save_checkin(patient=patient, day=tap.day, values={tap.field: tap.choice.value})
    except IntegrityError:
        return link_problem(request, "used")  # the same link pressed twice at once
    return render(request, "notifications/one_tap_saved.html", {"tap": tap})


# Mail clients send RFC 8058's one-click POST without a CSRF token; the signed token in the URL
# is what authorises it, and all it can do is turn emails off.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        user_id = read_unsubscribe_token(token)
    except LinkError:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method != "POST":
        return render(request, "notifications/unsubscribe.html", {"token": token})
    ReminderSettings.objects.filter(user=user).update(
        checkin_reminder=False,
        assignment_reminders=False,
        lesson_reminders=False,
        notice_emails=False,
        weekly_digest=False,
    )
    return render(request, "notifications/unsubscribe.html", {"done": True})


def get_notice_for_user(request, pk):
    return get_object_or_404(Notice.objects.for_user(request.user), pk=pk)


@require_safe
@login_required
def notices(request):
    """Every notice of the user's, newest first (staff have no dashboard: this is their list)."""
    return render(
        request,
        "notifications/notices.html",
        {"notices": Notice.objects.for_user(request.user)[:NOTICES_PAGE]},
    )


def notices_response(request):
    if request.htmx:
        # Focus moves to the swapped panel (static/js/app.js focuses [data-autofocus]).
        context = {**dashboard_notices(request.user), "focus_notices": True}
        return render(request, "notifications/_dashboard_notices.html#notices-panel", context)
    return redirect("accounts:dashboard" if request.user.role == Role.PATIENT else "notifications:notices")


@require_POST
@login_required
def notice_read(request, pk):
    notice = get_notice_for_user(request, pk)
    mark_read(user=request.user, notice_id=notice.pk)
    return notices_response(request)


@require_POST
@login_required
def notices_read_all(request):
    mark_read(user=request.user)
    return notices_response(request)
