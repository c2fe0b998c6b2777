"""Effective goals: the therapist's goal for a patient where one is set, else a default
with its published source. Stress has no official target, so no default."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma

from tracker.factors import Factor
from tracker.models import Goal


@dataclass(frozen=True)
class Source:
    short: str
    citation: str
    url: str


SLEEP_SOURCES = (
    Source(
        "US National Sleep Foundation",
        "Hirshkowitz M, et al. National Sleep Foundation's sleep time duration recommendations: "
        "methodology and results summary. Sleep Health 2015;1(1):40-43. (7 to 9 hours for adults "
        "aged 26 to 64; 7 to 8 hours from age 65.)",
        "https://doi.org/10.1016/j.sleh.2014.12.010",
    ),
    Source(
        "American Academy of Sleep Medicine",
        "Watson NF, et al. Recommended amount of sleep for a healthy adult: a joint consensus "
        "statement of the American Academy of Sleep Medicine and Sleep Research Society. "
        "Sleep 2015;38(6):843-844. (7 hours or more a night, regularly.)",
        "https://doi.org/10.5665/sleep.4716",
    ),
)
TRAINING_SOURCES = (
    Source(
        "World Health Organization, 2020",
        "Bull FC, et al. World Health Organization 2020 guidelines on physical activity and "
        "sedentary behaviour. British Journal of Sports Medicine 2020;54:1451-1462. "
        "(Muscle-strengthening activity on 2 or more days a week for adults and older adults.)",
        "https://doi.org/10.1136/bjsports-2020-102955",
    ),
)
OMEGA3_SOURCES = (
    Source(
        "European Food Safety Authority, 2012",
        "EFSA Panel on Dietetic Products, Nutrition and Allergies. Scientific Opinion on the "
        "Tolerable Upper Intake Level of eicosapentaenoic acid (EPA), docosahexaenoic acid (DHA) "
        "and docosapentaenoic acid (DPA). EFSA Journal 2012;10(7):2815. (Restates the adequate "
        "intake of 250 mg EPA+DHA a day for adults, first set in EFSA Journal 2010;8(3):1461.)",
        "https://doi.org/10.2903/j.efsa.2012.2815",
    ),
)


@dataclass(frozen=True)
class EffectiveGoal:
    factor: str
    target_min: Decimal | None
    target_max: Decimal | None
    is_default: bool
    sources: tuple = ()
    note: str = ""
    explanation: str = ""

    @property
    def description(self) -> str:
        """The goal in plain words, e.g. '7 to 9 hours a night'."""
        low, high = _plain(self.target_min), _plain(self.target_max)
        if self.factor == Factor.SLEEP:
            if low and high:
                return f"{low} to {high} hours a night"
            return f"at least {low} hours a night" if low else f"no more than {high} hours a night"
        if self.factor == Factor.STRESS:
            return f"stress at {high} or below (out of 10)"
        if self.factor == Factor.TRAINING:
            days = "day" if self.target_min == 1 else "days"
            return f"strength exercise on at least {low} {days} a week"
        return f"about {intcomma(low)} mg of EPA and DHA a day, on average"

    @property
    def set_by_label(self) -> str:
        return "Suggested starting goal" if self.is_default else "Goal set with your therapist"

    def met_by(self, value) -> bool:
        """Whether one day's (sleep, stress) value meets the goal."""
        if value is None:
            return False
        if self.target_min is not None and value < self.target_min:
            return False
        return not (self.target_max is not None and value > self.target_max)


def _plain(number):
    if number is None:
        return ""
    number = Decimal(number)
    return str(number.quantize(Decimal(1))) if number == number.to_integral() else f"{number.normalize()}"


DEFAULT_GOALS = {
    Factor.SLEEP: EffectiveGoal(
        Factor.SLEEP,
        Decimal(7),
        Decimal(9),
        True,
        SLEEP_SOURCES,
        explanation=(
            "The US National Sleep Foundation suggests 7 to 9 hours a night for adults aged 26 to 64, "
            "and 7 to 8 hours from the age of 65. The American Academy of Sleep Medicine suggests "
            "at least 7 hours a night for adults."
        ),
    ),
    Factor.STRESS: None,
    Factor.TRAINING: EffectiveGoal(
        Factor.TRAINING,
        Decimal(2),
        None,
        True,
        TRAINING_SOURCES,
        explanation=(
            "The World Health Organization's 2020 guidelines suggest activities that strengthen the "
            "muscles on 2 or more days a week, for adults and older adults alike. Ask your doctor or a "
            "physiotherapist which exercises are safe for you."
        ),
    ),
    Factor.OMEGA3: EffectiveGoal(
        Factor.OMEGA3,
        Decimal(250),
        None,
        True,
        OMEGA3_SOURCES,
        explanation=(
            "The European Food Safety Authority (EFSA) considers about 250 mg of EPA and DHA a day "
            "enough for most adults, and notes that one to two servings of oily fish a week can "
            "provide it. Talk to your doctor or pharmacist before taking a supplement."
        ),
    ),
}

# Shown where a factor has no goal.
NO_STRESS_GOAL = "There is no standard target for stress. Your therapist can agree one with you."


def goals_for(user, *, rows=None) -> dict:
    """{factor: EffectiveGoal or None} for every factor, in one query (none when the caller
    already has the patient's Goal `rows`)."""
    goals = dict(DEFAULT_GOALS)
    for goal in Goal.objects.for_patient(user) if rows is None else rows:
        goals[goal.factor] = EffectiveGoal(
            goal.factor, goal.target_min, goal.target_max, is_default=False, note=goal.note
        )
    return goals
