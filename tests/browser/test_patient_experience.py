"""Issue #16 in a real browser, on a desktop (1280 px) and a 375 px phone: every htmx form shows
its errors in place with focus on the summary; sharing (pre-selected therapist, errors, a
confirmation, who has seen my data); one next step; input and radio edges >= 3:1 and choice rows
>= 44 px; the phone layout (menu, dashboard height, stacked weeks, chart text). axe at 0."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import AccessAction, AccessLog, SharingConsent
from education.models import Assignment, Lesson
from tests.factories import CareRelationshipFactory, EntryFactory, PatientFactory, TherapistFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])

# Contrast of a colour against white, from a computed "rgb(r, g, b)" string (WCAG formula).
CONTRAST_JS = """
(el) => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((c) => {
      c = c / 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const s = getComputedStyle(el);
  const edge = lum(s.borderTopColor);
  return { width: parseFloat(s.borderTopWidth), ratio: (1.05) / (edge + 0.05) };
}
"""


def log_in(context, server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server.url}])


@pytest.fixture
def series(server):
    call_command("load_series", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(Lesson.objects.published().order_by("order"))


def new_page(browser, server, user, viewport, *, js=True):
    context = browser.new_context(
        viewport=viewport, locale="en-GB", timezone_id="Europe/London", java_script_enabled=js
    )
    log_in(context, server, user)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def assert_summary_focused(page):
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()


def weak_edges(page, selector):
    """Visible inputs matching `selector` whose border is under 3:1 against white or thinner than 1 px."""
    found = []
    for el in page.locator(selector).all():
        if not el.is_visible():
            continue
        edge = el.evaluate(CONTRAST_JS)
        if edge["ratio"] < 3 or edge["width"] < 1:
            found.append(f"{el.evaluate('e => e.outerHTML.slice(0, 80)')}: {edge}")
    return found


def small_choice_rows(page):
    """Radio and checkbox rows under 44 px tall, or where a tap at the row's far end misses the option."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("main .form-check"))
            .filter(row => row.offsetParent !== null)
            .filter(row => row.querySelector("input[type=radio], input[type=checkbox]"))
            .map(row => {
                row.scrollIntoView({ block: "center", behavior: "instant" });
                const r = row.getBoundingClientRect();
                const hit = document.elementFromPoint(r.right - 4, r.top + r.height / 2);
                const input = row.querySelector("input");
                const label = hit && hit.closest("label");
                const chooses = hit === input || (label && label.control === input);
                return { text: row.innerText.trim().slice(0, 30), height: r.height, chooses };
            })
            .filter(row => row.height + 0.5 < 44 || !row.chooses)"""
    )


@VIEWPORTS
def test_every_htmx_form_shows_its_errors_in_place_with_focus_on_the_summary(
    server, series, browser, audit, viewport
):
    patient = PatientFactory(full_name="Hana Htmx")
    therapist = TherapistFactory(full_name="Tara Therapist")
    CareRelationshipFactory(therapist=therapist, client=patient)
    page = new_page(browser, server, patient, viewport)
    name = "phone" if viewport is PHONE else "desktop"

    # 1. The dashboard check-in (htmx): a sleep answer that is not a number.
    page.goto(f"{server.url}/accounts/dashboard/")
    page.locator(".checkin-card__summary").click()
    page.get_by_label("How many hours did you sleep", exact=False).first.fill("lots")
    page.get_by_role("button", name="Save check-in").click()
    assert_summary_focused(page)
    expect(page.locator("#checkin-panel .invalid-feedback").first).to_be_visible()
    assert page.url.endswith("/accounts/dashboard/")  # swapped in place
    audit.check(page, f"{name}-checkin-error", reflow=viewport is PHONE)

    # 2. Sharing (htmx): the therapist is pre-selected; "I agree" left unticked.
    page.goto(f"{server.url}/accounts/sharing/")
    expect(page.get_by_label("Tara Therapist")).to_be_checked()
    page.get_by_role("button", name="Share my progress").click()
    assert_summary_focused(page)
    expect(page.locator("#agree-error")).to_contain_text("Tick the box")
    assert not SharingConsent.objects.exists()
    audit.check(page, f"{name}-sharing-error", reflow=viewport is PHONE)

    # 3. A quiz answer (htmx) with nothing chosen.
    lesson = series[0]
    page.goto(f"{server.url}/lessons/{lesson.slug}/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Check my answer").click()
    assert_summary_focused(page)
    expect(page.locator("#choice-error")).to_be_visible()
    assert not small_choice_rows(page), small_choice_rows(page)
    audit.check(page, f"{name}-quiz-error", reflow=viewport is PHONE)

    # 4. Saving a place (htmx) for a section the lesson no longer has: the message beside the button.
    page.goto(f"{server.url}/lessons/{lesson.slug}/")
    form = page.locator("form.section-progress").first
    form.locator("input[name=section]").evaluate("el => el.value = 'a-section-since-removed'")
    form.get_by_role("button", name="Save my place here").click()
    expect(form.locator(".progress-error")).to_contain_text("Not saved")
    audit.check(page, f"{name}-progress-error", reflow=viewport is PHONE)
    audit.assert_clean()


@VIEWPORTS
def test_sharing_from_request_to_stop_with_who_has_seen_my_data(server, browser, audit, viewport):
    patient = PatientFactory(full_name="Sam Sharer")
    therapist = TherapistFactory(full_name="Tara Therapist")
    CareRelationshipFactory(therapist=therapist, client=patient)
    other = PatientFactory(full_name="Olly Other")
    page = new_page(browser, server, patient, viewport)
    name = "phone" if viewport is PHONE else "desktop"

    page.goto(f"{server.url}/accounts/dashboard/")
    expect(
        page.get_by_role("heading", name="Tara Therapist has asked to follow your progress")
    ).to_be_visible()
    page.get_by_role("link", name="Review the request").click()
    page.get_by_label("I agree", exact=False).click()
    page.get_by_role("button", name="Share my progress").click()
    expect(page.locator("#messages")).to_contain_text("Tara Therapist can now follow your progress")

    yesterday = timezone.now() - datetime.timedelta(days=1)
    AccessLog.objects.bulk_create(
        [
            AccessLog(therapist=therapist, client=patient, action=AccessAction.VIEW,
                      path=f"/admin/accounts/client/{patient.pk}/change/", at=yesterday),
            AccessLog(therapist=therapist, client=patient, action=AccessAction.LIST,
                      path="/admin/tracker/entry/", at=yesterday),
            AccessLog(therapist=therapist, client=other, action=AccessAction.VIEW,
                      path="/admin/tracker/goal/", at=yesterday),
        ]
    )  # fmt: skip
    page.goto(f"{server.url}/accounts/sharing/")
    seen = page.locator(".seen-by")
    expect(seen.locator("li")).to_have_count(2)
    expect(seen).to_contain_text("Tara Therapist looked at your progress overview")
    expect(seen).to_contain_text("Tara Therapist saw your check-ins in a list")
    expect(seen).not_to_contain_text("goals")
    audit.check(page, f"{name}-sharing-page", reflow=viewport is PHONE)

    page.get_by_role("link", name="Stop sharing with Tara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop sharing with Tara Therapist?")
    audit.check(page, f"{name}-stop-confirm", reflow=viewport is PHONE)
    assert SharingConsent.objects.active().count() == 1  # nothing changed before confirming
    page.get_by_role("button", name="Yes, stop sharing").click()
    expect(page.locator("#messages")).to_contain_text(
        "You have stopped sharing: Tara Therapist can no longer see"
    )
    assert SharingConsent.objects.active().count() == 0
    audit.check(page, f"{name}-stopped", reflow=viewport is PHONE)
    audit.assert_clean()


def test_inputs_and_radios_have_3_to_1_edges_and_choice_rows_of_44px(server, series, browser, page, audit):
    """Sign-up and login fields, the check-in's radios and checkboxes, the consent radio and box,
    and the quiz radios: edges measured against white, rows measured and tapped at their far end."""
    page.set_viewport_size(PHONE)
    for path in ("/accounts/signup/", "/accounts/login/"):
        page.goto(server.url + path)
        assert not weak_edges(page, "main input:not([type=hidden]), main select, main textarea"), path
    patient = PatientFactory()
    CareRelationshipFactory(therapist=TherapistFactory(), client=patient)
    page = new_page(browser, server, patient, PHONE)
    for path in ("/tracker/check-in/", "/accounts/sharing/", f"/lessons/{series[0].slug}/quiz/"):
        page.goto(server.url + path)
        if "quiz" in path:
            page.get_by_role("button", name="Start the quiz").click()
            expect(page.locator("legend.quiz-prompt")).to_be_visible()
        edges = weak_edges(
            page, "main input:not([type=hidden]):not([type=submit]), main select, main textarea"
        )
        assert not edges, (path, edges)
        rows = small_choice_rows(page)
        assert not rows, (path, rows)
        assert page.locator("main .form-check").count() > 0, path
        audit.check(page, f"targets-{path.strip('/').replace('/', '-')}")
    audit.assert_clean()


def test_one_next_step_puts_the_assignment_first_with_its_due_date(server, series, browser, audit):
    patient = PatientFactory(full_name="Nina Next")
    therapist = TherapistFactory(full_name="Tara Therapist")
    due = timezone.localdate() + datetime.timedelta(days=3)
    Assignment.objects.create(
        therapist=therapist, client=patient, series=series[1].series, lesson=series[1], due_date=due
    )
    for viewport in (DESKTOP, PHONE):
        page = new_page(browser, server, patient, viewport)
        page.goto(f"{server.url}/accounts/dashboard/")
        step = page.locator(".next-step")
        expect(step).to_contain_text(series[1].title)
        expect(step).to_contain_text(f"due {due:%-d %B %Y}")
        expect(step).not_to_contain_text(series[0].title)
        audit.check(page, f"next-step-{viewport['width']}", reflow=viewport is PHONE)
        page.goto(f"{server.url}/lessons/")
        expect(page.locator(".lesson-assigned")).to_contain_text(f"due {due:%-d %B %Y}")
        audit.check(page, f"lessons-{viewport['width']}", reflow=viewport is PHONE)
    audit.assert_clean()


def test_the_phone_layout(server, series, browser, audit):
    patient = PatientFactory(full_name="Pia Phone")
    today = timezone.localdate()
    for offset in range(40):
        EntryFactory(patient=patient, day=today - datetime.timedelta(days=offset + 1), fish_servings=1)
    page = new_page(browser, server, patient, PHONE)
    page.goto(f"{server.url}/accounts/dashboard/")
    # The menu: one row (the brand and "Menu"), opening without JavaScript.
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 90, header
    expect(page.locator(".site-nav__wide")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(page.locator(".site-menu").get_by_role("link", name="My tracker")).to_be_visible()
    audit.check(page, "phone-menu-open", reflow=True)
    page.get_by_text("Menu", exact=True).click()
    # The dashboard in about two screens, the check-in closed until opened.
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2.5 * PHONE["height"], f"dashboard is {height}px tall"
    expect(page.get_by_role("button", name="Save check-in")).to_be_hidden()
    audit.check(page, "phone-dashboard", reflow=True)

    page.goto(f"{server.url}/tracker/?range=30")
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll(".chart__tick"))
            .filter(t => t.getBoundingClientRect().width > 0)
            .map(t => t.getBoundingClientRect().height)"""
    )
    assert sizes and min(sizes) >= 14, f"chart text {min(sizes)}px"
    table = page.locator(".weekly-table")
    box = table.bounding_box()
    assert box["width"] <= PHONE["width"], box
    cell = table.locator("tbody td").first
    assert cell.evaluate("el => getComputedStyle(el).display") == "flex"  # stacked, label beside value
    audit.check(page, "phone-tracker", reflow=True)

    page.goto(f"{server.url}/tracker/check-in/?day={(today - datetime.timedelta(days=1)).isoformat()}")
    hint = page.locator("#id_day_helptext, [id$='day_helptext']").first
    if hint.count():
        assert "/" not in hint.inner_text()  # in words, not a numeric order the field may not share
    audit.check(page, "phone-checkin", reflow=True)
    audit.assert_clean()


def test_the_menu_and_check_in_card_open_without_javascript(server, browser):
    patient = PatientFactory()
    page = new_page(browser, server, patient, PHONE, js=False)
    page.goto(f"{server.url}/accounts/dashboard/")
    page.get_by_text("Menu", exact=True).click()
    expect(page.locator(".site-menu").get_by_role("link", name="Lessons")).to_be_visible()
    page.locator(".checkin-card__summary").click()
    expect(page.get_by_role("button", name="Save check-in")).to_be_visible()
