"""The tracker home: today's status, charts for 7/30/90 days with summaries and tables,
goals and their sources, insights, export links; a fixed number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import EntryFactory, GoalFactory
from tracker.factors import Factor

pytestmark = pytest.mark.django_db

URL = reverse("tracker:home")

# session, user, goals, the charted days, the window summary with the insights, weeks, streaks
HOME_QUERIES = 7


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_patient_is_invited_to_check_in(patient_client):
    html = page(patient_client)
    assert "<h1>My tracker</h1>" in html
    assert "You have not checked in today yet." in html
    assert f'class="btn btn-primary btn-lg" href="{reverse("tracker:checkin")}">Check in for today' in html
    assert "No hours of sleep recorded in the last 30 days." in html
    assert html.count("Nothing recorded in this period yet.") == 4
    assert "After 14 days of check-ins, this section will compare your days" in html


def test_today_is_marked_done_once_checked_in(patient_client, patient, today):
    EntryFactory(patient=patient, day=today, stress=2)
    html = page(patient_client)
    assert "You have checked in today." in html and "2 out of 10" in html
    assert "Change today's answers</a>" in html


def test_each_factor_has_a_chart_a_summary_and_a_table(patient_client, patient, entries_factory):
    entries_factory(patient, 10, stress=4, sleep_hours=Decimal("6.5"))
    html = page(patient_client)
    for key in ("sleep", "stress", "training", "omega3"):
        assert f'aria-labelledby="chart-{key}-title chart-{key}-desc"' in html
        assert f'<title id="chart-{key}-title">' in html and f'<desc id="chart-{key}-desc">' in html
    assert html.count('role="img"') == 4
    assert html.count("<summary>Show the numbers</summary>") == 4
    assert html.count("<caption id=") == 5  # four daily tables and the weekly one
    # Each scrolling table is a labelled region keyboard users can reach (and scroll).
    assert html.count('<div class="table-responsive" tabindex="0" role="region" aria-labelledby=') == 5
    assert "You recorded your sleep on 10 nights in the last 30 days. On average you slept 6.5 hours" in html
    assert "It averaged 4.0 out of 10 (lowest 4, highest 4)." in html
    assert "<td>6.5</td>" in html


def test_charts_follow_the_chosen_range(patient_client, patient, entries_factory):
    entries_factory(patient, 40)
    html = page(patient_client, range="7")
    assert '<h2 id="trends-title">Your last 7 days</h2>' in html
    # yesterday back to 6 days ago: sleep and omega-3 every day, strength exercise every third day
    assert html.count('class="chart__bar chart__bar--0"') == 6 + 2 + 6
    sleep_table = html.split("Sleep each night")[1].split("</table>")[0]
    assert sleep_table.count('<tr><th scope="row">') == 7
    html = page(patient_client, range="90")
    sleep_table = html.split("Sleep each night")[1].split("</table>")[0]
    assert sleep_table.count('<tr><th scope="row">') == 90
    link = 'href="/tracker/?range=90" hx-get="/tracker/?range=90" hx-target="#trends" hx-swap="outerHTML"'
    assert f'{link} hx-push-url="true" aria-current="page"' in html


@pytest.mark.parametrize("bad", ["0", "365", "abc", "-7", ""])
def test_an_unknown_range_shows_30_days(patient_client, bad):
    assert "Your last 30 days" in page(patient_client, range=bad)


def test_htmx_range_switch_returns_only_the_trends_and_moves_focus(
    patient_client, patient, entries_factory, htmx_headers
):
    entries_factory(patient, 5)
    response = patient_client.get(URL, {"range": "7"}, **htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="trends" class="trends" hx-history="false">')
    assert '<h2 id="trends-title" data-autofocus>Your last 7 days</h2>' in html
    assert "<h1>" not in html and "Patterns in your check-ins" not in html


def test_the_page_has_no_inline_styles_or_scripts(patient_client, patient, entries_factory):
    entries_factory(patient, 30)
    html = page(patient_client)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*nonce=)", html)
    assert html.count("<h1") == 1


def test_default_goals_are_shown_with_their_sources(patient_client):
    html = page(patient_client)
    assert "<strong>Suggested starting goal:</strong> 7 to 9 hours a night." in html
    assert "strength exercise on at least 2 days a week." in html
    assert "about 250 mg of EPA and DHA a day, on average." in html
    assert "There is no standard target for stress. Your therapist can agree one with you." in html
    for source in (
        "National Sleep Foundation",
        "American Academy of Sleep Medicine",
        "World Health Organization 2020",
        "EFSA Journal 2012;10(7):2815",
    ):
        assert source in html


def test_a_therapists_goal_replaces_the_default(patient_client, patient, therapist, entries_factory):
    GoalFactory(
        patient=patient,
        factor=Factor.STRESS,
        target_max=4,
        note="Let's aim for calmer days",
        set_by=therapist,
    )
    GoalFactory(patient=patient, factor=Factor.SLEEP, target_min=8, target_max=None)
    entries_factory(patient, 6, stress=3, sleep_hours=Decimal("7"))
    html = page(patient_client)
    assert "<strong>Goal set with your therapist:</strong> stress at 4 or below (out of 10)." in html
    assert "Your therapist's note: Let&#x27;s aim for calmer days" in html
    assert "<strong>Goal set with your therapist:</strong> at least 8 hours a night." in html
    assert "6 days recorded, 6 at or below your goal." in html
    assert "6 nights recorded, 0 within your goal." in html
    assert "Days at or below your stress goal: 6 days in a row now." in html


def test_progress_towards_the_weekly_training_goal(patient_client, patient, today):
    monday = today - datetime.timedelta(days=today.weekday())
    EntryFactory(patient=patient, day=monday, training_minutes=30)
    html = page(patient_client, range="7")
    assert "This week so far: strength exercise on 1 day." in html


def test_each_factor_links_to_its_lesson_section(patient_client):
    html = page(patient_client)
    base = "/lessons/gut-stress-metabolism-and-what-helps/"
    for anchor in ("sleep", "stress", "resistance-training", "omega-3"):
        assert f'href="{base}#{anchor}"' in html


def test_export_links_are_offered(patient_client):
    html = page(patient_client)
    assert f'href="{reverse("tracker:export_csv")}" download' in html
    assert f'href="{reverse("tracker:export_json")}" download' in html


def test_only_the_patients_own_data_is_charted(patient_client, other_patient, entries_factory):
    entries_factory(other_patient, 20)
    html = page(patient_client)
    assert "No hours of sleep recorded" in html and "You have 0 days so far" in html


def test_home_refuses_post(patient_client):
    assert patient_client.post(URL).status_code == 405


def test_staff_are_sent_to_the_admin(client, therapist):
    client.force_login(therapist)
    assert client.get(URL)["Location"] == reverse("admin:index")


@pytest.mark.parametrize("days", [0, 730])
@pytest.mark.parametrize("range_days", [7, 90])
def test_the_page_takes_the_same_number_of_queries_with_two_years_of_entries(
    patient_client, patient, entries_factory, django_assert_num_queries, days, range_days
):
    GoalFactory(patient=patient, factor=Factor.STRESS, target_max=5)
    if days:
        entries_factory(patient, days)
    with django_assert_num_queries(HOME_QUERIES):
        html = page(patient_client, range=str(range_days))
    if days:
        assert f"Check-ins in a row: <strong>{days} days</strong>" in html


def test_one_serving_of_fish_does_not_read_as_a_week_at_the_omega3_goal(patient_client, patient, today):
    """Issue #16: "about 1,000 mg a day" with a full green bar beside "weeks reaching your goal: 0".
    Now the bar and the weekly count both spread the week's omega-3 over every day."""
    EntryFactory(patient=patient, day=today, fish_servings=1, supplement_mg=None)
    html = patient_client.get(reverse("tracker:home") + "?range=7").content.decode()
    omega = html[html.index('id="factor-omega3"') :]
    assert "About 143 mg a day averaged over all 7 days, against a goal of about 250 mg a day" in omega
    assert '<progress max="250" value="143"' in omega
    assert "Weeks reaching your omega-3 goal (about 1,750 mg in the week): 0 weeks in a row now." in omega


def test_one_night_recorded_reads_without_a_plural_verb(patient_client, patient, today):
    EntryFactory(patient=patient, day=today, sleep_hours=Decimal("8"))
    html = patient_client.get(reverse("tracker:home") + "?range=7").content.decode()
    assert "1 night recorded, 1 within your goal." in html
    assert "1 night you recorded were" not in html
