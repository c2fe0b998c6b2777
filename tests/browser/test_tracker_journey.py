"""The tracker journey in a real browser: three days of check-ins (today from the dashboard
panel with htmx, two earlier days on the check-in page), one corrected, the charts and data
tables, and the CSV download. Also keyboard-only check-in and the no-JavaScript fallback."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_focus_visible,
    login,
    tab_to,
)
from tests.factories import PatientFactory
from tracker.models import Entry

pytestmark = pytest.mark.browser




SLEEP_HOURS = "How many hours did you sleep the night before?"


def fill_checkin(scope, *, hours, quality="4", stress="3", minutes="20"):
    scope.get_by_label(SLEEP_HOURS).fill(hours)
    for legend, value in [("How well did you sleep?", quality), ("How stressed did you feel?", stress)]:
        scope.locator("fieldset", has_text=legend).locator(f"input[value='{value}']").check()
    scope.get_by_label("Minutes of strength exercise").fill(minutes)


@pytest.fixture
def patient(transactional_db):
    return PatientFactory(full_name="Tara Tracker", email="tara@example.com")


def test_three_days_of_checkins_one_corrected_charts_table_and_csv(server, page, audit, patient):
    today = timezone.localdate()
    login(page, server, patient)
    page.locator(".checkin-card__summary").click()  # the check-in is a card that opens (issue #16)
    panel = page.locator("#checkin-panel")
    expect(panel.get_by_role("button", name="Save check-in")).to_be_visible()
    audit.check(page, "dashboard-empty-checkin")

    # A mistake first: the panel comes back with the error summary focused (htmx swap).
    panel.get_by_label(SLEEP_HOURS).fill("lots")
    panel.get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-panel .error-summary")).to_be_focused()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    expect(page.get_by_label(SLEEP_HOURS)).to_have_value("lots")
    audit.check(page, "dashboard-checkin-error")

    fill_checkin(page.locator("#checkin-panel"), hours="7.5")
    page.locator("#checkin-panel").get_by_role("button", name="Save check-in").click()
    done = page.locator("#checkin-panel .checkin-done")
    expect(done).to_contain_text("Thank you. Your check-in for today")
    expect(done).to_be_focused()
    expect(page.locator("#tracker-week")).to_contain_text("Check-ins: 1 of 7 days")
    audit.check(page, "dashboard-checkin-saved")

    # Two earlier days from the list of days.
    for offset, hours in [(1, "6"), (2, "8")]:
        page.goto(f"{server.url}/tracker/days/")
        label = "yesterday" if offset == 1 else None
        day = today - timedelta(days=offset)
        link = page.locator(f"a[href*='day={day.isoformat()}']")
        if label:
            expect(link).to_contain_text("Fill in")
        link.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in for")
        if offset == 2:
            audit.check(page, "checkin-page-empty")
        fill_checkin(page, hours=hours)
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_role("status")).to_contain_text("is saved")
    audit.check(page, "history-three-days")
    assert Entry.objects.filter(patient=patient).count() == 3

    # Correct yesterday: 6 hours becomes 6.5, with an error on the way.
    yesterday = Entry.objects.get(patient=patient, day=today - timedelta(days=1))
    page.locator(f"a[href$='/tracker/entries/{yesterday.pk}/']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Change your check-in")
    expect(page.get_by_label(SLEEP_HOURS)).to_have_value(re.compile(r"^6"))
    audit.check(page, "entry-change")
    page.get_by_label(SLEEP_HOURS).fill("25")
    page.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_be_focused()
    audit.check(page, "entry-change-error")
    page.get_by_label(SLEEP_HOURS).fill("6.5")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status")).to_contain_text("is saved")
    yesterday.refresh_from_db()
    assert str(yesterday.sleep_hours).startswith("6.5")

    # Charts and the numbers behind them.
    page.goto(f"{server.url}/tracker/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My tracker")
    expect(page.locator("figure.chart svg[role=img]").first).to_be_visible()
    sleep = page.locator("#factor-sleep")
    sleep.get_by_text("Show the numbers").click()
    table = sleep.locator("table.data-table")
    expect(table).to_be_visible()
    expect(table).to_contain_text("6.5")
    audit.check(page, "tracker-home")

    # Another range, swapped in with htmx: focus moves to the new heading.
    page.locator("a[href$='?range=30']").first.click()
    expect(page.locator("#trends-title")).to_have_text("Your last 30 days")
    expect(page.locator("#trends-title")).to_be_focused()
    audit.check(page, "tracker-home-30-days")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"bone-health-checkins-{today}.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3
    assert any(row_value.startswith("6.5") for row in rows for row_value in row.values())
    audit.assert_clean()


def test_keyboard_only_checkin_on_the_dashboard(server, page, shot, patient):
    login(page, server, patient)
    tab_to(page, page.locator(".checkin-card__summary"))  # the check-in card opens from the keyboard
    page.keyboard.press("Enter")
    hours = page.get_by_label(SLEEP_HOURS)
    tab_to(page, hours)
    page.keyboard.type("7")
    # Radio groups: Tab into the group, arrows to move, Space to choose.
    tab_to(page, page.locator("fieldset", has_text="How well did you sleep?").locator("input").first)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert_focus_visible(page)
    tab_to(page, page.locator("fieldset", has_text="How stressed did you feel?").locator("input").first)
    page.keyboard.press("Space")
    shot(page, "keyboard-filled")
    tab_to(page, page.locator("#checkin-panel").get_by_role("button", name="Save check-in"))
    page.keyboard.press("Enter")
    done = page.locator("#checkin-panel .checkin-done")
    expect(done).to_be_focused()
    assert_focus_visible(page)
    shot(page, "keyboard-saved")
    entry = Entry.objects.get(patient=patient)
    assert entry.sleep_quality is not None and entry.stress == 0


def test_checkin_without_javascript(server, browser, browser_context_args, audit, patient):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    login(page, server, patient)
    page.locator(".checkin-card__summary").click()  # the check-in is a card that opens (issue #16)
    panel = page.locator("#checkin-panel")
    panel.get_by_label(SLEEP_HOURS).fill("lots")
    panel.get_by_role("button", name="Save check-in").click()
    # Without htmx the full check-in page answers, with the error summary and the value kept.
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label(SLEEP_HOURS)).to_have_value("lots")
    audit.check(page, "checkin-error", axe=False)
    fill_checkin(page, hours="7")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status")).to_contain_text("is saved")
    audit.check(page, "saved", axe=False)
    assert Entry.objects.filter(patient=patient).count() == 1
    page.goto(f"{server.url}/tracker/")
    expect(page.locator("figure.chart").first).to_be_visible()
    audit.check(page, "tracker-home", axe=False)
    context.close()
    audit.assert_clean()


def test_tracker_pages_at_320px(server, page, audit, patient):
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, server, patient)
    audit.check(page, "dashboard", reflow=True)
    page.locator(".checkin-card__summary").click()  # the check-in is a card that opens (issue #16)
    fill_checkin(page.locator("#checkin-panel"), hours="7")
    page.locator("#checkin-panel").get_by_role("button", name="Save check-in").click()
    expect(page.locator("#checkin-panel .checkin-done")).to_be_focused()
    audit.check(page, "dashboard-saved", reflow=True)
    for path, name in [("/tracker/", "tracker-home"), ("/tracker/days/", "history"),
                       ("/tracker/check-in/", "checkin")]:
        page.goto(server.url + path)
        audit.check(page, name, reflow=True)
    audit.assert_clean()
