"""Bad input to the editors' and superusers' admin forms: publishing a draft with its change
note, a draft lesson's content form (with its section, FAQ and reference inlines, management
forms tampered), a glossary term, and a user account. Never a 500; nothing changes unless the
admin saved (a redirect), and a saved account never ends up a patient with staff rights.
"""

import pytest
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from accounts.models import Role, User
from education.models import Faq, GlossaryTerm, Lesson, Reference, Section, Status
from education.publishing import create_draft
from tests.security.authz_world import (
    EDITOR,
    PATIENT_A,
    SUPERUSER,
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
    inline_management,
    post,
    rolled_back,
    rows,
)

NOT_NUMBERS = st.sampled_from(["", "x", "1.5", "١", "\x00", "[]"])

world = world_fixture
site_client = site_client_fixture
visitor = visitor_fixture


def content_rows():
    return (
        rows(Lesson.objects.all()),
        rows(Section.objects.all()),
        rows(Faq.objects.all()),
        rows(Reference.objects.all()),
        rows(GlossaryTerm.objects.all()),
    )


@pytest.fixture
def draft(world):
    return create_draft(lesson=world.lesson)


@FUZZ
@given(
    data=form({"change_note": st.text(min_size=1, max_size=500)}, edge={"change_note": st.text(min_size=501)})
)
def test_publish_a_draft(visitor, world, draft, data):
    with rolled_back():
        client = visitor(EDITOR)
        before = content_rows()
        version = Lesson.objects.get(pk=world.lesson.pk).version
        response = post(client, reverse("admin:education_lesson_publish", args=[draft.pk]), data)
        event(f"status={response.status_code}")
        if response.status_code == 302:
            assert Lesson.objects.get(pk=world.lesson.pk).version == version + 1
            assert not Lesson.objects.filter(pk=draft.pk).exists()
        else:
            assert response.status_code == 200
            assert content_rows() == before


@settings(FUZZ, max_examples=15)  # each example renders the whole lesson form with its inlines
@given(data=st.data())
def test_draft_lesson_form(visitor, world, draft, data):
    sections = list(draft.sections.all())
    plausible = {
        "title": st.text(min_size=1, max_size=120),
        "summary": st.text(max_size=300),
        "in_brief": st.text(max_size=300),
        "takeaways": st.text(max_size=300),
        "reading_minutes": st.integers(min_value=-5, max_value=120).map(str),
        "last_reviewed": DATES,
        "next_review_due": DATES,
        "change_note": st.text(max_size=100),
        **inline_management("sections", len(sections), len(sections)),
        **inline_management("faqs", draft.faqs.count(), draft.faqs.count()),
        **inline_management("references", draft.references.count(), draft.references.count()),
    }
    for index, section in enumerate(sections):
        plausible[f"sections-{index}-id"] = st.one_of(st.just(str(section.pk)), IDS)
        plausible[f"sections-{index}-lesson"] = st.one_of(st.just(str(draft.pk)), IDS)
        plausible[f"sections-{index}-order"] = st.one_of(st.just(str(section.order)), NUMBERS)
        plausible[f"sections-{index}-anchor"] = st.one_of(st.just(section.anchor), st.text(max_size=60))
        plausible[f"sections-{index}-heading"] = st.text(max_size=200)
        plausible[f"sections-{index}-body"] = st.text(max_size=300)
    posted = data.draw(
        form(plausible, edge={"series": IDS, "status": st.just(Status.PUBLISHED), "slug": IDS})
    )
    with rolled_back():
        client = visitor(EDITOR)
        before = content_rows()
        response = post(
            client, reverse("admin:education_lesson_change", args=[draft.pk]), {**posted, "_save": "Save"}
        )
        event(f"status={response.status_code}")
        published = Lesson.objects.get(pk=world.lesson.pk)
        # Whatever the draft's form says, the live lesson and its status stay as they were.
        assert (published.status, published.version) == (Status.PUBLISHED, world.lesson.version)
        assert Lesson.objects.get(pk=draft.pk).status == Status.DRAFT
        if response.status_code != 302:
            assert response.status_code == 200
            assert content_rows() == before


@FUZZ
@given(
    data=form(
        {
            "term": st.text(min_size=1, max_size=100),
            "slug": st.from_regex(r"[a-z][a-z0-9-]{0,40}", fullmatch=True),
            "plain": st.text(min_size=1, max_size=150),
            "definition": st.text(min_size=1, max_size=300),
        },
        edge={"slug": st.sampled_from(["matrix-term", "Bad Slug", "ü-slug", "x" * 60])},
    )
)
def test_glossary_term_add(visitor, world, data):
    with rolled_back():
        client = visitor(EDITOR)
        before = content_rows()
        response = post(client, reverse("admin:education_glossaryterm_add"), {**data, "_save": "Save"})
        event(f"status={response.status_code}")
        if response.status_code == 302:
            assert GlossaryTerm.objects.filter(slug=data["slug"]).exists()
        else:
            assert response.status_code == 200
            assert content_rows() == before


ROLES = st.sampled_from([Role.PATIENT, Role.THERAPIST, Role.EDITOR])
PASSWORDS = st.sampled_from(["a much longer passphrase of five words", "mellow fjord kettle 1999"])


@FUZZ
@given(
    data=confirmed(
        form(
            {
                "email": st.one_of(st.emails().map(str), st.just("ADA.MATRIX@example.com")),
                "full_name": st.text(min_size=1, max_size=150),
                "role": ROLES,
                "password1": PASSWORDS,
                "password2": PASSWORDS,
            },
            edge={"role": st.sampled_from(["admin", "superuser", ""]), "is_superuser": st.just("on")},
        ),
        "password1",
        "password2",
    )
)
def test_user_add(visitor, world, data):
    with rolled_back():
        client = visitor(SUPERUSER)
        before = rows(User.objects.all())
        response = post(client, reverse("admin:accounts_user_add"), {**data, "_save": "Save"})
        event(f"status={response.status_code}")
        after = rows(User.objects.all())
        if response.status_code == 302:
            (new,) = [row for row in after if row not in before]
            assert new["is_staff"] == (new["role"] != Role.PATIENT or new["is_superuser"])
            assert not (new["role"] == Role.PATIENT and (new["is_staff"] or new["is_superuser"]))
        else:
            assert response.status_code == 200
            assert after == before


@FUZZ
@given(
    data=form(
        {
            "email": st.one_of(st.emails().map(str), st.just("bo.matrix@example.com")),
            "full_name": st.text(min_size=1, max_size=150),
            "role": ROLES,
            "is_active": st.sampled_from(["on", ""]),
            "is_superuser": st.sampled_from(["on", ""]),
            "last_login_0": DATES,
            "date_joined_0": DATES,
            "date_joined_1": st.sampled_from(["12:00:00", "25:61:61"]),
        },
        edge={
            # Group ids within 64 bits: a bigger one makes SQLite itself overflow inside Django's
            # ModelMultipleChoiceField (an OverflowError: superusers only, SQLite only).
            "groups": st.lists(st.one_of(st.integers(-5, 2**63 - 1).map(str), NOT_NUMBERS), max_size=3),
            "is_staff": st.just("on"),
            "password": st.text(max_size=50),
        },
    )
)
def test_user_change(visitor, world, data):
    a = world.users[PATIENT_A]
    with rolled_back():
        client = visitor(SUPERUSER)
        others = rows(User.objects.exclude(pk=a.pk))
        before = User.objects.filter(pk=a.pk).values().get()
        response = post(client, reverse("admin:accounts_user_change", args=[a.pk]), {**data, "_save": "Save"})
        event(f"status={response.status_code}")
        after = User.objects.filter(pk=a.pk).values().get()
        if response.status_code == 302:
            assert after["password"] == before["password"]  # changed on its own page only
            assert after["is_staff"] == (after["role"] != Role.PATIENT or after["is_superuser"])
        else:
            assert response.status_code == 200
            assert after == before
        assert rows(User.objects.exclude(pk=a.pk)) == others
