"""The lesson files themselves: what every lesson must carry (byline, diagrams, sources the
reader can open, a quiz about understanding), and lesson 3 agreeing with the tracker's goals."""

import re
from itertools import combinations

import pytest

from education.figures import figure_slugs_in, read_figures
from education.loading import read_content
from education.rendering import markdown_to_plain, outside_panels
from tracker.factors import FACTOR_INFO, LESSON_SLUG, Factor
from tracker.goals import DEFAULT_GOALS

CONTENT = read_content()
LESSONS = sorted(CONTENT["lessons"].values(), key=lambda lesson: lesson.order)
QUIZZES = {quiz["lesson"]: quiz for quiz in CONTENT["quizzes"]}
FIGURES = read_figures()
# A reference must open the article or page itself: a DOI, PubMed or PMC record, or a page address.
ARTICLE_URL = re.compile(
    r"^https://(doi\.org/10\.\d{4,}/\S+|pubmed\.ncbi\.nlm\.nih\.gov/\d+/?|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/?"
    r"|[a-z0-9.-]+\.[a-z]{2,}/\S+)$"
)
SEARCH_URL = re.compile(r"[?&](term|q|query|search)=|/search\b", re.IGNORECASE)


def section(lesson, anchor):
    return next(s for s in lesson.sections if s["anchor"] == anchor)


def plain(text):
    return " ".join(markdown_to_plain(text).split())


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_lesson_names_its_author_and_clinical_reviewer(lesson):
    assert lesson.author and lesson.clinical_reviewer
    assert lesson.author != lesson.clinical_reviewer


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_reference_opens_the_article_itself(lesson):
    assert lesson.references
    for reference in lesson.references:
        assert ARTICLE_URL.match(reference["url"]), reference
        assert not SEARCH_URL.search(reference["url"]), f"a search, not the article: {reference['url']}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_reference_is_cited_and_every_citation_has_a_reference(lesson):
    texts = [lesson.in_brief, *(s["body"] for s in lesson.sections), *(f["answer"] for f in lesson.faqs)]
    cited = {int(n) for text in texts for group in re.findall(r"\[(\d[\d, ]*)\](?!\()", text)
             for n in group.split(",")}  # fmt: skip
    assert cited == {r["number"] for r in lesson.references}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_lesson_shows_a_described_diagram(lesson):
    shown = [slug for s in lesson.sections for slug in figure_slugs_in(s["body"])]
    assert shown, "at least one diagram per lesson"
    for slug in shown:
        figure = FIGURES[slug]
        assert len(figure.alt) >= 20 and len(figure.description) > len(figure.alt)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_core_text_is_short_and_the_lesson_says_it_supports_care(lesson):
    core = plain("\n\n".join(outside_panels(s["body"]) for s in lesson.sections))
    assert 800 <= len(core.split()) <= 1250
    assert "supports, and does not replace" in plain(lesson.sections[-1]["body"])
    assert any(s["anchor"] == "this-week" for s in lesson.sections), "a 'what you can do this week' list"


def test_no_passage_is_repeated_between_lessons():
    def runs(lesson, n=12):
        words = re.findall(
            r"[a-z0-9']+", plain("\n".join(outside_panels(s["body"]) for s in lesson.sections)).lower()
        )
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    for a, b in combinations(LESSONS, 2):
        shared = sorted(runs(a) & runs(b))
        assert not shared, f"{a.slug} and {b.slug} share 12-word passages: {shared[:3]}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_quiz_asks_enough_questions_mostly_not_true_or_false(lesson):
    questions = QUIZZES[lesson.slug]["questions"]
    assert len(questions) >= 8
    assert sum(q["kind"] == "true_false" for q in questions) * 4 <= len(questions)
    single = [q for q in questions if q["kind"] == "single"]
    assert single and not all(q["choices"][0]["correct"] for q in single)
    for question in questions:
        if question["kind"] != "true_false":
            assert len(question["choices"]) >= 4, question["prompt"]


def test_the_risk_lesson_names_steroid_tablets_dxa_and_proven_medicines():
    lesson = LESSONS[0]
    text = plain("\n".join(s["body"] for s in lesson.sections))
    for words in ("prednisolone", "more than 3 months", "DXA", "do not stop", "45% fewer"):
        assert words.lower() in text.lower(), words


# --- lesson 3 and the tracker: one set of numbers and sources ----------------------------------


LESSON_3 = CONTENT["lessons"][LESSON_SLUG]


def test_lesson_three_keeps_the_sections_the_tracker_links_to():
    anchors = {s["anchor"] for s in LESSON_3.sections}
    assert {info.anchor for info in FACTOR_INFO.values()} <= anchors
    assert "[start your daily check-in](/tracker/)" in "\n".join(s["body"] for s in LESSON_3.sections)


@pytest.mark.parametrize(
    "factor, stated",
    [
        (Factor.SLEEP, ["{min} to {max} hours a night"]),
        (Factor.TRAINING, ["on {min} or more days a week"]),
        (Factor.OMEGA3, ["about {min} mg of EPA and DHA a day", "1 to 2 meals of oily fish a week"]),
    ],
)
def test_lesson_three_states_the_trackers_default_goal_and_cites_its_sources(factor, stated):
    goal = DEFAULT_GOALS[factor]
    body = plain(section(LESSON_3, FACTOR_INFO[factor].anchor)["body"])
    numbers = {"min": f"{goal.target_min:,.0f}".replace(",", ""), "max": f"{goal.target_max or 0:.0f}"}
    for phrase in stated:
        assert phrase.format(**numbers) in body, phrase.format(**numbers)
    urls = {r["url"] for r in LESSON_3.references}
    for source in goal.sources:
        assert source.url in urls, f"lesson 3 must cite the tracker's source {source.url}"


def test_lesson_three_gives_the_older_adults_sleep_range_the_tracker_explains():
    assert "7 to 8 hours from 65" in DEFAULT_GOALS[Factor.SLEEP].explanation.replace("the age of ", "")
    assert "7 to 8 hours from age 65" in plain(section(LESSON_3, "sleep")["body"])


def test_lesson_three_has_no_stress_target_like_the_tracker():
    assert DEFAULT_GOALS[Factor.STRESS] is None
    assert "no standard target for stress" in plain(section(LESSON_3, "stress")["body"])


def test_lesson_three_reports_the_vitamin_d_trial_and_warns_about_blood_thinners():
    text = plain("\n".join(s["body"] for s in LESSON_3.sections))
    assert "no fewer broken bones" in text
    assert "blood thinner" in text and "turmeric" in text
