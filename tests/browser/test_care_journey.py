"""The therapist workspace in a real browser, as a new therapist would use it (issue #13's "Done
when"): log in with two-step verification, see who needs attention and why, open a client, read
their notes and charts, write a private note, assign lesson 2 and come back, set a sleep goal
with units, print the summary, invite a new client who then consents; a second therapist sees
none of it. axe (WCAG 2.2 AA) on every page state, on a desktop and on a 375 px phone."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import SHARING_WORDING_VERSION, CareRelationship, SharingConsent, User
from care.models import SessionNote
from education.models import Assignment
from tests.browser.helpers import staff_login_with_totp
from tests.factories import CareRelationshipFactory, EntryFactory, PatientFactory, TherapistFactory
from tracker.factors import Factor
from tracker.models import Goal

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def client_with_a_hard_week(therapist):
    """Stress 8 yesterday and high on most days, sleep under goal half the nights, notes."""
    pat = PatientFactory(full_name="Pat Stressed", email="pat@example.com")
    CareRelationshipFactory(therapist=therapist, client=pat)
    SharingConsent.objects.create(patient=pat, therapist=therapist, wording_version=SHARING_WORDING_VERSION)
    today = timezone.localdate()
    levels = [8, 7, 5, 7, 4, 6, 6]
    hours = ["6", "7.5", "6.5", "8", "6", "7.5", "7"]
    notes = {1: "Work deadline again. Is it normal to feel this tired?", 3: "Skipped the gym."}
    for n in range(1, 8):
        EntryFactory(
            patient=pat,
            day=today - datetime.timedelta(days=n),
            stress=levels[n - 1],
            sleep_hours=Decimal(hours[n - 1]),
            note=notes.get(n, ""),
        )
    return pat


def test_a_new_therapist_works_from_the_caseload(server, series, open_page, audit):
    therapist = TherapistFactory(full_name="Theo Therapist", email="theo@example.com")
    pat = client_with_a_hard_week(therapist)
    lesson_2 = series[1]

    staff = open_page()
    staff_login_with_totp(staff, server, therapist)

    # 1. The caseload home: who needs attention, and why.
    expect(staff.get_by_role("heading", level=1)).to_have_text("Your caseload")
    attention = staff.locator("section", has=staff.get_by_role("heading", name="Who may need attention"))
    expect(attention).to_contain_text("Pat Stressed")
    expect(attention).to_contain_text("Stress at 7 or above on 3 of the last 5 check-ins")
    expect(attention).to_contain_text("Wrote 2 new check-in notes")
    audit.check(staff, "caseload-home", sizes=False)

    # 2. The client list, then the client's page: notes and charts.
    staff.get_by_role("link", name="Clients", exact=True).click()
    expect(staff.locator("#client-table")).to_contain_text("7/14")
    audit.check(staff, "client-list", sizes=False)
    staff.get_by_role("link", name="Pat Stressed").click()
    expect(staff.locator("#client-notes")).to_contain_text("Is it normal to feel this tired?")
    expect(staff.locator("#factor-stress")).to_contain_text("Pat recorded stress on 7 days")
    expect(staff.locator("#factor-sleep svg")).to_be_visible()
    # The chart styles are loaded: bars take the site's blue, not black.
    fill = staff.locator("#factor-sleep .chart__bar--0").first.evaluate("el => getComputedStyle(el).fill")
    assert fill == "rgb(11, 79, 156)", fill
    expect(staff.locator("#talking-points")).to_contain_text("Their question")
    audit.check(staff, "client-page", sizes=False)

    # 3. A private note.
    notes = staff.locator("#session-notes")
    notes.get_by_role("textbox", name="Note", exact=True).fill(
        "Discussed evening routine; try a wind-down hour."
    )
    notes.get_by_role("button", name="Save the note").click()
    expect(staff.locator(".messagelist")).to_contain_text("Only you can read it")
    expect(staff.locator("#session-notes")).to_contain_text("wind-down hour")
    assert SessionNote.objects.get().author == therapist

    # 4. Assign lesson 2: back on the client's page.
    assign = staff.locator("#client-assignments")
    assign.get_by_label("Lesson", exact=True).select_option(label=lesson_2.title)
    assign.get_by_role("button", name=re.compile("Assign and email")).click()
    expect(staff).to_have_url(re.compile(rf"/admin/care/clients/{pat.pk}/"))
    expect(staff.locator("#client-assignments")).to_contain_text(lesson_2.title)
    assert Assignment.objects.get(client=pat).lesson == lesson_2

    # 5. A sleep goal with units.
    goal = staff.locator("#client-goal")
    goal.get_by_label("7 to 9 hours of sleep a night", exact=True).check()
    goal.get_by_role("button", name="Set the goal").click()
    expect(staff.locator(".messagelist")).to_contain_text("7 to 9 hours of sleep a night")
    expect(staff.locator("#factor-sleep")).to_contain_text("Goal you set: 7 to 9 hours a night")
    assert Goal.objects.get(patient=pat, factor=Factor.SLEEP).target_max == 9
    audit.check(staff, "client-page-after-actions", sizes=False)

    # 6. The printable summary.
    staff.get_by_role("link", name="Printable summary").click()
    expect(staff.get_by_role("heading", name="Talking points")).to_be_visible()
    audit.check(staff, "summary", sizes=False)
    staff.emulate_media(media="print")
    expect(staff.locator(".care-nav")).to_be_hidden()
    audit.shot(staff, "summary-print")
    staff.emulate_media(media="screen")

    # 7. Invite a new client, who signs up and consents.
    staff.get_by_role("link", name="Invite a client").click()
    staff.get_by_label("Client's email address").fill("not an address")
    staff.get_by_role("button", name="Send the invitation").click()
    expect(staff.locator(".care-error-summary")).to_contain_text("Enter an email address")
    audit.check(staff, "invitation-error", sizes=False)
    staff.get_by_label("Client's email address").fill("new.client@example.com")
    staff.get_by_role("button", name="Send the invitation").click()
    expect(staff.locator(".messagelist")).to_contain_text("Invitation sent to new.client@example.com")
    audit.check(staff, "invitations", sizes=False)
    link = re.search(r"https?://\S+/care/invitations/\S+/", mail.outbox[-1].body).group(0)

    newcomer = open_page()
    newcomer.goto(link)
    audit.check(newcomer, "invitation-landing")
    newcomer.get_by_role("link", name="Create an account").click()
    newcomer.get_by_label("Full name").fill("Nia Newcomer")
    newcomer.get_by_label("Email address").fill("new.client@example.com")
    newcomer.get_by_label("Create a password").fill("a long enough pass phrase 42")
    newcomer.get_by_label("Type the password again").fill("a long enough pass phrase 42")
    newcomer.get_by_role("button", name="Create my account").click()
    # Signup answers the same whether or not the address had an account (issue #15 item 12) and
    # logs nobody in; logging in carries the invitation on (its link is the login's next).
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Check your email")
    newcomer.locator("main").get_by_role("link", name="Log in").click()
    newcomer.get_by_label("Email address").fill("new.client@example.com")
    newcomer.get_by_label(re.compile(r"^\s*Password\W*$")).fill("a long enough pass phrase 42")
    newcomer.locator("main").get_by_role("button", name="Log in").click()
    newcomer.get_by_role("button", name="Continue to the consent question").click()
    expect(newcomer).to_have_url(re.compile(r"/accounts/sharing/"))
    consent = newcomer.locator("input[name=agree]")
    expect(consent).not_to_be_checked()
    newcomer.get_by_label(re.compile("Theo Therapist")).check()
    consent.check()
    newcomer.get_by_role("button", name="Share my progress").click()
    expect(newcomer.locator("#sharing-panel")).to_contain_text("Theo Therapist can see your progress")
    nia = User.objects.get(email="new.client@example.com")
    assert CareRelationship.objects.filter(therapist=therapist, client=nia).exists()

    staff.get_by_role("link", name="Clients", exact=True).click()
    expect(staff.locator("#client-table")).to_contain_text("Nia Newcomer")

    # 8. A second therapist sees none of it.
    other = TherapistFactory(full_name="Olga Other", email="olga@example.com")
    second = open_page()
    staff_login_with_totp(second, server, other)
    expect(second.locator("body")).not_to_contain_text("Pat Stressed")
    note = SessionNote.objects.get()
    for path in [
        f"/admin/care/clients/{pat.pk}/",
        f"/admin/care/clients/{pat.pk}/summary/",
        f"/admin/care/notes/{note.pk}/",
    ]:
        assert second.goto(server.url + path).status == 404, path
    second.goto(f"{server.url}/admin/care/invitations/")
    expect(second.locator("body")).not_to_contain_text("new.client@example.com")

    # 9. The same pages on a 375 px phone.
    phone = open_page(viewport=PHONE)
    phone.context.add_cookies(staff.context.cookies())
    for name, path in [
        ("phone-caseload", "/admin/"),
        ("phone-clients", "/admin/care/clients/"),
        ("phone-client", f"/admin/care/clients/{pat.pk}/"),
        ("phone-invitations", "/admin/care/invitations/"),
    ]:
        phone.goto(server.url + path)
        audit.check(phone, name, sizes=False)
    audit.assert_clean()
