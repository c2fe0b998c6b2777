"""Downloads of a patient's own check-ins as CSV and JSON."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import EntryFactory
from tracker.services import EXPORT_FIELDS

pytestmark = pytest.mark.django_db

CSV_URL = reverse("tracker:export_csv")
JSON_URL = reverse("tracker:export_json")


@pytest.fixture
def entries(patient, other_patient):
    EntryFactory(
        patient=patient, day=datetime.date(2026, 11, 2), sleep_hours=Decimal("6.5"), note="=HYPERLINK(1)"
    )
    EntryFactory(patient=patient, day=datetime.date(2026, 11, 1), kind_bands=True, note="Felt strong")
    EntryFactory(patient=other_patient, day=datetime.date(2026, 11, 1), note="Someone else's note")


def assert_private_download(response, extension):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="bone-health-checkins-')
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    assert "no-store" in response["Cache-Control"]


def test_csv_download_has_the_patients_rows_only(patient_client, entries):
    response = patient_client.get(CSV_URL)
    assert_private_download(response, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == EXPORT_FIELDS
    assert [row[0] for row in rows[1:]] == ["2026-11-01", "2026-11-02"]
    first = dict(zip(EXPORT_FIELDS, rows[1], strict=True))
    assert first["strength_exercise_kinds"] == "weights; bands"
    assert (first["sleep_hours"], first["stress_0_to_10"], first["note"]) == ("7.5", "3", "Felt strong")
    assert "Someone else" not in text


def test_csv_cells_cannot_run_as_spreadsheet_formulas(patient_client, entries):
    text = patient_client.get(CSV_URL).content.decode("utf-8")
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def test_json_download_has_the_patients_rows_only(patient_client, entries):
    response = patient_client.get(JSON_URL)
    assert_private_download(response, "json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(response.content)
    assert [row["date"] for row in payload["checkins"]] == ["2026-11-01", "2026-11-02"]
    assert payload["checkins"][1]["sleep_hours"] == 6.5
    assert payload["checkins"][0]["strength_exercise_kinds"] == ["weights", "bands"]
    assert payload["checkins"][1]["note"] == "=HYPERLINK(1)"  # JSON is data, not a spreadsheet
    assert "Someone else" not in response.content.decode()


def test_a_patient_without_check_ins_gets_empty_files(patient_client):
    assert json.loads(patient_client.get(JSON_URL).content)["checkins"] == []
    assert patient_client.get(CSV_URL).content.decode("utf-8").strip() == "\ufeff" + ",".join(EXPORT_FIELDS)


def test_htmx_requests_get_the_same_download(patient_client, entries, htmx_headers):
    response = patient_client.get(CSV_URL, **htmx_headers)
    assert_private_download(response, "csv")


def test_exports_need_a_logged_in_patient(client, therapist):
    for url in (CSV_URL, JSON_URL):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(therapist)
    assert client.get(CSV_URL)["Location"] == reverse("admin:index")


def test_exports_refuse_post(patient_client):
    assert patient_client.post(CSV_URL).status_code == 405
    assert patient_client.post(JSON_URL).status_code == 405
