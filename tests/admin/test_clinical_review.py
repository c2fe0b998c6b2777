"""Clinical review before publishing (issue #19): draft → in review → approved → published, the
four-eyes rule, refusals (approving one's own draft, approving after changes, publishing
without approval), every step recorded and shown in History, and the patients' byline."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.roles import REVIEWERS, ROLE_PERMISSIONS
from education.models import Lesson, Section
from education.publishing import (
    PublishError,
    ReviewState,
    approve,
    create_draft,
    publish,
    review_state,
    send_back,
    submit_for_review,
)
from education.review_models import ReviewAction, ReviewEvent
from tests.admin.review_helpers import approved
from tests.factories import LessonFactory, ReviewerFactory, SectionFactory

SIMPLE = "You can eat oily fish twice a week. It may help."


@pytest.fixture
def lesson(db):
    lesson = LessonFactory(title="Omega-3 and inflammation", slug="omega-3", order=2, in_brief=SIMPLE)
    SectionFactory(lesson=lesson, order=1, anchor="what", heading="What it is", body=SIMPLE)
    SectionFactory(lesson=lesson, order=2, anchor="do", heading="What you can do", body=SIMPLE)
    return lesson


@pytest.fixture
def draft(lesson, editor):
    draft = create_draft(lesson=lesson)
    section = draft.sections.get(anchor="what")
    section.body = "You can eat oily fish, such as sardines, twice a week."
    section.save()
    return draft


def review_url(lesson):
    return reverse("admin:education_lesson_review", args=[lesson.pk])


def steps(lesson):
    return list(
        ReviewEvent.objects.filter(lesson=lesson).order_by("at", "pk").values_list("action", flat=True)
    )


# --- the role -----------------------------------------------------------------------------------


def test_the_reviewer_role_may_view_content_and_review_lessons_only():
    grants = ROLE_PERMISSIONS[REVIEWERS]
    assert {app for app, _, _ in grants} == {"education"}
    assert all(set(actions) <= {"view", "review"} for *_, actions in grants)  # never add/change/delete
    assert ("education", "lesson", ["review"]) in grants


def test_a_reviewer_is_staff_in_the_reviewers_group_and_sees_no_clients(db):
    reviewer = ReviewerFactory()
    assert reviewer.is_staff and reviewer.role == Role.REVIEWER
    assert list(reviewer.groups.values_list("name", flat=True)) == [REVIEWERS]
    assert reviewer.has_perm("education.review_lesson")
    assert not reviewer.has_perm("education.change_lesson")
    assert not reviewer.has_perm("accounts.view_client")
    assert not reviewer.__class__.objects.clients_of(reviewer).exists()


def test_a_reviewer_needs_two_step_verification_for_the_admin(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/accounts/two-step/" in response["Location"]


# --- each transition -------------------------------------------------------------------------------


def test_sending_for_review_records_who_when_and_the_content(editor_admin, editor, draft):
    response = editor_admin.post(
        reverse("admin:education_lesson_submit", args=[draft.pk]), {"comment": "New portion advice."}
    )
    assert response["Location"] == reverse("admin:education_lesson_change", args=[draft.pk])
    event = ReviewEvent.objects.get(draft=draft)
    assert (event.action, event.actor, event.comment, event.lesson_id) == (
        ReviewAction.SUBMITTED,
        editor,
        "New portion advice.",
        draft.draft_of_id,
    )
    assert review_state(draft) == ReviewState.IN_REVIEW
    page = editor_admin.get(reverse("admin:education_lesson_change", args=[draft.pk]))
    assert "Waiting for clinical review" in page.text
    assert "Send for review" not in page.text


def test_send_for_review_is_post_only(editor_admin, draft):
    assert editor_admin.get(reverse("admin:education_lesson_submit", args=[draft.pk])).status_code == 405
    assert not ReviewEvent.objects.exists()


def test_therapists_cannot_send_for_review(therapist_admin, lesson, draft):
    assert therapist_admin.post(reverse("admin:education_lesson_submit", args=[draft.pk])).status_code == 404
    assert therapist_admin.post(reverse("admin:education_lesson_submit", args=[lesson.pk])).status_code == 403
    assert not ReviewEvent.objects.exists()


def test_reviewer_sends_back_with_a_comment_the_editor_sees_it(editor_admin, reviewer_admin, reviewer, draft):
    submit_for_review(draft=draft, by=None)
    response = reviewer_admin.post(
        review_url(draft), {"decision": "send_back", "comment": "Say how much fish."}
    )
    assert response.status_code == 302
    assert review_state(draft) == ReviewState.DRAFT
    event = ReviewEvent.objects.filter(draft=draft).first()
    assert (event.action, event.actor, event.comment) == (
        ReviewAction.SENT_BACK,
        reviewer,
        "Say how much fish.",
    )
    page = editor_admin.get(reverse("admin:education_lesson_change", args=[draft.pk]))
    assert "Sent back" in page.text and "Say how much fish." in page.text
    assert "Send for review" in page.text


def test_sending_back_without_a_comment_is_refused_with_a_message(reviewer_admin, draft):
    submit_for_review(draft=draft, by=None)
    response = reviewer_admin.post(review_url(draft), {"decision": "send_back", "comment": "  "})
    assert response.status_code == 422
    assert "Say what should change." in response.text
    assert review_state(draft) == ReviewState.IN_REVIEW
    with pytest.raises(PublishError):
        send_back(draft=draft, by=None, comment="")


def test_reviewer_approves_and_the_editor_publishes(
    editor_admin, reviewer_admin, reviewer, editor, draft, lesson
):
    submit_for_review(draft=draft, by=editor)
    response = reviewer_admin.post(review_url(draft), {"decision": "approve", "comment": "Accurate."})
    assert response.status_code == 302
    assert review_state(draft) == ReviewState.APPROVED
    page = editor_admin.get(reverse("admin:education_lesson_publish", args=[draft.pk]))
    assert "Publish now" in page.text
    editor_admin.post(
        reverse("admin:education_lesson_publish", args=[draft.pk]), {"change_note": "Fish portions."}
    )
    lesson.refresh_from_db()
    approval = ReviewEvent.objects.get(action=ReviewAction.APPROVED)
    assert (lesson.version, lesson.approval, lesson.last_reviewed) == (2, approval, timezone.localdate())
    assert lesson.next_review_due > lesson.last_reviewed
    assert steps(lesson) == ["submitted", "approved", "published"]
    published = ReviewEvent.objects.get(action=ReviewAction.PUBLISHED)
    assert (published.actor, published.lesson_version, published.comment) == (editor, 2, "Fish portions.")


def test_a_lesson_never_published_goes_through_review_too(editor, reviewer):
    new = LessonFactory(status="draft", title="Brand new", in_brief=SIMPLE)
    SectionFactory(lesson=new, order=1, anchor="do", heading="What you can do", body=SIMPLE)
    with pytest.raises(PublishError, match="must approve"):
        publish(lesson=new, change_note="First.")
    submit_for_review(draft=new, by=editor)
    approve(draft=new, by=reviewer)
    published = publish(lesson=new, change_note="First.", by=editor)
    assert (published.status, published.approval.action) == ("published", ReviewAction.APPROVED)


# --- refusals ---------------------------------------------------------------------------------------


def test_publishing_without_approval_is_refused_and_changes_nothing(editor_admin, draft, lesson):
    url = reverse("admin:education_lesson_publish", args=[draft.pk])
    page = editor_admin.get(url)
    assert "A clinical reviewer must approve this draft first" in page.text
    assert "Publish now" not in page.text
    response = editor_admin.post(url, {"change_note": "Sneaky."})
    assert response.status_code == 200
    assert "must approve this draft first" in response.text
    lesson.refresh_from_db()
    assert lesson.version == 1
    assert Lesson.objects.filter(pk=draft.pk).exists()


def test_publishing_while_in_review_is_refused(draft):
    submit_for_review(draft=draft, by=None)
    with pytest.raises(PublishError, match="waiting for review"):
        publish(lesson=draft, change_note="Too early.")


def test_the_writer_of_a_draft_cannot_approve_it(db, lesson):
    """Four eyes: a superuser (who may do both) who changed the draft is refused."""
    from accounts.models import User

    boss = User.objects.create_superuser("boss@example.com", "pw-long-enough-123", full_name="Boss")
    draft = create_draft(lesson=lesson)
    section = draft.sections.get(anchor="what")
    section.body = "Changed by the boss."
    section._history_user = boss  # as the admin records it
    section.save()
    submit_for_review(draft=draft, by=None)
    with pytest.raises(PublishError, match="another reviewer must approve it"):
        approve(draft=draft, by=boss)
    assert review_state(draft) == ReviewState.IN_REVIEW


def test_whoever_sent_a_draft_for_review_cannot_approve_it(reviewer_admin, reviewer, draft):
    submit_for_review(draft=draft, by=reviewer)
    response = reviewer_admin.post(review_url(draft), {"decision": "approve"})
    assert response.status_code == 422
    assert "another reviewer must approve it" in response.text
    assert review_state(draft) == ReviewState.IN_REVIEW


def test_approving_a_draft_changed_after_review_started_is_refused(reviewer_admin, draft):
    submit_for_review(draft=draft, by=None)
    section = draft.sections.get(anchor="what")
    section.body = "A later change the reviewer has not seen."
    section.save()
    response = reviewer_admin.post(review_url(draft), {"decision": "approve"})
    assert response.status_code == 422
    assert "changed after it was sent for review" in response.text
    assert review_state(draft) == ReviewState.IN_REVIEW


def test_a_draft_changed_after_approval_cannot_be_published(reviewer, draft, lesson):
    approved(draft, reviewer=reviewer)
    Section.objects.create(lesson=draft, order=3, anchor="late", heading="Late", body="Unreviewed.")
    with pytest.raises(PublishError, match="changed after it was approved"):
        publish(lesson=draft, change_note="Unreviewed.")
    lesson.refresh_from_db()
    assert lesson.version == 1


def test_approving_above_grade_eight_needs_a_justification(reviewer_admin, reviewer, draft):
    section = draft.sections.get(anchor="what")
    section.body = (
        "Glucocorticoid-associated osteoporosis, characterised by accelerated trabecular "
        "deterioration and compromised mineralisation, necessitates comprehensive pharmacological evaluation."
    )
    section.save()
    submit_for_review(draft=draft, by=None)
    response = reviewer_admin.post(review_url(draft), {"decision": "approve"})
    assert response.status_code == 422
    assert "above 8" in response.text
    assert review_state(draft) == ReviewState.IN_REVIEW
    reviewer_admin.post(review_url(draft), {"decision": "approve", "justification": "Names the medicine."})
    approval = ReviewEvent.objects.get(action=ReviewAction.APPROVED)
    assert approval.justification == "Names the medicine." and approval.reading_grade > 8


def test_an_editor_cannot_decide_a_review(editor_admin, draft):
    submit_for_review(draft=draft, by=None)
    assert editor_admin.post(review_url(draft), {"decision": "approve"}).status_code == 403
    assert review_state(draft) == ReviewState.IN_REVIEW


def test_deciding_twice_is_refused(reviewer, draft):
    approved(draft, reviewer=reviewer)
    with pytest.raises(PublishError, match="not waiting for review"):
        approve(draft=draft, by=ReviewerFactory())
    with pytest.raises(PublishError, match="already approved"):
        submit_for_review(draft=draft, by=None)


# --- what the reviewer sees -------------------------------------------------------------------------


def test_review_page_shows_the_diff_and_the_plain_language_check(
    reviewer_admin, draft, django_assert_max_num_queries
):
    submit_for_review(draft=draft, by=None)
    response = reviewer_admin.get(review_url(draft))
    assert response.status_code == 200
    text = response.text
    assert "Changed section: What it is" in text
    assert "<ins>such as sardines,</ins>" in text or "<ins>" in text
    assert "Plain-language check" in text and "Reading grade" in text
    assert "It has a “what you can do” part." in text
    assert 'value="approve"' in text and 'value="send_back"' in text


def test_review_page_answers_get_and_post_only(reviewer_admin, draft):
    assert reviewer_admin.put(review_url(draft)).status_code == 405


def test_therapists_reach_no_review_page(therapist_admin, lesson, draft):
    assert therapist_admin.get(review_url(lesson)).status_code == 403
    assert therapist_admin.get(review_url(draft)).status_code == 404


# --- the record ---------------------------------------------------------------------------------------


def test_history_tells_the_whole_story(editor_admin, editor, reviewer, draft, lesson):
    submit_for_review(draft=draft, by=editor, comment="First go.")
    send_back(draft=draft, by=reviewer, comment="Say how much fish.")
    section = draft.sections.get(anchor="what")
    section.body = "Two portions of oily fish a week."
    section.save()
    submit_for_review(draft=draft, by=editor)
    approve(draft=draft, by=reviewer, comment="Good.")
    publish(lesson=draft, change_note="Fish portions.", by=editor)
    text = editor_admin.get(reverse("admin:education_lesson_history", args=[lesson.pk])).text
    for expected in (
        "Sent for review",
        "First go.",
        "Sent back",
        "Say how much fish.",
        "Approved",
        "Good.",
        "Published version 2",
        "Fish portions.",
        "Section changed: What it is",
        "Rhea Reviewer",
    ):
        assert expected in text, expected
    assert "None" not in text.split('id="change-history"')[1].split("</table>")[0]
    assert "+00:00" not in text


def test_patients_see_who_reviewed_the_lesson_and_when(client, editor, reviewer, draft, lesson):
    approved(draft, reviewer=reviewer, editor=editor)
    publish(lesson=draft, change_note="Fish portions.", by=editor)
    text = client.get(lesson.get_absolute_url()).text
    today = timezone.localdate()
    assert f"Reviewed by Rhea Reviewer, RD, MSc on {today.day} {today:%B %Y}." in text
    assert f"Last reviewed: {today.day} {today:%B %Y}." in text
