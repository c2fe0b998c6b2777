import pytest
from django.urls import reverse

from notifications.models import Notice
from tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_notices_with_the_unread_marked(patient_client, patient):
    NoticeFactory(recipient=patient, text="Theo asked you to read: Lesson 2")
    response = patient_client.get(reverse("accounts:dashboard"))
    assert "Theo asked you to read: Lesson 2" in response.text
    assert "1 new" in response.text


def test_the_dashboard_notices_take_one_query_for_few_and_many(patient, django_assert_num_queries):
    from notifications.notices import dashboard_notices, mark_read

    NoticeFactory.create_batch(2, recipient=patient)
    with django_assert_num_queries(1):
        assert dashboard_notices(patient)["unread_notices"] == 2
    NoticeFactory.create_batch(30, recipient=patient)
    mark_read(user=patient, notice_id=Notice.objects.first().pk)
    with django_assert_num_queries(1):
        panel = dashboard_notices(patient)
    assert (len(panel["notices"]), panel["unread_notices"]) == (5, 31)


def test_marking_a_notice_read(patient_client, patient):
    notice = NoticeFactory(recipient=patient)
    other = NoticeFactory(recipient=patient)
    response = patient_client.post(reverse("notifications:notice_read", args=[notice.pk]))
    assert response["Location"] == reverse("accounts:dashboard")
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None and other.read_at is None


def test_a_new_notice_shows_at_once(patient_client, patient):
    from notifications.models import NoticeKind
    from notifications.notices import notify

    patient_client.get(reverse("accounts:dashboard"))  # the empty panel, cached
    notify(recipient=patient, kind=NoticeKind.GOAL, text="Theo changed a goal for you.")
    assert "Theo changed a goal for you." in patient_client.get(reverse("accounts:dashboard")).text


def test_marking_read_with_htmx_answers_the_panel(patient_client, patient, htmx_headers):
    notice = NoticeFactory(recipient=patient, text="Goal changed")
    response = patient_client.post(reverse("notifications:notice_read", args=[notice.pk]), **htmx_headers)
    assert response.status_code == 200
    assert 'id="notices"' in response.text
    assert "<html" not in response.text
    assert "Mark as read" not in response.text


def test_marking_all_read(patient_client, patient, other_patient):
    NoticeFactory.create_batch(3, recipient=patient)
    theirs = NoticeFactory(recipient=other_patient)
    patient_client.post(reverse("notifications:notices_read_all"))
    assert not Notice.objects.for_user(patient).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_notice_is_a_404(patient_client, other_patient):
    theirs = NoticeFactory(recipient=other_patient)
    assert patient_client.post(reverse("notifications:notice_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_is_a_post(patient_client, patient):
    notice = NoticeFactory(recipient=patient)
    assert patient_client.get(reverse("notifications:notice_read", args=[notice.pk])).status_code == 405
    assert patient_client.get(reverse("notifications:notices_read_all")).status_code == 405


def test_staff_see_their_notices_on_their_own_page(client, editor):
    NoticeFactory(recipient=editor, text="2 lesson(s) need a clinical review soon")
    client.force_login(editor)
    response = client.get(reverse("notifications:notices"))
    assert "2 lesson(s) need a clinical review soon" in response.text
    assert client.post(reverse("notifications:notices")).status_code == 405
