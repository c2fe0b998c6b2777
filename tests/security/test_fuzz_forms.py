"""Bad input to every patient-facing form and htmx endpoint (hypothesis): huge strings, unicode,
wrong types, missing fields, tampered ids, negative and huge numbers, dates far in the past and
future. The answer is never a 500 (tests.security.fuzz_strategies.ALLOWED_STATUSES), and
nothing already stored changes unless the view's own form accepts the same data.

Each example runs in a savepoint that is rolled back, so every example starts from the same
records (tests.security.authz_world). Examples are derandomized: CI sees the same ones.
"""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from hypothesis import event, given
from hypothesis import strategies as st

from accounts.forms import ProfileForm, SignupForm
from accounts.forms_auth import PasswordChangeForm, SetPasswordForm
from accounts.forms_security import PasswordConfirmForm
from accounts.models import SHARING_WORDING_VERSION, SharingConsent, User
from accounts.sharing_forms import SharingConsentForm
from education.forms import SectionReachedForm
from education.models import LessonProgress, QuizAnswer, QuizAttempt
from education.quiz_forms import AnswerForm, StartAttemptForm
from education.quiz_services import latest_submitted, missed_count, start_attempt
from tests.factories import DEFAULT_PASSWORD, CareRelationshipFactory, TherapistFactory
from tests.security.authz_world import (
    ANON,
    PATIENT_A,
    PATIENT_B,
    site_client_fixture,
    visitor_fixture,
    world_fixture,
)
from tests.security.fuzz_strategies import (
    DATES,
    FUZZ,
    IDS,
    NUMBERS,
    confirmed,
    form,
    post,
    querydict,
    rolled_back,
    rows,
)
from tests.security.helpers import begin_two_step_setup
from tracker.forms import CheckinForm
from tracker.models import Entry

world = world_fixture
site_client = site_client_fixture
visitor = visitor_fixture

PASSWORDS = st.sampled_from(
    [DEFAULT_PASSWORD, "a much longer passphrase of five words", "mellow fjord kettle 1999"]
)
WEAK_PASSWORDS = st.sampled_from(["password", "short", "1234567890", "ada.matrix@example.com", "x" * 5000])
EMAILS = st.one_of(
    st.emails().map(str),
    st.sampled_from(["ada.matrix@example.com", "BO.MATRIX@example.com", "new.person@example.com"]),
)


def user_row(user):
    return User.objects.filter(pk=user.pk).values().first()


# --- accounts ------------------------------------------------------------------------------------


@FUZZ
@given(
    data=confirmed(
        form(
            {
                "full_name": st.text(max_size=200),
                "email": EMAILS,
                "password1": PASSWORDS,
                "password2": PASSWORDS,
            },
            edge={"password1": WEAK_PASSWORDS, "role": st.just("therapist"), "is_staff": st.just("on")},
        ),
        "password1",
        "password2",
    )
)
def test_signup(visitor, world, data):
    with rolled_back():
        client = visitor(ANON)
        users = rows(User.objects.all())
        form_ = SignupForm(querydict(data))
        valid = form_.is_valid()
        event(f"valid={valid}")
        response = post(client, reverse("accounts:signup"), data)
        if valid:
            # "Check your email" either way (issue #15 item 12); an account only for a new address.
            assert response.status_code == 200
            new = list(User.objects.exclude(pk__in=[row["id"] for row in users]))
            taken = User.objects.with_email(form_.cleaned_data["email"]).exclude(pk__in=[u.pk for u in new])
            if taken.exists():
                assert new == []
            else:
                (new,) = new
                assert (new.email, new.role, new.is_staff, new.is_superuser) == (
                    form_.cleaned_data["email"],
                    "patient",
                    False,
                    False,
                )
        else:
            assert response.status_code == 422
        assert rows(User.objects.filter(pk__in=[row["id"] for row in users])) == users


@FUZZ
@given(data=form({"username": EMAILS, "password": PASSWORDS}))
def test_login(visitor, world, data):
    with rolled_back():
        client = visitor(ANON)
        before = rows(User.objects.all())
        response = post(client, reverse("accounts:login"), data)
        after = rows(User.objects.all())
        if response.status_code == 302:  # the real address and password: only last_login moves
            for row in before + after:
                row.pop("last_login")
        else:
            assert response.status_code in {200, 429}
        assert after == before


@FUZZ
@given(
    data=form(
        {"full_name": st.text(max_size=150), "email": EMAILS},
        edge={
            "full_name": st.text(min_size=151, max_size=300),
            "role": st.just("therapist"),
            "is_superuser": st.just("on"),
            "is_staff": st.just("on"),
        },
    )
)
def test_profile(visitor, world, data):
    a, b = world.users[PATIENT_A], world.users[PATIENT_B]
    with rolled_back():
        client = visitor(PATIENT_A)
        before_a, before_b = user_row(a), user_row(b)
        form_ = ProfileForm(querydict(data), instance=User.objects.get(pk=a.pk))
        valid = form_.is_valid()
        event(f"valid={valid}")
        response = post(client, reverse("accounts:profile"), data)
        after_a = user_row(a)
        if valid:
            assert response.status_code == 302
            # The email address is not a profile field (it changes through a confirmed link).
            assert (after_a["full_name"], after_a["email"]) == (
                form_.cleaned_data["full_name"],
                before_a["email"],
            )
            after_a.update(full_name=before_a["full_name"])
        else:
            assert response.status_code == 422
        assert after_a == before_a  # role, staff status and the rest never change
        assert user_row(b) == before_b


@FUZZ
@given(
    data=confirmed(
        form(
            {"old_password": PASSWORDS, "new_password1": PASSWORDS, "new_password2": PASSWORDS},
            edge={"new_password1": WEAK_PASSWORDS},
        ),
        "new_password1",
        "new_password2",
    )
)
def test_password_change(visitor, world, data):
    a = world.users[PATIENT_A]
    with rolled_back():
        client = visitor(PATIENT_A)
        before = user_row(a)
        valid = PasswordChangeForm(User.objects.get(pk=a.pk), querydict(data)).is_valid()
        event(f"valid={valid}")
        response = post(client, reverse("accounts:password_change"), data)
        changed = user_row(a)["password"] != before["password"]
        assert (response.status_code, changed) == ((302, True) if valid else (422, False))


@FUZZ
@given(data=form({"email": EMAILS}))
def test_password_reset_request_changes_nothing(visitor, world, data):
    with rolled_back():
        client = visitor(ANON)
        before = rows(User.objects.all())
        response = post(client, reverse("accounts:password_reset"), data)
        assert response.status_code in {200, 302}
        assert rows(User.objects.all()) == before


@FUZZ
@given(
    data=confirmed(
        form(
            {"new_password1": PASSWORDS, "new_password2": PASSWORDS}, edge={"new_password1": WEAK_PASSWORDS}
        ),
        "new_password1",
        "new_password2",
    )
)
def test_password_reset_set_password(visitor, world, data):
    a = world.users[PATIENT_A]
    with rolled_back():
        client = visitor(ANON)
        token = default_token_generator.make_token(User.objects.get(pk=a.pk))
        link = client.get(reverse("accounts:password_reset_confirm", args=[world.reset_uid, token]))
        assert link.status_code == 302
        before = user_row(a)
        valid = SetPasswordForm(User.objects.get(pk=a.pk), querydict(data)).is_valid()
        event(f"valid={valid}")
        response = post(client, link["Location"], data)
        changed = user_row(a)["password"] != before["password"]
        assert (response.status_code, changed) == ((302, True) if valid else (200, False))


@FUZZ
@given(
    data=form({"password": PASSWORDS}),
    page=st.sampled_from(["accounts:delete_account", "accounts:mfa_disable"]),
)
def test_password_confirmations(visitor, world, data, page):
    a = world.users[PATIENT_A]
    with rolled_back():
        client = visitor(PATIENT_A)
        entries = rows(Entry.objects.all())
        valid = PasswordConfirmForm(User.objects.get(pk=a.pk), querydict(data)).is_valid()
        event(f"valid={valid}")
        response = post(client, reverse(page), data)
        if page == "accounts:delete_account" and valid:
            assert response.status_code == 302
            assert not User.objects.filter(pk=a.pk).exists()
            assert not Entry.objects.filter(patient=a.pk).exists()
        else:
            # A wrong password deletes nothing; without a device there is nothing to turn off.
            assert response.status_code in {302, 422}
            assert User.objects.filter(pk=a.pk).exists()
            assert rows(Entry.objects.all()) == entries


@FUZZ
@given(
    data=form({"code": st.one_of(st.integers(0, 999_999).map(lambda n: f"{n:06d}"), NUMBERS)}),
    page=st.sampled_from(["accounts:mfa_setup", "accounts:mfa_verify"]),
)
def test_two_step_codes(visitor, world, data, page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    a = world.users[PATIENT_A]
    with rolled_back():
        client = visitor(PATIENT_A)
        begin_two_step_setup(client)  # the device being set up
        response = post(client, reverse(page), data)
        assert response.status_code in {200, 302, 422}
        # A guessed code is (almost surely) wrong: the device stays unconfirmed.
        assert not TOTPDevice.objects.filter(user=a, confirmed=True).exists()


# --- sharing ---------------------------------------------------------------------------------------


@pytest.fixture
def asking_therapist(world):
    """A therapist linked with patient A who has not got A's consent yet."""
    therapist = TherapistFactory(full_name="Asking Fuzz")
    CareRelationshipFactory(therapist=therapist, client=world.users[PATIENT_A])
    return therapist


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_sharing_grant(visitor, world, asking_therapist, data, htmx):
    a = world.users[PATIENT_A]
    ids = [
        asking_therapist.pk,
        world.users["therapist_of_a"].pk,
        world.users["other_therapist"].pk,
        world.users[PATIENT_B].pk,
    ]
    posted = data.draw(
        form(
            {
                "therapist": st.one_of(st.sampled_from(ids).map(str), IDS),
                "agree": st.sampled_from(["on", "true", "1"]),
                "wording_version": st.sampled_from([SHARING_WORDING_VERSION, "2020-1"]),
            }
        )
    )
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(SharingConsent.objects.all())
        form_ = SharingConsentForm(querydict(posted), patient=a)
        valid = form_.is_valid()
        event(f"valid={valid}")
        response = post(client, reverse("accounts:sharing_grant"), posted, htmx=htmx)
        after = rows(SharingConsent.objects.all())
        if valid:
            assert response.status_code == (200 if htmx else 302)
            new = [row for row in after if row not in before]
            assert [(row["patient_id"], row["therapist_id"]) for row in new] == [
                (a.pk, form_.cleaned_data["therapist"].pk)
            ]
            after = [row for row in after if row in before]
        else:
            assert response.status_code == 422
        assert after == before


@FUZZ
@given(
    pk=st.one_of(st.sampled_from(["own", "other"]), st.integers(min_value=0, max_value=2**70)),
    htmx=st.booleans(),
)
def test_sharing_revoke(visitor, world, pk, htmx):
    own = world.consent.pk
    pk = {"own": own, "other": world.consent_b.pk}.get(pk, pk)
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(SharingConsent.objects.exclude(pk=own))
        response = post(client, f"/accounts/sharing/{pk}/revoke/", {}, htmx=htmx)
        if pk == own:
            assert response.status_code == 302  # to the sharing page, with a message (htmx follows it)
            assert SharingConsent.objects.get(pk=own).revoked_at is not None
        else:
            assert response.status_code == 404
            assert SharingConsent.objects.get(pk=own).revoked_at is None
        assert rows(SharingConsent.objects.exclude(pk=own)) == before


# --- lessons and quizzes -----------------------------------------------------------------------------


@FUZZ
@given(
    data=form({"section": st.sampled_from(["matrix-part-1", "matrix-part-3", "MATRIX-PART-2"])}),
    slug=st.sampled_from(["matrix-lesson", "matrix-lesson", "no-such-lesson", "matrix-lesson%00"]),
    htmx=st.booleans(),
)
def test_lesson_progress(visitor, world, data, slug, htmx):
    lesson = world.lesson
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(LessonProgress.objects.all())
        valid = slug == lesson.slug and SectionReachedForm(querydict(data), lesson=lesson).is_valid()
        event(f"valid={valid}")
        response = post(client, f"/lessons/{slug}/progress/", data, htmx=htmx)
        after = rows(LessonProgress.objects.all())
        if slug != lesson.slug:
            assert response.status_code == 404
        elif valid:
            assert response.status_code == (200 if htmx else 302)
            changed = [row for row in after if row not in before]
            assert {row["user_id"] for row in changed} <= {world.users[PATIENT_A].pk}
            after = [row for row in after if row["user_id"] != world.users[PATIENT_A].pk]
            before = [row for row in before if row["user_id"] != world.users[PATIENT_A].pk]
        else:
            assert response.status_code == 422
        assert after == before


@FUZZ
@given(data=form({"focus": st.sampled_from(["all", "missed", "ALL", "both"])}))
def test_quiz_start(visitor, world, data):
    a = world.users[PATIENT_A]
    quiz = world.quiz
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(QuizAttempt.objects.all())
        latest = latest_submitted(a, quiz)
        valid = StartAttemptForm(
            querydict(data), missed_available=bool(latest and missed_count(latest))
        ).is_valid()
        event(f"valid={valid}")
        response = post(client, reverse("education:quiz_start", args=[quiz.lesson.slug]), data)
        after = rows(QuizAttempt.objects.all())
        if valid:
            assert response.status_code == 302
            new = [row for row in after if row not in before]
            assert [(row["user_id"], row["submitted_at"]) for row in new] == [(a.pk, None)]
        else:
            assert response.status_code == 422
            assert after == before


@pytest.fixture
def open_attempts(world):
    """An attempt under way for A and one for B."""
    return {
        "own": start_attempt(user=world.users[PATIENT_A], quiz=world.quiz),
        "other": start_attempt(user=world.users[PATIENT_B], quiz=world.quiz),
    }


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_quiz_answer(visitor, world, open_attempts, data, htmx):
    own = open_attempts["own"]
    target = data.draw(
        st.one_of(
            st.sampled_from(["own", "own", "own", "own", "other", "submitted"]),
            st.integers(min_value=0, max_value=2**70),
        )
    )
    attempt_pk = {"own": own.pk, "other": open_attempts["other"].pk, "submitted": world.attempt.pk}.get(
        target, target
    )
    position = data.draw(
        st.one_of(st.integers(min_value=1, max_value=own.total), st.integers(min_value=0, max_value=2**70))
    )
    # The right question's choices (one, or several for a multiple-select), another question's,
    # or junk.
    asked = own.questions[position - 1]["choices"] if 1 <= position <= own.total else []
    own_choices = [str(c["id"]) for c in asked] or ["0"]
    all_choices = [str(c["id"]) for question in own.questions for c in question["choices"]]
    posted = data.draw(
        form(
            {"choice": st.lists(st.sampled_from(own_choices), min_size=1, max_size=1)},
            edge={"choice": st.lists(st.one_of(st.sampled_from(all_choices), IDS), max_size=4)},
        )
    )
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(QuizAnswer.objects.all())
        path = f"/lessons/{world.lesson.slug}/quiz/attempts/{attempt_pk}/questions/{position}/"
        response = post(client, path, posted, htmx=htmx)
        after = rows(QuizAnswer.objects.all())
        if attempt_pk == own.pk and 1 <= position <= own.total:
            form_ = AnswerForm(querydict(posted), question=own.questions[position - 1])
            event(f"valid={form_.is_valid()}")
            if form_.is_valid():
                assert response.status_code == (200 if htmx else 302)
                new = [row for row in after if row not in before]
                assert [(row["attempt_id"], row["position"], row["selected"]) for row in new] == [
                    (own.pk, position, form_.cleaned_data["choice"])
                ]
                return
            assert response.status_code == 422
        elif attempt_pk == world.attempt.pk and 1 <= position <= world.attempt.total:
            # A's submitted attempt: the first answers stand.
            assert response.status_code in {200, 302}
        else:
            assert response.status_code == 404
        assert after == before


@FUZZ
@given(target=st.one_of(st.sampled_from(["own", "other", "submitted"]), st.integers(0, 2**70)))
def test_quiz_submit(visitor, world, open_attempts, target):
    pk = {
        "own": open_attempts["own"].pk,
        "other": open_attempts["other"].pk,
        "submitted": world.attempt.pk,
    }.get(target, target)
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(QuizAttempt.objects.all())
        response = post(client, f"/lessons/{world.lesson.slug}/quiz/attempts/{pk}/submit/", {})
        # Nothing answered yet (back to the first question) or already submitted: no change.
        expected = 302 if pk in {open_attempts["own"].pk, world.attempt.pk} else 404
        assert response.status_code == expected
        assert rows(QuizAttempt.objects.all()) == before


# --- tracker ---------------------------------------------------------------------------------------------


def checkin_form(today):
    """Check-in data: plausible answers (mostly valid), edge cases just outside each limit."""
    window = st.integers(min_value=0, max_value=60).map(
        lambda n: (today - datetime.timedelta(days=n)).isoformat()
    )
    outside = st.sampled_from([-1, 61, 365 * 200, -365 * 200]).map(
        lambda n: (today - datetime.timedelta(days=n)).isoformat()
    )
    plausible = {
        "day": window,
        "sleep_hours": st.sampled_from(["7", "7.5", "7,5", "7:30", "7h30", "24 hours", "0"]),
        "sleep_quality": st.integers(min_value=1, max_value=5).map(str),
        "stress": st.integers(min_value=0, max_value=10).map(str),
        "training_minutes": st.sampled_from(["20", "20 min", "45", "600"]),
        "training_kinds": st.lists(
            st.sampled_from(["weights", "body_weight", "bands", "impact"]), max_size=2
        ),
        "fish_servings": st.integers(min_value=0, max_value=10).map(str),
        "supplement_mg": st.sampled_from(["0", "500", "500 mg", "5,000"]),
        "note": st.text(max_size=280),
    }
    edge = {
        "day": st.one_of(outside, DATES),
        "sleep_hours": st.sampled_from(["25", "-1", "7.555", "7:60", "24.01"]),
        "sleep_quality": st.sampled_from(["0", "6", "-1", "3.5"]),
        "stress": st.sampled_from(["-1", "11", "5.5"]),
        "training_minutes": st.sampled_from(["0", "601", "-5", "1,000"]),
        "training_kinds": st.lists(st.sampled_from(["yoga", "WEIGHTS", ""]), min_size=1, max_size=2),
        "fish_servings": st.sampled_from(["11", "-1", "1.5"]),
        "supplement_mg": st.sampled_from(["5001", "-1", "5 g"]),
        "note": st.text(min_size=281, max_size=400),
        "next": st.sampled_from(
            ["/tracker/", "https://evil.example/", "//evil.example", "javascript:alert(1)"]
        ),
    }
    return form(plausible, edge=edge)


@FUZZ
@given(data=st.data(), htmx=st.booleans())
def test_checkin(visitor, world, data, htmx):
    a = world.users[PATIENT_A]
    today = timezone.localdate()
    posted = data.draw(checkin_form(today))
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(Entry.objects.all())
        form_ = CheckinForm(querydict(posted), today=today, fixed_day=htmx)
        valid = form_.is_valid()
        event(f"valid={valid}")
        response = post(client, reverse("tracker:checkin"), posted, htmx=htmx)
        after = rows(Entry.objects.all())
        if valid:
            assert response.status_code == (200 if htmx else 302)
            if not htmx:
                assert response["Location"].startswith("/") and not response["Location"].startswith("//")
            saved = Entry.objects.get(patient=a, day=form_.cleaned_data["day"])
            for field, value in form_.entry_values().items():
                assert getattr(saved, field) == value, field
            after = [row for row in after if row["id"] != saved.pk]
            before = [row for row in before if row["id"] != saved.pk]
        else:
            assert response.status_code == 422
        assert after == before


@FUZZ
@given(data=st.data(), htmx=st.booleans(), delete=st.booleans())
def test_checkin_correction_and_removal(visitor, world, data, htmx, delete):
    own = world.entry.pk
    today = timezone.localdate()
    target = data.draw(st.one_of(st.sampled_from(["own", "own", "other"]), st.integers(0, 2**70)))
    pk = {"own": own, "other": world.entry_b.pk}.get(target, target)
    posted = data.draw(checkin_form(today))
    with rolled_back():
        client = visitor(PATIENT_A)
        before = rows(Entry.objects.all())
        path = f"/tracker/entries/{pk}/delete/" if delete else f"/tracker/entries/{pk}/"
        response = post(client, path, posted, htmx=htmx)
        after = rows(Entry.objects.all())
        if pk != own:
            assert response.status_code == 404
        elif delete:
            assert response.status_code in {200, 302}
            assert not Entry.objects.filter(pk=own).exists()
            before = [row for row in before if row["id"] != own]
        else:
            fixed = querydict(posted).copy()
            fixed["day"] = world.entry.day.isoformat()
            form_ = CheckinForm(fixed, today=today, fixed_day=True)
            event(f"valid={form_.is_valid()}")
            if form_.is_valid():
                assert response.status_code in {200, 302}
                saved = Entry.objects.get(pk=own)
                assert (saved.patient_id, saved.day) == (world.users[PATIENT_A].pk, world.entry.day)
                for field, value in form_.entry_values().items():
                    assert getattr(saved, field) == value, field
                after = [row for row in after if row["id"] != own]
                before = [row for row in before if row["id"] != own]
            else:
                assert response.status_code == 422
        assert after == before
