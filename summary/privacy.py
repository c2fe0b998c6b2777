"""The summary app's personal data (found by accounts.privacy.autodiscover())."""

from accounts.privacy import register

register("summary.DoctorQuestion", "patient", section="questions_for_my_doctor")
