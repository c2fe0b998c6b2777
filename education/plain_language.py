"""The plain-language check editors and reviewers see in a lesson's preview (issue #19).

For each section: the reading grade (Flesch-Kincaid, from textstat), the longest sentences,
and the medical words the glossary does not explain; for the lesson: whether it has a
"what you can do" part. Publishing above grade 8 needs a written justification with the
approval (education.publishing.approve). A guide for the writer, not a verdict: short texts
give noisy grades.
"""

import re
from dataclasses import dataclass, field

import textstat

GRADE_LIMIT = 8
LONGEST_SENTENCES = 2
# A sentence this long is hard to follow on a phone, whatever the grade says.
LONG_SENTENCE_WORDS = 25

# Headings that name the part telling the reader what they can do (lowercase, as a phrase).
ACTION_HEADINGS = ("what you can do", "what can i do", "what this means for you", "next steps",
                   "putting it all together", "what to do")  # fmt: skip

# Words a patient may not know, and endings that mark most other medical words.
MEDICAL_WORDS = frozenset(
    """inflammation inflammatory cytokine cytokines osteoporosis osteopenia osteoblast osteoblasts
    osteoclast osteoclasts trabecular cortical rankl interleukin tnf crp glucocorticoid glucocorticoids
    corticosteroid corticosteroids cortisol menopause postmenopausal oestrogen estrogen insulin
    metabolism metabolic oxidative antioxidant antioxidants microbiome fracture fractures resorption
    mineralisation mineralization density collagen vitamin calcium epa dha triglyceride triglycerides
    autoimmune rheumatoid arthritis""".split()  # noqa: SIM905 (a word list reads better as text)
)
MEDICAL_ENDINGS = ("itis", "osis", "aemia", "emia", "penia", "ectomy", "ology", "ologist", "kine", "kines",
                   "genic", "plasia", "trophic", "ocyte", "ocytes")  # fmt: skip

# Markdown to plain text: [words](target) keeps the words; emphasis and heading marks go.
# Each pattern is linear in its input (no nested quantifiers).
LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
TERM_LINK = re.compile(r"\[([^\]\n]*)\]\(term:[^)\n]*\)")
MARKS = re.compile(r"[*_#>`]+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


def plain_text(markdown: str) -> str:
    return MARKS.sub("", LINK.sub(r"\1", markdown or "")).strip()


def sentences(text: str) -> list[str]:
    """Sentences, with each line (a list item, a heading) ending one too."""
    found = []
    for line in text.splitlines():
        line = LIST_MARK.sub("", line)
        found.extend(s.strip() for s in SENTENCE_END.split(line) if s.strip())
    return found


def is_medical(word: str) -> bool:
    word = word.lower()
    return word in MEDICAL_WORDS or (len(word) > 6 and word.endswith(MEDICAL_ENDINGS))


@dataclass
class SectionCheck:
    heading: str
    anchor: str
    grade: float | None
    longest: list[tuple[int, str]] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)

    @property
    def above_limit(self):
        return self.grade is not None and self.grade > GRADE_LIMIT


@dataclass
class LessonCheck:
    sections: list[SectionCheck]
    grade: float | None
    has_action_part: bool

    @property
    def above_limit(self):
        return self.grade is not None and self.grade > GRADE_LIMIT


def grade_of(text: str) -> float | None:
    if not WORD.search(text):
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)


def check_section(heading, anchor, body, *, explained: set[str]) -> SectionCheck:
    """One section: its grade, its longest sentences, its medical words no glossary term explains
    (a word is explained when it sits in a [words](term:slug) link or is a glossary term)."""
    linked = {w.lower() for words in TERM_LINK.findall(body or "") for w in WORD.findall(words)}
    text = plain_text(body)
    by_length = sorted(((len(WORD.findall(s)), s) for s in sentences(text)), key=lambda pair: -pair[0])
    unexplained = []
    for word in WORD.findall(text):
        low = word.lower()
        if is_medical(low) and low not in linked and low not in explained and low not in unexplained:
            unexplained.append(low)
    return SectionCheck(heading, anchor, grade_of(text), by_length[:LONGEST_SENTENCES], unexplained)


def check_lesson(lesson) -> LessonCheck:
    """The whole check for a lesson (or a draft): two queries (sections, glossary terms)."""
    from education.models import GlossaryTerm

    explained = set()
    for term, plain in GlossaryTerm.objects.values_list("term", "plain"):
        explained.update(w.lower() for w in WORD.findall(f"{term} {plain}"))
    sections = list(lesson.sections.all())
    checks = [check_section(s.heading, s.anchor, s.body, explained=explained) for s in sections]
    whole = " ".join([plain_text(lesson.in_brief), *(plain_text(s.body) for s in sections)])
    headings = [s.heading.lower() for s in sections]
    has_action = any(phrase in heading for heading in headings for phrase in ACTION_HEADINGS)
    return LessonCheck(checks, grade_of(whole), has_action)
