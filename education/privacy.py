"""Personal data of the clinical review (issue #19), in the registry of accounts.privacy.

A reviewer's or editor's review steps (who approved, sent back, published) are the record of
the lesson's review, so they outlive the account: erasing it cuts the link (the steps then say
"a clinical reviewer"), the steps stay. Readers' feedback (SectionFeedback) has no user link.
"""

from accounts.privacy import ANONYMISE, register

register(
    "education.ReviewEvent",
    "actor",
    section="lesson_review_steps",
    fields=["id", "lesson__title", "action", "comment", "justification", "at"],
    erase=ANONYMISE,
)
