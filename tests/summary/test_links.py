"""Where my summary and my bone plan are linked from: the dashboard, the series page and the
end of the series' last lesson (for patients)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import LessonFactory, SectionFactory

PLAN = reverse("summary:bone_plan")
SUMMARY = reverse("summary:summary")


@pytest.fixture
def two_lessons(db):
    first = LessonFactory(slug="first", order=1)
    last = LessonFactory(slug="last", order=2)
    for lesson in (first, last):
        SectionFactory(lesson=lesson, anchor=f"{lesson.slug}-part")
    return first, last


@pytest.mark.django_db
def test_dashboard_links_the_summary_and_the_plan(patient_client):
    content = patient_client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{SUMMARY}"' in content
    assert f'href="{PLAN}"' in content


@pytest.mark.django_db
def test_the_last_lesson_and_the_series_page_link_the_plan_for_patients(patient_client, two_lessons):
    first, last = two_lessons
    assert f'href="{PLAN}"' in patient_client.get(reverse("education:lesson", args=["last"])).content.decode()
    assert (
        f'href="{PLAN}"'
        not in patient_client.get(reverse("education:lesson", args=["first"])).content.decode()
    )
    assert f'href="{PLAN}"' in patient_client.get(reverse("education:series")).content.decode()


@pytest.mark.django_db
def test_visitors_get_no_plan_link(two_lessons):
    visitor = Client()
    assert f'href="{PLAN}"' not in visitor.get(reverse("education:lesson", args=["last"])).content.decode()
    assert f'href="{PLAN}"' not in visitor.get(reverse("education:series")).content.decode()
