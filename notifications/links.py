"""Signed links in emails: one-tap check-in answers and unsubscribe.

A one-tap link carries (patient, day, question, answer, email nonce), signed with the secret
key and a timestamp: it is refused once tampered with, after ONE_TAP_MAX_AGE, and once the same
question of the same email has been answered (OneTapUse's unique key). The unsubscribe link
carries the user id only and does not expire: an old email must still be able to stop the next.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.urls import reverse

ONE_TAP_SALT = "notifications.one-tap"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# A reminder is for one day; its links still work the next day (a late reader), not after.
ONE_TAP_MAX_AGE = datetime.timedelta(hours=36)


@dataclass(frozen=True)
class Answer:
    value: object  # what is stored in the tracker's field
    label: str  # the button's words
    saved: str  # the confirmation's words


# The questions a reminder asks, their tracker field and the answers offered. Stress on the
# tracker's 0-10 scale: low, medium and high are 2, 5 and 8.
QUESTIONS = {
    "sleep": {
        "field": "sleep_hours",
        "question": "How did you sleep?",
        "answers": {
            str(hours): Answer(Decimal(hours), f"{hours} hours", f"You slept {hours} hours")
            for hours in (6, 7, 8, 9)
        },
    },
    "stress": {
        "field": "stress",
        "question": "Stress today",
        "answers": {
            "low": Answer(2, "low", "Your stress today was low"),
            "medium": Answer(5, "medium", "Your stress today was medium"),
            "high": Answer(8, "high", "Your stress today was high"),
        },
    },
}


class LinkError(Exception):
    """A one-tap link that cannot be used; `reason` is one of "invalid", "expired", "used"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OneTap:
    patient_id: int
    day: datetime.date
    question: str
    answer: str
    nonce: str

    @property
    def use_key(self):
        """One per email and question: answering sleep once uses every sleep link of that email."""
        raw = f"{self.patient_id}:{self.day}:{self.question}:{self.nonce}"
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def field(self):
        return QUESTIONS[self.question]["field"]

    @property
    def question_text(self):
        return QUESTIONS[self.question]["question"]

    @property
    def choice(self):
        return QUESTIONS[self.question]["answers"][self.answer]


def new_nonce():
    return secrets.token_urlsafe(12)


def one_tap_token(*, patient_id, day, question, answer, nonce):
    payload = {"p": patient_id, "d": day.isoformat(), "q": question, "a": answer, "n": nonce}
    return signing.dumps(payload, salt=ONE_TAP_SALT, compress=True)


def read_one_tap_token(token):
    """The OneTap a token names, or LinkError("invalid"/"expired")."""
    try:
        payload = signing.loads(token, salt=ONE_TAP_SALT, max_age=ONE_TAP_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("invalid") from None
    try:
        tap = OneTap(
            patient_id=int(payload["p"]),
            day=datetime.date.fromisoformat(payload["d"]),
            question=str(payload["q"]),
            answer=str(payload["a"]),
            nonce=str(payload["n"]),
        )
        tap.choice  # noqa: B018 - a question or answer that does not exist (a changed list)
    except (KeyError, TypeError, ValueError):
        raise LinkError("invalid") from None
    return tap


def one_tap_links(*, patient_id, day):
    """{question: (question words, [(answer label, absolute url), ...])} for one reminder email."""
    nonce = new_nonce()
    links = {}
    for name, question in QUESTIONS.items():
        links[name] = {
            "question": question["question"],
            "answers": [
                {
                    "label": answer.label,
                    "url": settings.SITE_URL
                    + reverse(
                        "notifications:one_tap",
                        args=[
                            one_tap_token(
                                patient_id=patient_id, day=day, question=name, answer=key, nonce=nonce
                            )
                        ],
                    ),
                }
                for key, answer in question["answers"].items()
            ],
        }
    return links


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """The user id a token names, or LinkError("invalid")."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        raise LinkError("invalid") from None


def unsubscribe_url(user):
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])
