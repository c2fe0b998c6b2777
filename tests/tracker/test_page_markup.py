"""Markup rules every tracker page keeps: one h1, no inline styles or inline scripts (the
Content Security Policy would block them), and every check-in input has a label."""

import re

import pytest
from django.urls import reverse

from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(patient, today, entries_factory):
    entries_factory(patient, 20)
    entry = EntryFactory(patient=patient, day=today)
    return [
        reverse("tracker:home"),
        reverse("tracker:home") + "?range=90",
        reverse("tracker:checkin"),
        reverse("tracker:history"),
        reverse("tracker:entry", args=[entry.pk]),
        reverse("tracker:entry_delete", args=[entry.pk]),
        reverse("accounts:dashboard"),
    ]


def test_pages_keep_the_markup_rules(patient_client, pages):
    for url in pages:
        html = patient_client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*nonce=)", html), url


def test_every_check_in_input_has_a_label(patient_client):
    html = patient_client.get(reverse("tracker:checkin")).content.decode()
    ids = re.findall(r'<(?:input|textarea)[^>]*\sid="(id_[a-z_0-9]+)"', html)
    assert len(ids) > 20
    for field_id in ids:
        assert f'for="{field_id}"' in html, field_id
