"""Bad input to the editors' remaining admin forms: a quiz question with its choices (inline),
a quiz with its questions (inline), a FAQ and a reference, and the FAQ and reference inlines of
a draft lesson with their field values fuzzed. Never a 500; nothing is stored unless the admin
saved (a redirect), and what was stored keeps the database's invariants.
"""

import pytest
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from education.models import Choice, Faq, Lesson, Question, QuestionKind, Quiz, Reference, Status
from education.publishing import create_draft
from tests.security.authz_world import EDITOR, site_client_fixture, visitor_fixture, world_fixture
from tests.security.fuzz_strategies import (
    FUZZ,
    IDS,
    NUMBERS,
    form,
    inline_management,
    post,
    rolled_back,
    rows,
)

world = world_fixture
site_client = site_client_fixture
visitor = visitor_fixture

KINDS = st.sampled_from(QuestionKind.values)
BOOLS = st.sampled_from(["on", "", "true", "False", "1"])
URLS = st.one_of(
    st.just("https://pubmed.ncbi.nlm.nih.gov/12345678/"),
    st.sampled_from(["http://example.org", "javascript:alert(1)", "ftp://x", "https://", "//x"]),
    st.text(max_size=80),
)


def quiz_rows():
    return rows(Quiz.objects.all()), rows(Question.objects.all()), rows(Choice.objects.all())


def assert_invariants():
    """What the database's constraints promise, read back after a save."""
    for quiz in Quiz.objects.all():
        assert 1 <= quiz.pass_mark <= 100
        orders = list(quiz.questions.values_list("order", flat=True))
        assert len(orders) == len(set(orders))
    for question in Question.objects.all():
        assert question.kind in QuestionKind.values
        orders = list(question.choices.values_list("order", flat=True))
        assert len(orders) == len(set(orders))


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_question_with_its_choices(visitor, world, data):
    question = world.objects["question"]
    choices = list(question.choices.order_by("order"))
    plausible = {
        "quiz": st.one_of(st.just(str(question.quiz_id)), IDS),
        "order": st.one_of(st.just(str(question.order)), NUMBERS),
        "kind": st.one_of(KINDS, st.text(max_size=20)),
        "prompt": st.text(min_size=1, max_size=300),
        "explanation": st.text(min_size=1, max_size=300),
        "section_anchor": st.one_of(st.just(question.section_anchor), st.text(max_size=60)),
        **inline_management("choices", len(choices), len(choices)),
    }
    for index, choice in enumerate(choices):
        plausible[f"choices-{index}-id"] = st.one_of(st.just(str(choice.pk)), IDS)
        plausible[f"choices-{index}-question"] = st.one_of(st.just(str(question.pk)), IDS)
        plausible[f"choices-{index}-order"] = st.one_of(st.just(str(choice.order)), NUMBERS)
        plausible[f"choices-{index}-text"] = st.text(max_size=320)
        plausible[f"choices-{index}-is_correct"] = BOOLS
        plausible[f"choices-{index}-DELETE"] = BOOLS
    posted = data.draw(form(plausible))
    with rolled_back():
        client = visitor(EDITOR)
        before = quiz_rows()
        response = post(
            client,
            reverse("admin:education_question_change", args=[question.pk]),
            {**posted, "_save": "Save"},
        )
        event(f"status={response.status_code}")
        if response.status_code == 302:
            assert_invariants()
        else:
            assert response.status_code == 200
            assert quiz_rows() == before


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_quiz_with_its_questions(visitor, world, data):
    quiz = world.objects["quiz"]
    questions = list(quiz.questions.order_by("order"))
    plausible = {
        "lesson": st.one_of(st.just(str(quiz.lesson_id)), IDS),
        "pass_mark": st.one_of(st.integers(min_value=-5, max_value=200).map(str), NUMBERS),
        **inline_management("questions", len(questions), len(questions)),
    }
    for index, question in enumerate(questions):
        plausible[f"questions-{index}-id"] = st.one_of(st.just(str(question.pk)), IDS)
        plausible[f"questions-{index}-quiz"] = st.one_of(st.just(str(quiz.pk)), IDS)
        plausible[f"questions-{index}-order"] = st.one_of(st.just(str(question.order)), NUMBERS)
        plausible[f"questions-{index}-kind"] = st.one_of(KINDS, st.text(max_size=20))
        plausible[f"questions-{index}-prompt"] = st.text(max_size=300)
        plausible[f"questions-{index}-section_anchor"] = st.text(max_size=60)
    posted = data.draw(form(plausible))
    with rolled_back():
        client = visitor(EDITOR)
        before = quiz_rows()
        response = post(
            client, reverse("admin:education_quiz_change", args=[quiz.pk]), {**posted, "_save": "Save"}
        )
        event(f"status={response.status_code}")
        if response.status_code == 302:
            assert_invariants()
        else:
            assert response.status_code == 200
            assert quiz_rows() == before


@FUZZ
@given(
    data=form(
        {
            "lesson": st.one_of(st.none(), IDS),
            "order": NUMBERS,
            "question": st.text(min_size=1, max_size=320),
            "answer": st.text(min_size=1, max_size=300),
        }
    )
)
def test_faq_add(visitor, world, data):
    if data.get("lesson", "") is None:
        data = {**data, "lesson": str(world.lesson.pk)}
    with rolled_back():
        client = visitor(EDITOR)
        before = rows(Faq.objects.all())
        response = post(client, reverse("admin:education_faq_add"), {**data, "_save": "Save"})
        event(f"status={response.status_code}")
        after = rows(Faq.objects.all())
        if response.status_code == 302:
            assert len(after) == len(before) + 1
        else:
            assert response.status_code == 200
            assert after == before


@FUZZ
@given(
    data=form(
        {
            "lesson": st.one_of(st.none(), IDS),
            "number": NUMBERS,
            "citation": st.text(min_size=1, max_size=300),
            "url": URLS,
        }
    )
)
def test_reference_add(visitor, world, data):
    if data.get("lesson", "") is None:
        data = {**data, "lesson": str(world.lesson.pk)}
    with rolled_back():
        client = visitor(EDITOR)
        before = rows(Reference.objects.all())
        response = post(client, reverse("admin:education_reference_add"), {**data, "_save": "Save"})
        event(f"status={response.status_code}")
        after = rows(Reference.objects.all())
        if response.status_code == 302:
            (new,) = [row for row in after if row not in before]
            # Only https links (or none) are stored: never javascript: or plain http.
            assert new["url"] == "" or new["url"].startswith("https://")
        else:
            assert response.status_code == 200
            assert after == before


@pytest.fixture
def draft(world):
    return create_draft(lesson=world.lesson)


@settings(FUZZ, max_examples=15)  # each example renders the whole lesson form with its inlines
@given(data=st.data())
def test_draft_lesson_faq_and_reference_inlines(visitor, world, draft, data):
    """The FAQ and reference rows of a draft, their values fuzzed (the sections' are fuzzed in
    test_fuzz_admin_content), the rest of the form as it stands."""
    sections = list(draft.sections.order_by("order"))
    faqs = list(draft.faqs.order_by("order"))
    references = list(draft.references.order_by("number"))
    posted = {
        "title": draft.title,
        "summary": draft.summary,
        "in_brief": draft.in_brief,
        "takeaways": draft.takeaways,
        "reading_minutes": str(draft.reading_minutes),
        "change_note": "fuzz",
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(sections)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, section in enumerate(sections):
        posted.update(
            {
                f"sections-{index}-id": str(section.pk),
                f"sections-{index}-lesson": str(draft.pk),
                f"sections-{index}-order": str(section.order),
                f"sections-{index}-anchor": section.anchor,
                f"sections-{index}-heading": section.heading,
                f"sections-{index}-body": section.body,
            }
        )
    fuzzed = {
        **inline_management("faqs", len(faqs), len(faqs)),
        **inline_management("references", len(references), len(references)),
    }
    for index, faq in enumerate(faqs):
        fuzzed[f"faqs-{index}-id"] = st.one_of(st.just(str(faq.pk)), IDS)
        fuzzed[f"faqs-{index}-lesson"] = st.one_of(st.just(str(draft.pk)), IDS)
        fuzzed[f"faqs-{index}-order"] = st.one_of(st.just(str(faq.order)), NUMBERS)
        fuzzed[f"faqs-{index}-question"] = st.text(max_size=320)
        fuzzed[f"faqs-{index}-answer"] = st.text(max_size=300)
    for index, reference in enumerate(references):
        fuzzed[f"references-{index}-id"] = st.one_of(st.just(str(reference.pk)), IDS)
        fuzzed[f"references-{index}-lesson"] = st.one_of(st.just(str(draft.pk)), IDS)
        fuzzed[f"references-{index}-number"] = st.one_of(st.just(str(reference.number)), NUMBERS)
        fuzzed[f"references-{index}-citation"] = st.text(max_size=300)
        fuzzed[f"references-{index}-url"] = URLS
    posted.update(data.draw(form(fuzzed)))
    with rolled_back():
        client = visitor(EDITOR)
        before = rows(Faq.objects.all()), rows(Reference.objects.all())
        response = post(
            client, reverse("admin:education_lesson_change", args=[draft.pk]), {**posted, "_save": "Save"}
        )
        event(f"status={response.status_code}")
        published = Lesson.objects.get(pk=world.lesson.pk)
        assert (published.status, published.version) == (Status.PUBLISHED, world.lesson.version)
        if response.status_code == 302:
            for reference in Reference.objects.filter(lesson=draft):
                assert reference.url == "" or reference.url.startswith("https://")
        else:
            assert response.status_code == 200
            assert (rows(Faq.objects.all()), rows(Reference.objects.all())) == before
