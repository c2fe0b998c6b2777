"""The lesson page's shared content (sections, contents, FAQs, glossary, references) is
rendered once and cached; every change to the content shows at the next request."""

import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from education.models import Faq, GlossaryTerm, Reference, Section
from education.views import render_lesson
from tests.education.lesson_builders import build_lesson
from tests.factories import LessonProgressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def lesson_article(html):
    """The lesson itself, without the CSRF tokens that change at every request."""
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", article)


def lesson_url(lesson):
    return reverse("education:lesson", args=[lesson.slug])


@pytest.mark.parametrize("logged_in", [False, True])
def test_second_request_skips_the_content_queries(client, patient, django_assert_num_queries, logged_in):
    if logged_in:
        client.force_login(patient)
    lesson = build_lesson(order=1, sections=4, faqs=2, references=2, terms=2)
    LessonProgressFactory(user=patient, lesson=lesson, sections_reached=2)
    # First request: session, user, the lesson's key fields and then its row, sections, FAQs,
    # glossary, references, the catalogue's three (lessons, sections, questions), progress.
    with django_assert_num_queries(12 if logged_in else 9):
        first = client.get(lesson_url(lesson)).content.decode()
    # Then: session, user, lesson, progress; the article comes from the cache.
    with django_assert_num_queries(4 if logged_in else 1):
        second = client.get(lesson_url(lesson)).content.decode()
    assert lesson_article(second) == lesson_article(first)
    assert second.count('class="lesson-section"') == 4
    assert "Questions people ask" in second and "Words used in this lesson" in second


def test_the_per_reader_parts_still_follow_the_reader(client, patient, other_patient):
    lesson = build_lesson(order=1, sections=4)
    sections = list(lesson.sections.all())
    LessonProgressFactory(user=patient, lesson=lesson, sections_reached=2, last_section=sections[1])
    client.force_login(other_patient)
    assert "Continue where you left off" not in client.get(lesson_url(lesson)).content.decode()

    client.force_login(patient)
    html = client.get(lesson_url(lesson)).content.decode()
    assert f'<a href="#{sections[2].anchor}">Continue where you left off: {sections[2].heading}</a>' in html
    assert html.count('<span class="lesson-toc__read">(read)</span>') == 2


def test_an_edited_section_shows_at_the_next_request(client):
    lesson = build_lesson(order=1, sections=3)
    client.get(lesson_url(lesson))
    section = lesson.sections.get(order=2)
    section.heading = "A clearer heading"
    section.body = "A rewritten paragraph about calcium."
    section.save()

    html = client.get(lesson_url(lesson)).content.decode()
    assert "A clearer heading" in html and "A rewritten paragraph about calcium." in html


@pytest.mark.parametrize("change", ["faq", "reference", "term", "new_section", "deleted_section"])
def test_every_content_change_shows_at_the_next_request(client, change):
    lesson = build_lesson(order=1, sections=3, faqs=1, references=1, terms=1)
    before = client.get(lesson_url(lesson)).content.decode()
    if change == "faq":
        faq = Faq.objects.get(lesson=lesson)
        faq.question = "Can I still drink coffee?"
        faq.save()
        expected = "Can I still drink coffee?"
    elif change == "reference":
        reference = Reference.objects.get(lesson=lesson)
        reference.citation = "Smith J. Bones and you. 2026."
        reference.save()
        expected = "Smith J. Bones and you. 2026."
    elif change == "term":
        term = GlossaryTerm.objects.get(lessons=lesson)
        term.definition = "A newly worded definition."
        term.save()
        expected = "A newly worded definition."
    elif change == "new_section":
        Section.objects.create(lesson=lesson, order=4, anchor="part-four", heading="Part four", body="Four.")
        expected = "Part four"
    else:
        gone = lesson.sections.get(order=3)
        expected = gone.heading
        gone.delete()
    after = client.get(lesson_url(lesson)).content.decode()
    if change == "deleted_section":
        assert expected in before and expected not in after
    else:
        assert expected not in before and expected in after


def test_preview_bypasses_the_cache(client, editor):
    lesson = build_lesson(order=1, sections=2)
    client.get(lesson_url(lesson))  # cached
    # A change that moves no timestamp (no signals): only an uncached render can show it.
    Section.objects.filter(lesson=lesson, order=1).update(body_html="<p>Seen only uncached.</p>")
    assert "Seen only uncached." not in client.get(lesson_url(lesson)).content.decode()

    request = RequestFactory().get("/admin/preview/")
    request.user = editor
    assert "Seen only uncached." in render_lesson(request, lesson, preview=True).content.decode()


def test_a_glossary_term_added_after_the_text_that_uses_it_shows_at_the_next_request(client):
    lesson = build_lesson(order=1, sections=1, faqs=0, references=0, terms=0)
    Section.objects.create(
        lesson=lesson, order=2, anchor="later", heading="Later", body="About [bone density](term:bmd-new)."
    )
    before = client.get(lesson_url(lesson)).content.decode()
    assert 'id="term-bmd-new"' not in before

    GlossaryTerm.objects.create(slug="bmd-new", term="BMD", plain="bone density", definition="How dense.")
    after = client.get(lesson_url(lesson)).content.decode()
    assert 'id="term-bmd-new"' in after and "How dense." in after
