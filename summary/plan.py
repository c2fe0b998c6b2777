"""My bone plan: the practical steps of the series' last lesson (lesson 3), read from the
lesson's own sections so the page follows the lesson when an editor changes it, next to the
patient's current goals. Four queries at most (the catalogue is cached)."""

from education.catalogue import catalogue
from education.models import Lesson, Section
from tracker.factors import LESSON_SLUG, Factor, factor_links
from tracker.goals import goals_for

# The lesson sections the plan shows, each the first anchor the lesson has of its list: the
# steps ("what you can do this week"; "putting it all together" in the first version of
# lesson 3) and when to see a doctor.
STEP_ANCHORS = ("this-week", "next-steps")
DOCTOR_ANCHORS = ("see-a-doctor",)


def plan_lesson(catalogue_):
    """The lesson the plan comes from: the one the tracker's factors point to (lesson 3), else
    the last lesson of the first series; None when nothing is published."""
    lessons = catalogue_["lessons"]
    if LESSON_SLUG in lessons:
        return lessons[LESSON_SLUG]
    for series in catalogue_["series"]:
        if series["lessons"]:
            return series["lessons"][-1]
    return None


def _first(sections, anchors):
    return next((sections[anchor] for anchor in anchors if anchor in sections), None)


def bone_plan_context(user) -> dict:
    lesson = plan_lesson(catalogue())
    steps = doctor = None
    takeaways = []
    if lesson is not None:
        sections = {
            section.anchor: section
            for section in Section.objects.filter(
                lesson_id=lesson["pk"], anchor__in=STEP_ANCHORS + DOCTOR_ANCHORS
            ).only("anchor", "heading", "body_html")
        }
        steps, doctor = _first(sections, STEP_ANCHORS), _first(sections, DOCTOR_ANCHORS)
        takeaways = Lesson.objects.filter(pk=lesson["pk"]).values_list("takeaways", flat=True).first() or []
    goals = goals_for(user)
    links = factor_links()
    goal_rows = [
        {"factor": factor, "name": links[factor]["name"], "goal": goals.get(factor), "lesson": links[factor]}
        for factor in Factor
    ]
    return {
        "lesson": lesson,
        "steps": steps,
        "doctor": doctor,
        "takeaways": takeaways,
        "goal_rows": goal_rows,
    }
