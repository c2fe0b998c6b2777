"""The client page: third person, charts and tables, check-in notes, lessons and every quiz
answer, talking points; the printable summary."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from education.models import Status
from tests.education.quiz_helpers import finished_attempt
from tests.factories import EntryFactory, GoalFactory, LessonFactory, build_quiz
from tracker.factors import Factor


def page_of(client):
    return reverse("admin:care_client", args=[client.pk])


def test_speaks_about_the_client_in_the_third_person(therapist_admin, my_client):
    EntryFactory(
        patient=my_client, day=timezone.localdate() - datetime.timedelta(days=1), sleep_hours=Decimal("6.8")
    )
    text = therapist_admin.get(page_of(my_client)).text
    assert "Pat recorded sleep on 1 night in the last 28 days and slept 6.8 hours on average" in text
    assert "you slept" not in text.lower()
    assert "your therapist" not in text.lower()


def test_charts_and_their_styles_are_there(therapist_admin, my_client):
    EntryFactory(patient=my_client, day=timezone.localdate() - datetime.timedelta(days=1))
    GoalFactory(patient=my_client, factor=Factor.STRESS, target_max=Decimal("5"))
    text = therapist_admin.get(page_of(my_client)).text
    assert "css/tracker.css" in text and "css/care.css" in text
    assert text.count("<svg") >= 4
    assert "chart__goal" in text  # the stress goal line
    assert "The numbers behind the chart" in text


def test_checkin_notes_timeline_and_talking_points(therapist_admin, my_client):
    EntryFactory(
        patient=my_client, day=timezone.localdate() - datetime.timedelta(days=2), note="Is fish oil safe?"
    )
    EntryFactory(
        patient=my_client, day=timezone.localdate() - datetime.timedelta(days=1), note="Walked a lot."
    )
    response = therapist_admin.get(page_of(my_client))
    assert "Walked a lot." in response.text and "Is fish oil safe?" in response.text
    kinds = {point["kind"] for point in response.context["talking_points"]}
    assert {"Their question", "Check-in note"} <= kinds


def test_every_quiz_answer_and_wrong_answers_as_talking_points(therapist_admin, my_client):
    lesson = LessonFactory(title="Inflammation basics", status=Status.PUBLISHED)
    finished_attempt(my_client, build_quiz(lesson=lesson, size=2), wrong_positions=[1])
    response = therapist_admin.get(page_of(my_client))
    assert "Question 1 (single)?" in response.text and "Question 2 (multiple)?" in response.text
    points = [p for p in response.context["talking_points"] if p["kind"] == "Quiz answer"]
    assert len(points) == 1 and "Question 1 (single)?" in points[0]["text"]


def test_a_goal_reads_with_its_units(therapist_admin, my_client):
    GoalFactory(patient=my_client, factor=Factor.SLEEP, target_min=Decimal("7"), target_max=Decimal("8.5"))
    text = therapist_admin.get(page_of(my_client)).text
    assert "7 to 8.5 hours a night" in text
    assert "at least 7.00" not in text


def test_another_therapists_client_or_a_made_up_id_is_a_404(therapist_admin, their_client):
    assert therapist_admin.get(page_of(their_client)).status_code == 404
    assert therapist_admin.get(reverse("admin:care_client", args=[987654])).status_code == 404
    assert therapist_admin.get("/admin/care/clients/12abc/").status_code == 404


def test_a_client_who_stops_sharing_is_a_404_at_once(therapist_admin, my_client):
    my_client.sharing_consents.update(revoked_at=timezone.now())
    assert therapist_admin.get(page_of(my_client)).status_code == 404


def test_post_is_not_allowed(therapist_admin, my_client):
    assert therapist_admin.post(page_of(my_client)).status_code == 405


def test_printable_summary(therapist_admin, my_client):
    response = therapist_admin.get(reverse("admin:care_client_summary", args=[my_client.pk]))
    assert response.status_code == 200
    assert "Talking points" in response.text
    assert "@media print" not in response.text  # the print rules are in care.css, not inline
    assert "css/care.css" in response.text


def test_summary_of_another_therapists_client_is_a_404(therapist_admin, their_client):
    assert (
        therapist_admin.get(reverse("admin:care_client_summary", args=[their_client.pk])).status_code == 404
    )
