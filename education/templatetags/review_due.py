"""{% review_due_lessons as lessons %}: the live lessons whose review is overdue or due within
30 days, for the editors' and reviewers' admin index (issue #19). Empty for anyone else."""

from django import template

from education.review_dates import review_due_lessons as due_lessons

register = template.Library()


@register.simple_tag(takes_context=True)
def review_due_lessons(context):
    user = context["request"].user
    if not (user.has_perm("education.change_lesson") or user.has_perm("education.review_lesson")):
        return []
    return list(due_lessons().select_related("series"))
