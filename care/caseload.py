"""A therapist's caseload: every client with the figures the caseload home and the client list
show and their "needs attention" flags (care.attention), in a fixed number of queries however
many clients and however much data: the clients with their figures aggregated in SQL (one
query), their latest check-ins (one, at most LATEST_CHECKINS rows a client), their goals (one),
this therapist's assignments (one), the settings (one). Scoping: `User.objects.clients_of`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.models import AccessAction, AccessLog, CareRelationship, SharingConsent, User
from care.attention import client_flags
from care.thresholds import SLEEP_WEEK_DAYS, thresholds_for
from education.models import Assignment, Lesson, LessonProgress, QuizAttempt
from tracker.factors import FISH_SERVING_MG, Factor
from tracker.goals import goals_for
from tracker.models import Entry, Goal

LONG_AGO = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
CHECKIN_WINDOW_DAYS = 14
# Enough for "3 of the last 5" and for every night of the last week.
LATEST_CHECKINS = 7
# Latest check-ins are looked for in this many days: older ones are "no check-in" anyway.
LATEST_LOOKBACK_DAYS = 30


def _count(queryset, group):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(c=Count("pk")).values("c")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def failed_quizzes():
    """Submitted, failed attempts of OuterRef("pk") with no pass of the same quiz since."""
    passed_later = QuizAttempt.objects.filter(
        user=OuterRef("user"), quiz=OuterRef("quiz"), passed=True, submitted_at__gt=OuterRef("submitted_at")
    )
    return (
        QuizAttempt.objects.filter(user=OuterRef("pk"), submitted_at__isnull=False, passed=False)
        .filter(~Exists(passed_later))
        .order_by("-submitted_at")
    )


def read_before_update():
    """OuterRef("pk")'s lessons finished reading in an earlier version than the live one."""
    return (
        LessonProgress.objects.filter(
            user=OuterRef("pk"), finished_reading_at__isnull=False, read_version__lt=F("lesson__version")
        )
        .filter(lesson__status="published", lesson__draft_of__isnull=True)
        .order_by("-lesson__published_at")
    )


def care_since(therapist):
    """When this therapist's active care link with OuterRef("pk") began (a subquery)."""
    return Subquery(
        CareRelationship.objects.active()
        .filter(therapist=therapist, client=OuterRef("pk"))
        .order_by("-started")
        .values("started")[:1]
    )


def annotated_clients(therapist, today):
    """The therapist's clients with every per-client figure, each a subquery of the one query."""
    client = OuterRef("pk")
    entries = Entry.objects.filter(patient=client)
    last_view = AccessLog.objects.filter(
        therapist=therapist, client=OuterRef(OuterRef("pk")), action=AccessAction.VIEW
    ).order_by("-at")
    new_notes = (
        Entry.objects.filter(patient=client)
        .exclude(note="")
        .filter(
            updated__gt=Coalesce(
                Subquery(last_view.values("at")[:1]), Value(LONG_AGO), output_field=DateTimeField()
            )
        )
    )
    submitted = QuizAttempt.objects.filter(user=client, submitted_at__isnull=False).order_by("-submitted_at")
    published = Lesson.objects.published().order_by().annotate(one=Value(1)).values("one")
    return User.objects.clients_of(therapist).annotate(
        care_since=care_since(therapist),
        last_checkin=Subquery(entries.order_by("-day").values("day")[:1]),
        recent_checkins=_count(
            entries.filter(day__gt=today - datetime.timedelta(days=CHECKIN_WINDOW_DAYS)), "patient"
        ),
        lessons_done=_count(LessonProgress.objects.filter(user=client, completed_at__isnull=False), "user"),
        lessons_total=Subquery(
            published.annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()
        ),
        last_quiz_score=Subquery(submitted.values("score")[:1]),
        last_quiz_total=Subquery(submitted.values("total")[:1]),
        last_quiz_passed=Subquery(submitted.values("passed")[:1]),
        last_quiz_title=Subquery(submitted.values("quiz__lesson__title")[:1]),
        failed_quiz_at=Subquery(failed_quizzes().values("submitted_at")[:1]),
        failed_quiz_title=Subquery(failed_quizzes().values("quiz__lesson__title")[:1]),
        updated_lesson_title=Subquery(read_before_update().values("lesson__title")[:1]),
        updated_lesson_at=Subquery(read_before_update().values("lesson__published_at")[:1]),
        new_notes=_count(new_notes, "patient"),
        first_new_note_day=Subquery(
            new_notes.order_by().values("patient").annotate(first=Min("day")).values("first")[:1]
        ),
    )


def latest_checkins(client_ids, today):
    """{client id: their latest check-ins (at most LATEST_CHECKINS), newest first}: one query."""
    rows = (
        Entry.objects.filter(
            patient__in=client_ids, day__gt=today - datetime.timedelta(days=LATEST_LOOKBACK_DAYS)
        )
        .annotate(position=Window(RowNumber(), partition_by=[F("patient_id")], order_by=[F("day").desc()]))
        .filter(position__lte=LATEST_CHECKINS)
        .order_by("patient_id", "-day")
        .values(
            "patient_id", "day", "stress", "sleep_hours", "training_minutes", "supplement_mg", "fish_servings"
        )
    )
    found = {client_id: [] for client_id in client_ids}
    for row in rows:
        found[row["patient_id"]].append(row)
    return found


def open_assignments(therapist, client_ids):
    """{client id: [this therapist's assignments, each with is_started and is_complete]}."""
    progress = LessonProgress.objects.filter(user=OuterRef("client"))
    lesson_done = Q(lesson__isnull=False) & Exists(
        progress.filter(lesson=OuterRef("lesson"), completed_at__isnull=False)
    )
    series_done = Q(lesson__isnull=True) & ~Exists(
        Lesson.objects.published()
        .filter(series=OuterRef("series"))
        .exclude(
            pk__in=LessonProgress.objects.filter(
                user=OuterRef(OuterRef("client")), completed_at__isnull=False
            ).values("lesson")
        )
    )
    started = (Q(lesson__isnull=False) & Exists(progress.filter(lesson=OuterRef("lesson")))) | (
        Q(lesson__isnull=True) & Exists(progress.filter(lesson__series=OuterRef("series")))
    )
    rows = (
        Assignment.objects.filter(therapist=therapist, client__in=client_ids)
        .select_related("series", "lesson")
        .annotate(is_complete=lesson_done | series_done, is_started=started)
        .order_by("due_date", "-created_at")
    )
    found = {client_id: [] for client_id in client_ids}
    for row in rows:
        found[row.client_id].append(row)
    return found


def goals_by_client(client_ids):
    rows = {client_id: [] for client_id in client_ids}
    for goal in Goal.objects.filter(patient__in=client_ids):
        rows[goal.patient_id].append(goal)
    return {client_id: goals_for(None, rows=goal_rows) for client_id, goal_rows in rows.items()}


def goals_met_last_week(entries, goals, today):
    """(goals met, goals with something recorded) over the last 7 days."""
    first = today - datetime.timedelta(days=SLEEP_WEEK_DAYS - 1)
    week = [e for e in entries if e["day"] >= first]
    met = counted = 0
    for factor, goal in goals.items():
        if goal is None:
            continue
        if factor in (Factor.SLEEP, Factor.STRESS):
            key = "sleep_hours" if factor == Factor.SLEEP else "stress"
            values = [e[key] for e in week if e[key] is not None]
            if not values:
                continue
            counted += 1
            met += sum(1 for value in values if goal.met_by(value)) * 2 > len(values)
        elif factor == Factor.TRAINING:
            counted += 1
            met += sum(1 for e in week if e["training_minutes"]) >= goal.target_min
        else:
            days = [
                (e["supplement_mg"] or 0) + (e["fish_servings"] or 0) * FISH_SERVING_MG
                for e in week
                if e["supplement_mg"] is not None or e["fish_servings"] is not None
            ]
            if not days:
                continue
            counted += 1
            met += sum(days) / len(days) >= goal.target_min
    return met, counted


@dataclass
class ClientRow:
    client: User
    flags: list = field(default_factory=list)
    goals_met: tuple = (0, 0)

    @property
    def name(self):
        return self.client.full_name or self.client.email


def caseload(therapist, *, search="", limit=None):
    """Every client of `therapist` (optionally those whose name or email contains `search`),
    as ClientRows sorted by name. `limit`: the therapist's thresholds, when already read."""
    today = timezone.localdate()
    now = timezone.now()
    limit = limit or thresholds_for(therapist)
    clients = annotated_clients(therapist, today).order_by("full_name", "email")
    if search:
        clients = clients.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    clients = list(clients)
    ids = [client.pk for client in clients]
    if not ids:
        return []
    checkins = latest_checkins(ids, today)
    goals = goals_by_client(ids)
    assignments = open_assignments(therapist, ids)
    rows = []
    for client in clients:
        entries = checkins[client.pk]
        flags = client_flags(
            client,
            entries=entries,
            goals=goals[client.pk],
            assignments=assignments[client.pk],
            today=today,
            now=now,
            limit=limit,
        )
        rows.append(ClientRow(client, flags, goals_met_last_week(entries, goals[client.pk], today)))
    return rows


def waiting_for_consent(therapist):
    """Care links of `therapist` whose client has not agreed to share (yet): only the email
    address is shown, which the therapist typed themselves."""
    consent = SharingConsent.objects.active().filter(therapist=therapist, patient=OuterRef("client"))
    return list(
        CareRelationship.objects.active()
        .filter(therapist=therapist)
        .filter(~Exists(consent))
        .order_by("started")
        .values("pk", "client__email", "started")
    )
