"""messaging.views.ask: "Ask my therapist about this" from a lesson section or a quiz result."""

import pytest
from django.urls import reverse

from messaging.models import Message
from tests.education.quiz_helpers import finished_attempt
from tests.factories import LessonFactory, PatientFactory, SectionFactory, build_quiz
from tests.messaging.conftest import revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    lesson = LessonFactory(title="Inflammation and bone")
    return SectionFactory(lesson=lesson, order=1, anchor="part-1", heading="How cytokines act")


def ask_url(**query):
    return reverse("messaging:ask") + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def test_asking_about_a_section_quotes_it_and_sends_it_to_my_therapist(patient_client, section, therapist):
    page = patient_client.get(ask_url(section=section.pk)).text
    assert "Inflammation and bone" in page and "How cytokines act" in page
    assert "Not for emergencies" in page
    response = patient_client.post(
        ask_url(section=section.pk), {"body": "What is a cytokine?", "token": "k" * 20}
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.context == "Lesson: Inflammation and bone\nSection: How cytokines act"
    assert message.conversation.therapist == therapist


def test_the_context_comes_from_the_ids_not_from_the_form(patient_client, section):
    patient_client.post(ask_url(section=section.pk), {"body": "Hi", "token": "k" * 20, "context": "forged"})
    assert "forged" not in Message.objects.get().context


def test_asking_about_a_quiz_answer_quotes_the_question_and_my_answer(
    patient_client, my_client, therapist_admin
):
    quiz = build_quiz()
    attempt = finished_attempt(my_client, quiz, wrong_positions=(1,))
    answer = attempt.answers.get(position=1)
    page = patient_client.get(ask_url(answer=answer.pk)).text
    assert answer.question.prompt in page
    patient_client.post(ask_url(answer=answer.pk), {"body": "Why is this wrong?", "token": "q" * 20})
    message = Message.objects.get()
    assert message.context.startswith(f"Quiz question: {answer.question.prompt}\nMy answer: ")
    therapist_page = therapist_admin.get(
        reverse("admin:messaging_client_conversation", args=[my_client.pk])
    ).text
    assert "Why is this wrong?" in therapist_page
    assert "Quiz question:" in therapist_page


def test_the_quiz_result_page_links_to_asking(patient_client, my_client):
    quiz = build_quiz()
    attempt = finished_attempt(my_client, quiz)
    result = reverse("education:attempt_result", args=[quiz.lesson.slug, attempt.pk])
    answer = attempt.answers.get(position=1)
    assert ask_url(answer=answer.pk) in patient_client.get(result).text


@pytest.mark.parametrize("query", [{"section": "999999"}, {"section": "abc"}, {"answer": "1x"}, {}])
def test_a_tampered_id_is_a_404(patient_client, query):
    assert patient_client.get(ask_url(**query)).status_code == 404


def test_another_patients_quiz_answer_is_a_404(patient_client):
    attempt = finished_attempt(PatientFactory(), build_quiz())
    assert patient_client.get(ask_url(answer=attempt.answers.first().pk)).status_code == 404


def test_without_consent_nothing_can_be_sent(patient_client, section, my_client, therapist):
    revoke(my_client, therapist)
    page = patient_client.get(ask_url(section=section.pk)).text
    assert "once you share your progress" in page
    patient_client.post(ask_url(section=section.pk), {"body": "Hi", "token": "k" * 20})
    assert not Message.objects.exists()


def test_an_empty_question_is_an_error(patient_client, section):
    response = patient_client.post(ask_url(section=section.pk), {"body": "", "token": "k" * 20})
    assert response.status_code == 422
    assert "Write your message" in response.text
    assert not Message.objects.exists()


def test_the_wrong_method_is_a_405(patient_client, section):
    assert patient_client.delete(ask_url(section=section.pk)).status_code == 405
