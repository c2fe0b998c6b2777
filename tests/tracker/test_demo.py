"""seed_demo adds a few weeks of check-ins for the demo patient, once."""

import pytest
from django.core.management import call_command

from tracker.models import Entry

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_tracker_entries_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    assert Entry.objects.filter(patient__email="patient@example.com").count() == 20
    assert "Added 20 demo tracker check-ins" in capsys.readouterr().out
    call_command("seed_demo")
    assert Entry.objects.count() == 20
    assert "Added 0 demo tracker check-ins" in capsys.readouterr().out
