"""Readers' "Was this section clear?" (education.feedback.section_feedback, issue #19): stored per
lesson version and section with no link to the reader, once per section per session, rate
limited per session; works as a plain form and with htmx."""

import pytest
from django.urls import reverse

from education.feedback import FEEDBACK_PER_HOUR
from education.review_models import SectionFeedback
from tests.factories import LessonFactory, SectionFactory


@pytest.fixture
def lesson(db):
    lesson = LessonFactory(slug="omega-3", version=3)
    SectionFactory(lesson=lesson, order=1, anchor="what", heading="What it is")
    SectionFactory(lesson=lesson, order=2, anchor="how", heading="How much")
    return lesson


def url(lesson):
    return reverse("education:section_feedback", args=[lesson.slug])


def test_lesson_page_asks_under_each_section(client, lesson):
    text = client.get(lesson.get_absolute_url()).text
    assert text.count("Was this section clear?") == 2
    assert 'id="what-feedback"' in text and 'id="how-feedback"' in text
    assert "Please do not include your name or other personal details." in text


def test_answer_is_stored_for_the_version_and_section_without_the_reader(client, patient, lesson):
    client.force_login(patient)
    response = client.post(url(lesson), {"section": "what", "clear": "no", "comment": "Too many long words."})
    assert response.status_code == 302
    assert response["Location"] == f"{lesson.get_absolute_url()}#what-feedback"
    row = SectionFeedback.objects.get()
    assert (row.lesson, row.lesson_version, row.section_anchor, row.clear, row.comment) == (
        lesson, 3, "what", False, "Too many long words."
    )
    assert not any(field.is_relation and field.related_model is patient.__class__
                   for field in SectionFeedback._meta.concrete_fields)  # fmt: skip
    page = client.get(lesson.get_absolute_url())
    assert "Thank you" in page.text


def test_htmx_answer_swaps_the_thanks_in_place(client, lesson):
    response = client.post(url(lesson), {"section": "how", "clear": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="how-feedback"' in response.text
    assert "Thank you" in response.text and "<html" not in response.text
    assert SectionFeedback.objects.get().clear is True


def test_a_second_answer_for_the_same_section_is_refused(client, lesson):
    client.post(url(lesson), {"section": "what", "clear": "yes"})
    response = client.post(url(lesson), {"section": "what", "clear": "no"}, HTTP_HX_REQUEST="true")
    assert "already told us about this section" in response.text
    assert SectionFeedback.objects.count() == 1


def test_feedback_spam_is_rate_limited_per_session(client, db):
    lesson = LessonFactory(slug="long-lesson")
    for n in range(FEEDBACK_PER_HOUR + 2):
        SectionFactory(lesson=lesson, order=n + 1, anchor=f"part-{n}", heading=f"Part {n}")
    for n in range(FEEDBACK_PER_HOUR + 2):
        response = client.post(url(lesson), {"section": f"part-{n}", "clear": "yes"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert "a lot of feedback in the last hour" in response.text
    assert SectionFeedback.objects.count() == FEEDBACK_PER_HOUR


def test_missing_answer_is_an_error_beside_the_field_with_the_comment_kept(client, lesson):
    response = client.post(url(lesson), {"section": "what", "comment": "Kept text"})
    assert response.status_code == 422
    assert "Choose Yes or No." in response.text and "There is a problem" in response.text
    assert "Kept text" in response.text
    assert not SectionFeedback.objects.exists()


def test_htmx_error_comes_back_in_place(client, lesson):
    response = client.post(url(lesson), {"section": "what"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Choose Yes or No." in response.text
    assert not SectionFeedback.objects.exists()


@pytest.mark.parametrize("data", [
    {"section": "no-such-section", "clear": "yes"},
    {"section": "what", "clear": "maybe"},
    {"section": "what", "clear": "yes", "comment": "x" * 501},
    {},
])  # fmt: skip
def test_bad_input_is_refused_without_a_500(client, lesson, data):
    response = client.post(url(lesson), data)
    assert response.status_code == 422
    assert not SectionFeedback.objects.exists()


def test_unknown_or_draft_lesson_is_a_404(client, lesson):
    draft = LessonFactory(status="draft", slug="not-yet")
    assert client.post(url(draft), {"section": "x", "clear": "yes"}).status_code == 404
    assert client.post(reverse("education:section_feedback", args=["nope"]), {}).status_code == 404


def test_feedback_is_post_only(client, lesson):
    assert client.get(url(lesson)).status_code == 405

