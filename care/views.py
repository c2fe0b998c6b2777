"""The therapist workspace's caseload pages: the home a therapist lands on after logging in to
the admin, the client list, and the therapist's own "needs attention" thresholds.

Registered through the admin site (accounts.admin_site.BonehealthAdminSite.get_urls), so
login, two-step verification, look and URL prefix are the admin's. Every page showing client
data writes the access log.
"""

import datetime

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.admin_scoping import log_client_access
from accounts.models import AccessAction
from care.access import therapist_required
from care.attention import FLAG_KINDS
from care.caseload import caseload, waiting_for_consent
from care.forms import CareSettingsForm
from care.models import CareSettings
from care.thresholds import thresholds_for

MAX_SEARCH_LENGTH = 100
RECENT_ACTIVITY_ROWS = 8


def page_context(request, title, **context):
    """The admin's context for every page, without the app list (the workspace has its own
    navigation; the app list costs two permission queries a page)."""
    site = admin.site
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": site.site_url,
        "has_permission": True,
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
        "title": title,
        **context,
    }


@require_safe
@therapist_required
def caseload_home(request):
    thresholds = thresholds_for(request.user)
    rows = caseload(request.user, limit=thresholds)
    log_client_access(request, [row.client.pk for row in rows], AccessAction.LIST)
    today = timezone.localdate()
    week_ago = today - datetime.timedelta(days=6)
    recent = sorted(
        (row for row in rows if row.client.last_checkin),
        key=lambda row: row.client.last_checkin,
        reverse=True,
    )[:RECENT_ACTIVITY_ROWS]
    context = page_context(
        request,
        "Your caseload",
        attention=[row for row in rows if row.flags],
        client_count=len(rows),
        active_this_week=sum(
            1 for row in rows if row.client.last_checkin and row.client.last_checkin >= week_ago
        ),
        recent=recent,
        waiting=waiting_for_consent(request.user),
        thresholds=thresholds,
    )
    return TemplateResponse(request, "care/home.html", context)


SORTS = {
    "name": lambda row: (row.name.lower(),),
    "last": lambda row: (row.client.last_checkin or datetime.date.min,),
    "checkins": lambda row: (row.client.recent_checkins,),
    "lessons": lambda row: (row.client.lessons_done,),
    "quiz": lambda row: (row.client.last_quiz_score is not None, row.client.last_quiz_score or 0),
    "goals": lambda row: (row.goals_met[0],),
    "flags": lambda row: (len(row.flags),),
}
SORT_LABELS = {
    "name": "Name",
    "last": "Last check-in",
    "checkins": "Check-ins, last 14 days",
    "lessons": "Lessons done",
    "quiz": "Last quiz",
    "goals": "Goals met last week",
    "flags": "Needs attention",
}


@require_safe
@therapist_required
def client_list(request):
    search = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    flag = request.GET.get("flag", "")
    flag = flag if flag in FLAG_KINDS else ""
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    descending = request.GET.get("dir") == "desc"
    rows = caseload(request.user, search=search)
    if flag:
        rows = [row for row in rows if any(f.kind == flag for f in row.flags)]
    rows.sort(key=lambda row: (*SORTS[sort](row), row.name.lower()), reverse=descending)
    log_client_access(request, [row.client.pk for row in rows], AccessAction.LIST)
    columns = [
        {
            "key": key,
            "label": label,
            "sorted": key == sort,
            "descending": key == sort and descending,
            "next_dir": "asc" if key == sort and descending else ("desc" if key == sort else "asc"),
            "order_words": ("Z to A" if descending else "A to Z")
            if key == "name"
            else ("highest first" if descending else "lowest first"),
        }
        for key, label in SORT_LABELS.items()
    ]
    context = page_context(
        request,
        "Clients",
        rows=rows,
        columns=columns,
        search=search,
        flag=flag,
        flag_kinds=FLAG_KINDS,
        sort=sort,
        descending=descending,
        waiting=waiting_for_consent(request.user),
    )
    return TemplateResponse(request, "care/client_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@therapist_required
def care_settings(request):
    current = CareSettings.objects.filter(therapist=request.user).first() or CareSettings(
        therapist=request.user
    )
    form = CareSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your thresholds are saved: the caseload home uses them now.")
        return redirect("admin:care_home")
    context = page_context(request, "When a client needs attention", form=form)
    return TemplateResponse(request, "care/settings.html", context, status=422 if form.errors else 200)
