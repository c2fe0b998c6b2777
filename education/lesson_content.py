"""The part of the lesson page that is the same for every reader (the sections' text, the
contents' extra links, FAQs, glossary and references), rendered once and cached.

The cache key holds the lesson's id, version and `updated` time; every change to the content
moves `updated` (education.signals), so a stale entry is never read again and simply expires.
A reader's own parts of the page (their place, what they have read) need only each section's
order, anchor and heading, which are cached alongside.
"""

from django.core.cache import cache
from django.template.loader import render_to_string

CACHE_TIMEOUT = 24 * 3600
TEMPLATE = "education/lesson_detail.html"


def content_cache_key(lesson):
    return f"lesson-content:{lesson.pk}:{lesson.version}:{lesson.updated.isoformat()}"


def build_lesson_content(lesson):
    """The shared content of the lesson page: four queries (sections, FAQs, glossary terms,
    references) and two template partials."""
    context = {
        "lesson": lesson,
        "faqs": list(lesson.faqs.all()),
        "glossary_terms": list(lesson.glossary_terms.all()),
        "references": list(lesson.references.all()),
    }
    return {
        "sections": [
            {"order": s.order, "anchor": s.anchor, "heading": s.heading, "body_html": s.body_html}
            for s in lesson.sections.all()
        ],
        "toc_extras_html": render_to_string(f"{TEMPLATE}#toc-extras", context),
        "appendix_html": render_to_string(f"{TEMPLATE}#lesson-appendix", context),
    }


def lesson_content(lesson, *, use_cache=True):
    """build_lesson_content(lesson), from the cache when `use_cache` (never for a preview)."""
    if not use_cache:
        return build_lesson_content(lesson)
    key = content_cache_key(lesson)
    content = cache.get(key)
    if content is None:
        content = build_lesson_content(lesson)
        cache.set(key, content, CACHE_TIMEOUT)
    return content
