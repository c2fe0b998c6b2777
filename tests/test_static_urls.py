"""bonehealth.storage: static URLs remembered. (`{% url %}` is Django's own again: the memo that
was here, bonehealth/template_urls.py, earned too little for a concept of its own; issue #14.)"""

from unittest import mock

from django.test import override_settings

from bonehealth.storage import StaticFilesStorage


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
