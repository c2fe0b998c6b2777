from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    THERAPIST = "therapist", "Nutritional therapist"
    EDITOR = "editor", "Editor"


# Roles that work in the admin site. Patients never do.
STAFF_ROLES = {Role.THERAPIST, Role.EDITOR}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Email is the login name, matched without regard to case.
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.EDITOR)
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def patients(self):
        return self.filter(role=Role.PATIENT)

    def therapists(self):
        return self.filter(role=Role.THERAPIST, is_active=True)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField("full name", max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PATIENT)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can log in to the admin site. Set automatically for therapists and editors.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="accounts_user_role_valid"
            ),
            # A patient account never reaches the admin site.
            models.CheckConstraint(
                condition=~Q(role=Role.PATIENT, is_staff=True),
                name="accounts_user_patient_not_staff",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        # Staff status follows the role: therapists and editors use the admin site.
        self.is_staff = self.role in STAFF_ROLES or self.is_superuser
        if self.is_superuser and self.role == Role.PATIENT:
            self.role = Role.EDITOR
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_patient(self):
        return self.role == Role.PATIENT

    @property
    def is_therapist(self):
        return self.role == Role.THERAPIST

    @property
    def is_editor(self):
        return self.role == Role.EDITOR


class CareRelationshipQuerySet(models.QuerySet):
    def active(self, on=None):
        """Relationships in force on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(started__lte=on).filter(Q(ended__isnull=True) | Q(ended__gte=on))

    def for_therapist(self, therapist):
        return self.filter(therapist=therapist)


class CareRelationship(models.Model):
    """A nutritional therapist looking after a client (a patient)."""

    therapist = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="client_links",
        limit_choices_to={"role": Role.THERAPIST},
    )
    client = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="therapist_links",
        limit_choices_to={"role": Role.PATIENT},
    )
    started = models.DateField(default=timezone.localdate)
    ended = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = CareRelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started", "pk"]
        verbose_name = "care relationship"
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "client"], name="accounts_care_unique_therapist_client"
            ),
            models.CheckConstraint(
                condition=~Q(therapist=F("client")), name="accounts_care_no_self_link"
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")),
                name="accounts_care_ended_after_started",
            ),
        ]

    def __str__(self):
        return f"{self.therapist} → {self.client}"

    def get_absolute_url(self):
        return reverse("admin:accounts_carerelationship_change", args=[self.pk])

    @property
    def is_active(self):
        today = timezone.localdate()
        return self.started <= today and (self.ended is None or self.ended >= today)
