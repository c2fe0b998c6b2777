import unicodedata

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    THERAPIST = "therapist", "Nutritional therapist"
    EDITOR = "editor", "Editor"
    # editors (issue #19): approves lessons before publication; no access to client data.
    REVIEWER = "reviewer", "Clinical reviewer"


# Roles that work in the admin site. Patients never do.
STAFF_ROLES = {Role.THERAPIST, Role.EDITOR, Role.REVIEWER}


# C0 controls, DEL and C1 controls: a name with CR/LF broke every email header it went into
# (BadHeaderError, a 500 after the row was saved), and no one's name needs them.
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f]"


def refuse_control_characters(value):
    """Validator for names and titles shown in emails and lists (issue #15 item 9)."""
    if isinstance(value, str) and any(ord(ch) < 32 or 127 <= ord(ch) <= 159 for ch in value):
        raise ValidationError(
            "Use letters, spaces and punctuation only: line breaks, tabs and other control "
            "characters cannot be part of a name.",
            code="control_characters",
        )


def normalise_email(value):
    """The one form of an email address: stored, looked up, and counted by the login lockout.

    NFKC then casefold, so "Ada@X.org", "ａｄａ@x.org" and "ada@x.org" are one address. Lookups are
    exact matches on this form, never `iexact`: PostgreSQL's UPPER() maps the dotless ı (U+0131)
    to I, so "admın@x.org" found admin@x.org while the lockout counted "admın@x.org" apart
    (issue #15 item 5)."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFKC", value).strip().casefold()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Email is the login name, matched in its one normalised form.
        return self.get(email=normalise_email(email))

    def with_email(self, email):
        """The users whose address is `email`, in its normalised form (zero or one)."""
        return self.filter(email=normalise_email(email))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = normalise_email(email)
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

    def clients_of(self, therapist):
        """The patients `therapist` may see: an active care relationship AND an active consent
        to share with that therapist. The one scoping rule for every admin page a therapist
        reaches. Superusers see every patient; anyone else (editors, patients) sees none."""
        if therapist.is_superuser:
            return self.filter(role=Role.PATIENT)
        if not therapist.is_active or therapist.role != Role.THERAPIST:
            return self.none()
        client = models.OuterRef("pk")
        active_link = CareRelationship.objects.active().filter(therapist=therapist, client=client)
        consent = SharingConsent.objects.active().filter(therapist=therapist, patient=client)
        return self.filter(
            models.Exists(active_link), models.Exists(consent), role=Role.PATIENT, is_active=True
        )


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField("full name", max_length=150, validators=[refuse_control_characters])
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PATIENT)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can log in to the admin site. Set automatically for therapists and editors.",
    )
    is_active = models.BooleanField(default=True)
    # editors (issue #19): shown with a clinical reviewer's name on the lessons they approve.
    credentials = models.CharField(
        max_length=150, blank=True, help_text="For clinical reviewers: e.g. “Registered dietitian, MSc”."
    )
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
            models.CheckConstraint(condition=Q(role__in=Role.values), name="accounts_user_role_valid"),
            # No line breaks or other control characters in a name (they end up in email headers).
            models.CheckConstraint(
                condition=~Q(full_name__regex=CONTROL_CHARACTERS),
                name="accounts_user_full_name_no_control_characters",
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
        self.email = normalise_email(self.email)
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

    @property
    def is_reviewer(self):
        return self.role == Role.REVIEWER

    @property
    def reviewer_line(self):
        """"Name, credentials" as patients see it under a lesson this user approved."""
        return ", ".join(part for part in (self.full_name or self.email, self.credentials) if part)


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
            models.CheckConstraint(condition=~Q(therapist=F("client")), name="accounts_care_no_self_link"),
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


class Client(User):
    """A therapist's view of a patient in the admin: the client list, follow-up and triage."""

    class Meta:
        proxy = True
        ordering = ["full_name", "email"]
        verbose_name = "client"
        verbose_name_plural = "clients"


# Shown to the patient on the consent step; stored with each consent by version. Change the
# version whenever the wording changes, so each consent records what the patient agreed to.
SHARING_WORDING_VERSION = "2026-11-1"
SHARING_WORDING = (
    "I agree to share my lesson progress, quiz answers and scores, tracker check-ins and goals "
    "with this therapist, so they can follow my progress and set goals with me. I can stop "
    "sharing at any time from my details page; they will no longer see any of it from then on."
)


class SharingConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_patient(self, user):
        return self.filter(patient=user)


class SharingConsent(models.Model):
    """A patient's consent to share their data with one therapist, until revoked."""

    patient = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="sharing_consents",
        limit_choices_to={"role": Role.PATIENT},
    )
    therapist = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="consents_received",
        limit_choices_to={"role": Role.THERAPIST},
    )
    wording_version = models.CharField(max_length=20)
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SharingConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = "consent to share"
        verbose_name_plural = "consents to share"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "therapist"],
                condition=Q(revoked_at__isnull=True),
                name="accounts_consent_one_active_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("granted_at")),
                name="accounts_consent_revoked_after_granted",
            ),
            models.CheckConstraint(condition=~Q(patient=F("therapist")), name="accounts_consent_not_self"),
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "active"
        return f"{self.patient} shares with {self.therapist} ({state})"

    @property
    def is_active(self):
        return self.revoked_at is None


class AccessAction(models.TextChoices):
    LIST = "list", "Listed"
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"


class AccessLog(models.Model):
    """One therapist looking at one client's data: written by the admin, read by superusers,
    never edited."""

    # SET_NULL: the log outlives a deleted account (the row still says what and when).
    therapist = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="access_logs")
    client = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="accessed_in_logs")
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    path = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AccessAction.values), name="accounts_accesslog_action_valid"
            ),
        ]
        indexes = [
            # The access log change list filtered by client ("who looked at this client?").
            models.Index(fields=["client", "-at"], name="accounts_accesslog_client"),
        ]

    def __str__(self):
        action = self.get_action_display().lower()
        return f"{self.therapist} {action} {self.client} at {self.at:%Y-%m-%d %H:%M}"


class BackupCode(models.Model):
    """A one-time code for two-step verification when the authenticator app is not at hand
    (a lost or broken phone). Ten are issued together (accounts.mfa.issue_backup_codes) and
    shown once; only a salted PBKDF2 hash is kept, so the table alone gives no way in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="backup_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["code_hash"], name="accounts_backup_code_unique_hash"),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(used_at__gte=F("created_at")),
                name="accounts_backup_code_used_after_created",
            ),
        ]

    def __str__(self):
        return f"backup code {self.pk} of user {self.user_id}"
