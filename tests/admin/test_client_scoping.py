"""Every admin page a therapist reaches shows only their clients: an active care relationship
and an active consent to share. Anything else is a 404, as if it did not exist."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog, CareRelationship, SharingConsent, User
from education.models import Assignment, LessonProgress
from tests.admin.conftest import make_client_of
from tests.factories import CareRelationshipFactory, LessonFactory, PatientFactory

CLIENTS = reverse("admin:accounts_client_changelist")


def follow_url(client_user):
    return reverse("admin:accounts_client_change", args=[client_user.pk])


def test_clients_of_needs_an_active_link_and_an_active_consent(therapist, my_client, their_client):
    linked_only = PatientFactory(email="linked@example.com")
    CareRelationshipFactory(therapist=therapist, client=linked_only)
    ended = make_client_of(therapist, email="ended@example.com")
    CareRelationship.objects.filter(client=ended).update(
        started=timezone.localdate() - datetime.timedelta(days=30),
        ended=timezone.localdate() - datetime.timedelta(days=1),
    )
    consent_to_other = PatientFactory(email="elsewhere@example.com")
    CareRelationshipFactory(therapist=therapist, client=consent_to_other)
    SharingConsent.objects.create(
        patient=consent_to_other, therapist=their_client.therapist_links.get().therapist, wording_version="x"
    )

    assert list(User.objects.clients_of(therapist)) == [my_client]


def test_client_list_shows_only_my_clients(therapist_admin, my_client, their_client):
    response = therapist_admin.get(CLIENTS)
    assert response.status_code == 200
    assert my_client.email in response.text
    assert their_client.email not in response.text


def test_follow_page_of_my_client(therapist_admin, my_client):
    response = therapist_admin.get(follow_url(my_client))
    assert response.status_code == 200
    assert f"Following {my_client.full_name}" in response.text


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_another_therapists_client_is_a_404_everywhere(therapist_admin, my_client, their_client, view):
    response = therapist_admin.get(reverse(f"admin:accounts_client_{view}", args=[their_client.pk]))
    assert response.status_code == 404
    # A missing id too: no redirect to the index with a message naming the id.
    response = therapist_admin.get(reverse(f"admin:accounts_client_{view}", args=[987654]))
    assert response.status_code == 404


def test_linked_but_not_consented_patient_is_a_404(therapist_admin, therapist):
    pending = PatientFactory()
    CareRelationshipFactory(therapist=therapist, client=pending)
    assert therapist_admin.get(follow_url(pending)).status_code == 404
    assert pending.email not in therapist_admin.get(CLIENTS).text


def test_revoking_consent_hides_the_client_at_the_next_request(therapist_admin, my_client, consent):
    assert therapist_admin.get(follow_url(my_client)).status_code == 200
    consent.revoked_at = timezone.now()
    consent.save()
    assert therapist_admin.get(follow_url(my_client)).status_code == 404
    assert my_client.email not in therapist_admin.get(CLIENTS).text
    progress_list = therapist_admin.get(reverse("admin:education_lessonprogress_changelist"))
    assert my_client.email not in progress_list.text


@pytest.mark.parametrize(
    "model",
    ["education_assignment", "education_lessonprogress", "accounts_carerelationship"],
)
def test_change_lists_of_client_records_are_scoped(
    therapist_admin, therapist, other_therapist, my_client, their_client, model
):
    lesson = LessonFactory()
    for who, client in [(therapist, my_client), (other_therapist, their_client)]:
        Assignment.objects.create(therapist=who, client=client, series=lesson.series, lesson=lesson)
        LessonProgress.objects.create(user=client, lesson=lesson)
    response = therapist_admin.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert my_client.full_name in response.text
    assert their_client.full_name not in response.text
    assert their_client.email not in response.text


def test_records_of_another_therapists_client_are_404(
    therapist_admin, other_therapist, my_client, their_client
):
    lesson = LessonFactory()
    assignment = Assignment.objects.create(
        therapist=other_therapist, client=their_client, series=lesson.series
    )
    progress = LessonProgress.objects.create(user=their_client, lesson=lesson)
    link = CareRelationship.objects.get(client=their_client)
    for url in [
        reverse("admin:education_assignment_change", args=[assignment.pk]),
        reverse("admin:education_assignment_history", args=[assignment.pk]),
        reverse("admin:education_assignment_delete", args=[assignment.pk]),
        reverse("admin:education_lessonprogress_change", args=[progress.pk]),
        reverse("admin:accounts_carerelationship_change", args=[link.pk]),
    ]:
        assert therapist_admin.get(url).status_code == 404, url


def test_assignment_form_offers_only_my_clients(therapist_admin, my_client, their_client):
    response = therapist_admin.get(reverse("admin:education_assignment_add"))
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields["client"].queryset
    assert list(choices) == [my_client]
    assert their_client.email not in response.text


def test_posting_another_therapists_client_in_the_assignment_form_is_refused(
    therapist_admin, my_client, their_client
):
    lesson = LessonFactory()
    response = therapist_admin.post(
        reverse("admin:education_assignment_add"),
        {
            "client": their_client.pk,
            "series": lesson.series.pk,
            "lesson": lesson.pk,
            "due_date": "",
            "note": "",
        },
    )
    assert response.status_code == 200  # the form again, with an error
    assert not Assignment.objects.exists()


def test_filter_choices_list_only_my_clients(therapist_admin, therapist, my_client, their_client):
    lesson = LessonFactory()
    second = make_client_of(therapist)
    LessonProgress.objects.create(user=my_client, lesson=lesson)
    LessonProgress.objects.create(user=second, lesson=lesson)
    LessonProgress.objects.create(user=their_client, lesson=lesson)
    response = therapist_admin.get(reverse("admin:education_lessonprogress_changelist"))
    filter_choices = [
        choice["display"]
        for spec in response.context["cl"].filter_specs
        for choice in spec.choices(response.context["cl"])
    ]
    assert str(my_client) in filter_choices
    assert str(second) in filter_choices
    assert str(their_client) not in filter_choices


def test_autocomplete_never_offers_patients(therapist_admin, my_client, their_client):
    # The client fields are plain selects limited to the therapist's clients; the user
    # autocomplete (and raw-id popup) behind them is closed to therapists.
    url = reverse("admin:autocomplete")
    response = therapist_admin.get(
        url, {"app_label": "education", "model_name": "assignment", "field_name": "client", "term": ""}
    )
    assert response.status_code == 403
    popup = therapist_admin.get(reverse("admin:accounts_user_changelist"), {"_to_field": "id", "_popup": "1"})
    assert popup.status_code == 403


def test_lesson_autocomplete_offers_published_lessons_only(therapist_admin, my_client):
    published = LessonFactory(title="Published one")
    LessonFactory(title="Unpublished one", status="draft")
    response = therapist_admin.get(
        reverse("admin:autocomplete"),
        {"app_label": "education", "model_name": "assignment", "field_name": "lesson", "term": "one"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(published.pk)]


def test_user_admin_is_closed_to_therapists_and_editors(therapist_admin, their_client, editor):
    assert therapist_admin.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert (
        therapist_admin.get(reverse("admin:accounts_user_change", args=[their_client.pk])).status_code == 403
    )


def test_editors_see_no_clients(editor_admin, their_client):
    assert editor_admin.get(CLIENTS).status_code == 403
    assert editor_admin.get(follow_url(their_client)).status_code == 403
    assert editor_admin.get(reverse("admin:education_lessonprogress_changelist")).status_code == 403


def test_access_log_and_consents_are_not_for_therapists(therapist_admin, my_client):
    assert therapist_admin.get(reverse("admin:accounts_accesslog_changelist")).status_code == 403
    assert therapist_admin.get(reverse("admin:accounts_sharingconsent_changelist")).status_code == 403
    assert AccessLog.objects.filter(action="list").count() == 0
