"""My summary (summary.views.my_summary): one printable page of the patient's own check-ins,
goals with their sources, patterns, lessons, missed quiz topics and questions for the doctor."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from summary.models import DoctorQuestion
from tests.factories import EntryFactory, GoalFactory, PatientFactory, TherapistFactory
from tests.summary.conftest import add_entries, patient_history
from tracker.factors import Factor

URL = reverse("summary:summary")


@pytest.mark.django_db
def test_summary_shows_averages_goals_with_sources_and_the_period(patient_client, patient):
    add_entries(patient, 10, sleep_hours=Decimal("6.5"), stress=4, training_minutes=30)
    response = patient_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    today = timezone.localdate()
    first = today - datetime.timedelta(days=29)
    assert f"{first:%-d %B %Y} to {today:%-d %B %Y} (30 days)" in content
    assert "10 check-ins in these 30 days." in content
    assert "6.5 hours a night on average (10 nights); 0 within the goal" in content
    assert "4.0 out of 10 on average (10 days)" in content
    assert "10 days, 300 minutes in all" in content
    assert "7 to 9 hours a night" in content
    assert "US National Sleep Foundation" in content  # the default goal's source
    assert "World Health Organization, 2020" in content
    assert "European Food Safety Authority, 2012" in content
    assert content.count('class="chart__svg') == 4  # the server-drawn charts, which print


@pytest.mark.django_db
def test_a_therapists_goal_is_shown_as_agreed(patient_client, patient):
    GoalFactory(patient=patient, factor=Factor.STRESS, target_max=Decimal("4"), set_by=TherapistFactory())
    content = patient_client.get(URL).content.decode()
    assert "Stress at 4 or below (out of 10)" in content
    assert "Agreed with my therapist" in content


@pytest.mark.django_db
def test_summary_shows_the_cautious_patterns_of_the_tracker(patient_client, patient):
    today = timezone.localdate()
    for offset in range(1, 21):
        short = offset % 2 == 0
        EntryFactory(
            patient=patient,
            day=today - datetime.timedelta(days=offset),
            sleep_hours=Decimal("5") if short else Decimal("8"),
            stress=8 if short else 3,
        )
    content = patient_client.get(URL).content.decode()
    assert "stress averaged 8.0/10 on days after less than 7 hours of sleep (10 days)" in content
    assert "It tended to be higher on days after less than 7 hours of sleep." in content
    assert "not causes" in content


@pytest.mark.django_db
def test_summary_lists_completed_lessons_and_the_topics_of_missed_questions(
    patient_client, patient, lesson_with_quiz
):
    lesson, quiz = lesson_with_quiz
    patient_history(patient, lesson, quiz, wrong_positions=(4, 5))
    content = patient_client.get(URL).content.decode()
    assert "Completed: Bones 101" in content
    assert "Quiz topics to go over" in content
    assert '<a href="/lessons/bones-101/#moving-more">Moving more</a>' in content
    assert "What bone does</a>" not in content  # answered right


@pytest.mark.django_db
def test_only_the_latest_attempt_counts_for_missed_topics(patient_client, patient, lesson_with_quiz):
    lesson, quiz = lesson_with_quiz
    patient_history(patient, lesson, quiz, wrong_positions=(1,))
    from tests.education.quiz_helpers import finished_attempt

    finished_attempt(patient, quiz, wrong_positions=())  # all right the second time
    content = patient_client.get(URL).content.decode()
    assert "Quiz topics to go over" not in content


@pytest.mark.django_db
def test_summary_lists_the_patients_questions(patient_client, patient):
    DoctorQuestion.objects.create(patient=patient, text="Is strength exercise safe with my knees?")
    content = patient_client.get(URL).content.decode()
    assert "Is strength exercise safe with my knees?" in content
    assert 'action="/summary/questions/add/"' in content


@pytest.mark.django_db
def test_summary_holds_no_other_patients_data(patient_client, patient, lesson_with_quiz):
    lesson, quiz = lesson_with_quiz
    other = PatientFactory(full_name="Other Person", email="other.person@example.com")
    add_entries(other, 20, sleep_hours=Decimal("3.25"), stress=9, training_minutes=55, supplement_mg=1234)
    GoalFactory(patient=other, factor=Factor.STRESS, target_max=Decimal("2"), note="Other's own note")
    DoctorQuestion.objects.create(patient=other, text="Other's private question")
    patient_history(other, lesson, quiz, wrong_positions=(4,))
    add_entries(patient, 3)
    content = patient_client.get(URL).content.decode()
    for trace in (
        "Other Person", "other.person@example.com", "3.2 hours", "1,234", "1,100 minutes", "Other's",
        "Bones 101", "Moving more", "Stress at 2 or below", "9.0 out of 10",
    ):  # fmt: skip
        assert trace not in content, trace
    assert "3 check-ins in these 30 days." in content
    assert "3 days, 60 minutes in all" in content  # the patient's own figures


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["7", "90"])
def test_the_period_can_be_chosen(patient_client, patient, days):
    add_entries(patient, 40)
    ending = timezone.localdate() - datetime.timedelta(days=5)
    response = patient_client.get(URL, {"days": days, "ending": ending.isoformat()})
    assert response.status_code == 200
    content = response.content.decode()
    first = ending - datetime.timedelta(days=int(days) - 1)
    assert f"{first:%-d %B %Y} to {ending:%-d %B %Y} ({days} days)" in content
    assert f"{min(int(days), 40 - 4)} check-ins in these {days} days." in content
    assert f'<option value="{days}" selected>' in content
    assert f'value="{ending.isoformat()}"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"days": "365"}, "Choose 7, 30 or 90 days."),
        ({"days": "abc", "ending": "2026-02-30"}, "Enter a date like 2026-11-30"),
        ({"days": "7", "ending": "9999-12-31"}, "Choose today or a day before it."),
        ({"days": "7", "ending": "99999999999-01-01"}, "Enter a date like 2026-11-30"),
        ({"days": "7", "ending": "1066-10-14"}, "Choose a day from 2000 onwards."),
    ],
)
def test_bad_period_is_a_message_not_a_500(patient_client, patient, query, message):
    response = patient_client.get(URL, query)
    assert response.status_code == 422
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    assert "(30 days)" in content  # the default period is shown meanwhile


@pytest.mark.django_db
def test_summary_needs_a_patient(client, therapist):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_summary_wrong_method(patient_client):
    assert patient_client.post(URL).status_code == 405
    assert patient_client.head(URL).status_code == 200


def _summary_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"days": "90"}).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_is_the_same_for_a_week_and_a_year_of_data(
    client, lesson_with_quiz, django_assert_num_queries
):
    from django.core.cache import cache

    lesson, quiz = lesson_with_quiz
    counts = []
    for days in (7, 365):
        patient = PatientFactory()
        add_entries(patient, days)
        patient_history(patient, lesson, quiz)
        for n in range(min(days, 10)):
            DoctorQuestion.objects.create(patient=patient, text=f"Question {n}")
        client.force_login(patient)
        cache.clear()  # the lesson catalogue is read afresh both times
        counts.append(_summary_queries(client))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[1]):
        cache.clear()
        client.get(URL, {"days": "90"})


@pytest.mark.django_db
def test_a_nul_in_the_query_string_is_a_400_before_the_view(patient_client, patient):
    # QueryStringLimitMiddleware refuses NUL on every page (issue #15 item 9), this one included.
    assert patient_client.get(URL, {"days": "7", "ending": "\x00"}).status_code == 400
