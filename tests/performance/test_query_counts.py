"""Every page of the benchmark runs the same number of queries with a week of data and with a
year of it (or 4 clients and 50), and no more than its budget (about 10; see
docs/PERFORMANCE.md for the pages above that and why).

Each page is requested once to warm up (a first request fills per-process caches such as
the content types) and then counted; POSTs warm up with another patient of the same data set.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.conftest import otp_login
from tests.performance.conftest import count_queries

pytestmark = pytest.mark.django_db

SIZES = ("week", "year")


def patient_client(user):
    client = Client()
    client.force_login(user)
    return client


def therapist_client(user):
    client = Client()
    otp_login(client, user)
    return client


def get_counts(sizes, client_for, path_for, expected_status=200, *, cold=False):
    """{size: queries} for a GET of the page, after one warm-up request: with the page's cached
    fragments in the cache as the warm-up left them, or (`cold`) with the cache emptied just
    before, as after a deploy or a write that made them stale."""
    counts = {}
    for name in SIZES:
        size = sizes[name]
        client, path = client_for(size), path_for(size)
        client.get(path)
        if cold:
            cache.clear()
        counts[name], response = count_queries(lambda c=client, p=path: c.get(p))
        assert response.status_code == expected_status, (name, path, response.status_code)
    return counts


def assert_page(sizes, client_for, path_for, *, warm, cold):
    """The page's counts, cached and not, equal at both sizes and within their budgets."""
    assert_constant(get_counts(sizes, client_for, path_for), warm)
    assert_constant(get_counts(sizes, client_for, path_for, cold=True), cold)


def assert_constant(counts, budget):
    assert counts["week"] == counts["year"], f"query count grows with the data: {counts}"
    assert counts["year"] <= budget, f"{counts['year']} queries, budget {budget}"


def test_health_check_runs_no_query(sizes):
    counts = get_counts(sizes, lambda s: Client(), lambda s: reverse("healthz"))
    assert counts == {"week": 0, "year": 0}


def test_home_page(sizes):
    assert_page(
        sizes, lambda s: patient_client(s.patient), lambda s: reverse("home"), warm=W_HOME, cold=C_HOME
    )


def test_series_overview(sizes):
    assert_page(
        sizes,
        lambda s: patient_client(s.patient),
        lambda s: reverse("education:series"),
        warm=W_SERIES,
        cold=C_SERIES,
    )


def test_lesson_page(sizes):
    assert_page(
        sizes,
        lambda s: patient_client(s.patient),
        lambda s: reverse("education:lesson", args=[s.lesson_slug]),
        warm=W_LESSON,
        cold=C_LESSON,
    )


def test_lesson_page_for_a_visitor(sizes):
    assert_page(
        sizes,
        lambda s: Client(),
        lambda s: reverse("education:lesson", args=[s.lesson_slug]),
        warm=W_LESSON_VISITOR,
        cold=C_LESSON_VISITOR,
    )


def test_quiz_page(sizes):
    assert_page(
        sizes,
        lambda s: patient_client(s.patient),
        lambda s: reverse("education:quiz", args=[s.lesson_slug]),
        warm=W_QUIZ,
        cold=C_QUIZ,
    )


def answer_path(question):
    user_id, slug, attempt_id, position, choice_id = question
    return reverse("education:attempt_question", args=[slug, attempt_id, position]), {"choice": choice_id}


def test_quiz_answer_submission(sizes):
    counts = {}
    for name in SIZES:
        size = sizes[name]
        other = next(q for q in size.data.open_questions if q[0] != size.patient.pk)
        warm = patient_client(User.objects.get(pk=other[0]))
        path, data = answer_path(other)
        assert warm.post(path, data).status_code == 302
        client = patient_client(size.patient)
        path, data = answer_path(size.open_questions[0])
        counts[name], response = count_queries(lambda c=client, p=path, d=data: c.post(p, d))
        assert response.status_code == 302 and "login" not in response["Location"]
    # session, user, attempt (locked), its answers, the question still exists, the answer.
    assert_constant(counts, 6)


def test_patient_dashboard(sizes):
    assert_page(
        sizes,
        lambda s: patient_client(s.patient),
        lambda s: reverse("accounts:dashboard"),
        warm=W_DASHBOARD,
        cold=C_DASHBOARD,
    )


def test_tracker_trends_for_90_days(sizes):
    assert_page(
        sizes,
        lambda s: patient_client(s.patient),
        lambda s: reverse("tracker:home") + "?range=90",
        warm=W_TRENDS,
        cold=C_TRENDS,
    )


def checkin_data(day):
    return {
        "day": day.isoformat(),
        "sleep_hours": "7.5",
        "sleep_quality": "4",
        "stress": "3",
        "training_minutes": "30",
        "training_kinds": "weights",
        "fish_servings": "1",
        "supplement_mg": "500",
        "note": "",
    }


def test_daily_checkin_submission(sizes):
    today = timezone.localdate()
    counts = {}
    for name in SIZES:
        size = sizes[name]
        other = User.objects.get(pk=next(pk for pk in size.data.patient_ids if pk != size.patient.pk))
        assert patient_client(other).post(reverse("tracker:checkin"), checkin_data(today)).status_code == 302
        client = patient_client(size.patient)
        counts[name], response = count_queries(
            lambda c=client: c.post(reverse("tracker:checkin"), checkin_data(today))
        )
        assert response.status_code == 302
        assert size.patient.tracker_entries.filter(day=today).exists()
        assert not size.patient.tracker_entries.filter(day=today + timedelta(days=1)).exists()
    assert_constant(counts, 10)


def test_therapist_client_list(sizes):
    assert len(sizes["week"].data.clients[sizes["week"].therapist.pk]) == 4
    assert len(sizes["year"].data.clients[sizes["year"].therapist.pk]) == 50
    assert_page(
        sizes,
        lambda s: therapist_client(s.therapist),
        lambda s: reverse("admin:care_clients"),
        warm=W_CLIENT_LIST,
        cold=C_CLIENT_LIST,
    )


def test_therapist_caseload_home(sizes):
    assert_page(
        sizes,
        lambda s: therapist_client(s.therapist),
        lambda s: reverse("admin:index"),
        warm=W_CASELOAD,
        cold=C_CASELOAD,
    )


def test_therapist_client_detail(sizes):
    assert_page(
        sizes,
        lambda s: therapist_client(s.therapist),
        lambda s: reverse("admin:care_client", args=[s.client_id]),
        warm=W_CLIENT_DETAIL,
        cold=C_CLIENT_DETAIL,
    )


# The budgets are today's counts, so any growth fails. W_: the usual request, with the page's
# cached parts in the cache (counting the session and the user where logged in; the session is
# read from Redis in production, from the database here). C_: the first request after a write
# made them stale, or after a deploy: what building the cached parts costs, once.
# - lesson page: the article is cached per lesson version and reader's place; cold adds the
#   shared content (sections, FAQs, glossary, references) and the catalogue of lessons.
# - dashboard (issue #16: one view, three functions, no pre-rendered HTML): session, user, sharing
#   requests, lesson progress, quiz summary, assignments (was 2 with the HTML panels cached); the
#   tracker part is cached as data. Cold adds today's and yesterday's check-ins, the 7-day
#   aggregate, the goals and the catalogue (was 10: goals and sharing requests are new).
# - trends: session and user; cold: goals, the charted days, summary with insights, weeks, streaks.
# - admin pages pay for the admin itself first: session, user, OTP device, the user's and the
#   group's permissions (a staff session's expiry is saved at most once a minute).
# - the therapist workspace (care) skips the admin's app list (no permission queries): session,
#   user, OTP device, then its own. Caseload home and client list: the thresholds, the clients
#   with every figure (one query of subqueries), their latest check-ins, goals, assignments, the
#   access log and the pending links. Client page: the client, the access log, assignments,
#   lessons, quiz answers, the cached tracker part, the session notes; cold adds the tracker's
#   own six (goals, days, summary, weeks, streaks, check-in notes).
W_HOME = 2
C_HOME = 2
W_SERIES = 4  # + the patient's assignments (issue #16), was 3
C_SERIES = 7  # was 6
W_LESSON = 4
C_LESSON = 12
W_LESSON_VISITOR = 1
C_LESSON_VISITOR = 9
W_QUIZ = 4
C_QUIZ = 7
W_DASHBOARD = 7  # + the notices panel's one query (issue #17)
C_DASHBOARD = 13
W_TRENDS = 2
C_TRENDS = 7
W_CASELOAD = 10
C_CASELOAD = 10
W_CLIENT_LIST = 10
C_CLIENT_LIST = 10
W_CLIENT_DETAIL = 9
C_CLIENT_DETAIL = 15
