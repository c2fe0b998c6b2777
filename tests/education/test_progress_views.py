"""Saving a patient's place in a lesson: a plain form (Post/Redirect/Get) and the htmx partial."""

import pytest
from django.urls import reverse
from django.utils import timezone

from education.models import LessonProgress, Status
from tests.education.lesson_builders import build_lesson
from tests.factories import LessonProgressFactory, TherapistFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return build_lesson(sections=4)


def sections_of(lesson):
    return list(lesson.sections.order_by("order"))


def progress_url(lesson):
    return reverse("education:lesson_progress", args=[lesson.slug])


def test_saving_a_place_records_it_and_returns_to_the_same_spot(patient_client, patient, lesson):
    second = sections_of(lesson)[1]
    response = patient_client.post(progress_url(lesson), {"section": second.anchor}, follow=True)

    assert response.redirect_chain == [(f"{lesson.get_absolute_url()}#{second.anchor}-end", 302)]
    progress = LessonProgress.objects.get(user=patient, lesson=lesson)
    assert progress.sections_reached == 2 and progress.last_section == second
    assert progress.finished_reading_at is None and progress.read_version is None
    html = response.content.decode()
    assert f"Your place is saved: you have read up to “{second.heading}”." in html
    assert html.count("(read)") == 2


def test_the_place_only_moves_forward(patient_client, patient, lesson):
    first, second, third, _ = sections_of(lesson)
    patient_client.post(progress_url(lesson), {"section": third.anchor})
    patient_client.post(progress_url(lesson), {"section": first.anchor})
    progress = LessonProgress.objects.get(user=patient, lesson=lesson)
    assert progress.sections_reached == 3 and progress.last_section == third
    assert LessonProgress.objects.count() == 1


def test_reaching_the_last_section_finishes_the_reading(patient_client, patient, lesson):
    lesson.version = 3
    lesson.save()
    last = sections_of(lesson)[-1]
    response = patient_client.post(progress_url(lesson), {"section": last.anchor})

    assert response.status_code == 302
    assert response["Location"] == f"{lesson.get_absolute_url()}#lesson-end"
    progress = LessonProgress.objects.get(user=patient, lesson=lesson)
    assert progress.finished_reading_at is not None
    assert progress.read_version == 3
    assert progress.sections_reached == 4
    assert progress.completed_at is None  # the quiz is still to pass


def test_finishing_after_passing_the_quiz_completes_the_lesson(patient_client, patient, lesson):
    passed = timezone.now()
    LessonProgressFactory(user=patient, lesson=lesson, sections_reached=1, quiz_passed_at=passed)
    patient_client.post(progress_url(lesson), {"section": sections_of(lesson)[-1].anchor})
    progress = LessonProgress.objects.get(user=patient, lesson=lesson)
    assert progress.completed_at is not None


def test_finishing_again_keeps_the_first_finish_time(patient_client, patient, lesson):
    first_finish = timezone.now() - timezone.timedelta(days=3)
    LessonProgressFactory(
        user=patient, lesson=lesson, sections_reached=4, finished_reading_at=first_finish, read_version=1
    )
    patient_client.post(progress_url(lesson), {"section": sections_of(lesson)[-1].anchor})
    assert LessonProgress.objects.get(user=patient, lesson=lesson).finished_reading_at == first_finish


def test_htmx_gets_the_status_partial(patient_client, patient, lesson, htmx_headers):
    second = sections_of(lesson)[1]
    response = patient_client.post(progress_url(lesson), {"section": second.anchor}, **htmx_headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your place is saved" in html
    assert "<html" not in html and "<form" not in html
    assert LessonProgress.objects.get(user=patient, lesson=lesson).sections_reached == 2


def test_htmx_at_the_end_says_the_lesson_is_read(patient_client, lesson, htmx_headers):
    response = patient_client.post(
        progress_url(lesson), {"section": sections_of(lesson)[-1].anchor}, **htmx_headers
    )
    assert "You have finished reading this lesson." in response.content.decode()


@pytest.mark.parametrize("posted", [{"section": "no-such-part"}, {"section": ""}, {}, {"section": "x" * 500}])
def test_an_unknown_section_is_explained_and_nothing_is_stored(patient_client, lesson, posted):
    response = patient_client.post(progress_url(lesson), posted)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'class="error-summary"' in html
    assert "this lesson has changed since you opened it" in html
    assert html.count("this lesson has changed since you opened it") == 1  # in the summary only
    assert not LessonProgress.objects.exists()


def test_an_unknown_section_with_htmx_is_explained_beside_the_button(patient_client, lesson, htmx_headers):
    response = patient_client.post(progress_url(lesson), {"section": "no-such-part"}, **htmx_headers)
    assert response.status_code == 422  # swapped by htmx (base.html htmx-config responseHandling)
    html = response.content.decode()
    assert "Not saved:" in html and "<html" not in html
    assert not LessonProgress.objects.exists()


def test_a_section_of_another_lesson_is_refused(patient_client, lesson):
    other = build_lesson(sections=2)
    response = patient_client.post(progress_url(lesson), {"section": sections_of(other)[0].anchor})
    assert response.status_code == 422
    assert not LessonProgress.objects.exists()


def test_only_the_patients_own_progress_changes(patient_client, patient, other_patient, lesson):
    theirs = LessonProgressFactory(user=other_patient, lesson=lesson, sections_reached=1)
    patient_client.post(progress_url(lesson), {"section": sections_of(lesson)[-1].anchor})
    theirs.refresh_from_db()
    assert theirs.sections_reached == 1 and theirs.finished_reading_at is None
    assert LessonProgress.objects.get(user=patient).finished_reading_at is not None


def test_an_unpublished_lesson_is_not_found(patient_client):
    draft = build_lesson(status=Status.DRAFT)
    response = patient_client.post(progress_url(draft), {"section": sections_of(draft)[0].anchor})
    assert response.status_code == 404
    assert not LessonProgress.objects.exists()


def test_an_unknown_lesson_is_not_found(patient_client):
    url = reverse("education:lesson_progress", args=["no-such-lesson"])
    assert patient_client.post(url, {"section": "x"}).status_code == 404


def test_get_is_not_allowed(patient_client, lesson):
    assert patient_client.get(progress_url(lesson)).status_code == 405


def test_visitors_are_sent_to_log_in(client, lesson):
    response = client.post(progress_url(lesson), {"section": sections_of(lesson)[0].anchor})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not LessonProgress.objects.exists()


def test_staff_roles_record_no_progress(client, lesson):
    client.force_login(TherapistFactory())
    response = client.post(progress_url(lesson), {"section": sections_of(lesson)[0].anchor})
    assert response.status_code == 302
    assert not LessonProgress.objects.exists()


def test_csrf_is_required(patient, lesson):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    response = client.post(progress_url(lesson), {"section": sections_of(lesson)[0].anchor})
    assert response.status_code == 403
    assert not LessonProgress.objects.exists()


# --- lesson.js's batch of sections read by time (issue #16) ----------------------------------


def test_a_batch_of_sections_read_in_order_moves_the_place_without_finishing(patient_client, patient, lesson):
    first, second, third, _ = sections_of(lesson)
    response = patient_client.post(progress_url(lesson), {"read": [first.anchor, second.anchor]})
    assert response.status_code == 200
    assert response.json() == {"reached": 2, "finished": False}
    progress = LessonProgress.objects.get(user=patient, lesson=lesson)
    assert progress.sections_reached == 2 and progress.finished_reading_at is None


def test_the_last_section_alone_does_not_finish_the_lesson(patient_client, patient, lesson):
    first, _, third, last = sections_of(lesson)
    response = patient_client.post(progress_url(lesson), {"read": [first.anchor, third.anchor, last.anchor]})
    assert response.json() == {"reached": 1, "finished": False}  # the second was never read
    assert LessonProgress.objects.get(user=patient, lesson=lesson).finished_reading_at is None


def test_every_section_read_finishes_the_reading_in_one_request(patient_client, patient, lesson):
    anchors = [section.anchor for section in sections_of(lesson)]
    response = patient_client.post(progress_url(lesson), {"read": anchors})
    assert response.json() == {"reached": 4, "finished": True}
    progress = LessonProgress.objects.get(user=patient, lesson=lesson)
    assert progress.finished_reading_at is not None and progress.read_version == lesson.version


def test_a_batch_carries_on_from_the_saved_place(patient_client, patient, lesson):
    sections = sections_of(lesson)
    LessonProgressFactory(user=patient, lesson=lesson, sections_reached=2, last_section=sections[1])
    response = patient_client.post(progress_url(lesson), {"read": [sections[2].anchor, sections[3].anchor]})
    assert response.json() == {"reached": 4, "finished": True}


def test_unknown_anchors_in_a_batch_change_nothing(patient_client, patient, lesson):
    response = patient_client.post(progress_url(lesson), {"read": ["no-such-part", "x" * 500]})
    assert response.status_code == 200 and response.json() == {"reached": 0, "finished": False}
    assert not LessonProgress.objects.exists()


def test_the_finish_button_finishes_without_every_section_timed(patient_client, patient, lesson):
    last = sections_of(lesson)[-1]
    patient_client.post(progress_url(lesson), {"section": last.anchor})
    assert LessonProgress.objects.get(user=patient, lesson=lesson).finished_reading_at is not None


def test_the_lesson_page_saves_nothing_on_scroll(patient_client, lesson):
    html = patient_client.get(lesson.get_absolute_url()).content.decode()
    assert 'class="section-progress' in html and "intersect" not in html
