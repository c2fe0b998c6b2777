import json
from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from accounts.views import patient_required
from bonehealth.fragments import patient_fragment
from bonehealth.spreadsheet import csv_writer
from tracker.factors import EDIT_WINDOW_DAYS, factor_links, lesson_url
from tracker.forms import CheckinForm, initial_for_new_day, initial_from_entry
from tracker.models import Entry
from tracker.services import EXPORT_FIELDS, export_entries, save_checkin
from tracker.stats import RANGES, last_seven_days, parse_range
from tracker.trends import trends_context

PANEL = "tracker/checkin.html#checkin-panel"


def get_entry_for_user(request, pk) -> Entry:
    """The requesting patient's own check-in; anyone else's id is a 404, so ids cannot be probed."""
    return get_object_or_404(Entry.objects.for_patient(request.user), pk=pk)


def day_label(day: date, today: date) -> str:
    """'today (Saturday 21 November)', 'yesterday (...)' or 'Thursday 19 November 2026'."""
    if day == today:
        return f"today ({date_format(day, 'l j F')})"
    if day == today - timedelta(days=1):
        return f"yesterday ({date_format(day, 'l j F')})"
    return date_format(day, "l j F Y")


def safe_next(request, default="tracker:home") -> str:
    """Where to go after saving: a same-site path from the form, else the tracker home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def requested_day(request, today: date) -> tuple[date, bool]:
    """The day asked for in ?day= (YYYY-MM-DD), or today; False if the request was refused."""
    raw = request.GET.get("day")
    if not raw:
        return today, True
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return today, False
    if day > today or day < today - timedelta(days=EDIT_WINDOW_DAYS):
        return today, False
    return day, True


def checkin_context(*, form, day, today, entry=None, show_form=True, just_saved=False, next_url=""):
    return {
        "form": form,
        "day": day,
        "day_label": day_label(day, today),
        "is_today": day == today,
        "entry": entry,
        "show_form": show_form,
        "just_saved": just_saved,
        "next": next_url,
        "form_action": reverse("tracker:checkin"),
        "editable": True,
        "window_days": EDIT_WINDOW_DAYS,
        "lesson_links": factor_links(),
    }


def home_fragments(user, *, days: int, today: date) -> dict:
    """The tracker page's parts built from the patient's data, as HTML: "today" (today's
    check-in and the streak), "trends" (the four factors and the weekly table for `days`) and
    "patterns" (insights and goal sources). Cached per patient, range and day until their
    check-ins or goals change (bonehealth.fragments); rendered without the request, so they can
    hold no CSRF token, nonce or message."""

    def build():
        context = trends_context(user, days=days, today=today)
        context.update(today=today, window_days=EDIT_WINDOW_DAYS)
        return {
            name: render_to_string(f"tracker/home.html#{partial}", context)
            for name, partial in (("today", "today"), ("trends", "sections"), ("patterns", "patterns"))
        }

    pieces = patient_fragment(user.pk, f"home-{days}", today, build)
    return {name: mark_safe(html) for name, html in pieces.items()}  # noqa: S308 - rendered by templates


@require_safe
@patient_required
def home(request):
    """The tracker home: today's status, trends for 7, 30 or 90 days, insights, export."""
    today = timezone.localdate()
    days = parse_range(request.GET.get("range"))
    context = {
        "fragments": home_fragments(request.user, days=days, today=today),
        "range_days": days,
        "ranges": RANGES,
        "lesson_path": lesson_url("next-steps"),
    }
    template = "tracker/home.html#trends" if request.htmx else "tracker/home.html"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def checkin(request):
    """Fill in (or change) one day's check-in; saving again for the same day updates it.

    The dashboard panel posts here with htmx and gets the panel back; without JavaScript the
    full page answers, with a redirect after saving. Errors answer 422 either way (htmx swaps
    a 422 like a 200: the htmx-config in base.html)."""
    today = timezone.localdate()
    if request.method == "POST":
        form = CheckinForm(request.POST, today=today, fixed_day=bool(request.htmx))
        if form.is_valid():
            day = form.cleaned_data["day"]
            entry, created = save_checkin(patient=request.user, day=day, values=form.entry_values())
            if request.htmx:
                context = checkin_context(
                    form=form,
                    day=day,
                    today=today,
                    entry=entry,
                    show_form=False,
                    just_saved=True,
                    next_url=request.POST.get("next", ""),
                )
                context["week"] = last_seven_days(request.user, today)
                return render(request, "tracker/_checkin_saved.html", context)
            messages.success(request, f"Your check-in for {day_label(day, today)} is saved.")
            return redirect(safe_next(request))
        day = form.cleaned_data.get("day") or today
        context = checkin_context(form=form, day=day, today=today, next_url=request.POST.get("next", ""))
        if request.htmx:
            form.show_day_field_if_wrong()
            return render(request, PANEL, context, status=422)
        return render(request, "tracker/checkin.html", context, status=422)

    day, allowed = requested_day(request, today)
    if not allowed and not request.htmx:
        messages.info(
            request, f"You can fill in today or the last {EDIT_WINDOW_DAYS} days only, so this shows today."
        )
    entries = {
        entry.day: entry
        for entry in Entry.objects.for_patient(request.user).filter(day__in=[day, day - timedelta(days=1)])
    }
    entry = entries.get(day)
    initial = (
        initial_from_entry(entry) if entry else initial_for_new_day(day, entries.get(day - timedelta(days=1)))
    )
    form = CheckinForm(initial=initial, today=today, fixed_day=bool(request.htmx))
    context = checkin_context(
        form=form, day=day, today=today, entry=entry, next_url=request.GET.get("next", "")
    )
    if request.htmx:
        context["autofocus_form"] = True
        return render(request, PANEL, context)
    return render(request, "tracker/checkin.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def entry_detail(request, pk):
    """One saved check-in, to correct it; days older than the window are shown, not changed."""
    entry = get_entry_for_user(request, pk)
    today = timezone.localdate()
    editable = entry.day >= today - timedelta(days=EDIT_WINDOW_DAYS)
    if request.method == "POST" and not editable:
        status = 422  # the page explains that this day can no longer be changed
        form = CheckinForm(initial=initial_from_entry(entry), today=today, fixed_day=True)
    elif request.method == "POST":
        data = request.POST.copy()
        data["day"] = entry.day.isoformat()  # the day of an existing check-in does not move
        form = CheckinForm(data, today=today, fixed_day=True)
        if form.is_valid():
            save_checkin(patient=request.user, day=entry.day, values=form.entry_values())
            messages.success(request, f"Your check-in for {day_label(entry.day, today)} is saved.")
            if request.htmx:
                return HttpResponseClientRedirect(reverse("tracker:history"))
            return redirect("tracker:history")
        status = 422
    else:
        form = CheckinForm(initial=initial_from_entry(entry), today=today, fixed_day=True)
        status = 200
    context = checkin_context(form=form, day=entry.day, today=today, entry=entry)
    context.update(editable=editable, form_action=reverse("tracker:entry", args=[entry.pk]), editing=True)
    template = "tracker/checkin.html#checkin-form" if request.htmx else "tracker/checkin.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@patient_required
def entry_delete(request, pk):
    entry = get_entry_for_user(request, pk)
    today = timezone.localdate()
    if request.method == "POST":
        label = day_label(entry.day, today)
        entry.delete()
        messages.success(request, f"Your check-in for {label} has been removed.")
        if request.htmx:
            return HttpResponseClientRedirect(reverse("tracker:history"))
        return redirect("tracker:history")
    return render(
        request,
        "tracker/entry_confirm_delete.html",
        {"entry": entry, "day_label": day_label(entry.day, today)},
    )


@require_safe
@patient_required
def history(request):
    """Today and the last EDIT_WINDOW_DAYS days, newest first, each with a link to fill in
    or correct it (one query, at most 61 rows)."""
    today = timezone.localdate()
    first = today - timedelta(days=EDIT_WINDOW_DAYS)
    entries = {entry.day: entry for entry in Entry.objects.for_patient(request.user).between(first, today)}
    days = []
    for offset in range(EDIT_WINDOW_DAYS + 1):
        day = today - timedelta(days=offset)
        days.append({"day": day, "label": day_label(day, today), "entry": entries.get(day)})
    context = {"days": days, "first": first, "window_days": EDIT_WINDOW_DAYS, "filled": len(entries)}
    template = "tracker/history.html#day-list" if request.htmx else "tracker/history.html"
    return render(request, template, context)


def _download(content, *, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@patient_required
def export_csv(request):
    """The patient's own check-ins as a CSV download."""
    rows = export_entries(request.user)
    response = _download(
        "",
        content_type="text/csv; charset=utf-8",
        filename=f"bone-health-checkins-{timezone.localdate()}.csv",
    )
    writer = csv_writer(response)
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        writer.writerow([row[name] for name in EXPORT_FIELDS])
    return response


@require_safe
@patient_required
def export_json(request):
    """The patient's own check-ins as a JSON download."""
    payload = {
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "notes": "Sleep hours are for the night before each date. Supplement amounts are EPA plus DHA in mg.",
        "checkins": export_entries(request.user),
    }
    return _download(
        json.dumps(payload, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
        filename=f"bone-health-checkins-{timezone.localdate()}.json",
    )
