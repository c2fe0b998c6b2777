"""Reminders in a real browser (issue #17): turn the daily check-in reminder on from My details
(with a mistake on the way), receive the email (locmem outbox: the reminders job runs the
immediate task backend in this process), follow a one-tap link logged out, press the one button,
and find the value in the tracker. On a desktop and a 375 px phone, axe at every step."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import ReminderSettings
from notifications.reminders import send_due_reminders
from tests.browser.helpers import login
from tests.factories import PatientFactory
from tracker.models import Entry

pytestmark = pytest.mark.browser


@pytest.fixture
def patient(transactional_db):
    return PatientFactory(full_name="Rhea Reminder", email="rhea@example.com")


@pytest.mark.parametrize("width", [1280, 375])
def test_turn_on_reminders_receive_the_email_and_check_in_with_one_tap(server, page, audit, patient, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, server, patient)
    page.goto(server.url + "/accounts/profile/")
    page.get_by_role("link", name="Choose my reminders").click()
    expect(page.get_by_role("heading", name="Reminders and notices")).to_be_visible()
    audit.check(page, f"{width}-settings", reflow=True)

    page.get_by_label("Remind me to check in each day").check()
    # No quiet hours, and a time already past, so today's reminder is due at once.
    page.get_by_label("Reminder time").fill("7pm")
    page.get_by_label("Time zone").fill("Mars/Olympus")
    page.get_by_label("Quiet hours start").fill("00:00")
    page.get_by_label("Quiet hours end").fill("00:00")
    page.get_by_role("button", name="Save my reminder settings").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#id_reminder_time_error")).to_contain_text("24-hour clock")
    expect(page.locator("#id_time_zone_error")).to_contain_text("We do not know this time zone")
    expect(page.get_by_label("Reminder time")).to_have_value("7pm")
    audit.check(page, f"{width}-settings-errors", reflow=True)
    assert not ReminderSettings.objects.exists()

    page.get_by_label("Reminder time").fill("00:00")
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_role("button", name="Save my reminder settings").click()
    expect(page.get_by_text("Your reminder settings have been saved.")).to_be_visible()
    assert ReminderSettings.objects.get(user=patient).checkin_reminder

    assert send_due_reminders() == 1
    (message,) = mail.outbox
    assert message.to == ["rhea@example.com"]
    seven = re.search(r"7 hours: http://testserver(/notifications/check-in/\S+/)", message.body).group(1)

    # Logged out, as from a phone's mail app.
    page.context.clear_cookies()
    page.goto(server.url + seven)
    expect(page.get_by_role("heading", name="Save this answer?")).to_be_visible()
    audit.check(page, f"{width}-one-tap", reflow=True)
    assert not Entry.objects.exists()  # opening the link saves nothing
    page.get_by_role("button", name="Save: 7 hours").click()
    expect(page.get_by_role("heading", name="Saved")).to_be_visible()
    expect(page.get_by_text("You slept 7 hours")).to_be_visible()
    audit.check(page, f"{width}-one-tap-saved", reflow=True)

    # The same link again: a clear page, nothing more saved.
    page.goto(server.url + seven)
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    audit.check(page, f"{width}-one-tap-used", reflow=True)

    login(page, server, patient)
    page.goto(server.url + "/tracker/days/")
    expect(page.locator(".day-list__status").first).to_contain_text("Checked in")
    # Today's check-in holds the value, ready for the rest.
    page.goto(server.url + "/tracker/check-in/")
    expect(page.get_by_label("How many hours did you sleep the night before?")).to_have_value(
        re.compile(r"^7(\.0+)?$")
    )
    audit.check(page, f"{width}-tracker-checkin", reflow=True)
    entry = Entry.objects.get(patient=patient)
    assert (entry.day, entry.sleep_hours) == (timezone.localdate(), 7)
    audit.assert_clean()


@pytest.mark.parametrize("width", [1280, 375])
def test_dashboard_notices_marked_read_in_place(server, page, audit, patient, width):
    from notifications.models import Notice, NoticeKind
    from notifications.notices import notify

    notify(
        recipient=patient,
        kind=NoticeKind.GOAL,
        text="Theo Therapist set a goal for you. See it in your tracker.",
        link="/tracker/",
    )
    notify(
        recipient=patient,
        kind=NoticeKind.ASSIGNMENT,
        text="Theo Therapist asked you to read: Sleep and bone",
        link="/accounts/dashboard/",
    )
    page.set_viewport_size({"width": width, "height": 900})
    login(page, server, patient)
    panel = page.locator("#notices")
    expect(panel).to_contain_text("2 new")
    audit.check(page, f"{width}-dashboard-notices", reflow=True)

    panel.get_by_role("button", name="Mark as read: Theo Therapist asked you to read: Sleep and bone").click()
    expect(page.locator("#notices")).to_contain_text("1 new")
    expect(page.locator("#notices")).to_be_focused()  # focus follows the swapped panel
    assert Notice.objects.filter(read_at__isnull=True).count() == 1
    page.locator("#notices").get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#notices")).not_to_contain_text("new")
    audit.check(page, f"{width}-dashboard-notices-read", reflow=True)
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    audit.assert_clean()
