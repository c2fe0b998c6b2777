"""Helpers for tests that publish lessons: publishing needs a clinical reviewer's approval of
exactly the content published (education.publishing, issue #19)."""

import pytest

from tests.conftest import otp_login
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


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(full_name="Rhea Reviewer", email="rhea@example.com", credentials="RD, MSc")


@pytest.fixture
def reviewer_admin(reviewer):
    """The reviewer, logged in with two-step verification on a client of their own (so a test
    can have an editor on `client` at the same time)."""
    from django.test import Client

    client = Client()
    otp_login(client, reviewer)
    return client
