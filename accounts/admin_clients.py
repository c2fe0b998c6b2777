"""The therapist's side of the admin: the client list with bulk assignment and export, the
page that follows one client, and the triage list across all of them.

Every query starts from `Client.objects.clients_of(request.user)`, and every page that shows a
client's data writes the access log.
"""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_list import ResultList, result_headers
from django.contrib.admin.utils import display_for_value
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext

from accounts.admin_base import SafeInputAdminMixin
from accounts.admin_scoping import log_client_access
from accounts.models import AccessAction, CareRelationship, Client, SharingConsent
from bonehealth.spreadsheet import csv_writer
from education.admin_forms import AssignContentForm, selected_action_inputs
from education.assigning import assign_content
from education.models import Assignment, Lesson, LessonProgress, QuizAttempt
from education.progress import lesson_state

LONG_AGO = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
TRIAGE_DEFAULT_DAYS = 14
# The follow-up page shows the client's last four weeks of check-ins.
TRACKER_DAYS = 28
FOLLOW_TRACKER_TEMPLATE = "admin/accounts/client/_follow_tracker.html"


def _last(queryset, field, *, order_by=None):
    """The client's latest `field`: one row read through an index ordered by `order_by`
    (default `-field`), not an aggregate over the client's whole history."""
    return Subquery(queryset.order_by(order_by or f"-{field}").values(field)[:1])


_tracker_tables_seen = False


def tracker_models():
    """tracker.models.Entry and Goal, or (None, None) while the tracker's tables do not exist
    yet (its first migration is being written alongside this admin)."""
    global _tracker_tables_seen
    try:
        from tracker.models import Entry, Goal
    except ImportError:
        return None, None

    if not _tracker_tables_seen:
        if Entry._meta.db_table not in connection.introspection.table_names():
            return None, None
        _tracker_tables_seen = True
    return Entry, Goal


def annotate_last_active(queryset):
    """Add `last_active_at` (latest reading, quiz or check-in) to a client queryset, in the
    same single query."""
    Entry, _ = tracker_models()
    progress = LessonProgress.objects.filter(user=OuterRef("pk"))
    attempts = QuizAttempt.objects.filter(user=OuterRef("pk"))
    activity = [
        Coalesce(_last(progress, "updated_at"), Value(LONG_AGO), output_field=DateTimeField()),
        Coalesce(_last(attempts, "started_at"), Value(LONG_AGO), output_field=DateTimeField()),
    ]
    if Entry is not None:
        entries = Entry.objects.filter(patient=OuterRef("pk"))
        # The latest day's check-in, read through the unique (patient, day) index: one row
        # instead of the client's whole history.
        activity.append(
            Coalesce(
                _last(entries, "updated", order_by="-day"), Value(LONG_AGO), output_field=DateTimeField()
            )
        )
    return queryset.annotate(last_active_at=Greatest(*activity) if len(activity) > 1 else activity[0])


def annotate_activity(queryset):
    """Add `lessons_completed`, `open_assignments` and `last_active_at` to a client queryset,
    in the same single query."""
    return annotate_last_active(queryset).annotate(
        lessons_completed=Coalesce(
            Subquery(
                # order_by(): no join for LessonProgress's default ordering (lesson, user).
                LessonProgress.objects.filter(user=OuterRef("pk"), completed_at__isnull=False)
                .order_by()
                .values("user")
                .annotate(c=Count("pk"))
                .values("c")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        open_assignments=Coalesce(
            Subquery(
                Assignment.objects.filter(client=OuterRef("pk"))
                .order_by()
                .values("client")
                .annotate(c=Count("pk"))
                .values("c")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
    )


def last_active_or_none(client):
    return (
        None if client.last_active_at is None or client.last_active_at <= LONG_AGO else client.last_active_at
    )


@admin.register(Client)
class ClientAdmin(SafeInputAdminMixin, admin.ModelAdmin):
    """A therapist's clients: those with an active care relationship who agreed to share."""

    list_display = [
        "name_link",
        "email",
        "lessons_completed_display",
        "open_assignments_display",
        "last_active",
    ]
    search_fields = ["full_name", "email"]
    ordering = ["full_name", "email"]
    # The list says "N results", not "N results (M total)": no second COUNT(*) of every client.
    show_full_result_count = False
    # The name column is the link to the follow page; Django's own row link around it would
    # nest one link in another (an empty link for screen readers).
    list_display_links = None
    actions = ["assign_content_action", "export_progress_csv"]
    change_form_template = "admin/accounts/client/follow.html"

    def get_queryset(self, request):
        return annotate_activity(Client.objects.clients_of(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        """The client, scoped like the list (otherwise 404), with the follow page's header
        dates (`care_since`, `sharing_since`) in the same query."""
        queryset = self.get_follow_queryset(request)
        field = Client._meta.pk if from_field is None else Client._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Client.DoesNotExist, ValidationError, ValueError):
            raise Http404("No such client.") from None

    def get_follow_queryset(self, request):
        """The therapist's clients with what the follow page's header shows: when the client
        was last active, and when this therapist's care link and the client's consent to
        share began, in the same query."""
        client = OuterRef("pk")
        # Not get_queryset(): the follow page shows no counts, and their subqueries cost
        # about a millisecond to plan and run.
        return annotate_last_active(Client.objects.clients_of(request.user)).annotate(
            care_since=Subquery(
                CareRelationship.objects.active()
                .filter(therapist=request.user, client=client)
                .order_by("-started")
                .values("started")[:1]
            ),
            sharing_since=Subquery(
                SharingConsent.objects.active()
                .filter(therapist=request.user, patient=client)
                .order_by("-granted_at")
                .values("granted_at")[:1]
            ),
        )

    @admin.display(description="name", ordering="full_name")
    def name_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:accounts_client_change", args=[obj.pk]),
            obj.full_name or obj.email,
        )

    @admin.display(description="lessons completed", ordering="lessons_completed")
    def lessons_completed_display(self, obj):
        return obj.lessons_completed

    @admin.display(description="assignments", ordering="open_assignments")
    def open_assignments_display(self, obj):
        return obj.open_assignments

    @admin.display(description="last active", ordering="last_active_at")
    def last_active(self, obj):
        return last_active_or_none(obj) or "–"

    def get_urls(self):
        return [
            path("triage/", self.admin_site.admin_view(self.triage_view), name="accounts_client_triage"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "triage_url": reverse("admin:accounts_client_triage")}
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl") if response.status_code == 200 else None
        if changelist is not None:
            response.context_data["client_results"] = client_list_results(changelist)
            log_client_access(request, [client.pk for client in changelist.result_list], AccessAction.LIST)
        return response

    # --- following one client -------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        client = self.get_object(request, object_id)
        log_client_access(request, [client.pk], AccessAction.VIEW)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Following {client.full_name or client.email}",
            "client": client,
            "last_active_at": last_active_or_none(client),
            **client_follow_context(request.user, client),
        }
        return TemplateResponse(request, self.change_form_template, context)

    # --- triage ---------------------------------------------------------------------------

    def triage_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            days = max(1, min(int(request.GET.get("days", TRIAGE_DEFAULT_DAYS)), 365))
        except ValueError:
            days = TRIAGE_DEFAULT_DAYS
        rows = triage_rows(self.get_queryset(request), therapist=request.user, days=days)
        log_client_access(request, [row["client"].pk for row in rows], AccessAction.LIST)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Clients who may need attention",
            "rows": rows,
            "days": days,
        }
        return TemplateResponse(request, "admin/accounts/client/triage.html", context)

    # --- actions --------------------------------------------------------------------------

    @admin.action(description="Assign a lesson or the series to the selected clients")
    def assign_content_action(self, request, queryset):
        form = AssignContentForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            clients = list(queryset)
            try:
                created = assign_content(
                    therapist=request.user,
                    clients=clients,
                    series=data["series"],
                    lesson=data["lesson"],
                    due_date=data["due_date"],
                    note=data["note"],
                )
            except (PermissionDenied, DatabaseError):
                self.message_user(
                    request, "Nothing was assigned: one of the clients could not be assigned.", messages.ERROR
                )
                return None
            self.message_user(request, f"Assigned to {len(created)} client(s); each has been emailed.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Assign content",
            "form": form,
            "clients": queryset,
            "selected": selected_action_inputs(queryset),
            "action": "assign_content_action",
        }
        return TemplateResponse(request, "admin/accounts/client/assign.html", context)

    @admin.action(description="Export progress of the selected clients (CSV)")
    def export_progress_csv(self, request, queryset):
        lessons = list(Lesson.objects.published().order_by("series", "order"))
        clients = list(queryset)
        progress = {
            (p.user_id, p.lesson_id): p
            for p in LessonProgress.objects.filter(user__in=[c.pk for c in clients], lesson__in=lessons)
        }
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="client-progress.csv"'
        writer = csv_writer(response)  # neutralises formula cells (issue #15 item 3)
        writer.writerow(["name", "email", "last active", *[lesson.title for lesson in lessons]])
        for client in clients:
            last = last_active_or_none(client)
            writer.writerow(
                [
                    client.full_name,
                    client.email,
                    last.isoformat() if last else "",
                    *[lesson_state(progress.get((client.pk, lesson.pk))).label for lesson in lessons],
                ]
            )
        log_client_access(request, [client.pk for client in clients], AccessAction.EXPORT)
        return response


# The change list columns `client_list_results` renders itself, in order.
CLIENT_LIST_COLUMNS = (
    "action_checkbox",
    "name_link",
    "email",
    "lessons_completed_display",
    "open_assignments_display",
    "last_active",
)


def client_list_results(changelist):
    """The context of Django's admin/change_list_results.html for the client list, each row
    rendered by string formatting.

    Django's own rows (`items_for_result`) cost about 1.5 ms of CPU each: a template rendered
    for every action checkbox, a reverse() for every name link, a field lookup and a
    format_html() for every cell. These are the same rows, byte for byte
    (tests/admin/test_client_list_rows.py compares them), from one reverse() per page.

    None for any other list than the one written for here (a popup, another column set,
    editable rows): change_list.html then lets Django render it.
    """
    if (
        tuple(changelist.list_display) != CLIENT_LIST_COLUMNS
        or changelist.list_display_links is not None
        or changelist.formset is not None
    ):
        return None
    headers = list(result_headers(changelist))
    # /admin/accounts/client/<pk>/change/, split around the id.
    url_head, _, url_tail = reverse("admin:accounts_client_change", args=[0]).rpartition("/0/")
    row = ClientRowFormat(
        url_head=f"{url_head}/",
        url_tail=f"/{url_tail}",
        checkbox_label=gettext("Select this object for an action - {}"),
        empty=changelist.model_admin.get_empty_value_display(),
    )
    return {
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": [ResultList(None, [row.cells(client)]) for client in changelist.result_list],
    }


# One row's cells, as Django's admin renders CLIENT_LIST_COLUMNS; format_html escapes each value.
CLIENT_ROW_CELLS = (
    '<td class="action-checkbox"><input type="checkbox" name="_selected_action" value="{pk}" '
    'class="action-select" aria-label="{label}"></td>'
    '<td class="field-name_link"><a href="{url_head}{pk}{url_tail}">{name}</a></td>'
    '<td class="field-email">{email}</td>'
    '<td class="field-lessons_completed_display">{lessons_completed}</td>'
    '<td class="field-open_assignments_display">{open_assignments}</td>'
    '<td class="field-last_active{nowrap}">{last_active}</td>'
)


class ClientRowFormat:
    """One client list row, as Django's admin would render it from CLIENT_LIST_COLUMNS."""

    def __init__(self, *, url_head, url_tail, checkbox_label, empty):
        self.url_head = url_head
        self.url_tail = url_tail
        self.checkbox_label = checkbox_label
        self.empty = empty
        # Localising a number or a date costs about 50 µs (format lookups); the page shows the
        # same few counts and, with a format showing nothing finer than minutes, the same
        # minutes many times: each is formatted once per page.
        self.shown = {}
        self.dates_per_minute = not any(char in get_format("DATETIME_FORMAT") for char in "sucrU")

    def value(self, value):
        """A cell's text, as Django's `display_for_value` shows it."""
        if isinstance(value, str):
            return display_for_value(value if value.strip() else "", self.empty)
        key = value
        if isinstance(value, datetime.datetime):
            if not self.dates_per_minute:
                return display_for_value(value, self.empty)
            key = timezone.template_localtime(value).replace(second=0, microsecond=0)
        try:
            return self.shown[key]
        except KeyError:
            shown = self.shown[key] = display_for_value(value, self.empty)
            return shown

    def cells(self, client):
        last_active = last_active_or_none(client)
        return format_html(
            CLIENT_ROW_CELLS,
            pk=client.pk,
            # The checkbox's label is escaped once by Django too (format_html, then the
            # widget's attribute output leaves the safe string alone).
            label=format_html(self.checkbox_label, str(client)),
            url_head=self.url_head,
            url_tail=self.url_tail,
            name=client.full_name or client.email,
            email=self.value(client.email),
            lessons_completed=self.value(client.lessons_completed),
            open_assignments=self.value(client.open_assignments),
            # Django adds "nowrap" to a cell showing a date.
            nowrap=" nowrap" if last_active else "",
            last_active=self.value(last_active or "–"),
        )


def client_follow_context(therapist, client):
    """Everything the follow-up page shows about one client (a query per panel), for a
    client from ClientAdmin.get_object."""
    assignments = Assignment.objects.filter(client=client).select_related("series", "lesson")
    if not therapist.is_superuser:
        assignments = assignments.filter(therapist=therapist)
    assignments = list(assignments)
    today = timezone.localdate()
    for assignment in assignments:
        assignment.is_overdue = bool(assignment.due_date and assignment.due_date < today)
    context = {
        "lesson_rows": lesson_rows(client),
        "attempts": answered_attempts(client),
        "assignments": assignments,
        # Annotated by ClientAdmin.get_object, in the query that fetched the client.
        "care_since": client.care_since,
        "sharing_since": client.sharing_since,
    }
    context.update(tracker_follow_context(client))
    return context


# The client's progress columns lesson_rows reads with each lesson.
PROGRESS_FIELDS = ("id", "sections_reached", "finished_reading_at", "read_version", "completed_at")


def lesson_rows(client):
    """Each published lesson with the client's progress in it (or None) and its state: one
    query, the progress row joined to its lesson."""
    lessons = (
        Lesson.objects.published()
        .annotate(client_progress=FilteredRelation("progress", condition=Q(progress__user=client)))
        .order_by("series", "order")
        .values("title", *(f"client_progress__{field}" for field in PROGRESS_FIELDS))
    )
    rows = []
    for lesson in lessons:
        progress = None
        if lesson["client_progress__id"] is not None:
            # The columns the page shows, enough for lesson_state too.
            progress = LessonProgress(
                user=client, **{field: lesson[f"client_progress__{field}"] for field in PROGRESS_FIELDS}
            )
        rows.append(
            {"lesson": {"title": lesson["title"]}, "progress": progress, "state": lesson_state(progress)}
        )
    return rows


def answered_attempts(client):
    """The client's submitted quiz attempts, newest first, each with `answer_rows`: every
    question as the client saw it, what they chose and the right answer.

    One query: each attempt comes once per answer (a left join, so an attempt without
    answers comes once too), and the rows are grouped back here.
    """
    rows = (
        QuizAttempt.objects.filter(user=client)
        .submitted()
        .select_related("quiz__lesson")
        .only(
            "lesson_version", "questions", "total", "score", "passed", "submitted_at", "quiz__lesson__title"
        )
        .annotate(
            answer_position=F("answers__position"),
            answer_selected=F("answers__selected"),
            answer_is_correct=F("answers__is_correct"),
        )
        .order_by("-submitted_at", "-pk", "answer_position")
    )
    attempts = {}
    answers = {}
    for row in rows:
        attempt = attempts.setdefault(row.pk, row)
        if row.answer_position is not None:
            answers[row.pk, row.answer_position] = row
    for attempt in attempts.values():
        attempt.answer_rows = []
        for position, question in enumerate(attempt.questions, start=1):
            answer = answers.get((attempt.pk, position))
            chosen = set(answer.answer_selected) if answer else set()
            attempt.answer_rows.append(
                {
                    "position": position,
                    "prompt": question["prompt"],
                    "chosen": [c["text"] for c in question["choices"] if c["id"] in chosen],
                    "correct": [c["text"] for c in question["choices"] if c["correct"]],
                    "is_correct": answer.answer_is_correct if answer else None,
                }
            )
    return list(attempts.values())


def tracker_follow_context(client):
    """The tracker part of the follow-up page: the same charts and summaries the patient
    sees on their tracker page (tracker.trends), and their goals (editable).

    The charts are rendered without the request and kept by tracker.fragments, per client and
    day, until the client's check-ins or goals change (as the patient's own tracker page is):
    the page then reads the goals and one cache entry instead of five queries and four charts.
    Scoping comes first: ClientAdmin.get_object has already refused a client out of scope."""
    Entry, Goal = tracker_models()
    if Entry is None:
        return {}
    from tracker.fragments import cached_fragment
    from tracker.trends import trends_context

    goals = list(Goal.objects.filter(patient=client))
    today = timezone.localdate()

    def build():
        trends = trends_context(client, days=TRACKER_DAYS, today=today, goal_rows=goals)
        return render_to_string(FOLLOW_TRACKER_TEMPLATE, {"tracker": trends, "tracker_days": TRACKER_DAYS})

    return {
        "goals": goals,
        "tracker_html": cached_fragment(client.pk, f"follow-{TRACKER_DAYS}", today, build),
        "tracker_days": TRACKER_DAYS,
    }


def triage_rows(clients, *, therapist, days):
    """Clients who need attention: inactive for `days`, a failed quiz not passed since, an
    overdue assignment from this therapist, or gaps in tracking (check-ins on fewer than half
    of the last `days` days). One query, however many clients."""
    Entry, _ = tracker_models()
    now = timezone.now()
    today = timezone.localdate()
    failed = QuizAttempt.objects.filter(user=OuterRef("pk"), submitted_at__isnull=False, passed=False).filter(
        ~Exists(
            QuizAttempt.objects.filter(
                user=OuterRef("user"),
                quiz=OuterRef("quiz"),
                passed=True,
                submitted_at__gt=OuterRef("submitted_at"),
            )
        )
    )
    completed = LessonProgress.objects.filter(user=OuterRef("client"), completed_at__isnull=False)
    # A lesson assignment is done when the lesson is complete; a series assignment when every
    # published lesson of the series is.
    lesson_open = Q(lesson__isnull=False) & ~Exists(completed.filter(lesson=OuterRef("lesson")))
    series_open = Q(lesson__isnull=True) & Exists(
        Lesson.objects.published()
        .filter(series=OuterRef("series"))
        .exclude(
            pk__in=LessonProgress.objects.filter(
                user=OuterRef(OuterRef("client")), completed_at__isnull=False
            ).values("lesson")
        )
    )
    overdue = Assignment.objects.filter(
        client=OuterRef("pk"), therapist=therapist, due_date__lt=today
    ).filter(lesson_open | series_open)
    annotations = {"failed_quiz": Exists(failed), "overdue": Exists(overdue)}
    if Entry is not None:
        annotations["recent_checkins"] = Coalesce(
            Subquery(
                Entry.objects.filter(patient=OuterRef("pk"), day__gt=today - datetime.timedelta(days=days))
                .values("patient")
                .annotate(c=Count("pk"))
                .values("c")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    rows = []
    for client in clients.annotate(**annotations):
        last = last_active_or_none(client)
        reasons = []
        if last is None or last < now - datetime.timedelta(days=days):
            reasons.append(f"inactive for {days}+ days")
        if client.failed_quiz:
            reasons.append("failed a quiz")
        if client.overdue:
            reasons.append("assignment overdue")
        if Entry is not None and client.recent_checkins * 2 < days:
            reasons.append(f"check-ins on {client.recent_checkins} of the last {days} days")
        if reasons:
            rows.append({"client": client, "last_active_at": last, "reasons": reasons})
    return rows
