"""Helpers for tests that publish lessons: publishing needs a clinical reviewer's approval of
exactly the content published (education.publishing, issue #19)."""

from tests.factories import ReviewerFactory


def approved(
    draft, *, reviewer=None, editor=None, justification="Tested text: the grade is not the point here."
):
    """Send `draft` for review and have a reviewer (who did not write it) approve it."""
    from education.publishing import approve, submit_for_review

    reviewer = reviewer or ReviewerFactory()
    submit_for_review(draft=draft, by=editor)
    approve(draft=draft, by=reviewer, justification=justification)
    return draft
