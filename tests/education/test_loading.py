"""load_series: loads the content files once, idempotently, and never overwrites the database."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from education.loading import CONTENT_DIR, load_series, read_content
from education.models import (
    Choice,
    Faq,
    GlossaryTerm,
    Lesson,
    Question,
    Quiz,
    Reference,
    Section,
    Series,
    Status,
)

pytestmark = pytest.mark.django_db

LESSON_1 = "chronic-inflammation-and-bone-health"


@pytest.fixture
def content(tmp_path):
    """A copy of the real content files, to change in a test."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def lesson_file(content, order=1):
    return next((content / "lessons").glob(f"{order:02d}-*.md"))


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Series, GlossaryTerm, Lesson, Section, Faq, Reference, Quiz, Question, Choice)
    }


def run(*args, content_dir=None):
    out = StringIO()
    extra = ["--content-dir", str(content_dir)] if content_dir else []
    call_command("load_series", *args, *extra, stdout=out)
    return out.getvalue()


def test_first_load_creates_the_whole_series_published():
    output = run()
    files = read_content()
    lessons = list(Lesson.objects.order_by("order"))
    assert [lesson.slug for lesson in lessons] == [
        LESSON_1,
        "how-inflammation-drives-bone-loss",
        "gut-stress-metabolism-and-what-helps",
    ]
    for lesson in lessons:
        data = files["lessons"][lesson.slug]
        assert lesson.status == Status.PUBLISHED and lesson.published_at and lesson.version == 1
        assert lesson.draft_of is None
        assert lesson.sections.count() == len(data.sections) >= 5
        assert lesson.faqs.count() == len(data.faqs) >= 3
        assert lesson.references.count() == len(data.references) >= 2
        assert lesson.takeaways == data.takeaways
        assert lesson.last_reviewed and lesson.next_review_due > lesson.last_reviewed
        assert lesson.in_brief_html.startswith("<ul>")
        assert all(s.body_html.startswith("<") for s in lesson.sections.all())
        # A few new words per lesson (issue #18: at most about 10), each with its glossary entry.
        assert 3 <= lesson.glossary_terms.count() <= 12
        assert 3 <= lesson.reading_minutes <= 10
        assert lesson.quiz.questions.count() >= 8
        assert lesson.author and lesson.clinical_reviewer
        assert lesson.source_file.startswith("lessons/") and len(lesson.loaded_hash) == 64
    assert GlossaryTerm.objects.count() == len(files["glossary"])
    assert "created and published" in output


def test_the_four_papers_of_the_first_source_are_lesson_one_references():
    run()
    citations = list(Reference.objects.filter(lesson__slug=LESSON_1).values_list("number", "url"))
    assert [n for n, _ in citations] == list(range(1, len(citations) + 1))
    # The source document's four papers come first, each linked to the article itself.
    assert [url for _, url in citations[:4]] == [
        "https://doi.org/10.3389/fimmu.2023.1222129",
        "https://doi.org/10.1097/MD.0000000000006983",
        "https://doi.org/10.2174/0113862073262645231121025911",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC12417214/",
    ]
    assert all(url.startswith("https://") and "?term=" not in url for _, url in citations)


def test_the_quiz_keeps_kinds_right_answers_and_section_links():
    run()
    questions = Question.objects.filter(quiz__lesson__slug=LESSON_1).order_by("order")
    false_one = next(q for q in questions if q.kind == "true_false" and q.prompt.startswith("The studies"))
    assert list(false_one.choices.values_list("text", "is_correct")) == [("True", False), ("False", True)]
    files = read_content()["quizzes"][0]["questions"]
    assert [(q.kind, q.prompt) for q in questions] == [(q["kind"], q["prompt"]) for q in files]
    for question, data in zip(questions, files, strict=True):
        assert list(question.choices.values_list("text", "is_correct")) == [
            (c["text"], c["correct"]) for c in data["choices"]
        ]
    anchors = set(Section.objects.filter(lesson__slug=LESSON_1).values_list("anchor", flat=True))
    assert (
        set(Question.objects.filter(quiz__lesson__slug=LESSON_1).values_list("section_anchor", flat=True))
        <= anchors
    )


def test_loading_again_changes_nothing():
    run()
    before = counts()
    hashes = dict(Lesson.objects.values_list("slug", "loaded_hash"))
    output = run()
    assert counts() == before
    assert dict(Lesson.objects.values_list("slug", "loaded_hash")) == hashes
    assert output.count("kept, the file has not changed") == 6  # 3 lessons and their 3 quizzes
    assert "Glossary: 0 terms added" in output


def test_an_editors_changes_are_never_overwritten(content):
    run(content_dir=content)
    lesson = Lesson.objects.get(slug=LESSON_1)
    section = lesson.sections.order_by("order").first()
    section.body = "An editor rewrote this part."
    section.save()
    term = GlossaryTerm.objects.get(slug="osteoclast")
    term.definition = "An editor's definition."
    term.save()
    # The file changes too: the database copy still wins.
    path = lesson_file(content)
    path.write_text(path.read_text().replace("Bone is alive", "Bone is alive and well"))

    output = run(content_dir=content)

    section.refresh_from_db()
    assert section.body == "An editor rewrote this part."
    assert "An editor rewrote this part." in section.body_html
    assert GlossaryTerm.objects.get(slug="osteoclast").definition == "An editor's definition."
    assert not lesson.sections.filter(heading="Bone is alive and well").exists()
    assert "edited in the admin since loading" in output
    assert "--as-draft" in output
    assert not Lesson.objects.filter(draft_of=lesson).exists()


def test_as_draft_loads_a_changed_file_as_a_working_copy_once(content):
    run(content_dir=content)
    published = Lesson.objects.get(slug=LESSON_1)
    path = lesson_file(content)
    path.write_text(path.read_text().replace("## Bone is alive", "## Bone is living tissue"))

    output = run("--as-draft", content_dir=content)

    draft = Lesson.objects.get(draft_of=published)
    assert (
        draft.status == Status.DRAFT and draft.slug == published.slug and draft.version == published.version
    )
    assert draft.sections.filter(heading="Bone is living tissue").exists()
    assert not published.sections.filter(heading="Bone is living tissue").exists()
    assert published.status == Status.PUBLISHED
    assert "loaded as a draft" in output
    assert list(Lesson.objects.published()) == list(Lesson.objects.published().exclude(pk=draft.pk))

    before = counts()
    output = run("--as-draft", content_dir=content)
    assert counts() == before
    assert "a draft exists already" in output


def test_a_new_lesson_file_is_added_beside_existing_lessons(content):
    run(content_dir=content)
    text = lesson_file(content, 3).read_text()
    text = text.replace('slug = "gut-stress-metabolism-and-what-helps"', 'slug = "a-fourth-lesson"')
    text = text.replace("order = 3", "order = 4")
    (content / "lessons" / "04-a-fourth-lesson.md").write_text(text)

    run(content_dir=content)

    assert Lesson.objects.get(slug="a-fourth-lesson").status == Status.PUBLISHED
    assert Lesson.objects.count() == 4


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("(term:osteoclast)", "(term:no-such-term)"),
            "glossary terms missing from series.toml: no-such-term",
        ),
        (("## Bone is alive {#bone-is-living-tissue}", "## Bone is alive"), "without an {#anchor}"),
        (("{#bone-is-living-tissue}", "{#what-inflammation-is}"), "two sections share an anchor"),
        (("{#bone-is-living-tissue}", "{#references}"), "used by the page itself"),
        (("last_reviewed = 2026-12-02", 'last_reviewed = "last week"'), "must be a date"),
        (("order = 1", "order = 2"), "same order"),
        (('title = "Chronic', "title = Chronic"), "not valid TOML"),
    ],
)
def test_a_broken_file_loads_nothing_and_names_the_problem(content, change, message):
    path = lesson_file(content)
    text = path.read_text()
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1))

    with pytest.raises(CommandError, match="Nothing was loaded") as error:
        run(content_dir=content)

    assert message in str(error.value)
    assert set(counts().values()) == {0}


def test_a_quiz_question_pointing_at_a_missing_section_is_refused(content):
    quiz = next((content / "quizzes").glob("01-*.toml"))
    quiz.write_text(quiz.read_text().replace('section = "what-inflammation-is"', 'section = "gone"', 1))
    with pytest.raises(CommandError, match="has no section #gone"):
        run(content_dir=content)
    assert Lesson.objects.count() == 0


def test_load_series_function_reports_one_line_per_item():
    report = load_series()
    assert report[0] == "Series 'Inflammation and bone health': created"
    assert sum(line.startswith("Quiz for") for line in report) == 3


def test_a_changed_quiz_file_replaces_the_questions_only_when_asked_and_attempts_keep_theirs(content):
    from education.quiz_services import start_attempt, submit_attempt
    from tests.education.quiz_helpers import answer_all
    from tests.factories import PatientFactory

    run(content_dir=content)
    quiz = Quiz.objects.get(lesson__slug=LESSON_1)
    attempt = start_attempt(user=PatientFactory(), quiz=quiz)
    answer_all(attempt)
    attempt = submit_attempt(attempt=attempt)
    asked = attempt.questions
    path = next((content / "quizzes").glob("01-*.toml"))
    path.write_text(path.read_text().replace("Ana cut her hand", "Ana grazed her knee", 1))

    output = run(content_dir=content)
    assert f"Quiz for '{LESSON_1}': kept; the file differs: load_series --update-quizzes" in output
    assert not Question.objects.filter(prompt__startswith="Ana grazed").exists()

    output = run("--update-quizzes", content_dir=content)
    assert f"Quiz for '{LESSON_1}': replaced by the file's" in output
    quiz.refresh_from_db()
    assert quiz.questions.filter(prompt__startswith="Ana grazed").count() == 1
    assert quiz.questions.count() == len(read_content(content)["quizzes"][0]["questions"])
    attempt.refresh_from_db()
    assert attempt.questions == asked and attempt.score == attempt.total  # the attempt's own copy
    assert "kept, the file has not changed" in run("--update-quizzes", content_dir=content)


def test_a_multiple_answer_prompt_saying_all_that_apply_is_refused(content):
    path = next((content / "quizzes").glob("01-*.toml"))
    text = path.read_text()
    marker = 'prompt = "Which of these are well-known risks for weak bones?"'
    assert marker in text
    path.write_text(text.replace(marker, marker[:-1] + ' Choose all that apply."'))
    with pytest.raises(CommandError, match="says how many answers to choose"):
        run(content_dir=content)
    assert set(counts().values()) == {0}
