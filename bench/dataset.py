"""A realistic data set, built fast: patients with a year of daily check-ins, therapists with
their clients (care relationships and consents), lesson progress and quiz attempts.

Rows are written in bulk (COPY on PostgreSQL, bulk_create elsewhere), never one save() at a
time, so the full benchmark set (1,000 patients, 365,000 check-ins) takes well under a minute.
The same builder serves the query-count tests at two sizes (tests/performance).

Parts of the app that do not exist yet (a model or its table) are skipped, so the benchmark
runs at every stage of the project; `Dataset.skipped` names them.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

BENCH_PASSWORD = "bench-password-not-a-secret"
EMAIL_DOMAIN = "bench.example"


@dataclass
class Dataset:
    patient_ids: list = field(default_factory=list)
    # Patients with a week of check-ins (and every lesson completed), to compare with a year.
    week_patient_ids: list = field(default_factory=list)
    therapist_ids: list = field(default_factory=list)
    # therapist id -> the client ids they look after (care relationship and consent)
    clients: dict = field(default_factory=dict)
    lesson_slugs: list = field(default_factory=list)
    # (user id, lesson slug, attempt id, position, choice id): one unanswered question each
    open_questions: list = field(default_factory=list)
    entries: int = 0
    attempts: int = 0
    skipped: list = field(default_factory=list)

    def email(self, user_id):
        return apps.get_model("accounts", "User").objects.get(pk=user_id).email


def model_or_none(label):
    """The model, if the app defines it and its table exists (the project is built in steps)."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    return model if model._meta.db_table in _tables() else None


def _tables():
    return set(connection.introspection.table_names())


def _field_defaults(model):
    now = timezone.now()
    defaults = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            # The declared default, else "" for a text field and None for the rest.
            defaults[f.attname] = f.get_default()
    return defaults


def insert(model, rows, *, batch_size=5000):
    """Insert `rows` (dicts of attname -> value) in bulk. Unset fields take their default.
    PostgreSQL: COPY (about ten times faster than INSERT for the year of check-ins)."""
    defaults = _field_defaults(model)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        objs = [model(**{**defaults, **row}) for row in rows]
        model.objects.bulk_create(objs, batch_size=batch_size)
        return len(objs)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    count = 0
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        # psycopg adapts dates, decimals, numbers and text itself; only JSON needs Django's help.
        plain = [f.get_internal_type() != "JSONField" for f in fields]
        names = [f.attname for f in fields]
        for row in rows:
            values = {**defaults, **row}
            copy.write_row(
                [
                    values[name] if is_plain else f.get_db_prep_save(values[name], connection)
                    for name, is_plain, f in zip(names, plain, fields, strict=True)
                ]
            )
            count += 1
    return count


def _create_users(User, role, count, prefix, password_hash, staff):
    users = [
        User(
            email=f"{prefix}{i}@{EMAIL_DOMAIN}",
            full_name=f"{prefix.title()} {i:04d}",
            role=role,
            is_staff=staff,
            password=password_hash,
        )
        for i in range(count)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    # bulk_create returns primary keys on PostgreSQL and SQLite >= 3.35; fetch them to be sure.
    emails = [u.email for u in users]
    by_email = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    return [by_email[e] for e in emails]


def entry_values(rng, day):
    """One plausible day: sleep 5-9 h, stress 0-10, strength exercise twice a week or so,
    oily fish now and then, a supplement for some."""
    minutes = rng.choice([0, 0, 0, 0, 20, 30, 45])
    kinds = {}
    if minutes:
        kinds = {"kind_weights": rng.random() < 0.5, "kind_body_weight": rng.random() < 0.5}
    return {
        "day": day,
        "sleep_hours": Decimal(rng.randrange(500, 900, 25)) / 100,
        "sleep_quality": rng.randint(1, 5),
        "stress": rng.randint(0, 10),
        "training_minutes": minutes,
        **kinds,
        "fish_servings": rng.choice([0, 0, 0, 1, 2]),
        "supplement_mg": rng.choice([0, 0, 500, 1000]),
        "note": "",
    }


def _entry_rows(Entry, patient_ids, days, today, rng):
    allowed = {f.attname for f in Entry._meta.concrete_fields}
    for patient_id in patient_ids:
        for back in range(days, 0, -1):
            values = entry_values(rng, today - timedelta(days=back))
            values["patient_id"] = patient_id
            yield {k: v for k, v in values.items() if k in allowed}


def _load_lessons(data):
    Lesson = apps.get_model("education", "Lesson")
    if not Lesson.objects.published().exists():
        from education.loading import load_series

        load_series()
    data.lesson_slugs = list(
        Lesson.objects.published().order_by("series", "order").values_list("slug", flat=True)
    )


def _quiz_snapshots():
    """Each published lesson's quiz as an attempt stores it: {quiz: (lesson, snapshot)}."""
    from education.quiz_services import snapshot_questions

    Quiz = apps.get_model("education", "Quiz")
    quizzes = Quiz.objects.filter(lesson__status="published", lesson__draft_of__isnull=True)
    return {
        quiz: snapshot_questions(quiz) for quiz in quizzes.select_related("lesson").order_by("lesson__order")
    }


def _progress_and_attempts(data, rng, now):
    """Per patient: the lessons before their current one complete (read, quiz passed after a
    failed first try for some), the current one half read; an open attempt at every quiz
    (the benchmark answers its questions)."""
    LessonProgress = model_or_none("education.LessonProgress")
    QuizAttempt = model_or_none("education.QuizAttempt")
    QuizAnswer = model_or_none("education.QuizAnswer")
    Lesson = apps.get_model("education", "Lesson")
    if LessonProgress is None or QuizAttempt is None or QuizAnswer is None:
        data.skipped.append("lesson progress and quiz attempts (models not built yet)")
        return
    lessons = list(Lesson.objects.published().order_by("series", "order"))
    section_counts = {lesson.pk: lesson.sections.count() for lesson in lessons}
    snapshots = {quiz.lesson_id: (quiz, snap) for quiz, snap in _quiz_snapshots().items() if snap}
    progress_rows, attempt_rows = [], []
    everyone = data.patient_ids + data.week_patient_ids
    for n, patient_id in enumerate(everyone):
        # How many lessons this patient has completed: all of them for the week patients.
        done = len(lessons) if patient_id in data.week_patient_ids else n % (len(lessons) + 1)
        for index, lesson in enumerate(lessons):
            when = now - timedelta(days=30 * (len(lessons) - index) + n % 7)
            if index < done:
                progress_rows.append(
                    {
                        "user_id": patient_id,
                        "lesson_id": lesson.pk,
                        "sections_reached": section_counts[lesson.pk],
                        "finished_reading_at": when,
                        "read_version": lesson.version,
                        "quiz_passed_at": when + timedelta(hours=1) if lesson.pk in snapshots else when,
                        "completed_at": when + timedelta(hours=1),
                    }
                )
                if lesson.pk in snapshots:
                    tries = 2 if n % 3 == 0 else 1
                    for attempt_no in range(tries):
                        passed = attempt_no == tries - 1
                        attempt_rows.append(
                            (patient_id, lesson.pk, when + timedelta(minutes=10 * attempt_no), passed)
                        )
            elif index == done:
                progress_rows.append({"user_id": patient_id, "lesson_id": lesson.pk, "sections_reached": 1})
    insert(LessonProgress, progress_rows)

    # Submitted attempts with their answers, scored as the constraints require.
    attempts, answers = [], []
    for patient_id, lesson_id, started, passed in attempt_rows:
        quiz, snap = snapshots[lesson_id]
        total = len(snap)
        need = -(-quiz.pass_mark * total // 100)  # the fewest right answers that pass
        score = total if passed else max(0, need - 1)
        attempts.append(
            QuizAttempt(
                user_id=patient_id,
                quiz=quiz,
                lesson_version=quiz.lesson.version,
                pass_mark=quiz.pass_mark,
                questions=snap,
                total=total,
                score=score,
                passed=score * 100 >= quiz.pass_mark * total,
                started_at=started,
                submitted_at=started + timedelta(minutes=5),
            )
        )
    QuizAttempt.objects.bulk_create(attempts, batch_size=1000)
    for attempt in QuizAttempt.objects.filter(user_id__in=everyone).only("pk", "score", "questions"):
        for position, question in enumerate(attempt.questions, start=1):
            right = position <= attempt.score
            correct = [c["id"] for c in question["choices"] if c["correct"]]
            wrong = [c["id"] for c in question["choices"] if not c["correct"]]
            answers.append(
                {
                    "attempt_id": attempt.pk,
                    "position": position,
                    "question_id": question["id"],
                    "selected": sorted(correct) if right else wrong[:1],
                    "is_correct": right,
                }
            )
    # Open attempts, one per patient and quiz, for the answer-submission benchmark.
    open_attempts = [
        QuizAttempt(
            user_id=patient_id,
            quiz=quiz,
            lesson_version=quiz.lesson.version,
            pass_mark=quiz.pass_mark,
            questions=snap,
            total=len(snap),
            started_at=now,
        )
        for patient_id in everyone
        for quiz, snap in snapshots.values()
    ]
    QuizAttempt.objects.bulk_create(open_attempts, batch_size=1000)
    insert(QuizAnswer, answers)
    data.attempts = len(attempts) + len(open_attempts)
    slug_of = {lesson.pk: lesson.slug for lesson in lessons}
    for attempt in QuizAttempt.objects.filter(user_id__in=everyone, submitted_at__isnull=True).select_related(
        "quiz"
    ):
        for position, question in enumerate(attempt.questions, start=1):
            data.open_questions.append(
                (
                    attempt.user_id,
                    slug_of[attempt.quiz.lesson_id],
                    attempt.pk,
                    position,
                    question["choices"][0]["id"],
                )
            )
    rng.shuffle(data.open_questions)


@transaction.atomic
def build(
    *,
    patients=1000,
    therapists=20,
    clients_per_therapist=50,
    days=365,
    week_patients=2,
    seed=2026,
    prefix="",
    log=None,
):
    """Build the data set in the current database and return what the benchmark needs.

    Every therapist gets `clients_per_therapist` clients of their own; there are at least
    enough patients for that. Every patient gets a check-in for each of the `days` days
    before today (today is left free for the check-in benchmark); the `week_patients` extra
    patients get a week of check-ins, to compare pages with a week and a year of data."""
    log = log or (lambda message: None)
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    data = Dataset()
    User = apps.get_model("accounts", "User")
    patients = max(patients, therapists * clients_per_therapist)
    # One hash for every account: hashing 1,000 passwords would take minutes.
    password_hash = make_password(BENCH_PASSWORD)
    data.patient_ids = _create_users(
        User, "patient", patients, f"{prefix}patient", password_hash, staff=False
    )
    data.therapist_ids = _create_users(
        User, "therapist", therapists, f"{prefix}therapist", password_hash, staff=True
    )
    # bulk_create sends no post_save: save the therapists once so their role's group (admin
    # permissions, accounts.roles) and anything else keyed to a saved user is in place.
    for therapist in User.objects.filter(pk__in=data.therapist_ids):
        therapist.save()
    data.week_patient_ids = _create_users(
        User, "patient", week_patients, f"{prefix}weekpatient", password_hash, staff=False
    )
    log(f"{patients} + {week_patients} patients and {therapists} therapists")

    CareRelationship = apps.get_model("accounts", "CareRelationship")
    SharingConsent = model_or_none("accounts.SharingConsent")
    started = today - timedelta(days=days + 30)
    links, consents = [], []
    for t, therapist_id in enumerate(data.therapist_ids):
        clients = data.patient_ids[t * clients_per_therapist : (t + 1) * clients_per_therapist]
        data.clients[therapist_id] = clients
        for client_id in clients:
            links.append({"therapist_id": therapist_id, "client_id": client_id, "started": started})
            consents.append(
                {"patient_id": client_id, "therapist_id": therapist_id, "wording_version": "bench"}
            )
    insert(CareRelationship, links)
    if SharingConsent is not None:
        insert(SharingConsent, consents)
    else:
        data.skipped.append("consents to share (model not built yet)")
    log(f"{len(links)} care relationships")

    TOTPDevice = model_or_none("otp_totp.TOTPDevice")
    if TOTPDevice is not None:
        from django_otp.plugins.otp_totp.models import default_key

        insert(
            TOTPDevice,
            [
                {"user_id": tid, "name": "Authenticator", "confirmed": True, "key": default_key()}
                for tid in data.therapist_ids
            ],
        )

    _load_lessons(data)
    Assignment = model_or_none("education.Assignment")
    if Assignment is not None and data.lesson_slugs:
        series_id = (
            apps.get_model("education", "Lesson").objects.published().values_list("series_id", flat=True)[0]
        )
        insert(
            Assignment,
            [
                {
                    "therapist_id": link["therapist_id"],
                    "client_id": link["client_id"],
                    "series_id": series_id,
                    "due_date": today + timedelta(days=14),
                    "created_at": now,
                }
                for link in links
            ],
        )
    _progress_and_attempts(data, rng, now)
    log(f"lesson progress and {data.attempts} quiz attempts")

    Entry = model_or_none("tracker.Entry")
    if Entry is None:
        data.skipped.append("tracker check-ins (model not built yet)")
    else:
        data.entries = insert(Entry, _entry_rows(Entry, data.patient_ids, days, today, rng))
        data.entries += insert(Entry, _entry_rows(Entry, data.week_patient_ids, 7, today, rng))
        log(f"{data.entries} tracker check-ins")
    Goal = model_or_none("tracker.Goal")
    if Goal is not None:
        goal_rows = []
        for therapist_id, clients in data.clients.items():
            for client_id in clients:
                goal_rows.append(
                    {
                        "patient_id": client_id,
                        "factor": "sleep",
                        "target_min": Decimal(7),
                        "target_max": Decimal(9),
                        "set_by_id": therapist_id,
                    }
                )
        insert(Goal, goal_rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return data
