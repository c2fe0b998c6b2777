"""Taking a quiz: start an attempt, answer its questions, submit it once.

Every write that touches more than one row runs under ``transaction.atomic``. The database
backs each rule up (see the constraints on QuizAttempt and QuizAnswer): one attempt under way
per quiz, one answer per question, one score per attempt.
"""

import random
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from education.models import AttemptFocus, LessonProgress, Question, QuizAnswer, QuizAttempt
from education.page_cache import bump_readers
from education.progress import complete_if_ready


class QuizNotReady(Exception):
    """The quiz has no questions yet."""


class NothingToRetake(Exception):
    """A retake of missed questions was asked for, but no finished attempt missed any."""


class AttemptIncomplete(Exception):
    """The attempt was submitted before every question was answered."""

    def __init__(self, position):
        super().__init__(position)
        self.position = position


class AttemptClosed(Exception):
    """An answer arrived for a question of an attempt that has already been submitted."""


def shuffled_choices(questions, rng=None):
    """The snapshot with each question's choices in a new random order, so the right answer is
    not always in the same place. The order is stored with the attempt, so it stays the same
    for every page of that attempt and its result. True/false keeps "True" before "False"."""
    rng = rng or random.SystemRandom()
    for question in questions:
        if question["kind"] != "true_false":
            rng.shuffle(question["choices"])
    return questions


def snapshot_questions(quiz):
    """The quiz's questions and choices as plain data, stored with each attempt."""
    questions = Question.objects.filter(quiz=quiz).prefetch_related("choices").order_by("order", "pk")
    return [
        {
            "id": question.pk,
            "kind": question.kind,
            "prompt": question.prompt,
            "explanation": question.explanation,
            "section_anchor": question.section_anchor,
            "choices": [
                {"id": choice.pk, "text": choice.text, "correct": choice.is_correct}
                for choice in question.choices.all()
            ],
        }
        for question in questions
    ]


def _same_question(a, b):
    """Whether two snapshots ask the same thing with the same right answers (the wording of the
    explanation may differ)."""

    def asked(q):
        # Sorted: each attempt shows the choices in its own order.
        return (q["kind"], q["prompt"], sorted((c["id"], c["text"], c["correct"]) for c in q["choices"]))

    return asked(a) == asked(b)


def is_correct_answer(question, choice_ids):
    """Right only when exactly the correct choices were picked: for a multiple-select question
    every correct choice and no other; for single choice and true/false, the one correct choice."""
    correct = {choice["id"] for choice in question["choices"] if choice["correct"]}
    return bool(correct) and set(choice_ids) == correct


def missed_count(attempt):
    """How many questions a finished attempt got wrong (None while it is under way)."""
    return None if attempt.score is None else attempt.total - attempt.score


def latest_submitted(user, quiz):
    return QuizAttempt.objects.for_user(user).submitted().filter(quiz=quiz).order_by("-submitted_at").first()


@transaction.atomic
def start_attempt(*, user, quiz, focus=AttemptFocus.ALL):
    """Open an attempt at `quiz`, or return the one already under way (a double click on
    "Start" must not open two). A retake of missed questions copies the quiz as it is now and
    keeps the answers that were right last time, so the patient answers only the rest and the
    score still covers the whole quiz."""
    under_way = QuizAttempt.objects.for_user(user).in_progress().filter(quiz=quiz).first()
    if under_way:
        return under_way
    questions = shuffled_choices(snapshot_questions(quiz))
    if not questions:
        raise QuizNotReady
    follows = None
    if focus == AttemptFocus.MISSED:
        follows = latest_submitted(user, quiz)
        if follows is None or not missed_count(follows):
            raise NothingToRetake
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                user=user,
                quiz=quiz,
                lesson_version=quiz.lesson.version,
                pass_mark=quiz.pass_mark,
                questions=questions,
                total=len(questions),
                focus=focus,
                follows=follows,
            )
    except IntegrityError:
        # Another request opened one at the same moment: use that.
        return QuizAttempt.objects.for_user(user).in_progress().get(quiz=quiz)
    if follows:
        _carry_over_right_answers(attempt, follows)
    return attempt


def _carry_over_right_answers(attempt, follows):
    previous = {q["id"]: q for q in follows.questions}
    right_before = {answer.position: answer for answer in follows.answers.filter(is_correct=True)}
    right_ids = {follows.questions[pos - 1]["id"]: answer for pos, answer in right_before.items()}
    live_ids = set(Question.objects.filter(pk__in=right_ids).values_list("pk", flat=True))
    carried = [
        QuizAnswer(
            attempt=attempt,
            position=position,
            question_id=question["id"] if question["id"] in live_ids else None,
            selected=right_ids[question["id"]].selected,
            is_correct=True,
            carried_over=True,
        )
        for position, question in enumerate(attempt.questions, start=1)
        if question["id"] in right_ids and _same_question(question, previous[question["id"]])
    ]
    QuizAnswer.objects.bulk_create(carried)


@transaction.atomic
def record_answer(*, attempt, position, choice_ids, locked_answers=None):
    """Store the answer to question `position` and return it with whether it is new. The first
    answer stands: sending the same question again (a double click, the back button) returns
    the stored answer unchanged.

    `locked_answers`: the attempt's answers, when the caller has already locked the attempt
    (select_for_update, in the same transaction) and read them; otherwise both are done here."""
    if locked_answers is None:
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        existing = attempt.answers.filter(position=position).first()
    else:
        existing = next((answer for answer in locked_answers if answer.position == position), None)
    if existing:
        return existing, False
    if attempt.is_submitted:
        raise AttemptClosed
    question = attempt.questions[position - 1]
    live = Question.objects.filter(pk=question["id"]).exists()
    try:
        with transaction.atomic():
            answer = QuizAnswer.objects.create(
                attempt=attempt,
                position=position,
                question_id=question["id"] if live else None,
                selected=sorted(set(choice_ids)),
                is_correct=is_correct_answer(question, choice_ids),
            )
    except IntegrityError:
        return attempt.answers.get(position=position), False
    return answer, True


@transaction.atomic
def submit_attempt(*, attempt):
    """Score the attempt, once. Submitting again returns the attempt with its first score.
    A pass records the quiz as passed on the patient's lesson progress."""
    attempt = QuizAttempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.is_submitted:
        return attempt
    answers = list(attempt.answers.all())
    answered = {answer.position for answer in answers}
    unanswered = [pos for pos in range(1, attempt.total + 1) if pos not in answered]
    if unanswered:
        raise AttemptIncomplete(unanswered[0])
    score = sum(answer.is_correct for answer in answers)
    passed = score * 100 >= attempt.pass_mark * attempt.total
    now = timezone.now()
    updated = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        score=score, passed=passed, submitted_at=now
    )
    attempt.refresh_from_db()
    if updated:
        # update() sends no signal: the patient's cached panels follow the score here.
        bump_readers([attempt.user_id])
    if updated and passed:
        record_quiz_passed(user=attempt.user_id, lesson=attempt.quiz.lesson_id, when=now)
    return attempt


def record_quiz_passed(*, user, lesson, when):
    """Mark the lesson's quiz as passed (the first pass counts) and complete the lesson if it
    has also been read to the end. `user` and `lesson` are ids."""
    progress, _ = LessonProgress.objects.select_for_update().get_or_create(user_id=user, lesson_id=lesson)
    if progress.quiz_passed_at is None:
        progress.quiz_passed_at = when
        progress.save(update_fields=["quiz_passed_at", "updated_at"])
    complete_if_ready(progress, when=when)
    return progress


@dataclass
class QuestionReview:
    """One question of an attempt, ready for a template: what was asked, what the patient
    picked, and whether it was right."""

    position: int
    number: int | None
    kind: str
    prompt: str
    explanation: str
    section_anchor: str
    choices: list = field(default_factory=list)
    answer: QuizAnswer | None = None

    @property
    def answered(self):
        return self.answer is not None

    @property
    def is_correct(self):
        return bool(self.answer and self.answer.is_correct)

    @property
    def is_multiple(self):
        return self.kind == "multiple"

    @property
    def right_count(self):
        return sum(choice["correct"] for choice in self.choices)


@dataclass
class AttemptView:
    """An attempt with its answers laid out for the question and result pages."""

    attempt: QuizAttempt
    questions: list
    to_answer: list

    @property
    def asked_count(self):
        """How many questions this attempt asks (a retake of missed questions asks fewer)."""
        return len(self.to_answer) or len(self.questions)

    @property
    def answered_count(self):
        return sum(q.answered for q in self.questions)

    @property
    def right_so_far(self):
        return sum(q.is_correct for q in self.questions)

    @property
    def carried_count(self):
        return sum(bool(q.answer and q.answer.carried_over) for q in self.questions)

    @property
    def next_unanswered(self):
        return next((q for q in self.to_answer if not q.answered), None)

    @property
    def all_answered(self):
        return self.answered_count == len(self.questions)

    def question(self, position):
        return self.questions[position - 1]

    def keep_choices(self, position, picked):
        """Tick again the choices the patient sent (as strings), when their answer is sent back
        with an error."""
        picked = set(picked or [])
        for choice in self.question(position).choices:
            choice["kept"] = str(choice["id"]) in picked

    def after(self, position):
        """The next question still to answer after `position`, or None."""
        return next((q for q in self.to_answer if q.position > position and not q.answered), None) or (
            self.next_unanswered
        )


def attempt_view(attempt, answers):
    """Lay out `attempt` with `answers` (one query's worth, already fetched)."""
    by_position = {answer.position: answer for answer in answers}
    questions = []
    for position, data in enumerate(attempt.questions, start=1):
        answer = by_position.get(position)
        chosen = set(answer.selected) if answer else set()
        questions.append(
            QuestionReview(
                position=position,
                number=None,
                kind=data["kind"],
                prompt=data["prompt"],
                explanation=data["explanation"],
                section_anchor=data["section_anchor"],
                choices=[
                    {
                        "id": c["id"],
                        "text": c["text"],
                        "correct": c["correct"],
                        "chosen": c["id"] in chosen,
                        "input_id": f"q{position}-choice-{c['id']}",
                    }
                    for c in data["choices"]
                ],
                answer=answer,
            )
        )
    # Questions kept from last time are not asked again; the rest are numbered 1..n.
    to_answer = [q for q in questions if not (q.answer and q.answer.carried_over)]
    for number, question in enumerate(to_answer, start=1):
        question.number = number
    return AttemptView(attempt=attempt, questions=questions, to_answer=to_answer)


def quiz_summary_by_lesson(user):
    """For the dashboard, per lesson id, in one query: the patient's best quiz score (whole
    percent, rounded down like QuizAttempt.percent), how many attempts they finished, and the
    id of an attempt under way (or None)."""
    submitted = Q(submitted_at__isnull=False)
    rows = (
        QuizAttempt.objects.for_user(user)
        .order_by()
        .values("quiz__lesson_id")
        .annotate(
            best=Max(F("score") * 100 / F("total"), filter=submitted),
            finished=Count("pk", filter=submitted),
            under_way=Max("pk", filter=Q(submitted_at__isnull=True)),
        )
    )
    return {row.pop("quiz__lesson_id"): row for row in rows}
