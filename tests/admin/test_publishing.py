"""Editors: draft → preview → publish with a note (version + 1), history with a diff, restore."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from education.models import Faq, Lesson, LessonProgress, Reference, Section
from education.publishing import PublishError, create_draft, publish, publish_due, restore_as_draft
from tests.admin.review_helpers import approved
from tests.factories import LessonFactory, SectionFactory


@pytest.fixture
def lesson(db):
    lesson = LessonFactory(title="Omega-3 and inflammation", slug="omega-3", order=2)
    SectionFactory(lesson=lesson, order=1, anchor="what", heading="What it is", body="Old body.")
    SectionFactory(lesson=lesson, order=2, anchor="how", heading="How much", body="Two portions.")
    Faq.objects.create(lesson=lesson, order=1, question="Fish oil?", answer="Maybe.")
    Reference.objects.create(lesson=lesson, number=1, citation="A study.")
    return lesson


def admin_form_data(response):
    """POST data equal to what an admin change form shows (main form and inline formsets)."""
    data = {}

    def add(form, prefix=None):
        for name, field in form.fields.items():
            key = form.add_prefix(name) if prefix is None else f"{prefix}-{name}"
            value = form[name].value()
            if field.disabled:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                continue
            if isinstance(value, list | dict):
                value = json.dumps(value)
            if hasattr(value, "pk"):
                value = value.pk
            data[key] = "" if value is None else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


def test_create_draft_copies_the_lesson_and_its_content(editor_admin, lesson):
    response = editor_admin.post(reverse("admin:education_lesson_draft", args=[lesson.pk]))
    draft = Lesson.objects.get(draft_of=lesson)
    assert response["Location"] == reverse("admin:education_lesson_change", args=[draft.pk])
    assert (draft.title, draft.status, draft.version) == (lesson.title, "draft", 1)
    assert list(draft.sections.values_list("anchor", "body")) == [
        ("what", "Old body."),
        ("how", "Two portions."),
    ]
    assert draft.faqs.count() == 1 and draft.references.count() == 1
    # Asking again opens the same draft.
    editor_admin.post(reverse("admin:education_lesson_draft", args=[lesson.pk]))
    assert Lesson.objects.filter(draft_of=lesson).count() == 1


def test_a_published_lesson_is_read_only_the_draft_is_editable(editor_admin, lesson):
    live = editor_admin.get(reverse("admin:education_lesson_change", args=[lesson.pk]))
    assert 'name="title"' not in live.text
    assert "Create draft" in live.text
    draft = create_draft(lesson=lesson)
    page = editor_admin.get(reverse("admin:education_lesson_change", args=[draft.pk]))
    assert 'name="title"' in page.text
    assert "Send for review" in page.text

    data = admin_form_data(page)
    data["title"] = "Omega-3, inflammation and your bones"
    data["sections-0-body"] = "New body."
    response = editor_admin.post(reverse("admin:education_lesson_change", args=[draft.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.title == "Omega-3, inflammation and your bones"
    assert draft.sections.get(anchor="what").body_html.strip() == "<p>New body.</p>"
    lesson.refresh_from_db()
    assert lesson.title == "Omega-3 and inflammation"


def test_preview_renders_the_draft_for_staff_only(client, editor_admin, lesson):
    draft = create_draft(lesson=lesson)
    draft.title = "A brand new title"
    draft.save()
    url = reverse("admin:education_lesson_preview", args=[draft.pk])
    response = editor_admin.get(url)
    assert response.status_code == 200
    assert "A brand new title" in response.text
    # The patient-facing page still shows the published lesson.
    assert "A brand new title" not in client.get(lesson.get_absolute_url()).text
    client.logout()
    assert client.get(url).status_code == 302  # to the admin login


def test_preview_of_a_lesson_never_published(editor_admin, lesson):
    new = LessonFactory(series=lesson.series, status="draft", title="Not yet published", order=9)
    SectionFactory(lesson=new, order=1, anchor="only", heading="Only section")
    response = editor_admin.get(reverse("admin:education_lesson_preview", args=[new.pk]))
    assert response.status_code == 200
    assert "Not yet published" in response.text


def test_publish_copies_the_draft_raises_the_version_and_keeps_the_note(editor_admin, editor, lesson):
    section_ids = dict(lesson.sections.values_list("anchor", "pk"))
    draft = create_draft(lesson=lesson)
    draft.title = "Omega-3: what changed"
    draft.save()
    changed = draft.sections.get(anchor="what")
    changed.body = "Newer evidence."
    changed.save()
    draft.sections.get(anchor="how").delete()
    Section.objects.create(lesson=draft, order=3, anchor="food", heading="In food", body="Sardines.")
    approved(draft)

    url = reverse("admin:education_lesson_publish", args=[draft.pk])
    assert "becomes version 2" in editor_admin.get(url).text
    response = editor_admin.post(url, {"change_note": "Updated the advice on portions."})
    assert response["Location"] == reverse("admin:education_lesson_change", args=[lesson.pk])

    lesson.refresh_from_db()
    assert (lesson.title, lesson.version, lesson.change_note) == (
        "Omega-3: what changed",
        2,
        "Updated the advice on portions.",
    )
    assert lesson.published_at is not None
    assert list(lesson.sections.values_list("anchor", "body")) == [
        ("what", "Newer evidence."),
        ("food", "Sardines."),
    ]
    # The kept section is the same row (patients' reading places point at it).
    assert lesson.sections.get(anchor="what").pk == section_ids["what"]
    assert not Lesson.objects.filter(draft_of=lesson).exists()
    record = lesson.history.first()
    assert (record.history_user, record.history_change_reason, record.version) == (
        editor,
        "Updated the advice on portions.",
        2,
    )


def test_publish_needs_a_change_note(editor_admin, lesson):
    draft = approved(create_draft(lesson=lesson))
    response = editor_admin.post(
        reverse("admin:education_lesson_publish", args=[draft.pk]), {"change_note": ""}
    )
    assert response.status_code == 200
    assert "This field is required" in response.text
    lesson.refresh_from_db()
    assert lesson.version == 1
    with pytest.raises(PublishError):
        publish(lesson=draft, change_note="  ")


def test_history_shows_who_and_a_readable_diff(editor_admin, editor, lesson):
    draft = create_draft(lesson=lesson)
    draft.title = "Omega-3, revised"
    draft.save()
    approved(draft)
    editor_admin.post(
        reverse("admin:education_lesson_publish", args=[draft.pk]), {"change_note": "Clearer title."}
    )
    response = editor_admin.get(reverse("admin:education_lesson_history", args=[lesson.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Omega-3 and inflammation" in text and "Omega-3, revised" in text  # old → new
    assert "Clearer title." in text
    assert editor.email in text or editor.full_name in text
    assert "Restore version 1 as a draft" in text
    assert "Restore version 2 as a draft" not in text  # the current version


def test_restore_an_earlier_version_as_a_draft_then_publish_it(editor_admin, lesson):
    v1 = lesson.history.filter(version=1).latest("history_date")
    draft = create_draft(lesson=lesson)
    draft.title = "Version two title"
    draft.save()
    section = draft.sections.get(anchor="what")
    section.body = "Version two body."
    section.save()
    publish(lesson=approved(draft), change_note="Second version.")
    lesson.refresh_from_db()
    assert lesson.version == 2

    response = editor_admin.post(reverse("admin:education_lesson_restore", args=[lesson.pk, v1.history_id]))
    restored = Lesson.objects.get(draft_of=lesson)
    assert response["Location"] == reverse("admin:education_lesson_change", args=[restored.pk])
    assert restored.title == "Omega-3 and inflammation"
    assert restored.sections.get(anchor="what").body == "Old body."
    assert restored.change_note == "Restored the text of version 1."
    approved(restored)

    editor_admin.post(
        reverse("admin:education_lesson_publish", args=[restored.pk]),
        {"change_note": "Back to the first text."},
    )
    lesson.refresh_from_db()
    assert (lesson.title, lesson.version) == ("Omega-3 and inflammation", 3)
    assert lesson.sections.get(anchor="what").body == "Old body."


def test_simple_history_revert_is_replaced_by_restore(editor_admin, lesson):
    record = lesson.history.first()
    url = reverse("admin:education_lesson_simple_history", args=[lesson.pk, record.history_id])
    assert editor_admin.get(url).status_code == 404
    with pytest.raises(PublishError):
        restore_as_draft(lesson=create_draft(lesson=lesson), history_id=record.history_id)


def test_scheduled_publication(lesson):
    draft = create_draft(lesson=lesson)
    draft.title = "Scheduled title"
    draft.change_note = "Scheduled update."
    draft.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    draft.save()
    approved(draft)
    later = LessonFactory(status="draft", publish_at=timezone.now() + datetime.timedelta(days=1))
    call_command("publish_scheduled")
    lesson.refresh_from_db()
    assert (lesson.title, lesson.version, lesson.change_note) == ("Scheduled title", 2, "Scheduled update.")
    later.refresh_from_db()
    assert later.status == "draft"


def test_scheduled_draft_without_a_note_is_skipped(lesson):
    draft = approved(create_draft(lesson=lesson))
    draft.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    draft.save()
    published, skipped = publish_due()
    assert published == [] and [item[0] for item in skipped] == [draft]
    lesson.refresh_from_db()
    assert lesson.version == 1


def test_a_new_lesson_is_published_once(editor_admin, db):
    new = approved(LessonFactory(status="draft", title="Brand new"))
    editor_admin.post(reverse("admin:education_lesson_publish", args=[new.pk]), {"change_note": "First."})
    new.refresh_from_db()
    assert (new.status, new.version) == ("published", 1)


def test_therapists_cannot_edit_content(therapist_admin, lesson):
    page = therapist_admin.get(reverse("admin:education_lesson_change", args=[lesson.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.text
    assert therapist_admin.post(reverse("admin:education_lesson_draft", args=[lesson.pk])).status_code == 403
    assert therapist_admin.get(reverse("admin:education_lesson_add")).status_code == 403
    assert therapist_admin.get(reverse("admin:education_section_changelist")).status_code == 403
    assert therapist_admin.get(reverse("admin:education_question_changelist")).status_code == 403
    assert not Lesson.objects.filter(draft_of=lesson).exists()


def test_therapists_never_see_drafts(therapist_admin, lesson):
    draft = create_draft(lesson=lesson)
    assert therapist_admin.get(reverse("admin:education_lesson_change", args=[draft.pk])).status_code == 404
    assert therapist_admin.get(reverse("admin:education_lesson_preview", args=[draft.pk])).status_code == 404


def test_patient_who_read_an_earlier_version_sees_the_update_notice(client, patient, lesson):
    LessonProgress.objects.create(
        user=patient, lesson=lesson, finished_reading_at=timezone.now(), read_version=1
    )
    draft = approved(create_draft(lesson=lesson))
    publish(lesson=draft, change_note="Added the new portion advice.")
    client.force_login(patient)
    response = client.get(lesson.get_absolute_url())
    assert response.status_code == 200
    assert "Updated since you read it" in response.text
    assert "Added the new portion advice." in response.text


def test_a_live_lesson_cannot_be_deleted_a_draft_can(editor_admin, lesson):
    assert editor_admin.get(reverse("admin:education_lesson_delete", args=[lesson.pk])).status_code == 403
    draft = create_draft(lesson=lesson)
    response = editor_admin.post(reverse("admin:education_lesson_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Lesson.objects.filter(pk=draft.pk).exists()
    assert Lesson.objects.filter(pk=lesson.pk).exists()
