"""Load the lesson series from the files in education/content/ (format: content/README.md).

The files seed the database; after that the database is the source of truth, because editors
change lessons in the admin. So loading only ever adds:

- the series, glossary terms, lessons and quizzes that are missing are created (lessons as
  published, version 1);
- a lesson that exists is never overwritten. When its file differs from what was loaded, the
  report says so, and ``as_draft`` loads the file as an editor's working copy (a Lesson with
  ``draft_of`` set) to review and publish in the admin, unless a working copy already exists.

Every file is read and checked before anything is written, and the writes happen in one
transaction, so a broken file changes nothing.
"""

import hashlib
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from education.figures import FigureError, figure_slugs_in, read_figures
from education.models import (
    Choice,
    Faq,
    GlossaryTerm,
    Lesson,
    Question,
    QuestionKind,
    Quiz,
    Reference,
    Section,
    Series,
    Status,
)
from education.rendering import markdown_to_plain, term_slugs_in

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# Older readers, some of them reading carefully: a slower pace than the usual 200-250 words a minute.
WORDS_PER_MINUTE = 180
SECTION_RE = re.compile(r"^## +(?P<heading>.+?) +\{#(?P<anchor>[a-z0-9]+(?:-[a-z0-9]+)*)\} *$", re.MULTILINE)
# Ids the lesson page uses for its own parts; a section anchor must not take one.
RESERVED_ANCHORS = {"main", "in-brief", "contents", "takeaways", "faqs", "glossary", "references", "quiz"}


class ContentError(Exception):
    """A content file that cannot be loaded; the message names the file and the problem."""


@dataclass
class LessonFile:
    path: Path
    slug: str
    order: int
    title: str
    summary: str
    in_brief: str
    takeaways: list[str]
    last_reviewed: date | None
    next_review_due: date | None
    reading_minutes: int
    author: str = ""
    clinical_reviewer: str = ""
    sections: list[dict] = field(default_factory=list)  # order, anchor, heading, body
    faqs: list[dict] = field(default_factory=list)  # order, question, answer
    references: list[dict] = field(default_factory=list)  # number, citation, url

    def content(self) -> dict:
        return {
            "title": self.title,
            "author": self.author,
            "clinical_reviewer": self.clinical_reviewer,
            "summary": self.summary,
            "in_brief": self.in_brief,
            "takeaways": self.takeaways,
            "last_reviewed": self.last_reviewed.isoformat() if self.last_reviewed else None,
            "next_review_due": self.next_review_due.isoformat() if self.next_review_due else None,
            "sections": self.sections,
            "faqs": self.faqs,
            "references": self.references,
        }


def lesson_content(lesson: Lesson) -> dict:
    """A lesson's text as stored, in the same shape as LessonFile.content(), so the two can
    be compared by hash."""
    return {
        "title": lesson.title,
        "author": lesson.author,
        "clinical_reviewer": lesson.clinical_reviewer,
        "summary": lesson.summary,
        "in_brief": lesson.in_brief,
        "takeaways": list(lesson.takeaways),
        "last_reviewed": lesson.last_reviewed.isoformat() if lesson.last_reviewed else None,
        "next_review_due": lesson.next_review_due.isoformat() if lesson.next_review_due else None,
        "sections": [
            {"order": s.order, "anchor": s.anchor, "heading": s.heading, "body": s.body}
            for s in lesson.sections.order_by("order")
        ],
        "faqs": [
            {"order": f.order, "question": f.question, "answer": f.answer}
            for f in lesson.faqs.order_by("order")
        ],
        "references": [
            {"number": r.number, "citation": r.citation, "url": r.url}
            for r in lesson.references.order_by("number")
        ],
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _require(data: dict, key: str, kind, where: str):
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ContentError(f"{where}: '{key}' is missing or not a {getattr(kind, '__name__', kind)}.")
    return value.strip() if isinstance(value, str) else value


def parse_lesson_file(
    path: Path, glossary_slugs: set[str], figure_slugs: set[str] | None = None
) -> LessonFile:
    name = path.name
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    try:
        end = lines.index("+++", 1) if lines[0].strip() == "+++" else -1
    except ValueError:
        end = -1
    if end < 0:
        raise ContentError(f"{name}: the front matter must start and end with a line '+++'.")
    try:
        front = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name}: the front matter is not valid TOML ({exc}).") from None
    body = "\n".join(lines[end + 1 :])

    matches = list(SECTION_RE.finditer(body))
    if not matches:
        raise ContentError(f"{name}: no sections; each starts with '## Heading {{#anchor}}'.")
    if body[: matches[0].start()].strip():
        raise ContentError(f"{name}: text before the first '## Heading {{#anchor}}'.")
    stray = [ln for ln in re.findall(r"^## .*$", body, re.MULTILINE) if not SECTION_RE.match(ln)]
    if stray:
        raise ContentError(f"{name}: a section heading without an {{#anchor}}: {stray[0]!r}.")
    sections = []
    for position, match in enumerate(matches, start=1):
        stop = matches[position].start() if position < len(matches) else len(body)
        anchor = match["anchor"]
        if anchor in RESERVED_ANCHORS:
            raise ContentError(f"{name}: the anchor #{anchor} is used by the page itself; choose another.")
        sections.append(
            {
                "order": position,
                "anchor": anchor,
                "heading": match["heading"].strip(),
                "body": body[match.end() : stop].strip(),
            }
        )
    anchors = [s["anchor"] for s in sections]
    if len(set(anchors)) != len(anchors):
        raise ContentError(f"{name}: two sections share an anchor.")

    faqs = [
        {
            "order": n,
            "question": _require(f, "question", str, f"{name} faq {n}"),
            "answer": _require(f, "answer", str, f"{name} faq {n}"),
        }
        for n, f in enumerate(front.get("faq", []), start=1)
    ]
    references = [
        {
            "number": _require(r, "number", int, f"{name} reference"),
            "citation": _require(r, "citation", str, f"{name} reference"),
            "url": r.get("url", "").strip(),
        }
        for r in front.get("reference", [])
    ]
    numbers = [r["number"] for r in references]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ContentError(f"{name}: references must be numbered 1, 2, 3... in order.")

    in_brief = _require(front, "in_brief", str, name)
    texts = [in_brief, *(s["body"] for s in sections), *(f["answer"] for f in faqs)]
    unknown = set().union(*(term_slugs_in(t) for t in texts)) - glossary_slugs
    if unknown:
        raise ContentError(f"{name}: glossary terms missing from series.toml: {', '.join(sorted(unknown))}.")
    if figure_slugs is not None:
        missing = {slug for t in texts for slug in figure_slugs_in(t)} - figure_slugs
        if missing:
            raise ContentError(f"{name}: figures missing from figures.toml: {', '.join(sorted(missing))}.")

    takeaways = front.get("takeaways", [])
    if not isinstance(takeaways, list) or not all(isinstance(t, str) and t.strip() for t in takeaways):
        raise ContentError(f"{name}: 'takeaways' must be a list of sentences.")
    for key in ("last_reviewed", "next_review_due"):
        if front.get(key) is not None and not isinstance(front[key], date):
            raise ContentError(f"{name}: '{key}' must be a date such as 2026-11-21, without quotes.")
    words = len(markdown_to_plain("\n\n".join(s["body"] for s in sections)).split())
    return LessonFile(
        path=path,
        slug=_require(front, "slug", str, name),
        order=_require(front, "order", int, name),
        title=_require(front, "title", str, name),
        author=_require(front, "author", str, name),
        clinical_reviewer=_require(front, "clinical_reviewer", str, name),
        summary=_require(front, "summary", str, name),
        in_brief=in_brief,
        takeaways=[t.strip() for t in takeaways],
        last_reviewed=front.get("last_reviewed"),
        next_review_due=front.get("next_review_due"),
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        sections=sections,
        faqs=faqs,
        references=references,
    )


def parse_quiz_file(path: Path, lessons: dict[str, LessonFile]) -> dict:
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{name}: not valid TOML ({exc}).") from None
    slug = _require(data, "lesson", str, name)
    if slug not in lessons:
        raise ContentError(f"{name}: no lesson file has the slug {slug!r}.")
    anchors = {s["anchor"] for s in lessons[slug].sections}
    questions = []
    for n, q in enumerate(data.get("question", []), start=1):
        where = f"{name} question {n}"
        kind = _require(q, "kind", str, where)
        if kind not in QuestionKind.values:
            raise ContentError(f"{where}: kind must be one of {', '.join(QuestionKind.values)}.")
        section = q.get("section", "")
        if section and section not in anchors:
            raise ContentError(f"{where}: the lesson has no section #{section}.")
        choices = [
            {"text": _require(c, "text", str, where), "correct": bool(c.get("correct", False))}
            for c in q.get("choice", [])
        ]
        if len(choices) < 2 or not any(c["correct"] for c in choices):
            raise ContentError(f"{where}: needs at least two choices and a correct one.")
        if kind != QuestionKind.MULTIPLE and sum(c["correct"] for c in choices) != 1:
            raise ContentError(f"{where}: a {kind} question has exactly one correct choice.")
        if kind == QuestionKind.MULTIPLE and "all that apply" in q.get("prompt", "").lower():
            raise ContentError(f"{where}: the page says how many answers to choose; drop 'all that apply'.")
        questions.append(
            {
                "kind": kind,
                "prompt": _require(q, "prompt", str, where),
                "explanation": _require(q, "explanation", str, where),
                "section": section,
                "choices": choices,
            }
        )
    if not questions:
        raise ContentError(f"{name}: no questions.")
    pass_mark = data.get("pass_mark", 80)
    if not isinstance(pass_mark, int) or not 1 <= pass_mark <= 100:
        raise ContentError(f"{name}: pass_mark must be a whole number from 1 to 100.")
    return {"lesson": slug, "pass_mark": pass_mark, "questions": questions}


def read_content(content_dir: Path = CONTENT_DIR) -> dict:
    """Read and check every content file; raises ContentError naming the first problem."""
    try:
        series_data = tomllib.loads((content_dir / "series.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{content_dir / 'series.toml'} is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"series.toml: not valid TOML ({exc}).") from None
    series = series_data.get("series", {})
    glossary = [
        {
            key: _require(g, key, str, "series.toml glossary")
            for key in ("slug", "term", "plain", "definition")
        }
        for g in series_data.get("glossary", [])
    ]
    glossary_slugs = {g["slug"] for g in glossary}
    if len(glossary_slugs) != len(glossary):
        raise ContentError("series.toml: two glossary entries share a slug.")
    try:
        figure_slugs = set(read_figures(content_dir))
    except FigureError as exc:
        raise ContentError(str(exc)) from None
    lessons = {}
    for path in sorted((content_dir / "lessons").glob("*.md")):
        lesson = parse_lesson_file(path, glossary_slugs, figure_slugs)
        if lesson.slug in lessons:
            raise ContentError(f"{path.name}: another lesson file has the slug {lesson.slug!r}.")
        lessons[lesson.slug] = lesson
    orders = [lesson.order for lesson in lessons.values()]
    if len(set(orders)) != len(orders):
        raise ContentError("Two lesson files have the same order.")
    quizzes = [parse_quiz_file(path, lessons) for path in sorted((content_dir / "quizzes").glob("*.toml"))]
    return {
        "series": {
            key: _require(series, key, str, "series.toml [series]") for key in ("slug", "title", "summary")
        },
        "glossary": glossary,
        "lessons": lessons,
        "quizzes": quizzes,
    }


def _create_lesson_text(lesson: Lesson, data: LessonFile):
    for s in data.sections:
        Section.objects.create(lesson=lesson, **s)
    for f in data.faqs:
        Faq.objects.create(lesson=lesson, **f)
    for r in data.references:
        Reference.objects.create(lesson=lesson, **r)


def _new_lesson(series: Series, data: LessonFile, **extra) -> Lesson:
    lesson = Lesson.objects.create(
        series=series,
        order=data.order,
        slug=data.slug,
        title=data.title,
        author=data.author,
        clinical_reviewer=data.clinical_reviewer,
        summary=data.summary,
        in_brief=data.in_brief,
        takeaways=data.takeaways,
        reading_minutes=data.reading_minutes,
        last_reviewed=data.last_reviewed,
        next_review_due=data.next_review_due,
        source_file=f"lessons/{data.path.name}",
        loaded_hash=content_hash(data.content()),
        **extra,
    )
    _create_lesson_text(lesson, data)
    return lesson


def _create_quiz(lesson: Lesson, quiz: dict):
    _create_questions(Quiz.objects.create(lesson=lesson, pass_mark=quiz["pass_mark"]), quiz)


def _create_questions(created: Quiz, quiz: dict):
    for order, q in enumerate(quiz["questions"], start=1):
        question = Question.objects.create(
            quiz=created,
            order=order,
            kind=q["kind"],
            prompt=q["prompt"],
            explanation=q["explanation"],
            section_anchor=q["section"],
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=n, text=c["text"], is_correct=c["correct"])
            for n, c in enumerate(q["choices"], start=1)
        )


def quiz_content(quiz: Quiz) -> dict:
    """A stored quiz in the shape parse_quiz_file returns, to compare with its file."""
    return {
        "lesson": quiz.lesson.slug,
        "pass_mark": quiz.pass_mark,
        "questions": [
            {
                "kind": q.kind,
                "prompt": q.prompt,
                "explanation": q.explanation,
                "section": q.section_anchor,
                "choices": [{"text": c.text, "correct": c.is_correct} for c in q.choices.order_by("order")],
            }
            for q in quiz.questions.order_by("order")
        ],
    }


def _existing_quiz(stored: Quiz, quiz: dict, update_quizzes: bool) -> str:
    """Keep a stored quiz, or with update_quizzes replace its questions with the file's. Attempts
    are safe either way: each keeps its own copy of the questions it asked."""
    if quiz_content(stored) == quiz:
        return "kept, the file has not changed"
    if not update_quizzes:
        return "kept; the file differs: load_series --update-quizzes replaces its questions"
    stored.questions.all().delete()  # answers keep their attempt's copy (question set to null)
    stored.pass_mark = quiz["pass_mark"]
    stored.save(update_fields=["pass_mark"])
    _create_questions(stored, quiz)
    return f"replaced by the file's {len(quiz['questions'])} questions (attempts keep their own copy)"


def load_series(
    *, content_dir: Path = CONTENT_DIR, as_draft: bool = False, update_quizzes: bool = False
) -> list[str]:
    """Load what is missing; returns one line per item for the command to print."""
    content = read_content(content_dir)
    report = []
    with transaction.atomic():
        series, created = Series.objects.get_or_create(
            slug=content["series"]["slug"],
            defaults={"title": content["series"]["title"], "summary": content["series"]["summary"]},
        )
        report.append(f"Series '{series.title}': {'created' if created else 'kept'}")

        existing_terms = set(GlossaryTerm.objects.values_list("slug", flat=True))
        new_terms = [GlossaryTerm(**g) for g in content["glossary"] if g["slug"] not in existing_terms]
        for term in new_terms:
            term.save()  # save(), not bulk_create, so the history records who added it
        report.append(f"Glossary: {len(new_terms)} terms added, {len(existing_terms)} kept")

        lessons_by_slug = {}
        for data in sorted(content["lessons"].values(), key=lambda d: d.order):
            lesson = Lesson.objects.originals().filter(slug=data.slug).first()
            if lesson is None:
                lesson = _new_lesson(series, data, status=Status.PUBLISHED, published_at=timezone.now())
                lessons_by_slug[data.slug] = lesson
                report.append(f"Lesson {data.order} '{data.slug}': created and published")
                continue
            lessons_by_slug[data.slug] = lesson
            report.append(f"Lesson {data.order} '{data.slug}': {_existing_lesson(lesson, data, as_draft)}")

        for quiz in content["quizzes"]:
            lesson = lessons_by_slug[quiz["lesson"]]
            stored = Quiz.objects.filter(lesson=lesson).first()
            if stored is not None:
                report.append(f"Quiz for '{lesson.slug}': {_existing_quiz(stored, quiz, update_quizzes)}")
            else:
                _create_quiz(lesson, quiz)
                report.append(f"Quiz for '{lesson.slug}': created with {len(quiz['questions'])} questions")
    return report


def _existing_lesson(lesson: Lesson, data: LessonFile, as_draft: bool) -> str:
    """Never overwrite a lesson that exists: say how it relates to its file, and with
    as_draft put a changed file up for review as a working copy."""
    file_hash = content_hash(data.content())
    stored_hash = content_hash(lesson_content(lesson))
    edited = (
        " (edited in the admin since loading)"
        if lesson.loaded_hash and stored_hash != lesson.loaded_hash
        else ""
    )
    if file_hash in (stored_hash, lesson.loaded_hash):
        return f"kept, the file has not changed{edited}"
    if not as_draft:
        return f"kept{edited}; the file differs: load_series --as-draft puts it up for review as a draft"
    if Lesson.objects.filter(draft_of=lesson).exists():
        return f"kept{edited}; the file differs, but a draft exists already: publish or delete it first"
    _new_lesson(lesson.series, data, status=Status.DRAFT, version=lesson.version, draft_of=lesson)
    return f"kept{edited}; the file is loaded as a draft for an editor to review and publish"
