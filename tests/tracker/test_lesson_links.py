"""The lesson-tracker loop: the tracker links to lesson 3's sections, lesson 3 links here."""

from pathlib import Path
from unittest import mock

from django.conf import settings
from django.urls import NoReverseMatch, resolve

from tracker import factors
from tracker.factors import FACTOR_INFO, LESSON_PATH, factor_links, lesson_url

LESSON_FILE = next((Path(settings.BASE_DIR) / "education/content/lessons").glob("03-*.md"))


def test_each_factor_links_to_its_section_of_lesson_3():
    links = factor_links()
    assert links["sleep"]["url"] == "/lessons/gut-stress-metabolism-and-what-helps/#sleep"
    assert links["stress"]["url"].endswith("#stress")
    assert links["training"]["url"].endswith("#resistance-training")
    assert links["omega3"]["url"].endswith("#omega-3")


def test_the_known_path_is_used_if_the_lesson_url_name_is_missing():
    with mock.patch.object(factors, "reverse", side_effect=NoReverseMatch):
        assert lesson_url("sleep") == f"{LESSON_PATH}#sleep"


def test_the_anchors_exist_in_lesson_3():
    text = LESSON_FILE.read_text(encoding="utf-8")
    for info in FACTOR_INFO.values():
        assert f"{{#{info.anchor}}}" in text, info.anchor


def test_lesson_3_invites_the_reader_to_the_tracker_home():
    assert "](/tracker/)" in LESSON_FILE.read_text(encoding="utf-8")
    assert resolve("/tracker/").view_name == "tracker:home"
