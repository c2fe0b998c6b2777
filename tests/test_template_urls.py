"""bonehealth.template_urls: {% url %} remembering its results; bonehealth.storage: static URLs
remembered."""

from unittest import mock

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse, set_script_prefix
from django.urls.resolvers import LocalePrefixPattern

from bonehealth import template_urls
from bonehealth.storage import StaticFilesStorage


@pytest.fixture(autouse=True)
def forget():
    template_urls._remembered.cache_clear()
    yield
    template_urls._remembered.cache_clear()
    set_script_prefix("/")


def render(source, **context):
    return Template(source).render(Context(context))


def counting_reverse():
    return mock.patch.object(template_urls, "reverse", wraps=reverse)


def test_the_tag_in_every_template_is_ours():
    node = Template("{% url 'home' %}").nodelist[0]
    assert isinstance(node, template_urls.CachedURLNode)


def test_same_urls_as_django():
    assert render("{% url 'accounts:dashboard' %}") == reverse("accounts:dashboard")
    assert render("{% url 'education:lesson' slug %}", slug="a-b") == reverse(
        "education:lesson", args=["a-b"]
    )
    assert render("{% url 'education:lesson' slug=slug %}", slug="c") == reverse(
        "education:lesson", kwargs={"slug": "c"}
    )


def test_a_url_is_reversed_once_then_remembered():
    with counting_reverse() as spy:
        first = render("{% url 'accounts:dashboard' %}")
        second = render("{% url 'accounts:dashboard' %}")
    assert first == second == reverse("accounts:dashboard")
    assert spy.call_count == 1


def test_different_arguments_are_different_urls():
    with counting_reverse() as spy:
        one = render("{% url 'education:lesson' slug %}", slug="one")
        two = render("{% url 'education:lesson' slug %}", slug="two")
    assert one != two
    assert spy.call_count == 2


def test_arguments_other_than_str_or_int_are_reversed_each_time():
    class Slug:
        def __str__(self):
            return "slug"

    with counting_reverse() as spy:
        render("{% url 'education:lesson' slug %}", slug=Slug())
        render("{% url 'education:lesson' slug %}", slug=Slug())
    assert spy.call_count == 2


def test_the_script_prefix_is_part_of_the_key():
    plain = render("{% url 'accounts:dashboard' %}")
    set_script_prefix("/bonehealth/")
    prefixed = render("{% url 'accounts:dashboard' %}")
    assert prefixed == "/bonehealth" + plain


def test_the_current_app_is_part_of_the_key():
    template_urls.cached_reverse("home", [], {}, None)
    template_urls.cached_reverse("home", [], {}, "admin")
    assert template_urls._remembered.cache_info().currsize == 2


def test_a_urlconf_change_forgets_everything():
    render("{% url 'accounts:dashboard' %}")
    assert template_urls._remembered.cache_info().currsize == 1
    with override_settings(ROOT_URLCONF="bonehealth.urls"):
        assert template_urls._remembered.cache_info().currsize == 0


def test_no_reverse_match_still_raises_and_as_var_still_swallows_it():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")
    assert render("{% url 'no-such-view' as link %}[{{ link }}]") == "[]"
    assert render("{% url 'home' as link %}[{{ link }}]") == f"[{reverse('home')}]"


def test_syntax_errors_are_djangos():
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_no_translated_url_patterns():
    """The key leaves out the language: with i18n_patterns it would have to go in."""

    def patterns(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield pattern
                yield from patterns(pattern)

    assert not [p for p in patterns(get_resolver()) if isinstance(p.pattern, LocalePrefixPattern)]


@override_settings(DEBUG=False)
def test_static_urls_are_remembered_per_name(tmp_path):
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/app.css": "css/app.0123456789ab.css"}
    parent_url = StaticFilesStorage.__mro__[1].url
    calls = []

    def counting_url(self, name, force=False):
        calls.append(name)
        return parent_url(self, name, force)

    with mock.patch.object(StaticFilesStorage.__mro__[1], "url", counting_url):
        first = storage.url("css/app.css")
        second = storage.url("css/app.css")
    assert first == second == "/static/css/app.0123456789ab.css"
    assert calls == ["css/app.css"]


@override_settings(DEBUG=False)
def test_static_force_is_never_remembered(tmp_path):
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/app.css": "css/app.0123456789ab.css"}
    storage.url("css/app.css", force=True)
    assert storage._remembered_urls == {}
