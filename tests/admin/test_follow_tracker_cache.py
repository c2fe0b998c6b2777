"""The follow page's tracker charts come from tracker.fragments: built once per client and day,
made stale by every change to the client's check-ins or goals, never holding a CSRF token."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.admin.conftest import make_client_of
from tests.admin.test_follow_and_triage import QUERIES_FOLLOW, QUERIES_FOLLOW_COLD
from tracker.fragments import _fragment_key
from tracker.models import Entry, Goal


def follow_url(user):
    return reverse("admin:accounts_client_change", args=[user.pk])


def tracker_part(response):
    html = response.content.decode()
    start = html.index('id="client-tracker"')
    return html[start : html.index("</div>\n", start)]


def test_a_second_view_reads_the_charts_from_the_cache(therapist_admin, my_client, django_assert_num_queries):
    Entry.objects.create(patient=my_client, day=timezone.localdate(), stress=2)
    therapist_admin.get(follow_url(my_client))  # warm-up: per-process caches
    cache.clear()
    with django_assert_num_queries(QUERIES_FOLLOW_COLD) as cold:
        first = therapist_admin.get(follow_url(my_client))
    with django_assert_num_queries(QUERIES_FOLLOW) as warm:
        second = therapist_admin.get(follow_url(my_client))

    def entry_queries(queries):
        return sum('FROM "tracker_entry"' in q["sql"] for q in queries.captured_queries)

    # The header's "last active" reads one check-in; the charts read none once cached.
    assert entry_queries(cold) - entry_queries(warm) >= 3
    assert tracker_part(first) == tracker_part(second)
    assert "Check-ins on 1 of the last 28 days" in second.content.decode()


def test_a_new_checkin_shows_at_once(therapist_admin, my_client):
    therapist_admin.get(follow_url(my_client))
    Entry.objects.create(patient=my_client, day=timezone.localdate() - datetime.timedelta(days=1), stress=3)
    assert "Check-ins on 1 of the last 28 days" in therapist_admin.get(follow_url(my_client)).content.decode()
    Entry.objects.filter(patient=my_client).delete()
    assert "Check-ins on 0 of the last 28 days" in therapist_admin.get(follow_url(my_client)).content.decode()


def test_a_goal_change_shows_at_once_in_the_charts(therapist_admin, therapist, my_client):
    before = tracker_part(therapist_admin.get(follow_url(my_client)))
    goal = Goal.objects.create(patient=my_client, factor="stress", target_max=2, set_by=therapist)
    after = tracker_part(therapist_admin.get(follow_url(my_client)))
    assert after != before
    goal.target_max = 4
    goal.save()
    assert tracker_part(therapist_admin.get(follow_url(my_client))) != after


def test_each_client_has_their_own(therapist_admin, therapist, my_client):
    other = make_client_of(therapist)
    Entry.objects.create(patient=my_client, day=timezone.localdate(), stress=2)
    assert "Check-ins on 1 of" in therapist_admin.get(follow_url(my_client)).content.decode()
    assert "Check-ins on 0 of" in therapist_admin.get(follow_url(other)).content.decode()


def test_another_therapists_client_is_a_404_and_builds_nothing(therapist_admin, their_client):
    assert therapist_admin.get(follow_url(their_client)).status_code == 404
    assert cache.get(_fragment_key(their_client.pk, "follow-28")) is None


def test_the_cached_part_holds_no_token_or_nonce(therapist_admin, my_client):
    therapist_admin.get(follow_url(my_client))
    stored = cache.get(_fragment_key(my_client.pk, "follow-28"))
    assert stored is not None
    assert "csrfmiddlewaretoken" not in stored["value"]
    assert "nonce" not in stored["value"]
