"""bonehealth.fragments: the one caching mechanism (a patient's fragments, shared renders)."""

import datetime

import pytest
from django.core.cache import cache
from django.template import engines

from bonehealth import fragments
from bonehealth.fragments import SharedRenderError, forget_patient, patient_fragment, render_shared

TODAY = datetime.date(2026, 12, 2)


def test_a_patients_fragment_is_built_once_then_read_from_the_cache():
    calls = []
    build = lambda: calls.append(1) or "<p>built</p>"  # noqa: E731
    assert patient_fragment(7, "home-7", TODAY, build) == "<p>built</p>"
    assert patient_fragment(7, "home-7", TODAY, build) == "<p>built</p>"
    assert calls == [1]


def test_forgetting_a_patient_deletes_every_fragment_of_theirs_and_only_theirs():
    for name in fragments.PATIENT_FRAGMENTS:
        patient_fragment(7, name, TODAY, lambda: "mine")
    patient_fragment(8, "home-7", TODAY, lambda: "theirs")
    forget_patient(7)
    assert not [key for key in cache._cache if ":patient:7:" in str(key)]
    assert patient_fragment(8, "home-7", TODAY, lambda: "rebuilt") == "theirs"


def test_a_new_day_builds_afresh():
    patient_fragment(7, "home-7", TODAY, lambda: "yesterday's")
    assert patient_fragment(7, "home-7", TODAY + datetime.timedelta(days=1), lambda: "today's") == "today's"


def test_an_unlisted_name_is_refused():
    with pytest.raises(AssertionError):
        patient_fragment(7, "not-listed", TODAY, lambda: "x")


@pytest.fixture
def template(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    def write(source):
        (tmp_path / "shared_test.html").write_text(source)
        engines._engines = {}  # the new DIRS
        return "shared_test.html"

    yield write
    engines._engines = {}


@pytest.mark.parametrize(
    "source",
    [
        "{{ user.full_name }}",
        "{% if user.is_authenticated %}x{% endif %}",
        "{{ request.path }}",
        "{{ user }}",
        "{% if request %}x{% endif %}",
        "{% csrf_token %}{{ user.email }}",
    ],
)
def test_a_shared_render_that_reads_user_or_request_fails(template, source):
    with pytest.raises(SharedRenderError):
        render_shared(template(source), {"name": "Pat"})


def test_a_shared_render_of_other_values_works(template):
    assert render_shared(template("Hello {{ name }}"), {"name": "Pat"}) == "Hello Pat"


def test_the_client_pages_tracker_part_renders_as_shared():
    """care.client_page.TRACKER_TEMPLATE goes through render_shared (its own tests render it
    with data); here with nothing recorded."""
    from care.client_page import TRACKER_TEMPLATE

    html = render_shared(TRACKER_TEMPLATE, {"tracker": {"sections": []}, "name": "Pat", "tracker_days": 28})
    assert "Pat has written no notes" in html
