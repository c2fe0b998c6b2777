"""Every model that refers to a user is in the personal-data registry (accounts/privacy.py): its
rows are in the data export and gone (or anonymised) after the account is deleted.

This test fails when a model with a foreign key to the user is added without registering it:
that is its purpose. Register the new field in accounts/privacy.py (or <app>/privacy.py) with
`register(...)`; if the link is truly not personal data, add it to NOT_PERSONAL_DATA with the
reason. A factory in tests/factories.py is used to make a row when one exists."""

import datetime
import decimal
import inspect

import factory
import pytest
from django.contrib.auth import get_user_model
from django.db import models

from accounts import privacy
from tests import factories
from tests.factories import PatientFactory, UserFactory


def test_every_user_link_is_registered_or_deliberately_left_out():
    missing = privacy.unregistered_user_links()
    assert missing == [], (
        "These fields refer to a user but are not in the personal-data registry "
        "(accounts/privacy.py): register how to export and erase them: "
        + ", ".join(f"{label}.{field}" for label, field in missing)
    )


def test_registrations_and_exclusions_name_real_user_links():
    links = set(privacy.user_links())
    for entry in privacy.entries():
        assert (entry.model_label, entry.user_field) in links, f"{entry.model_label}.{entry.user_field}"
        if entry.erase == privacy.ANONYMISE:
            assert entry.model._meta.get_field(entry.user_field).null, entry
    for link in privacy.NOT_PERSONAL_DATA:
        assert link in links, f"stale exclusion {link}"


def test_sections_cover_what_the_issue_lists():
    sections = {entry.section for entry in privacy.entries()}
    for expected in (
        "lesson_progress",
        "quiz_attempts",
        "tracker_entries",
        "goals",
        "assignments",
        "sharing_consents",
        "care_relationships",
    ):
        assert expected in sections


# --- one row per user link, made by a factory or from the field definitions -------------------------


def factory_for(model):
    for _, candidate in inspect.getmembers(factories, inspect.isclass):
        if issubclass(candidate, factory.django.DjangoModelFactory) and candidate._meta.model is model:
            return candidate
    return None


def sample_value(field, depth):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        if field.related_model is get_user_model():
            return UserFactory()
        return make_row(field.related_model, {}, depth + 1)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1")
    if isinstance(field, models.IntegerField | models.FloatField):
        return 1
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.now(tz=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date.today()
    if isinstance(field, models.JSONField):
        return []
    if isinstance(field, models.EmailField):
        return "someone@example.com"
    if isinstance(field, models.CharField | models.TextField | models.SlugField):
        return "x"
    raise AssertionError(f"Add a factory for {field.model.__name__} to tests/factories.py ({field.name})")


def make_row(model, values, depth=0):
    """A saved row of `model` with `values`: by its factory, else filling each required field."""
    assert depth < 4, f"Add a factory for {model.__name__} to tests/factories.py"
    model_factory = factory_for(model)
    if model_factory is not None:
        return model_factory(**values)
    values = dict(values)
    for field in model._meta.concrete_fields:
        if field.name in values or field.primary_key or field.null or field.has_default():
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.blank and isinstance(field, models.CharField | models.TextField):
            continue
        values[field.name] = sample_value(field, depth)
    return model._default_manager.create(**values)


@pytest.fixture
def user_with_a_row_in_every_link(db):
    user = PatientFactory(full_name="Erin Erasable", email="erin@example.com")
    rows = {}
    for entry in privacy.entries():
        rows[entry] = make_row(entry.model, {entry.user_field: user})
    return user, rows


def test_every_registered_row_is_in_the_export(user_with_a_row_in_every_link):
    user, rows = user_with_a_row_in_every_link

    export = privacy.export_user_data(user)

    assert export["profile"]["email"] == "erin@example.com"
    for entry, row in rows.items():
        ids = [item["id"] for item in export[entry.section]]
        assert ids == [row.pk], f"{entry.section}: {entry.model_label}.{entry.user_field}"


def test_export_holds_no_secrets(user_with_a_row_in_every_link):
    user, _ = user_with_a_row_in_every_link
    from django_otp.plugins.otp_totp.models import TOTPDevice

    export = repr(privacy.export_user_data(user))

    assert user.password not in export
    for device in TOTPDevice.objects.filter(user=user):
        assert device.key not in export


def test_every_registered_row_is_gone_or_anonymised_after_erasure(user_with_a_row_in_every_link):
    user, rows = user_with_a_row_in_every_link
    user_pk = user.pk

    privacy.erase_user(user)

    assert not get_user_model().objects.filter(pk=user_pk).exists()
    for entry, row in rows.items():
        manager = entry.model._default_manager
        still_linked = manager.filter(pk=row.pk, **{f"{entry.user_field}_id": user_pk}).exists()
        assert not still_linked, f"{entry.model_label}.{entry.user_field} still refers to the erased user"
        if entry.erase == privacy.DELETE:
            assert not manager.filter(pk=row.pk).exists(), f"{entry.model_label} row was not deleted"
        else:
            assert manager.filter(pk=row.pk).exists(), f"{entry.model_label} row should be kept, unlinked"


def test_erasure_leaves_other_users_rows_alone(user_with_a_row_in_every_link):
    user, _ = user_with_a_row_in_every_link
    other = PatientFactory()
    others = {entry: make_row(entry.model, {entry.user_field: other}) for entry in privacy.entries()}

    privacy.erase_user(user)

    for entry, row in others.items():
        assert entry.model._default_manager.filter(pk=row.pk, **{entry.user_field: other}).exists(), entry


# --- issue #15 item 8: no trace of the name or address anywhere after erasure ---------------------

TRACES = ["erin@example.com", "erin%40example.com", "Erin Erasable", "Erin+Erasable", "Erin%20Erasable"]


def test_no_text_column_of_any_model_holds_the_name_or_address_after_erasure(user_with_a_row_in_every_link):
    """Walks every model's text columns: the admin's own log (rows a therapist wrote about the
    client, and about objects named after them) and access-log request paths included."""
    from django.apps import apps
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import AccessAction, AccessLog
    from tests.factories import TherapistFactory

    user, _ = user_with_a_row_in_every_link
    therapist = TherapistFactory()
    LogEntry.objects.log_actions(therapist.pk, [user], CHANGE, change_message="Changed full name.")
    LogEntry.objects.create(
        user=therapist,
        content_type=ContentType.objects.get_for_model(AccessLog),
        object_id="1",
        object_repr=f"Lesson 2 for {user}",
        action_flag=CHANGE,
        change_message=f'[{{"changed": {{"name": "assignment", "object": "{user.full_name}"}}}}]',
    )
    AccessLog.objects.create(
        therapist=therapist,
        client=None,
        action=AccessAction.LIST,
        path="/admin/accounts/client/?q=erin%40example.com",
    )
    AccessLog.objects.create(
        therapist=therapist,
        client=None,
        action=AccessAction.LIST,
        path="/admin/accounts/client/?q=Erin+Erasable",
    )
    kept = AccessLog.objects.create(
        therapist=therapist, client=None, action=AccessAction.LIST, path="/admin/accounts/client/?q=someone"
    )

    privacy.erase_user(user)

    found = []
    for model in apps.get_models():
        texts = [
            f.name for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField")
        ]
        for row in model._default_manager.values(*texts) if texts else []:
            found += [
                (model._meta.label, name) for name, value in row.items() for t in TRACES if t in (value or "")
            ]
    assert found == []
    assert LogEntry.objects.filter(user=therapist).count() == 2  # kept for the audit trail
    kept.refresh_from_db()
    assert kept.path.endswith("?q=someone")


def test_erasure_deletes_the_persons_cached_fragments(user_with_a_row_in_every_link):
    from django.core.cache import cache

    from bonehealth import fragments
    from education import page_cache

    user, _ = user_with_a_row_in_every_link
    page_cache.content_and_reader(user.pk)  # the reader version, the key naming them
    for name in fragments.PATIENT_FRAGMENTS:
        fragments.patient_fragment(user.pk, name, None, lambda: "<p>Erin's sleep</p>")
    fragment_keys = [fragments._fragment_key(user.pk, name) for name in fragments.PATIENT_FRAGMENTS]
    assert all(cache.get(key) for key in fragment_keys)
    assert cache.get(page_cache.reader_key(user.pk)) is not None

    privacy.erase_user(user)

    assert cache.get(page_cache.reader_key(user.pk)) is None
    assert all(cache.get(key) is None for key in fragment_keys)
