"""The editors' admin as a non-technical editor meets it (issue #19): takeaways as lines, a
History without empty changes, read-only pages without Save buttons, a preview that leads back
and on and marks what changed, only the models editors work with, role-correct two-step wording,
a favicon, and the plain-language check."""

import pytest
from django.urls import reverse

from education.plain_language import check_lesson, check_section
from education.publishing import create_draft
from tests.admin.test_publishing import admin_form_data
from tests.factories import LessonFactory, SectionFactory


@pytest.fixture
def lesson(db):
    lesson = LessonFactory(title="Omega-3", slug="omega-3", takeaways=["Eat oily fish.", "Ask first."],
                           in_brief="First line.\nSecond line.")  # fmt: skip
    SectionFactory(lesson=lesson, order=1, anchor="what", heading="What it is", body="Fish.\nMore fish.")
    SectionFactory(lesson=lesson, order=2, anchor="do", heading="What you can do", body="Eat fish.")
    return lesson


def change_url(lesson):
    return reverse("admin:education_lesson_change", args=[lesson.pk])


def test_takeaways_are_edited_as_lines_and_stored_as_a_list(editor_admin, lesson):
    draft = create_draft(lesson=lesson)
    page = editor_admin.get(change_url(draft))
    assert "Eat oily fish.\nAsk first.</textarea>" in page.text
    assert "One takeaway per line." in page.text
    data = admin_form_data(page)
    data["takeaways"] = "Eat oily fish.\r\n\r\n  Two portions a week.  \r\nAsk first."
    response = editor_admin.post(change_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.takeaways == ["Eat oily fish.", "Two portions a week.", "Ask first."]


def test_saving_a_draft_unchanged_records_no_change(editor_admin, lesson):
    draft = create_draft(lesson=lesson)
    page = editor_admin.get(change_url(draft))
    data = admin_form_data(page)
    # What a browser sends: every textarea with CRLF line endings.
    data = {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()
    }
    data["takeaways"] = "Eat oily fish.\r\nAsk first."
    assert editor_admin.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.in_brief == "First line.\nSecond line."
    text = editor_admin.get(reverse("admin:education_lesson_history", args=[draft.pk])).text
    assert "Edited" not in text and "Section changed" not in text


def test_history_shows_section_changes_with_readable_dates_and_authors(editor_admin, editor, lesson):
    draft = create_draft(lesson=lesson)
    data = admin_form_data(editor_admin.get(change_url(draft)))
    data["sections-0-body"] = "Fish, twice a week."
    editor_admin.post(change_url(draft), data)
    response = editor_admin.get(reverse("admin:education_lesson_history", args=[draft.pk]))
    text = response.text
    assert "Section changed: What it is" in text
    assert "<ins>twice a week.</ins>" in text or "twice a week." in text
    assert "Edith Editor" in text
    assert "+00:00" not in text


def test_a_published_lesson_page_has_no_save_buttons(editor_admin, lesson):
    text = editor_admin.get(change_url(lesson)).text
    assert 'name="_save"' not in text and 'name="_continue"' not in text and 'name="_addanother"' not in text
    draft = create_draft(lesson=lesson)
    assert 'name="_save"' in editor_admin.get(change_url(draft)).text


def test_a_reviewer_sees_read_only_pages_without_save_buttons(reviewer_admin, lesson):
    draft = create_draft(lesson=lesson)
    text = reviewer_admin.get(change_url(draft)).text
    assert 'name="_save"' not in text and 'name="title"' not in text


def test_action_buttons_are_styled_as_the_admins(editor_admin, lesson):
    text = editor_admin.get(change_url(lesson)).text
    assert '<button type="submit" class="object-tool-button">Create draft</button>' in text
    draft = create_draft(lesson=lesson)
    assert 'class="object-tool-button">Send for review</button>' in editor_admin.get(change_url(draft)).text


def test_preview_links_back_and_on_and_marks_the_changed_sections(editor_admin, lesson):
    draft = create_draft(lesson=lesson)
    section = draft.sections.get(anchor="what")
    section.body = "Changed text."
    section.save()
    text = editor_admin.get(reverse("admin:education_lesson_preview", args=[draft.pk])).text
    assert f'href="{change_url(draft)}"' in text and "Back to the draft" in text
    assert reverse("admin:education_lesson_submit", args=[draft.pk]) in text
    assert text.count("Changed in this draft") == 3  # the panel (list and key) and the one label
    assert 'href="#what">What it is</a>' in text
    assert "Plain-language check" in text


def test_editors_index_and_sidebar_list_only_what_they_work_with(editor_admin, lesson):
    text = editor_admin.get(reverse("admin:index")).text
    assert reverse("admin:education_lesson_changelist") in text
    for hidden in ("section", "question", "choice"):
        assert reverse(f"admin:education_{hidden}_changelist") not in text
    # The pages still work, for a link from the lesson or the quiz.
    assert editor_admin.get(reverse("admin:education_section_changelist")).status_code == 200


def test_lesson_list_has_no_by_draft_of_filter(editor_admin, lesson):
    text = editor_admin.get(reverse("admin:education_lesson_changelist")).text
    assert "By draft of" not in text
    assert "By review due" in text and "Working copies" in text


@pytest.mark.parametrize(("fixture", "expected", "absent"), [
    ("editor", "Your role lets you change the health information patients read", "access to clients'"),
    ("reviewer", "Your role approves the health information patients read", "access to clients'"),
    ("therapist", "Your role gives you access to clients' health information", "approves"),
])  # fmt: skip
def test_two_step_setup_wording_fits_the_role(client, request, fixture, expected, absent):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    text = client.get(reverse("accounts:mfa_setup")).text
    assert expected in text and absent not in text


def test_every_admin_page_has_the_favicon(editor_admin, lesson):
    for url in (
        reverse("admin:index"),
        change_url(lesson),
        reverse("admin:education_lesson_review", args=[lesson.pk]),
    ):
        assert 'rel="icon" href="/static/img/favicon' in editor_admin.get(url).text, url


# --- the plain-language check ------------------------------------------------------------------


def test_check_gives_grade_longest_sentences_and_unexplained_medical_words(db):
    body = ("Short one. This is a much longer sentence about [inflammation](term:inflammation) and "
            "osteoclasts and your cytokines. Sleep well.")  # fmt: skip
    check = check_section("Part", "part", body, explained={"cytokines"})
    assert check.grade is not None
    assert check.longest[0][1].startswith("This is a much longer sentence")
    assert check.unexplained == ["osteoclasts"]  # inflammation is linked, cytokines in the glossary


def test_lesson_check_finds_the_what_you_can_do_part(lesson):
    assert check_lesson(lesson).has_action_part
    lesson.sections.filter(anchor="do").update(heading="More facts")
    assert not check_lesson(lesson).has_action_part


def test_each_list_item_is_a_sentence_of_its_own(db):
    body = "Common drivers include:\n\n- poor sleep\n- stress that goes on for a long time\n- little movement"
    check = check_section("Drivers", "drivers", body, explained=set())
    assert [words for words, _ in check.longest] == [8, 3]
