"""Helpers for the real-browser tests: screenshots, axe-core, login, focus and target checks."""

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# WCAG 2.2 AA, as issue 8 asks: every A and AA rule of 2.0, 2.1 and 2.2.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = None


def axe():
    """One Axe instance per session (it reads the bundled axe.min.js once)."""
    global _axe
    if _axe is None:
        _axe = Axe()
    return _axe


def axe_violations(page: Page, context: str | None = None) -> list[dict]:
    results = axe().run(page, context=context, options=AXE_OPTIONS)
    return results.response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, context: str | None = None):
    """Run axe-core (WCAG 2.2 AA tags) on the page, or on the part `context` selects, and
    fail listing each rule id with the elements it flagged.

    Not for a context with JavaScript disabled: axe.run waits on timers that never fire
    there, and the call hangs. The same HTML is checked in the JavaScript-enabled tests."""
    violations = axe_violations(page, context)
    assert not violations, f"axe-core: {len(violations)} rule(s) failed on {page.url}\n" + format_violations(
        violations
    )


def login(page: Page, live_server, user, password: str = DEFAULT_PASSWORD):
    """Log in through the real login form and wait until the next page has loaded."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def focus_indicator(page: Page) -> dict:
    """The focused element and the computed styles that make focus visible."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {
                tag: el.tagName, id: el.id, text: (el.innerText || el.value || "").slice(0, 40),
                outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow,
            };
        }"""
    )


def assert_focus_visible(page: Page):
    """The focused element shows a focus indicator: a real outline or a box shadow."""
    info = focus_indicator(page)
    has_outline = info["outlineStyle"] not in ("none", "") and info["outlineWidth"] not in ("0px", "")
    has_shadow = info["boxShadow"] not in ("none", "")
    assert has_outline or has_shadow, f"no visible focus indicator on {info}"
    return info


def tab_to(page: Page, locator, max_tabs: int = 40, check_focus: bool = True):
    """Press Tab until `locator` has focus, checking visible focus at every stop."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if check_focus and page.evaluate("document.activeElement !== document.body"):
            assert_focus_visible(page)
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} not reached with {max_tabs} presses of Tab")


def undersized_targets(page: Page, selector: str, minimum: int) -> list[str]:
    """Visible elements matching `selector` smaller than minimum x minimum CSS pixels.

    A link inside a sentence is left out, as WCAG 2.5.8 (and axe's target-size rule) do: its
    size is set by the line of text around it. A link alone on its line is a target."""
    return page.evaluate(
        """([selector, minimum]) => Array.from(document.querySelectorAll(selector))
            .filter(el => el.offsetParent !== null)
            // Not shown: inside a closed <details> (a "For the curious" panel), for example.
            .filter(el => !el.checkVisibility || el.checkVisibility())
            .filter(el => {
                if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") { return true; }
                let block = el.parentElement;
                while (block && getComputedStyle(block).display === "inline") { block = block.parentElement; }
                const own = el.innerText.trim().length;
                return !block || block.innerText.trim().length <= own + 2;
            })
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, r]) => r.width + 0.5 < minimum || r.height + 0.5 < minimum)
            .map(([el, r]) => {
                const label = (el.innerText || el.value || el.name || "").trim().slice(0, 30);
                return `${el.tagName} "${label}" ${Math.round(r.width)}x${Math.round(r.height)}`;
            })""",
        [selector, minimum],
    )


BODY_TEXT = "main p, main li, main label, main .form-text, main .invalid-feedback, main td, main th, main dd"


def small_body_text(page: Page, selector: str = BODY_TEXT, minimum: float = 18) -> list[str]:
    """Paragraphs, list items, labels, hints, errors and table cells in main whose computed
    font size is under `minimum` px."""
    return page.evaluate(
        """([selector, minimum]) => Array.from(document.querySelectorAll(selector))
            .filter(el => el.offsetParent !== null && el.innerText.trim())
            .filter(el => parseFloat(getComputedStyle(el).fontSize) < minimum)
            .map(el => `${el.tagName}.${el.className} ${getComputedStyle(el).fontSize}: `
                       + el.innerText.trim().slice(0, 40))""",
        [selector, minimum],
    )


def assert_no_horizontal_scroll(page: Page):
    """At 320 px nothing may need scrolling sideways (WCAG 1.4.10 Reflow)."""
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"page scrolls sideways at {widths[1]}px: content is {widths[0]}px wide"


TARGETS_24 = "main a, main button, main input:not([type=hidden]), main select, main textarea, main summary"
TARGETS_44 = "main .btn, main .form-control, main .form-select"


class PageAudit:
    """Checks every page state a journey passes through and reports all problems at the end,
    so one styling defect does not hide the rest of the journey (or other defects).

    `audit.check(page, "step")` saves a screenshot, runs axe-core (WCAG 2.2 AA), and checks
    body text >= 18px, targets >= 24x24 (44x44 for buttons and fields) and, when asked, that
    nothing scrolls sideways. `audit.assert_clean()` fails listing every problem by step."""

    def __init__(self, shot):
        self.shot = shot
        self.problems = []

    def check(self, page: Page, name: str, *, axe: bool = True, reflow: bool = False, sizes: bool = True):
        """`sizes=False` for Django admin pages: axe only, the admin keeps its own type scale."""
        self.shot(page, name)
        found = []
        if axe:  # axe cannot run with JavaScript disabled (see assert_no_axe_violations)
            violations = axe_violations(page)
            if violations:
                found.append("axe-core:\n" + format_violations(violations))
        if not sizes:
            self.problems.extend(f"[{name}] {page.url}\n  {problem}" for problem in found)
            return
        small = small_body_text(page)
        if small:
            found.append("text under 18px: " + "; ".join(small[:8]) + (" ..." if len(small) > 8 else ""))
        for selector, minimum in [(TARGETS_24, 24), (TARGETS_44, 44)]:
            undersized = undersized_targets(page, selector, minimum)
            if undersized:
                found.append(f"targets under {minimum}x{minimum}: " + "; ".join(undersized))
        if reflow:
            width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if width[0] > width[1]:
                wide = page.evaluate(
                    """(limit) => Array.from(document.querySelectorAll("main *"))
                        .filter(el => el.getBoundingClientRect().right > limit + 1)
                        .filter(el => !el.parentElement.closest(".table-responsive"))
                        .slice(0, 3)
                        .map(el => `${el.tagName}.${el.className}`)""",
                    width[1],
                )
                found.append(
                    f"scrolls sideways: content {width[0]}px wide in a {width[1]}px viewport ({wide})"
                )
        for problem in found:
            self.problems.append(f"[{name}] {page.url}\n  {problem}")

    def assert_clean(self):
        assert not self.problems, "accessibility problems:\n" + "\n".join(self.problems)


def staff_login_with_totp(page: Page, live_server, user, password: str = DEFAULT_PASSWORD, audit=None):
    """A therapist or editor logs in through the login form, is sent to set up two-step
    verification, enters the current code of the new TOTP device (computed as an authenticator
    app would), is shown the backup codes and goes on to the admin index."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-step/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    # The password again before a new secret is shown (issue #15 items 2 and 10).
    if audit is not None:
        audit.check(page, "two-step-setup-password")
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("6-digit code")).to_be_visible()
    if audit is not None:
        audit.check(page, "two-step-setup")
    page.get_by_label("6-digit code").fill("12345")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.locator(".error-summary")).to_be_focused()
    if audit is not None:
        audit.check(page, "two-step-setup-error")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("6-digit code").fill(f"{code:0{device.digits}d}")
    page.get_by_role("button", name="Turn on two-step verification").click()
    # The backup codes, shown once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.get_by_role("list", name="Backup codes").get_by_role("listitem")).to_have_count(10)
    if audit is not None:
        audit.check(page, "two-step-backup-codes")
    page.get_by_role("link", name="I have saved my codes, continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def log_in_after_signup(page: Page, live_server_url: str, email: str, password: str):
    """After "Create my account": the "Check your email" page (the same for a new or a taken
    address, issue #15 item 12), then the login form, then the dashboard."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.locator("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))


def open_site_menu(page):
    """Open the phone's folded "Menu" (a <details>) when it is shown and closed."""
    button = page.locator("summary.site-menu__button")
    if button.is_visible() and page.locator("details.site-menu[open]").count() == 0:
        button.click()


def nav_link(page, name, role="link"):
    """The site menu's link (or button) `name`, opening the phone's menu first when needed."""
    open_site_menu(page)
    return page.get_by_role(role, name=name)
