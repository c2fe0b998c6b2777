"""The four lifestyle factors the lessons discuss, and where each one is explained.

Everything the tracker says about a factor in general (its name, its lesson section, its
default goal and the source of that goal) lives here, in one place.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.urls import NoReverseMatch, reverse

# Lesson 3 explains why each factor matters; its sections have stable anchors.
LESSON_SLUG = "gut-stress-metabolism-and-what-helps"
LESSON_PATH = f"/lessons/{LESSON_SLUG}/"

# How far back a patient may fill in or correct a day.
EDIT_WINDOW_DAYS = 60

# Insights need this many days with a check-in (in the insight window), and each group
# compared needs at least MIN_GROUP_DAYS days, before a figure is shown.
INSIGHT_MIN_DAYS = 14
INSIGHT_MIN_GROUP_DAYS = 3
INSIGHT_WINDOW_DAYS = 90
SHORT_SLEEP_HOURS = Decimal("7")

# A rough, cautious estimate used only to show progress towards the omega-3 goal: EFSA
# notes that about 250 mg a day of EPA and DHA can come from one to two servings of oily
# fish a week, so we count one serving as about 1,000 mg.
FISH_SERVING_MG = 1000

# Upper bounds for what a patient can enter (form, model and database agree).
MAX_SLEEP_HOURS = Decimal("24")
MAX_TRAINING_MINUTES = 600
MAX_FISH_SERVINGS = 10
# EFSA (2012): supplemental EPA+DHA up to 5 g a day raises no safety concern for adults.
MAX_SUPPLEMENT_MG = 5000
MAX_NOTE_LENGTH = 280


class Factor(models.TextChoices):
    SLEEP = "sleep", "Sleep"
    STRESS = "stress", "Stress"
    TRAINING = "training", "Strength exercise"
    OMEGA3 = "omega3", "Omega-3 fats"


class TrainingKind(models.TextChoices):
    WEIGHTS = "weights", "Weights"
    BODY_WEIGHT = "body_weight", "Body weight (for example squats or wall push-ups)"
    BANDS = "bands", "Resistance bands"
    IMPACT = "impact", "Impact (for example heel drops, hopping or skipping)"


# Short labels for tables, exports and summaries.
TRAINING_KIND_SHORT = {
    TrainingKind.WEIGHTS: "weights",
    TrainingKind.BODY_WEIGHT: "body weight",
    TrainingKind.BANDS: "bands",
    TrainingKind.IMPACT: "impact",
}


SLEEP_QUALITY_LABELS = {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good"}


def hours_text(hours) -> str:
    """7.50 -> '7.5', 10.00 -> '10' (no exponent, no trailing zeros)."""
    return format(Decimal(str(hours)).normalize(), "f")


@dataclass(frozen=True)
class FactorInfo:
    key: str
    name: str
    anchor: str
    why_link_text: str


FACTOR_INFO = {
    Factor.SLEEP: FactorInfo(Factor.SLEEP, "Sleep", "sleep", "How sleep is linked to inflammation"),
    Factor.STRESS: FactorInfo(
        Factor.STRESS, "Stress", "stress", "How long-term stress is linked to inflammation"
    ),
    Factor.TRAINING: FactorInfo(
        Factor.TRAINING,
        "Strength exercise",
        "resistance-training",
        "How strength exercise may help your bones",
    ),
    Factor.OMEGA3: FactorInfo(Factor.OMEGA3, "Omega-3 fats", "omega-3", "What omega-3 fats may do"),
}


def lesson_url(anchor: str) -> str:
    """The lesson 3 section for a factor. Uses the lesson URL name when the education app
    provides it, else the known path (the link must never break a tracker page)."""
    try:
        base = reverse("education:lesson", args=[LESSON_SLUG])
    except NoReverseMatch:
        base = LESSON_PATH
    return f"{base}#{anchor}"


def factor_links() -> dict:
    """{factor key: {"url", "text", "name"}} for templates."""
    return {
        key: {"url": lesson_url(info.anchor), "text": info.why_link_text, "name": info.name}
        for key, info in FACTOR_INFO.items()
    }
