"""Questions for my doctor (summary.views.question_add / question_edit / question_delete):
kept on the site, shown and printed on the summary; only the patient's own."""

import pytest
from django.urls import reverse

from summary.models import QUESTIONS_PER_PATIENT, DoctorQuestion
from tests.factories import PatientFactory

ADD = reverse("summary:question_add")


def edit_url(question):
    return reverse("summary:question_edit", args=[question.pk])


def delete_url(question):
    return reverse("summary:question_delete", args=[question.pk])


@pytest.fixture
def question(patient):
    return DoctorQuestion.objects.create(patient=patient, text="Should I have a bone scan?")


@pytest.fixture
def others_question(db):
    return DoctorQuestion.objects.create(patient=PatientFactory(), text="Someone else's question")


@pytest.mark.django_db
def test_add_page_shows_the_form(patient_client):
    response = patient_client.get(ADD)
    assert response.status_code == 200
    assert 'name="text"' in response.content.decode()


@pytest.mark.django_db
def test_adding_a_question_stores_it_and_returns_to_the_summary(patient_client, patient):
    response = patient_client.post(ADD, {"text": "  Is   my vitamin D level checked?  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("summary:summary") + "#questions"
    stored = DoctorQuestion.objects.get()
    assert (stored.patient, stored.text) == (patient, "Is my vitamin D level checked?")
    page = patient_client.get(response["Location"]).content.decode()
    assert "Your question has been added to your summary." in page
    assert "Is my vitamin D level checked?" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your question, or go back without saving."),
        ("   \n  ", "Write your question, or go back without saving."),
        ("x" * 201, "Keep the question to 200 characters or fewer."),
    ],
)
def test_a_bad_question_is_an_error_and_nothing_is_stored(patient_client, text, message):
    response = patient_client.post(ADD, {"text": text})
    assert response.status_code == 422
    content = response.content.decode()
    assert "There is a problem" in content
    assert message in content
    assert not DoctorQuestion.objects.exists()


@pytest.mark.django_db
def test_no_more_questions_than_the_printed_page_holds(patient_client, patient):
    for n in range(QUESTIONS_PER_PATIENT):
        DoctorQuestion.objects.create(patient=patient, text=f"Question {n}")
    response = patient_client.post(ADD, {"text": "One more"})
    assert response.status_code == 422
    assert "the most the printed summary holds" in response.content.decode()
    assert DoctorQuestion.objects.count() == QUESTIONS_PER_PATIENT


@pytest.mark.django_db
def test_the_owner_field_cannot_be_posted(patient_client, patient, other_patient):
    patient_client.post(ADD, {"text": "Mine", "patient": other_patient.pk})
    assert DoctorQuestion.objects.get().patient == patient


@pytest.mark.django_db
def test_editing_changes_the_question(patient_client, question):
    page = patient_client.get(edit_url(question))
    assert page.status_code == 200
    assert "Should I have a bone scan?</textarea>" in page.content.decode()
    response = patient_client.post(edit_url(question), {"text": "When should I have a bone scan?"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "When should I have a bone scan?"


@pytest.mark.django_db
def test_editing_with_an_error_keeps_the_stored_question(patient_client, question):
    response = patient_client.post(edit_url(question), {"text": ""})
    assert response.status_code == 422
    question.refresh_from_db()
    assert question.text == "Should I have a bone scan?"


@pytest.mark.django_db
def test_removing_asks_first_then_deletes(patient_client, question):
    page = patient_client.get(delete_url(question))
    assert page.status_code == 200
    assert "Should I have a bone scan?" in page.content.decode()
    assert DoctorQuestion.objects.filter(pk=question.pk).exists()
    response = patient_client.post(delete_url(question))
    assert response.status_code == 302
    assert not DoctorQuestion.objects.filter(pk=question.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_patients_question_is_a_404(patient_client, others_question, method):
    for url in (edit_url(others_question), delete_url(others_question)):
        response = getattr(patient_client, method)(url, {"text": "Hijacked"} if method == "post" else None)
        assert response.status_code == 404
    others_question.refresh_from_db()
    assert others_question.text == "Someone else's question"


@pytest.mark.django_db
def test_question_views_wrong_method(patient_client, question):
    for url in (ADD, edit_url(question), delete_url(question)):
        assert patient_client.put(url).status_code == 405
        assert patient_client.delete(url).status_code == 405
    assert DoctorQuestion.objects.filter(pk=question.pk).exists()


@pytest.mark.django_db
def test_question_views_need_a_patient(client, question, therapist):
    response = client.get(ADD)
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(therapist)
    assert client.get(edit_url(question))["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_questions_are_in_the_data_export_and_erased_with_the_account(patient_client, patient, question):
    from accounts.privacy import erase_user

    export = patient_client.get(reverse("accounts:data_export")).json()
    assert [row["text"] for row in export["questions_for_my_doctor"]] == ["Should I have a bone scan?"]
    erase_user(patient)
    assert not DoctorQuestion.objects.exists()
