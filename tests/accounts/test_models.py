import datetime

import pytest
from django.db import IntegrityError, transaction

from accounts.models import CareRelationship, Role, User
from tests.factories import CareRelationshipFactory, PatientFactory, TherapistFactory


@pytest.mark.django_db
def test_email_unique_regardless_of_case():
    User.objects.create_user("case@example.com", "pw-long-enough", full_name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypass save()'s lower-casing to hit the database constraint itself.
        User.objects.bulk_create([User(email="CASE@example.com", full_name="B")])


@pytest.mark.django_db
def test_patient_cannot_be_staff_in_database():
    user = PatientFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_staff=True)


@pytest.mark.django_db
def test_staff_status_follows_role():
    assert TherapistFactory().is_staff
    assert not PatientFactory().is_staff
    superuser = User.objects.create_superuser("root@example.com", "pw-long-enough", full_name="Root")
    assert superuser.is_staff and superuser.role == Role.EDITOR


@pytest.mark.django_db
def test_care_relationship_unique_pair():
    link = CareRelationshipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CareRelationship.objects.create(therapist=link.therapist, client=link.client)


@pytest.mark.django_db
def test_care_relationship_no_self_link():
    therapist = TherapistFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CareRelationship.objects.create(therapist=therapist, client=therapist)


@pytest.mark.django_db
def test_care_relationship_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        CareRelationshipFactory(started=datetime.date(2026, 5, 1), ended=datetime.date(2026, 4, 1))


@pytest.mark.django_db
def test_active_relationships():
    today = datetime.date.today()
    current = CareRelationshipFactory()
    ended = CareRelationshipFactory(
        started=today - datetime.timedelta(days=30), ended=today - datetime.timedelta(days=1)
    )
    future = CareRelationshipFactory(started=today + datetime.timedelta(days=3))
    active = set(CareRelationship.objects.active())
    assert current in active
    assert ended not in active
    assert future not in active
    assert current.is_active and not ended.is_active
