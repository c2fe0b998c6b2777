"""Markdown to safe HTML for lesson text, run once when content is saved, never per request.

Two additions to plain Markdown, both written so a lesson file stays readable as text:

- ``[bone-clearing cells (osteoclasts)](term:osteoclast)`` links the words to the glossary entry
  further down the same page (``#term-osteoclast``); lesson.js turns the link into a button
  that shows the definition in place. A slug with no glossary entry stays plain text.
- ``[2]`` or ``[1, 3]`` cites the lesson's numbered references (``#ref-2``).

Whatever an editor types, the output passes through nh3 with a short allow-list: no scripts,
no event handlers, no styles, links only to http(s), mailto or this site.
"""

import re
import xml.etree.ElementTree as etree
from collections.abc import Container

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

TERM_LINK_RE = re.compile(r"\]\(term:([a-z0-9]+(?:-[a-z0-9]+)*)\)")
CITATION_RE = r"\[(\d{1,2}(?:,\s*\d{1,2})*)\](?![(\[:])"

# Block and inline elements Markdown produces, nothing that runs, loads or styles anything.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_TAGS |= {"code", "sup", "sub", "span", "abbr", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "data-term"},
    "span": {"class"},
    "abbr": {"title"},
    "th": {"scope"},
}


def term_slugs_in(text: str) -> set[str]:
    """The glossary slugs a piece of Markdown links to."""
    return set(TERM_LINK_RE.findall(text or ""))


class _CitationProcessor(InlineProcessor):
    """``[1, 3]`` -> ``[<a href="#ref-1">1</a>, <a href="#ref-3">3</a>]``, each link read
    out as "reference 1"."""

    def handleMatch(self, m, data):
        span = etree.Element("span", {"class": "cite"})
        span.text = "["
        numbers = [n.strip() for n in m.group(1).split(",")]
        previous = None
        for number in numbers:
            if previous is not None:
                previous.tail = ", "
            link = etree.SubElement(span, "a", {"href": f"#ref-{number}"})
            hidden = etree.SubElement(link, "span", {"class": "sr-only"})
            hidden.text = "reference "
            hidden.tail = number
            previous = link
        previous.tail = "]"
        return span, m.start(0), m.end(0)


class _LessonTreeprocessor(Treeprocessor):
    """Glossary links point into the page; headings inside a section body sit below the
    section's own h2."""

    def __init__(self, md, known_terms):
        super().__init__(md)
        self.known_terms = known_terms

    def run(self, root):
        for el in root.iter():
            if el.tag in ("h1", "h2"):
                el.tag = "h3"
            if el.tag != "a" or not el.get("href", "").startswith("term:"):
                continue
            slug = el.get("href")[len("term:") :]
            if self.known_terms is not None and slug not in self.known_terms:
                el.tag = "span"
                el.attrib.clear()
                continue
            el.attrib.clear()
            el.set("href", f"#term-{slug}")
            el.set("class", "term-link")
            el.set("data-term", slug)


class _LessonExtension(Extension):
    def __init__(self, known_terms=None, **kwargs):
        self.known_terms = known_terms
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Before the link and reference-link patterns (160, 170), which would eat "[1]".
        md.inlinePatterns.register(_CitationProcessor(CITATION_RE, md), "citation", 175)
        # After the inline patterns (20) have made the <a> elements.
        md.treeprocessors.register(_LessonTreeprocessor(md, self.known_terms), "lesson_links", 15)


def render_markdown(text: str, known_terms: Container[str] | None = None) -> str:
    """Lesson Markdown to sanitised HTML. ``known_terms``: glossary slugs that exist; a
    term link to any other slug is shown as plain words (None: link every term)."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(
        text, extensions=["sane_lists", _LessonExtension(known_terms=known_terms)], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_PLAIN_SUBS = [
    (re.compile(r"\s*\{#[^}]*\}"), ""),  # heading anchors
    (re.compile(r"!?\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their words
    (re.compile(r"\s*" + CITATION_RE), ""),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"[*_`]+"), ""),
]


def markdown_to_plain(text: str) -> str:
    """Readable sentences from lesson Markdown, for word counts and reading grades.
    Headings and list items without a full stop end with one, so each counts as a
    sentence of its own rather than running into the next."""
    for pattern, replacement in _PLAIN_SUBS:
        text = pattern.sub(replacement, text or "")
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(#{1,6}|[-*+]|\d+\.)\s+", "", line).strip()
        if line and line[-1] not in ".!?:;":
            line += "."
        lines.append(line)
    return "\n".join(lines).strip()
